// Saved snapshot files (Save snapshot, `gateway-lab diagnose --snapshot`): JSON checked against
// schemas/snapshot.schema.json with ajv, so a hand-edited, re-encoded or truncated export gets a
// message naming the file, the place (JSON path or line:column) and what was expected instead of
// a crash deep inside a rule.
import { readFile } from 'node:fs/promises';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../schemas/snapshot.schema.json';
import type { NetworkSnapshot } from '../model/snapshot';
import { jsonErrorOffset, jsonNestingProblem, lineColumn } from '../model/jsonText';
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

/** What a snapshot file must hold, for messages about files that are something else. */
const EXPECTED = 'a JSON object with source, takenAt, gateways, connections, localNetworkGateways and virtualNetworks (a file written by Save Snapshot)';

/** RFC 3339 date-time, as ARM and Save Snapshot write it; takenAt drives the recent-failover rule. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  // Compiled on first use so activation and CLI start stay cheap.
  compiled ??= new Ajv({
    allErrors: true,
    verbose: true,
    strictTypes: false,
    formats: { 'date-time': (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) },
  }).compile(schema);
  return compiled;
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return `missing required field "${String(e.params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(e.data)})`;
    case 'type':
      return `${e.message ?? 'has the wrong type'} (got ${JSON.stringify(e.data)?.slice(0, 60)})`;
    case 'format':
      return `must be an ISO 8601 date-time such as "2026-11-24T12:00:00Z" (got ${JSON.stringify(e.data)?.slice(0, 60)})`;
    default:
      return e.message ?? 'is invalid';
  }
}

/** At most this many issues are reported: a wrong file would otherwise print thousands. */
const MAX_ISSUES = 20;

function jsonProblem(text: string, err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err))
    // V8 quotes the offending text and a position; the line and column say more in a large file.
    .replace(/,? ?(\.\.\.)?".*" is not valid JSON$/s, '')
    .replace(/ (in JSON )?at position \d+.*$/s, '');
  const offset = jsonErrorOffset(text);
  if (offset >= text.length) return `not valid JSON: the file ends early (truncated?) after ${text.length} characters`;
  const { line, column } = lineColumn(text, offset);
  return `not valid JSON at line ${line}, column ${column}: ${message}`;
}

/** A parsed JSON value that looks like a *.gwlab.json scenario rather than a snapshot. */
function looksLikeScenario(data: Record<string, unknown>): boolean {
  const id = typeof data.$schema === 'string' ? data.$schema : '';
  return id.includes('gwlab.schema.json') || ('topology' in data && 'timeline' in data);
}

export function parseSnapshotJson(text: string, file: string): NetworkSnapshot {
  const fail = (message: string, path = '$'): never => {
    throw new SnapshotFileError([{ file, path, message }]);
  };
  // Editors and PowerShell on Windows save JSON with a byte order mark; JSON.parse refuses it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') fail(`the file is empty; expected ${EXPECTED}`);
  // Before parsing: the schema validator recurses once per level and would overflow the stack.
  const tooDeep = jsonNestingProblem(text);
  if (tooDeep) fail(tooDeep);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    fail(jsonProblem(text, err));
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail(`expected ${EXPECTED}, got ${kindOf(data)}`);
  if (looksLikeScenario(data as Record<string, unknown>)) {
    fail(`this is a lab scenario file, not a snapshot: run "gateway-lab diagnose ${file}" to diagnose the scenario, or save a snapshot with Save Snapshot`);
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

/**
 * Turns a file's bytes into text: UTF-8 with or without a byte order mark, or UTF-16 with one
 * (PowerShell 5's default for `>` and Out-File). Compressed or binary files get a message.
 */
export function decodeSnapshotBytes(bytes: Uint8Array, file: string): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) {
    const swapped = Buffer.from(b.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const what = b[0] === 0x1f && b[1] === 0x8b ? 'gzip-compressed' : b[0] === 0x50 && b[1] === 0x4b ? 'a zip archive' : b.includes(0) ? 'binary' : undefined;
  if (what) throw new SnapshotFileError([{ file, path: '$', message: `the file is ${what}, not JSON text: extract the snapshot *.json first` }]);
  return b.toString('utf8');
}

/** Reads and checks a snapshot file; every problem (missing file, directory, bad content) is a SnapshotFileError. */
export async function readSnapshotFile(file: string): Promise<NetworkSnapshot> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory; expected a snapshot *.json file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : `cannot read file (${code ?? String(err)})`;
    throw new SnapshotFileError([{ file, path: '$', message: why }]);
  }
  return parseSnapshotJson(decodeSnapshotBytes(bytes, file), file);
}
