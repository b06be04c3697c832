// The Diagnostics view's model, free of VS Code types: findings grouped by severity, then by the
// resource they point at (a finding's first resource is the place to look).
import type { Finding, Severity } from '../../diagnostics/finding';
import { SEVERITY_ORDER } from '../../diagnostics/finding';
import { resourceName } from '../../diagnostics/snapshotIndex';

export type DiagNode =
  | { kind: 'severity'; id: string; severity: Severity; label: string; children: DiagNode[]; parent?: DiagNode }
  | { kind: 'resource'; id: string; resourceId: string; label: string; children: DiagNode[]; parent?: DiagNode }
  | { kind: 'finding'; id: string; finding: Finding; children: DiagNode[]; parent?: DiagNode }
  | { kind: 'message'; id: string; label: string; detail?: string; isError: boolean; children: DiagNode[]; parent?: DiagNode };

const SEVERITY_LABEL: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Information' };

export type DiagnosticsState =
  | { kind: 'noData'; message: string }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; subject: string; findings: readonly Finding[] };

export function buildDiagnosticsTree(state: DiagnosticsState): DiagNode[] {
  if (state.kind !== 'ready') {
    return [{ kind: 'message', id: 'message', label: state.message, isError: state.kind === 'failed', children: [] }];
  }
  if (state.findings.length === 0) {
    return [{ kind: 'message', id: 'message', label: 'No findings', detail: state.subject, isError: false, children: [] }];
  }
  const roots: DiagNode[] = [];
  for (const severity of SEVERITY_ORDER) {
    const ofSeverity = state.findings.filter((f) => f.severity === severity);
    if (ofSeverity.length === 0) continue;
    const group: DiagNode = { kind: 'severity', id: `severity:${severity}`, severity, label: `${SEVERITY_LABEL[severity]} (${ofSeverity.length})`, children: [] };
    const byResource = new Map<string, Finding[]>();
    for (const f of ofSeverity) {
      const key = f.resources[0] ?? '';
      byResource.set(key, [...(byResource.get(key) ?? []), f]);
    }
    for (const [resourceId, findings] of byResource) {
      const res: DiagNode = {
        kind: 'resource',
        id: `${group.id}/${resourceId}`,
        resourceId,
        label: resourceId ? resourceName(resourceId) : '(no resource)',
        children: [],
        parent: group,
      };
      res.children = findings.map((finding) => ({ kind: 'finding', id: `${res.id}/${finding.id}`, finding, children: [], parent: res }));
      group.children.push(res);
    }
    roots.push(group);
  }
  return roots;
}

export function findFindingNode(nodes: readonly DiagNode[], findingId: string): DiagNode | undefined {
  for (const n of nodes) {
    if (n.kind === 'finding' && n.finding.id === findingId) return n;
    const inner = findFindingNode(n.children, findingId);
    if (inner) return inner;
  }
  return undefined;
}
