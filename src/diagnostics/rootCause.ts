// One finding per root cause. Rules say which facts a finding reports (`about`) and which facts
// its cause accounts for (`explains`); a finding explained by another is not reported on its own
// but listed in its root cause's evidence as a consequence (with its own evidence tables), and the
// root cause is at least as severe as what follows from it.
import { compareFindings, SEVERITY_ORDER, type EvidenceTable, type Finding, type RuleFinding } from './finding';
import { idKey } from '../model/armShapes';

/** The facts findings speak about, keyed so that rules agree without importing each other. */
export const causeKey = {
  /** BGP between two gateways (coexistence), in either direction. */
  gatewayPair: (a: string, b: string): string => `gateway-pair:${[idKey(a), idKey(b)].sort().join('|')}`,
  /** A gateway's BGP peer (all its instances' sessions with that neighbor). */
  bgpPeer: (gatewayId: string, neighbor: string): string => `bgp-peer:${idKey(gatewayId)}|${neighbor.trim()}`,
  /** Every BGP session that has this address at one end (a gateway instance, a site, an MSEE). */
  bgpEndpoint: (address: string): string => `bgp-endpoint:${address.trim()}`,
  /** Every BGP session of a gateway (its own settings, such as its ASN, break them all). */
  gatewayBgp: (gatewayId: string): string => `gateway-bgp:${idKey(gatewayId)}`,
  /** BGP with an on-premises site (its ASN, its device). */
  site: (siteId: string): string => `site:${idKey(siteId)}`,
  /** The tunnels of a connection: down or re-established a moment ago. */
  tunnel: (connectionId: string): string => `tunnel:${idKey(connectionId)}`,
  /** A gateway failing over right now or a moment ago: sessions on it are still coming up. */
  failover: (gatewayId: string): string => `failover:${idKey(gatewayId)}`,
  /** The record of a gateway's failover (a consequence of the instance that failed). */
  failoverRecord: (gatewayId: string): string => `failover-record:${idKey(gatewayId)}`,
};

const rank = (f: Finding): number => SEVERITY_ORDER.indexOf(f.severity);

/** Folds consequences into their root causes and strips the cause fields; the result is unsorted. */
export function foldConsequences(findings: readonly RuleFinding[]): Finding[] {
  const explainers = new Map<RuleFinding, RuleFinding[]>();
  for (const g of findings) {
    if (!g.about?.length) continue;
    const about = new Set(g.about);
    const by = findings.filter((f) => f !== g && f.explains?.some((k) => about.has(k)));
    if (by.length > 0) explainers.set(g, by.sort(compareFindings));
  }
  // Two findings explaining each other are two views of one fact: neither folds into the other.
  const direct = new Map(explainers);
  for (const [g, by] of direct) {
    const rest = by.filter((f) => !direct.get(f)?.includes(g));
    if (rest.length > 0) explainers.set(g, rest);
    else explainers.delete(g);
  }
  const rootOf = (g: RuleFinding): RuleFinding => {
    const seen = new Set<RuleFinding>([g]);
    let at = g;
    for (;;) {
      const next = explainers.get(at)?.[0];
      if (!next || seen.has(next)) return at;
      seen.add(next);
      at = next;
    }
  };
  const consequences = new Map<RuleFinding, RuleFinding[]>();
  for (const g of findings) {
    const root = rootOf(g);
    if (root !== g) consequences.set(root, [...(consequences.get(root) ?? []), g]);
  }
  const out: Finding[] = [];
  for (const f of findings) {
    if (rootOf(f) !== f) continue;
    const { about: _about, explains: _explains, ...finding } = f;
    const follow = (consequences.get(f) ?? []).sort(compareFindings);
    if (follow.length === 0) {
      out.push(finding);
      continue;
    }
    const worst = follow.reduce((s, c) => (rank(c) < rank(s) ? c : s), f as Finding);
    const tables: EvidenceTable[] = [
      {
        title: 'Consequences (not reported separately)',
        columns: ['severity', 'finding', 'rule'],
        rows: follow.map((c) => [c.severity, c.title, c.ruleId]),
      },
    ];
    const seen = new Set(finding.evidence.map((t) => JSON.stringify(t)));
    for (const c of follow) {
      for (const t of c.evidence) {
        const key = JSON.stringify(t);
        if (seen.has(key)) continue;
        seen.add(key);
        tables.push({ ...t, title: `${t.title} (consequence)` });
      }
    }
    out.push({
      ...finding,
      severity: worst.severity,
      explanation: `${finding.explanation} ${follow.length} finding(s) that follow from this are listed under "Consequences" in the evidence.`,
      evidence: [...finding.evidence, ...tables],
    });
  }
  return out;
}
