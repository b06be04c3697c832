// ExpressRoute primary and secondary paths not carrying the same prefixes with the same AS path
// (the check engineers script by hand: the circuit is redundant only when both MSEE paths carry
// every on-premises prefix alike; ExpressRoute resiliency guidance).
import { DOCS } from '../docs';
import { findingId, type Finding } from '../finding';
import type { DiagnosticRule } from '../rule';

export const ER_PATH_ASYMMETRY = 'er-path-asymmetry';

export const erPathAsymmetry: DiagnosticRule = {
  id: ER_PATH_ASYMMETRY,
  description: 'An ExpressRoute circuit\'s primary and secondary paths do not carry the same prefixes with the same AS path.',
  run(index) {
    const findings: Finding[] = [];
    for (const c of index.snapshot.expressRouteCircuits ?? []) {
      for (const p of c.peerings) {
        const primary = p.primary.routes;
        const secondary = p.secondary.routes;
        if (primary === undefined || secondary === undefined) continue; // not read: dataNotFetched says so
        // The VNet's own routes (learned from the gateway, AS 65515) are not the customer's advertisement.
        const customer = (rows: typeof primary): Map<string, string> => new Map(rows.filter((r) => !r.path.split(/\s+/).includes('65515')).map((r) => [r.network, r.path]));
        const a = customer(primary);
        const b = customer(secondary);
        const rows: string[][] = [];
        for (const net of [...new Set([...a.keys(), ...b.keys()])].sort()) {
          const pa = a.get(net);
          const pb = b.get(net);
          if (pa === pb) continue;
          rows.push([net, pa ?? '(missing)', pb ?? '(missing)']);
        }
        if (rows.length === 0) continue;
        const missing = rows.filter((r) => r[1] === '(missing)' || r[2] === '(missing)').length;
        const resources = [c.circuit.id, p.peering.id];
        findings.push({
          id: findingId(ER_PATH_ASYMMETRY, resources),
          ruleId: ER_PATH_ASYMMETRY,
          severity: 'warning',
          resources,
          title: `Circuit ${c.circuit.name}: primary and secondary paths differ on ${rows.length} prefix(es)`,
          explanation:
            `${missing} prefix(es) are carried by one path only and ${rows.length - missing} with different AS paths on ${p.peering.name}. ` +
            'Traffic then depends on one MSEE path (no redundancy if it fails) or is steered asymmetrically; the customer edge should advertise every prefix on both paths alike.',
          evidence: [{ title: 'Per-path routes that differ', columns: ['network', 'primary AS path', 'secondary AS path'], rows }],
          actions: [
            { label: 'Advertise the same prefixes with the same AS path on both BGP sessions of the peering.', url: DOCS.erRouting },
            { label: 'Design for ExpressRoute resiliency: both paths active and symmetric.', url: DOCS.erOptimizeRouting },
          ],
        });
      }
    }
    return findings;
  },
};
