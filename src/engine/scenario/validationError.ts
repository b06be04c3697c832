// Scenario validation errors: where (file and JSON path) and what was expected; printed one per line.

export interface ScenarioIssue {
  file: string;
  /** "$" for the document, "$.topology.gateways[1].name" below it. */
  path: string;
  message: string;
}

export class ScenarioError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScenarioError';
  }
}

export function formatIssue(issue: ScenarioIssue): string {
  return `${issue.file}: ${issue.path}: ${issue.message}`;
}

/** Converts an ajv instancePath ("/topology/gateways/1/name") to "$.topology.gateways[1].name". */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '$';
  return (
    '$' +
    pointer
      .split('/')
      .slice(1)
      .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`))
      .join('')
  );
}
