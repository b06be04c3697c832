// On-premises prefixes (a site's address space, or prefixes learned from its BGP peer) that
// overlap the VNet's own address space: VNet system routes always win, so those addresses are
// unreachable on-premises from the VNet.
import { DOCS } from '../docs';
import { findingId, type Finding } from '../finding';
import { idOverlaps, tryParsePrefix, prefixId, type Prefix } from '../../model/prefix';
import type { DiagnosticRule } from '../rule';
import { resourceName, siteBgpAddress } from '../../model/armShapes';
import { derivedFrom } from '../derived';

export const ONPREM_OVERLAP = 'onprem-overlaps-vnet';

/** Rows [site, source, on-premises prefix, VNet prefix] for each candidate overlapping the VNet's space. */
function overlaps(siteName: string, candidates: readonly { source: string; text: string }[], space: readonly { text: string; p: Prefix }[]): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const cand of candidates) {
    const id = prefixId(cand.text);
    if (id === undefined) continue;
    for (const v of space) if (idOverlaps(id, cand.text, v.p)) rows.push([siteName, cand.source, cand.text, v.text]);
  }
  return rows;
}

export const onPremOverlap: DiagnosticRule = {
  id: ONPREM_OVERLAP,
  description: "An on-premises prefix overlaps the VNet's address space.",
  run(index) {
    const findings: Finding[] = [];
    for (const vnet of index.vnets()) {
      const space = vnet.addressSpace.addressPrefixes
        .map((t) => ({ text: t, p: tryParsePrefix(t, { maskHostBits: true }) }))
        .filter((x): x is { text: string; p: Prefix } => x.p !== undefined);
      for (const g of index.gatewaysInVnet(vnet.id)) {
        if (g.gateway.gatewayType !== 'Vpn') continue;
        for (const c of index.connectionsOfGateway(g.gateway.id)) {
          if (!c.localNetworkGateway2) continue;
          const site = index.localNetworkGateway(c.localNetworkGateway2.id);
          if (!site) continue;
          const staticCandidates = site.localNetworkAddressSpace.addressPrefixes.map((t) => ({ source: 'local network gateway address space', text: t }));
          const rows = overlaps(site.name, staticCandidates, space);
          const peer = siteBgpAddress(site);
          if (peer && c.enableBgp) {
            // Learned prefixes: one pass over possibly 100,000 routes, kept while they are unchanged (derived.ts).
            const learned = g.learnedRoutes ?? [];
            const fromPeer = derivedFrom([learned], `onprem overlap|${site.name}|${peer}|${g.gateway.name}|${space.map((v) => v.text).join(',')}`, () => {
              const seen = new Set<string>();
              const candidates: { source: string; text: string }[] = [];
              for (const r of learned) {
                if (r.sourcePeer === peer && !seen.has(r.network)) {
                  seen.add(r.network);
                  candidates.push({ source: `learned by ${g.gateway.name} from BGP peer ${peer}`, text: r.network });
                }
              }
              return overlaps(site.name, candidates, space);
            });
            for (const row of fromPeer) rows.push(row);
          }
          if (rows.length === 0) continue;
          const resources = [site.id, vnet.id, c.id];
          findings.push({
            id: findingId(ONPREM_OVERLAP, resources),
            ruleId: ONPREM_OVERLAP,
            severity: 'error',
            resources,
            title: `Site ${site.name} announces prefixes overlapping VNet ${vnet.name}`,
            explanation:
              `Over connection ${resourceName(c.id)}, ${rows.length} on-premises prefix/VNet prefix pair(s) overlap. VNet system routes are never overridden by BGP or local network gateway prefixes, ` +
              'so traffic from the VNet to the overlapping on-premises addresses stays in the VNet.',
            evidence: [{ title: 'Overlapping prefixes', columns: ['site', 'source', 'on-premises prefix', 'VNet address prefix'], rows }],
            actions: [
              { label: 'Re-address one side or remove the overlapping prefix from the local network gateway / on-premises advertisements.', url: DOCS.localNetworkGateway },
              { label: 'How Azure selects routes: VNet system routes are never overridden.', url: DOCS.udrOverview },
            ],
          });
        }
      }
    }
    return findings;
  },
};
