// Prefix counts per BGP peer against the documented limit (4,000 for VPN peers and ER private
// peering; 10,000 with ER Premium, which the snapshot cannot tell, so ER is judged at 4,000 and
// the explanation says so). Exceeding the limit drops the session.
import { DOCS } from '../docs';
import { bgpPeerTable, labSessionTable } from '../evidence';
import { findingId, type Finding } from '../finding';
import type { DiagnosticRule } from '../rule';

export const PREFIX_LIMIT = 'bgp-prefix-limit';
export const PREFIX_LIMIT_PER_PEER = 4000;
export const PREFIX_WARNING_RATIO = 0.8;
/** How the lab's BGP session words a prefix-limit drop (src/engine/bgp/bgpSession.ts). */
export const LAB_PREFIX_LIMIT_ERROR = 'prefix limit exceeded';

export const prefixLimit: DiagnosticRule = {
  id: PREFIX_LIMIT,
  description: 'Prefixes received from a BGP peer at 80 % of the 4,000 limit (warning) or over it (session dropped).',
  run(index) {
    const findings: Finding[] = [];
    for (const g of index.snapshot.gateways) {
      if (!g.bgpPeers) continue;
      // Nested maps: concatenating a key per route costs more than the counting itself at 100k routes.
      const learned = new Map<string, Map<string, number>>();
      for (const r of g.learnedRoutes ?? []) {
        let bySource = learned.get(r.localAddress);
        if (!bySource) learned.set(r.localAddress, (bySource = new Map()));
        bySource.set(r.sourcePeer, (bySource.get(r.sourcePeer) ?? 0) + 1);
      }
      const isEr = g.gateway.gatewayType === 'ExpressRoute';
      for (const p of g.bgpPeers) {
        const fromRoutes = learned.get(p.localAddress)?.get(p.neighbor) ?? 0;
        const lab = index.labSession(g.gateway.id, p.localAddress, p.neighbor);
        const dropped = p.state !== 'Connected' && lab !== undefined && lab.lastError.startsWith(LAB_PREFIX_LIMIT_ERROR) ? lab : undefined;
        // After a drop the peer row shows 0 routes; the lab's error message keeps the count that caused it.
        const m = dropped ? /advertised (\d+) prefixes/.exec(dropped.lastError) : null;
        const count = Math.max(p.routesReceived, fromRoutes, m ? Number(m[1]) : 0);
        if (!dropped && count < PREFIX_LIMIT_PER_PEER * PREFIX_WARNING_RATIO) continue;
        const over = dropped !== undefined || count > PREFIX_LIMIT_PER_PEER;
        const pct = Math.round((count / PREFIX_LIMIT_PER_PEER) * 100);
        const resources = [g.gateway.id];
        findings.push({
          id: findingId(PREFIX_LIMIT, resources, `${p.localAddress}>${p.neighbor}`),
          ruleId: PREFIX_LIMIT,
          severity: over ? 'error' : 'warning',
          resources,
          title: over
            ? `BGP peer ${p.neighbor} of ${g.gateway.name} sends ${count} prefixes, over the ${PREFIX_LIMIT_PER_PEER} limit: session dropped`
            : `BGP peer ${p.neighbor} of ${g.gateway.name} sends ${count} prefixes (${pct} % of the ${PREFIX_LIMIT_PER_PEER} limit)`,
          explanation:
            (over
              ? `A peer that advertises more than ${PREFIX_LIMIT_PER_PEER} prefixes has its BGP session dropped by the gateway; every route from it is lost until it advertises fewer. `
              : `Above ${PREFIX_LIMIT_PER_PEER} prefixes the gateway drops the session; at ${pct} % a little growth on-premises takes every route from this peer down. `) +
            (isEr ? 'For ExpressRoute private peering the limit is 10,000 with the Premium add-on, which this snapshot cannot show.' : 'Summarise on-premises prefixes before advertising them.'),
          evidence: [
            bgpPeerTable(`${g.gateway.name} BGP peer ${p.neighbor}`, [p]),
            {
              title: 'Prefix count against the limit',
              columns: ['neighbor', 'routesReceived', 'learned routes from neighbor', 'limit', 'percent of limit'],
              rows: [[p.neighbor, p.routesReceived, g.learnedRoutes ? fromRoutes : 'unknown', PREFIX_LIMIT_PER_PEER, pct]],
            },
            ...(dropped ? [labSessionTable([dropped])] : []),
          ],
          actions: [
            { label: 'Aggregate the prefixes advertised by the neighbor.', url: isEr ? DOCS.erLimits : DOCS.vpnFaqBgp },
            ...(isEr ? [{ label: 'Consider ExpressRoute Premium (10,000 prefixes on private peering).', url: DOCS.erLimits }] : []),
          ],
        });
      }
    }
    return findings;
  },
};
