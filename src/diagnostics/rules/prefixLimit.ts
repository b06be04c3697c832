// Prefix counts per BGP peer against the limit Azure documents for that kind of peer
// (model/bgpPrefixLimits.ts, the table the lab enforces too): 4,000 for a VPN gateway's
// on-premises peers, 4,000 for ExpressRoute private peering (10,000 with Premium, which the
// snapshot cannot tell, so ER is judged at 4,000 and the explanation says so), and none between
// the ER and VPN gateways of a coexistence VNet. Exceeding a limit drops the session. One finding
// per gateway and neighbor: the instances' sessions with it are listed together.
import type { BgpPeerStatus, GatewayRoute } from '../../model/arm';
import { derivedFrom } from '../derived';
import { documentedPrefixLimit, type BgpNeighborKind } from '../../model/bgpPrefixLimits';
import type { LabBgpSessionState } from '../../model/snapshot';
import { DOCS } from '../docs';
import { bgpPeerTable, labSessionTable } from '../evidence';
import { findingId, type RuleFinding } from '../finding';
import { causeKey } from '../rootCause';
import type { DiagnosticRule } from '../rule';

export const PREFIX_LIMIT = 'bgp-prefix-limit';
/** The limit the rule judges against where the snapshot cannot tell more (ER Premium). */
export const PREFIX_LIMIT_PER_PEER = 4000;
export const PREFIX_WARNING_RATIO = 0.8;
/** How the lab's BGP session words a prefix-limit drop (src/engine/bgp/bgpSession.ts). */
export const LAB_PREFIX_LIMIT_ERROR = 'prefix limit exceeded';

interface PeerCount {
  peer: BgpPeerStatus;
  fromRoutes: number;
  count: number;
  dropped?: LabBgpSessionState;
}

/** Learned routes counted by local address, then source peer; kept while the routes are unchanged (derived.ts). */
function routeCounts(routes: readonly GatewayRoute[]): ReadonlyMap<string, ReadonlyMap<string, number>> {
  return derivedFrom([routes], 'counts by local address and source peer', () => {
    // Nested maps: concatenating a key per route costs more than the counting itself at 100k routes.
    const counts = new Map<string, Map<string, number>>();
    for (const r of routes) {
      let bySource = counts.get(r.localAddress);
      if (!bySource) counts.set(r.localAddress, (bySource = new Map()));
      bySource.set(r.sourcePeer, (bySource.get(r.sourcePeer) ?? 0) + 1);
    }
    return counts;
  });
}

export const prefixLimit: DiagnosticRule = {
  id: PREFIX_LIMIT,
  description: 'Prefixes received from a BGP peer at 80 % of its documented limit (warning) or over it (session dropped); none between coexisting gateways.',
  run(index) {
    const findings: RuleFinding[] = [];
    for (const g of index.snapshot.gateways) {
      if (!g.bgpPeers) continue;
      const isEr = g.gateway.gatewayType === 'ExpressRoute';
      const learned = routeCounts(g.learnedRoutes ?? []);
      const byNeighbor = new Map<string, PeerCount[]>();
      for (const p of g.bgpPeers) {
        const other = index.gatewayByBgpAddress(p.neighbor);
        const kind: BgpNeighborKind = other && other !== g ? 'azureGateway' : isEr ? 'microsoftEdge' : 'onPremises';
        const limit = documentedPrefixLimit(kind);
        if (limit === undefined) continue;
        const fromRoutes = learned.get(p.localAddress)?.get(p.neighbor) ?? 0;
        const lab = index.labSession(g.gateway.id, p.localAddress, p.neighbor);
        const dropped = p.state !== 'Connected' && lab !== undefined && lab.lastError.startsWith(LAB_PREFIX_LIMIT_ERROR) ? lab : undefined;
        // After a drop the peer row shows 0 routes; the lab's error message keeps the count that caused it.
        const m = dropped ? /advertised (\d+) prefixes/.exec(dropped.lastError) : null;
        const count = Math.max(p.routesReceived, fromRoutes, m ? Number(m[1]) : 0);
        if (!dropped && count < PREFIX_LIMIT_PER_PEER * PREFIX_WARNING_RATIO) continue;
        const k = p.neighbor.trim();
        byNeighbor.set(k, [...(byNeighbor.get(k) ?? []), { peer: p, fromRoutes, count, ...(dropped ? { dropped } : {}) }]);
      }
      for (const [neighbor, rows] of byNeighbor) {
        const count = Math.max(...rows.map((r) => r.count));
        const dropped = rows.flatMap((r) => (r.dropped ? [r.dropped] : []));
        const over = dropped.length > 0 || count > PREFIX_LIMIT_PER_PEER;
        // A lab with the limits lifted keeps such sessions Connected: say what Azure would do, not that it happened.
        const notEnforced = over && dropped.length === 0 && rows.every((r) => r.peer.state === 'Connected') && index.snapshot.lab?.prefixLimitsLifted === true;
        const pct = Math.round((count / PREFIX_LIMIT_PER_PEER) * 100);
        const resources = [g.gateway.id];
        const on = rows.length > 1 ? ` (${rows.length} instances: ${rows.map((r) => r.peer.localAddress).join(', ')})` : '';
        findings.push({
          id: findingId(PREFIX_LIMIT, resources, neighbor),
          ruleId: PREFIX_LIMIT,
          severity: over && !notEnforced ? 'error' : 'warning',
          resources,
          title: notEnforced
            ? `BGP peer ${neighbor} of ${g.gateway.name} sends ${count} prefixes, over the ${PREFIX_LIMIT_PER_PEER} limit; the session stays Connected only because this lab lifted the limits${on}`
            : over
            ? `BGP peer ${neighbor} of ${g.gateway.name} sends ${count} prefixes, over the ${PREFIX_LIMIT_PER_PEER} limit: session dropped${on}`
            : `BGP peer ${neighbor} of ${g.gateway.name} sends ${count} prefixes (${pct} % of the ${PREFIX_LIMIT_PER_PEER} limit)${on}`,
          explanation:
            (notEnforced
              ? `Azure drops the BGP session of a peer that advertises more than ${PREFIX_LIMIT_PER_PEER} prefixes; this lab scenario lifted the documented limits (bgp.prefixLimits: false), so the session is Connected here, but in Azure every route from this peer would be lost. `
              : over
              ? `A peer that advertises more than ${PREFIX_LIMIT_PER_PEER} prefixes has its BGP session dropped by the gateway; every route from it is lost until it advertises fewer. `
              : `Above ${PREFIX_LIMIT_PER_PEER} prefixes the gateway drops the session; at ${pct} % a little growth on-premises takes every route from this peer down. `) +
            (isEr ? 'For ExpressRoute private peering the limit is 10,000 with the Premium add-on, which this snapshot cannot show.' : 'Summarise on-premises prefixes before advertising them.'),
          evidence: [
            bgpPeerTable(`${g.gateway.name} BGP peer ${neighbor}`, rows.map((r) => r.peer)),
            {
              title: 'Prefix count against the limit',
              columns: ['neighbor', 'routesReceived', 'learned routes from neighbor', 'limit', 'percent of limit'],
              rows: rows.map((r) => [neighbor, r.peer.routesReceived, g.learnedRoutes ? r.fromRoutes : 'unknown', PREFIX_LIMIT_PER_PEER, Math.round((r.count / PREFIX_LIMIT_PER_PEER) * 100)]),
            },
            ...(dropped.length > 0 ? [labSessionTable(dropped)] : []),
          ],
          actions: [
            { label: 'Aggregate the prefixes advertised by the neighbor.', url: isEr ? DOCS.erLimits : DOCS.vpnFaqBgp },
            ...(isEr ? [{ label: 'Consider ExpressRoute Premium (10,000 prefixes on private peering).', url: DOCS.erLimits }] : []),
          ],
          // A dropped session is down because of this: its "peer not Connected" is a consequence.
          ...(dropped.length > 0 ? { explains: [causeKey.bgpPeer(g.gateway.id, neighbor)] } : {}),
        });
      }
    }
    return findings;
  },
};
