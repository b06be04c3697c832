// The BGP table panel's tabs and columns, shared by the host (export, copy) and the webview
// (rendering, sort, filter) so both sides agree on what a row shows and in which order.
import type { BgpPeerStatus, EffectiveRoute, GatewayRoute } from '../../model/arm';

export const BGP_TABS = ['peers', 'learned', 'advertised', 'effective'] as const;
export type BgpTab = (typeof BGP_TABS)[number];

export const TAB_LABELS: Record<BgpTab, string> = {
  peers: 'Peers',
  learned: 'Learned routes',
  advertised: 'Advertised routes',
  effective: 'VNet effective routes',
};

/** One effective route per prefix: ARM's EffectiveRoute holds arrays, a table wants one row each. */
export interface EffectiveRouteRow {
  name: string;
  source: EffectiveRoute['source'];
  state: EffectiveRoute['state'];
  addressPrefix: string;
  nextHopType: EffectiveRoute['nextHopType'];
  nextHopIpAddress: string;
}

export type TableRow = BgpPeerStatus | GatewayRoute | EffectiveRouteRow;

/** How a column sorts: text compares as text, number numerically, prefix/address by IP value. */
export type ColumnKind = 'text' | 'number' | 'prefix' | 'address';

export interface ColumnDef {
  key: string;
  label: string;
  kind: ColumnKind;
}

const routeColumns: readonly ColumnDef[] = [
  { key: 'network', label: 'Network', kind: 'prefix' },
  { key: 'nextHop', label: 'Next hop', kind: 'address' },
  { key: 'sourcePeer', label: 'Source peer', kind: 'address' },
  { key: 'origin', label: 'Origin', kind: 'text' },
  { key: 'asPath', label: 'AS path', kind: 'text' },
  { key: 'weight', label: 'Weight', kind: 'number' },
  { key: 'localAddress', label: 'Local address', kind: 'address' },
];

export const COLUMNS: Record<BgpTab, readonly ColumnDef[]> = {
  peers: [
    { key: 'neighbor', label: 'Neighbor', kind: 'address' },
    { key: 'asn', label: 'ASN', kind: 'number' },
    { key: 'state', label: 'State', kind: 'text' },
    { key: 'connectedDuration', label: 'Connected for', kind: 'text' },
    { key: 'routesReceived', label: 'Routes received', kind: 'number' },
    { key: 'messagesSent', label: 'Messages sent', kind: 'number' },
    { key: 'messagesReceived', label: 'Messages received', kind: 'number' },
    { key: 'localAddress', label: 'Local address', kind: 'address' },
  ],
  learned: routeColumns,
  advertised: routeColumns,
  effective: [
    { key: 'addressPrefix', label: 'Address prefix', kind: 'prefix' },
    { key: 'source', label: 'Source', kind: 'text' },
    { key: 'state', label: 'State', kind: 'text' },
    { key: 'nextHopType', label: 'Next hop type', kind: 'text' },
    { key: 'nextHopIpAddress', label: 'Next hop IP', kind: 'address' },
    { key: 'name', label: 'Name', kind: 'text' },
  ],
};

/** The column "which route serves this IP" matches against, per tab (peers have none). */
export const PREFIX_COLUMN: Record<BgpTab, string | undefined> = {
  peers: undefined,
  learned: 'network',
  advertised: 'network',
  effective: 'addressPrefix',
};

/** A cell's value; rows are plain data, so a missing field reads as "" rather than failing. */
export function cellValue(row: TableRow, key: string): string | number {
  const value = (row as unknown as Record<string, unknown>)[key];
  return typeof value === 'number' || typeof value === 'string' ? value : '';
}

/** Flattens ARM effective routes into one row per address prefix. */
export function effectiveRouteRows(routes: readonly EffectiveRoute[]): EffectiveRouteRow[] {
  const rows: EffectiveRouteRow[] = [];
  for (const r of routes) {
    for (const prefix of r.addressPrefix) {
      rows.push({
        name: r.name ?? '',
        source: r.source,
        state: r.state,
        addressPrefix: prefix,
        nextHopType: r.nextHopType,
        nextHopIpAddress: r.nextHopIpAddress.join(', '),
      });
    }
  }
  return rows;
}
