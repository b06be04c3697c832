// Messages between the BGP table panel's host and its webview. Requests carry an id and get
// exactly one reply with the same id; notifications have no id. `parseBgpTableMessage` is the
// runtime check every message from the webview passes before the host acts on it.
import { BGP_TABS, COLUMNS, cellValue, type BgpTab, type TableRow } from './bgpTableColumns';
import {
  type Checked,
  describe,
  fail,
  isIndex,
  isOneOf,
  isRecord,
  isShortString,
  ok,
  unknownKeys,
} from './guards';

export const BGP_TABLE_VIEW_TYPE = 'gatewayLens.bgpTable';

/** What the panel shows: enough for the webview to label itself and for the serializer to reopen it. */
export interface BgpTableContext {
  sourceId: string;
  sourceLabel: string;
  gatewayId: string;
  gatewayName: string;
  /** Lab gateways also have VNet effective routes. */
  isLab: boolean;
  /** BGP neighbors, for the advertised-routes peer selector. */
  peers: string[];
}

/** One loaded table. `version` changes whenever the rows change, so indices stay unambiguous. */
export interface TableData {
  tab: BgpTab;
  /** Peer address for the advertised tab; "" otherwise. */
  peer: string;
  version: number;
  rows: TableRow[];
  /** ISO time the data was read. */
  loadedAt: string;
}

/**
 * A table as it crosses to the webview: the rows as one JSON string of value arrays in the
 * order of `keys` (the tab's columns). postMessage clones a string in one copy, where 100,000
 * row objects take seconds to structured-clone, and without repeated keys it is half the size.
 */
export interface WireTableData {
  tab: BgpTab;
  peer: string;
  version: number;
  loadedAt: string;
  keys: string[];
  rowsJson: string;
}

/** The rows as JSON value arrays in column order (also the host's change fingerprint). */
export function encodeRows(tab: BgpTab, rows: readonly TableRow[]): string {
  const keys = COLUMNS[tab].map((c) => c.key);
  return JSON.stringify(rows.map((r) => keys.map((k) => cellValue(r, k))));
}

export function toWire(data: TableData, rowsJson = encodeRows(data.tab, data.rows)): WireTableData {
  const keys = COLUMNS[data.tab].map((c) => c.key);
  return { tab: data.tab, peer: data.peer, version: data.version, loadedAt: data.loadedAt, keys, rowsJson };
}

/** The webview's side of toWire; a payload that is not a list of value arrays reads as an error. */
export function fromWire(wire: WireTableData): TableData {
  const arrays: unknown = JSON.parse(wire.rowsJson);
  if (!Array.isArray(arrays)) throw new Error('the table data is not a list of rows');
  const keys = wire.keys;
  const rows = new Array<TableRow>(arrays.length);
  for (let i = 0; i < arrays.length; i++) {
    const values: unknown = arrays[i];
    if (!Array.isArray(values) || values.length !== keys.length) throw new Error(`row ${i} does not have ${keys.length} values`);
    const row: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) row[keys[k]!] = values[k];
    rows[i] = row as unknown as TableRow;
  }
  return { tab: wire.tab, peer: wire.peer, version: wire.version, loadedAt: wire.loadedAt, rows };
}

export type ExportFormat = 'csv' | 'json';

export type BgpTableRequest =
  | { method: 'load'; tab: BgpTab; peer: string }
  | { method: 'export'; format: ExportFormat; tab: BgpTab; peer: string; version: number; order: number[] }
  | { method: 'copyRow'; tab: BgpTab; peer: string; version: number; index: number };

export type BgpTableResult =
  | { method: 'load'; data: WireTableData }
  | { method: 'export'; saved: boolean; path?: string; rows: number }
  | { method: 'copyRow'; copied: boolean };

/** Where another panel (the route path) points: a tab, the peer for advertised routes, and the row by filter or lookup. */
export interface BgpTableReveal {
  tab: BgpTab;
  peer: string;
  /** Filter text that keeps the row (its prefix); "" for none. */
  filter: string;
  /** An address for "which route serves this IP" (shows that none does when the row is missing); "" for none. */
  lookup: string;
}

/** Webview -> host. */
export type BgpTableToHost =
  | { type: 'ready' }
  | { type: 'request'; id: number; request: BgpTableRequest }
  /** The webview applied a reveal: rows left by the filter and the selected row's text (for the log and tests). */
  | { type: 'revealed'; tab: BgpTab; shown: number; selected: string };

/** Host -> webview. */
export type HostToBgpTable =
  | { type: 'context'; context: BgpTableContext }
  | { type: 'reply'; id: number; ok: true; result: BgpTableResult }
  | { type: 'reply'; id: number; ok: false; error: string }
  /** Pushed when the lab changed the table the webview last loaded. */
  | { type: 'update'; data: WireTableData }
  /** Show this tab with the row filtered and selected (sent after "context"). */
  | ({ type: 'reveal' } & BgpTableReveal)
  | { type: 'error'; message: string };

/** More row indices than any table holds is refused rather than allocated. */
export const MAX_EXPORT_ROWS = 2_000_000;

/** The runtime check for every message from the webview. */
export function parseBgpTableMessage(message: unknown): Checked<BgpTableToHost> {
  if (!isRecord(message)) return fail(`message is not an object: ${describe(message)}`);
  if (message.type === 'ready') {
    const extra = unknownKeys(message, ['type']);
    return extra.length ? fail(`"ready" has unexpected fields ${extra.join(', ')}`) : ok({ type: 'ready' });
  }
  if (message.type === 'revealed') {
    const extra = unknownKeys(message, ['type', 'tab', 'shown', 'selected']);
    if (extra.length) return fail(`"revealed" has unexpected fields ${extra.join(', ')}`);
    if (!isOneOf(message.tab, BGP_TABS) || !isIndex(message.shown) || !isShortString(message.selected)) return fail(`bad "revealed" message ${describe(message)}`);
    return ok({ type: 'revealed', tab: message.tab, shown: message.shown, selected: message.selected });
  }
  if (message.type !== 'request') return fail(`unknown message type ${describe(message.type)}`);
  const extra = unknownKeys(message, ['type', 'id', 'request']);
  if (extra.length) return fail(`request has unexpected fields ${extra.join(', ')}`);
  if (!isIndex(message.id)) return fail(`request id must be a non-negative integer, got ${describe(message.id)}`);
  const request = parseRequest(message.request);
  if (!request.ok) return fail(`request ${message.id}: ${request.error}`);
  return ok({ type: 'request', id: message.id, request: request.value });
}

function parseRequest(r: unknown): Checked<BgpTableRequest> {
  if (!isRecord(r)) return fail(`request is not an object: ${describe(r)}`);
  const tabPeer = (): Checked<{ tab: BgpTab; peer: string }> => {
    if (!isOneOf(r.tab, BGP_TABS)) return fail(`tab must be one of ${BGP_TABS.join(', ')}, got ${describe(r.tab)}`);
    if (!isShortString(r.peer, 100)) return fail(`peer must be a string (an address or ""), got ${describe(r.peer)}`);
    return ok({ tab: r.tab, peer: r.peer });
  };
  switch (r.method) {
    case 'load': {
      const extra = unknownKeys(r, ['method', 'tab', 'peer']);
      if (extra.length) return fail(`load has unexpected fields ${extra.join(', ')}`);
      const tp = tabPeer();
      return tp.ok ? ok({ method: 'load', ...tp.value }) : fail(tp.error);
    }
    case 'export': {
      const extra = unknownKeys(r, ['method', 'format', 'tab', 'peer', 'version', 'order']);
      if (extra.length) return fail(`export has unexpected fields ${extra.join(', ')}`);
      const tp = tabPeer();
      if (!tp.ok) return fail(tp.error);
      if (!isOneOf(r.format, ['csv', 'json'] as const)) return fail(`format must be csv or json, got ${describe(r.format)}`);
      if (!isIndex(r.version)) return fail(`version must be a non-negative integer, got ${describe(r.version)}`);
      if (!Array.isArray(r.order) || r.order.length > MAX_EXPORT_ROWS) return fail('order must be an array of row indices');
      for (const i of r.order) if (!isIndex(i)) return fail(`order holds ${describe(i)}, not a row index`);
      return ok({ method: 'export', format: r.format, ...tp.value, version: r.version, order: r.order as number[] });
    }
    case 'copyRow': {
      const extra = unknownKeys(r, ['method', 'tab', 'peer', 'version', 'index']);
      if (extra.length) return fail(`copyRow has unexpected fields ${extra.join(', ')}`);
      const tp = tabPeer();
      if (!tp.ok) return fail(tp.error);
      if (!isIndex(r.version)) return fail(`version must be a non-negative integer, got ${describe(r.version)}`);
      if (!isIndex(r.index)) return fail(`index must be a row index, got ${describe(r.index)}`);
      return ok({ method: 'copyRow', ...tp.value, version: r.version, index: r.index });
    }
    default:
      return fail(`unknown request method ${describe(r.method)}`);
  }
}

/** What the webview persists with setState; the serializer reopens the panel from it. */
export interface BgpTableUiState {
  sourceId: string;
  gatewayId: string;
  tab: BgpTab;
  peer: string;
  filter: string;
  lookup: string;
  sort: { key: string; descending: boolean } | null;
  scrollTop: number;
}

/** Checks the state VS Code hands back on revive (it comes from the webview, so it is untrusted). */
export function parseBgpTableState(state: unknown): Checked<{ sourceId: string; gatewayId: string }> {
  if (!isRecord(state)) return fail('no saved state');
  if (!isShortString(state.sourceId, 100) || !isShortString(state.gatewayId, 1000) || state.gatewayId === '') {
    return fail(`saved state lacks a source and gateway id: ${describe(state)}`);
  }
  return ok({ sourceId: state.sourceId, gatewayId: state.gatewayId });
}
