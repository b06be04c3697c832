// Gateway routes a user route invalidates: in a NIC's effective routes, a VirtualNetworkGateway
// route is Invalid because a user route of the same prefix wins (user > BGP > system), so traffic
// to that on-premises range does not go to the gateway.
import { DOCS } from '../docs';
import { findingId, type Finding } from '../finding';
import type { DiagnosticRule } from '../rule';
import type { EffectiveRoute } from '../../model/arm';
import { derivedFrom } from '../derived';

export const UDR_INVALIDATES_ROUTES = 'udr-invalidates-gateway-routes';

/** Rows [prefix, gateway next hops, user route, its next hop] of gateway routes a user route invalidates; kept while the table is unchanged (derived.ts). */
function overriddenGatewayRoutes(routes: readonly EffectiveRoute[]): string[][] {
  return derivedFrom([routes], 'gateway routes overridden by user routes', () => {
    const users = new Map(routes.filter((r) => r.source === 'User' && r.state === 'Active').flatMap((r) => r.addressPrefix.map((p) => [p, r] as const)));
    const rows: string[][] = [];
    for (const g of routes) {
      if (g.source !== 'VirtualNetworkGateway' || g.state !== 'Invalid') continue;
      for (const p of g.addressPrefix) {
        const u = users.get(p);
        if (u) rows.push([p, g.nextHopIpAddress.join(',') || '-', u.name ?? '-', `${u.nextHopType}${u.nextHopIpAddress.length ? ` ${u.nextHopIpAddress.join(',')}` : ''}`]);
      }
    }
    return rows;
  });
}

export const udrInvalidatesRoutes: DiagnosticRule = {
  id: UDR_INVALIDATES_ROUTES,
  description: 'A user route (UDR) overrides gateway routes in a NIC\'s effective routes.',
  run(index) {
    const findings: Finding[] = [];
    // One finding per route table set: NICs of one subnet share their table, so report per distinct table.
    const seen = new Set<string>();
    for (const n of index.snapshot.networkInterfaces ?? []) {
      const routes = n.effectiveRoutes;
      if (!routes) continue;
      const rows = overriddenGatewayRoutes(routes);
      if (rows.length === 0) continue;
      const key = rows.map((r) => r.join(' ')).join('|');
      const subnet = n.nic.ipConfigurations[0]?.subnet.id ?? '';
      if (seen.has(`${subnet}|${key}`)) continue;
      seen.add(`${subnet}|${key}`);
      const resources = [n.nic.id, subnet].filter((x) => x !== '');
      const unroutable = rows.filter((r) => /^None/.test(r[3]!)).length;
      findings.push({
        id: findingId(UDR_INVALIDATES_ROUTES, resources),
        ruleId: UDR_INVALIDATES_ROUTES,
        severity: unroutable > 0 ? 'error' : 'warning',
        resources,
        title: `${rows.length} gateway route(s) of NIC ${n.nic.name} are overridden by user routes`,
        explanation:
          'For an equal prefix a user route wins over a route from the virtual network gateway (user > BGP > system), so traffic to these ranges goes where the UDR says' +
          (unroutable > 0 ? `; ${unroutable} of them to next hop None: dropped.` : '.'),
        evidence: [{ title: 'Invalidated gateway routes', columns: ['prefix', 'gateway next hop (Invalid)', 'user route', 'user next hop (Active)'], rows }],
        actions: [
          { label: 'Remove the user route, or point it at the virtual network gateway, if the traffic should go on-premises.', url: DOCS.udrOverview },
          { label: 'Check the effective routes of the NIC.', url: DOCS.effectiveRoutes },
        ],
      });
    }
    return findings;
  },
};
