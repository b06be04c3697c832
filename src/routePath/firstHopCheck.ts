// Network Watcher's next hop (getNextHop) as an independent answer for the trace's first hop: the
// result's `firstHopCheck`, and the one line the CLI, the panel and the Markdown print about it.
import type { NextHopResult } from '../model/armNetwork';
import { compareNextHop } from './traceRoutePath';
import type { FirstHopCheck, RoutePathResult } from './routePathTypes';

export function firstHopCheck(result: RoutePathResult, nextHop: NextHopResult): FirstHopCheck {
  const { agrees, message } = compareNextHop(result, nextHop);
  return { source: 'networkWatcher', nextHopType: nextHop.nextHopType, nextHopIpAddress: nextHop.nextHopIpAddress, routeTableId: nextHop.routeTableId, agrees, message };
}

/** The line shown under the verdict: the check, or why there is none ("not checked: ..."). */
export function firstHopLine(result: RoutePathResult, notChecked: string | undefined): string {
  const c = result.firstHopCheck;
  if (!c) return `first hop: not checked against Network Watcher (${notChecked ?? 'no answer'})`;
  return `first hop: ${c.message}${c.routeTableId ? ` (route table: ${c.routeTableId})` : ''}`;
}
