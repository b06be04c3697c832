// Messages between the Route Path panel's host and its webview, and what it draws: the traced
// path (the same RoutePathResult `gateway-lab path --json` prints), the first-hop check line and,
// per hop, where its table row is (or why it has none). The webview names a hop by list and
// index; the host alone knows what opening it means, so a message cannot ask for anything else.
import type { RoutePathResult } from '../../routePath/routePathTypes';
import { type Checked, describe, fail, isIndex, isOneOf, isRecord, isShortString, ok, unknownKeys } from './guards';

export type { FirstHopCheck, HopEvidence, HopStatus, RoutePathHop, RoutePathResult } from '../../routePath/routePathTypes';

export const ROUTE_PATH_VIEW_TYPE = 'gatewayLens.routePath';

/** Where a hop's table row is, as the webview shows it. */
export type HopLinkView = { kind: 'table'; label: string } | { kind: 'none'; reason: string };

/** Which path the panel shows; the webview persists it so the panel survives a reload. */
export interface RoutePathIds {
  sourceId: string;
  from: string;
  to: string;
}

export interface RoutePathView {
  ids: RoutePathIds;
  /** "Lab" or "Azure". */
  sourceLabel: string;
  result: RoutePathResult;
  /** The first hop against Network Watcher, or why it was not checked. */
  firstHopLine: string;
  links: { hops: HopLinkView[]; returnHops: HopLinkView[] };
  /** True while the panel re-traces on every lab change. */
  live: boolean;
}

export const HOP_LISTS = ['hops', 'returnHops'] as const;
export type HopList = (typeof HOP_LISTS)[number];

export type HostToRoutePath =
  | { type: 'path'; data: RoutePathView }
  /** No path to show (the lab stopped, Azure data not kept across a reload); `ids` keeps the panel restorable. */
  | { type: 'message'; text: string; ids: RoutePathIds }
  /** A short note after an action (export saved, a hop without a table). */
  | { type: 'status'; text: string };

export type RoutePathToHost =
  | { type: 'ready' }
  | { type: 'retrace' }
  | { type: 'openHop'; list: HopList; index: number }
  | { type: 'export'; format: 'json' | 'markdown' }
  /** What the webview drew, one line per hop: for the log and the extension-host tests. */
  | { type: 'rendered'; hops: string[] };

export function parseRoutePathMessage(m: unknown): Checked<RoutePathToHost> {
  if (!isRecord(m)) return fail(`message is not an object: ${describe(m)}`);
  const extra = (allowed: string[]): string[] => unknownKeys(m, ['type', ...allowed]);
  switch (m.type) {
    case 'ready':
    case 'retrace':
      return extra([]).length ? fail(`"${m.type}" has unexpected fields ${extra([]).join(', ')}`) : ok({ type: m.type });
    case 'openHop':
      if (extra(['list', 'index']).length) return fail(`"openHop" has unexpected fields ${extra(['list', 'index']).join(', ')}`);
      if (!isOneOf(m.list, HOP_LISTS)) return fail(`list must be hops or returnHops, got ${describe(m.list)}`);
      if (!isIndex(m.index) || m.index > 1000) return fail(`index must be a hop index, got ${describe(m.index)}`);
      return ok({ type: 'openHop', list: m.list, index: m.index });
    case 'export':
      return isOneOf(m.format, ['json', 'markdown'] as const) && extra(['format']).length === 0 ? ok({ type: 'export', format: m.format }) : fail(`bad export message ${describe(m)}`);
    case 'rendered':
      return Array.isArray(m.hops) && m.hops.length <= 1000 && m.hops.every((h) => isShortString(h, 4096)) && extra(['hops']).length === 0 ? ok({ type: 'rendered', hops: m.hops as string[] }) : fail(`bad rendered message ${describe(m)}`);
    default:
      return fail(`unknown message type ${describe(m.type)}`);
  }
}

/** The state VS Code hands back on revive (from the webview, so untrusted). */
export function parseRoutePathState(state: unknown): Checked<RoutePathIds> {
  if (!isRecord(state) || !isRecord(state.ids)) return fail('no saved route path');
  const { sourceId, from, to } = state.ids;
  return isShortString(sourceId, 100) && isShortString(from, 100) && isShortString(to, 100) && from !== '' && to !== '' ? ok({ sourceId, from, to }) : fail(`saved state lacks a source and addresses: ${describe(state)}`);
}
