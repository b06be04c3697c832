// In a coexistence VNet, the same prefix learned over ExpressRoute and over S2S VPN: ER wins
// for identical prefixes (informational), but a more specific S2S prefix wins over a shorter ER
// one by longest-prefix match, which moves that traffic onto the VPN.
import type { GatewayRoute } from '../../model/arm';
import { DOCS } from '../docs';
import { findingId, type Finding } from '../finding';
import { PrefixMap } from '../../model/prefix';
import type { DiagnosticRule } from '../rule';
import { gatewayBgpAddresses, siteBgpAddress } from '../../model/armShapes';
import { type SnapshotIndex } from '../snapshotIndex';
import type { GatewaySnapshot } from '../../model/snapshot';
import { derivedFrom } from '../derived';

export const ER_S2S_IDENTICAL = 'er-s2s-identical-prefix';
export const S2S_MORE_SPECIFIC = 's2s-more-specific-than-er';

/** Routes the VPN gateway learned from its on-premises sites (BGP peers or static site prefixes). */
function s2sRoutes(index: SnapshotIndex, vpn: GatewaySnapshot): readonly GatewayRoute[] {
  const sitePeers = new Set<string>();
  const staticPrefixes: string[] = [];
  for (const c of index.connectionsOfGateway(vpn.gateway.id)) {
    const site = c.localNetworkGateway2 ? index.localNetworkGateway(c.localNetworkGateway2.id) : undefined;
    if (!site) continue;
    const peer = siteBgpAddress(site);
    if (peer) sitePeers.add(peer);
    staticPrefixes.push(...site.localNetworkAddressSpace.addressPrefixes);
  }
  const learned = vpn.learnedRoutes ?? [];
  return derivedFrom([learned], `s2s routes|${[...sitePeers].join(',')}|${staticPrefixes.join(',')}`, () => {
    const staticKeys = new PrefixMap<true>();
    for (const t of staticPrefixes) staticKeys.setIfAbsent(t, true);
    return learned.filter((r) => sitePeers.has(r.sourcePeer) || staticKeys.has(r.network));
  });
}

/** S2S prefixes identical to, or more specific than, ER prefixes learned from the circuit (not from the VPN gateway). */
function compare(erLearned: readonly GatewayRoute[], s2s: readonly GatewayRoute[], vpnAddresses: ReadonlySet<string>): { identical: (string | number)[][]; specific: (string | number)[][] } | undefined {
  return derivedFrom([erLearned, s2s], `compare|${[...vpnAddresses].join(',')}`, () => {
    const erById = new PrefixMap<GatewayRoute>();
    for (const r of erLearned) {
      if (r.origin === 'Network' || vpnAddresses.has(r.sourcePeer)) continue;
      erById.setIfAbsent(r.network, r);
    }
    if (erById.size === 0) return undefined;
    const identical: (string | number)[][] = [];
    const specific: (string | number)[][] = [];
    const seen = new PrefixMap<true>();
    for (const r of s2s) {
      if (seen.has(r.network) || !seen.setIfAbsent(r.network, true)) continue;
      const same = erById.get(r.network);
      if (same) {
        identical.push([r.network, same.sourcePeer, same.asPath, r.sourcePeer, r.asPath]);
        continue;
      }
      const sup = erById.covering(r.network);
      if (sup) specific.push([r.network, r.sourcePeer, sup.network, sup.sourcePeer]);
    }
    return { identical, specific };
  });
}

export const erVsS2sPrefixes: DiagnosticRule = {
  id: ER_S2S_IDENTICAL,
  description: 'A prefix learned over both ExpressRoute and S2S (ER wins), or an S2S prefix more specific than an ER one (S2S wins).',
  run(index) {
    const findings: Finding[] = [];
    for (const vnet of index.vnets()) {
      const gws = index.gatewaysInVnet(vnet.id);
      for (const er of gws.filter((g) => g.gateway.gatewayType === 'ExpressRoute')) {
        if (!er.learnedRoutes) continue;
        for (const vpn of gws.filter((g) => g.gateway.gatewayType === 'Vpn')) {
          if (!vpn.learnedRoutes) continue;
          // ER routes from the circuit only: what the ER gateway learned from the VPN gateway is S2S data.
          const compared = compare(er.learnedRoutes, s2sRoutes(index, vpn), new Set(gatewayBgpAddresses(vpn.gateway)));
          if (!compared) continue;
          const { identical, specific } = compared;
          const resources = [er.gateway.id, vpn.gateway.id];
          if (identical.length > 0) {
            findings.push({
              id: findingId(ER_S2S_IDENTICAL, resources),
              ruleId: ER_S2S_IDENTICAL,
              severity: 'info',
              resources,
              title: `${identical.length} prefix(es) learned over both ExpressRoute and S2S VPN: ExpressRoute wins`,
              explanation: `For identical prefixes Azure prefers ExpressRoute over S2S VPN, so the S2S path via ${vpn.gateway.name} is a backup for these prefixes only.`,
              evidence: [{ title: 'Identical prefixes', columns: ['prefix', 'ER sourcePeer', 'ER asPath', 'S2S sourcePeer', 'S2S asPath'], rows: identical }],
              actions: [{ label: 'Nothing to do if S2S is meant as backup for ExpressRoute.', url: DOCS.coexistence }],
            });
          }
          if (specific.length > 0) {
            findings.push({
              id: findingId(S2S_MORE_SPECIFIC, resources),
              ruleId: S2S_MORE_SPECIFIC,
              severity: 'info',
              resources,
              title: `${specific.length} S2S prefix(es) more specific than ExpressRoute prefixes: traffic to them uses the VPN`,
              explanation: 'Longest prefix match comes before the ER-over-VPN preference, so these destinations go over S2S even while ExpressRoute is up.',
              evidence: [{ title: 'S2S prefixes overriding ER prefixes', columns: ['S2S prefix', 'S2S sourcePeer', 'covering ER prefix', 'ER sourcePeer'], rows: specific }],
              actions: [{ label: 'If ExpressRoute should carry this traffic, advertise the same or longer prefixes over ExpressRoute.', url: DOCS.erOptimizeRouting }],
            });
          }
        }
      }
    }
    return findings;
  },
};
