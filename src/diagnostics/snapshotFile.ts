// Saved snapshot files (Save snapshot, `gateway-lab diagnose --snapshot`): JSON checked against
// schemas/snapshot.schema.json with ajv, so a hand-edited or truncated export gets a message
// naming the file and the JSON path instead of a crash deep inside a rule.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../schemas/snapshot.schema.json';
import type { NetworkSnapshot } from '../engine/model/snapshot';
import { pointerToPath } from '../engine/scenario/validationError';

export interface SnapshotIssue {
  file: string;
  /** "$" for the document, "$.gateways[0].gateway.sku" below it. */
  path: string;
  message: string;
}

export class SnapshotFileError extends Error {
  constructor(readonly issues: SnapshotIssue[]) {
    super(issues.map((i) => `${i.file}: ${i.path}: ${i.message}`).join('\n'));
    this.name = 'SnapshotFileError';
  }
}

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  // Compiled on first use so activation and CLI start stay cheap.
  compiled ??= new Ajv({ allErrors: true, verbose: true, strictTypes: false, formats: { 'date-time': true } }).compile(schema);
  return compiled;
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return `missing required field "${String(e.params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(e.data)})`;
    case 'type':
      return `${e.message ?? 'has the wrong type'} (got ${JSON.stringify(e.data)?.slice(0, 60)})`;
    default:
      return e.message ?? 'is invalid';
  }
}

/** At most this many issues are reported: a wrong file would otherwise print thousands. */
const MAX_ISSUES = 20;

export function parseSnapshotJson(text: string, file: string): NetworkSnapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SnapshotFileError([{ file, path: '$', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }]);
  }
  const validate = validator();
  if (!validate(data)) {
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf');
    const issues = errors.slice(0, MAX_ISSUES).map((e) => ({ file, path: pointerToPath(e.instancePath), message: describe(e) }));
    if (errors.length > MAX_ISSUES) issues.push({ file, path: '$', message: `... and ${errors.length - MAX_ISSUES} more problem(s)` });
    throw new SnapshotFileError(issues.length > 0 ? issues : [{ file, path: '$', message: 'does not match the snapshot schema' }]);
  }
  return data as NetworkSnapshot;
}
