// Messages between the IKE/IPsec check panel's host and its webview, and the report it draws:
// the verdict, both directions, the 24 h rekey timeline and the findings with the device lines.
import { type Checked, describe, fail, isRecord, ok, unknownKeys } from './guards';

export const IKE_CHECK_VIEW_TYPE = 'gatewayLens.ikeCheck';

/** Largest pasted configuration accepted (a full router running-config fits). */
export const MAX_CONFIG_CHARS = 512 * 1024;

export interface IkeReportDirection {
  initiator: 'Azure' | 'device';
  applicable: boolean;
  ikeSa: string;
  childSa: string;
  ok: boolean;
}

export interface IkeReportEvent {
  atSeconds: number;
  at: string;
  sa: 'IKE' | 'CHILD';
  by: string;
  kind: 'rekey' | 'reauth' | 'drop';
  ok: boolean;
  note: string;
}

export interface IkeReportFinding {
  severity: 'error' | 'warning' | 'info';
  title: string;
  detail: string;
  /** Device lines to change, keys masked. */
  lines: { line: number; text: string }[];
  fixDevice: string;
  fixAzure: string;
}

export interface IkeReportData {
  connection: string;
  source: string;
  device: string;
  established: boolean;
  verdict: string;
  directions: IkeReportDirection[];
  timeline: IkeReportEvent[];
  outagesPer24h: number;
  findings: IkeReportFinding[];
  notEvaluated: { line: number; text: string; reason: string }[];
  ignoredLines: number;
}

export type HostToIkeCheck =
  /** Which connection the panel checks; the webview persists `ids` so the panel survives a reload. */
  | { type: 'target'; connection: string; source: string; ids: { sourceId: string; connectionId: string; connectionName: string } }
  | { type: 'report'; data: IkeReportData }
  | { type: 'error'; message: string };

export type IkeCheckToHost = { type: 'ready' } | { type: 'openFile' } | { type: 'check'; text: string };

/** The runtime check of every message from the IKE check webview. */
export function parseIkeCheckMessage(message: unknown): Checked<IkeCheckToHost> {
  if (!isRecord(message)) return fail(`message is not an object: ${describe(message)}`);
  const type = message.type;
  if (type === 'ready' || type === 'openFile') {
    const extra = unknownKeys(message, ['type']);
    return extra.length ? fail(`"${type}" has unexpected fields ${extra.join(', ')}`) : ok({ type });
  }
  if (type === 'check') {
    const extra = unknownKeys(message, ['type', 'text']);
    if (extra.length) return fail(`"check" has unexpected fields ${extra.join(', ')}`);
    if (typeof message.text !== 'string') return fail('"check" needs a text string');
    if (message.text.length > MAX_CONFIG_CHARS) return fail(`"check" text is longer than ${MAX_CONFIG_CHARS} characters`);
    return ok({ type: 'check', text: message.text });
  }
  return fail(`unknown message type ${describe(type)}`);
}
