// The fault that costs support engineers the most time: in a VNet with both an ER and a VPN
// gateway, the S2S tunnel is Connected and the VPN gateway has the site's prefixes, but the
// ER gateway (which, in Gateway Lens's model, is the only one plumbing learned routes into the
// VNet) does not, because its BGP sessions towards the VPN gateway instances are down.
import type { EffectiveRoute, GatewayRoute, LocalNetworkGateway, VirtualNetwork, VirtualNetworkGatewayConnection } from '../../model/arm';
import type { GatewaySnapshot } from '../../model/snapshot';
import { DOCS } from '../docs';
import { bgpPeerTable, routeTable, udrTable, unknownDataTable } from '../evidence';
import { findingId, type EvidenceTable, type FindingAction, type RuleFinding } from '../finding';
import { causeKey } from '../rootCause';
import { prefixContains, tryParsePrefix, PrefixMap } from '../../model/prefix';
import type { DiagnosticRule } from '../rule';
import { gatewayBgpAddresses, resourceName, sameId, siteBgpAddress } from '../../model/armShapes';
import { type SnapshotIndex } from '../snapshotIndex';
import { derivedFrom } from '../derived';

export const COEXISTENCE_BGP_BREAK = 'coexistence-bgp-break';

export const MODEL_NOTE =
  "Gateway Lens's model: only the ExpressRoute gateway plumbs learned routes into the VNet, so on-premises " +
  'prefixes that the ER gateway does not learn from the VPN gateway vanish from the VMs\' routes. Public ' +
  'documentation states only that both gateways must be able to communicate via BGP.';

/** Sites missing from a partial export: known by id only, with their routes told by origin. */
const unknownSites = new WeakSet<LocalNetworkGateway>();
function unknownSite(id: string): LocalNetworkGateway {
  const site: LocalNetworkGateway = { id, name: resourceName(id), location: '', gatewayIpAddress: '', localNetworkAddressSpace: { addressPrefixes: [] } };
  unknownSites.add(site);
  return site;
}

/** The VPN gateway's learned routes that came from this site (BGP from its peer address, or its static prefixes). */
function siteRoutes(index: SnapshotIndex, vpn: GatewaySnapshot, site: LocalNetworkGateway): GatewayRoute[] {
  if (unknownSites.has(site)) {
    // Without the site's settings, every eBGP route from a non-Azure peer counts as on-premises.
    return (vpn.learnedRoutes ?? []).filter((r) => r.origin === 'EBgp' && !index.gatewayByBgpAddress(r.sourcePeer));
  }
  const peer = siteBgpAddress(site);
  const learned = vpn.learnedRoutes ?? [];
  return derivedFrom([learned], `site routes|${peer ?? ''}|${site.localNetworkAddressSpace.addressPrefixes.join(',')}`, () => {
    const staticKeys = new PrefixMap<true>();
    for (const t of site.localNetworkAddressSpace.addressPrefixes) staticKeys.setIfAbsent(t, true);
    return learned.filter((r) => (peer !== undefined && r.sourcePeer === peer) || staticKeys.has(r.network));
  });
}

/** Prefixes of routes, built once per frozen array (several connections, and every tick of a running lab, share them). */
function prefixSet(routes: readonly GatewayRoute[]): PrefixMap<true> {
  return derivedFrom([routes], 'prefix set', () => {
    const m = new PrefixMap<true>();
    for (const r of routes) m.setIfAbsent(r.network, true);
    return m;
  });
}

/** The Active prefixes of effective routes, built once per frozen table. */
function activePrefixes(routes: readonly EffectiveRoute[]): PrefixMap<true> {
  return derivedFrom([routes], 'active prefixes', () => {
    const m = new PrefixMap<true>();
    for (const e of routes) if (e.state === 'Active') for (const p of e.addressPrefix) m.setIfAbsent(p, true);
    return m;
  });
}

function effectiveRoutesOf(index: SnapshotIndex, vnetId: string): EffectiveRoute[] | undefined {
  const all = index.snapshot.effectiveRoutes;
  if (!all) return undefined;
  const key = Object.keys(all).find((k) => sameId(k, vnetId));
  return key === undefined ? undefined : all[key];
}

/** UDRs on GatewaySubnet whose prefix covers the gateway subnet itself: the documented trigger. */
function coveringGatewaySubnetUdrs(index: SnapshotIndex, vnet: VirtualNetwork) {
  const subnet = index.gatewaySubnet(vnet);
  const sp = subnet ? tryParsePrefix(subnet.addressPrefix, { maskHostBits: true }) : undefined;
  if (!subnet || !sp) return undefined;
  const routes = (subnet.routes ?? []).filter((r) => {
    const rp = tryParsePrefix(r.addressPrefix, { maskHostBits: true });
    return rp !== undefined && prefixContains(rp, sp) && r.nextHopType !== 'VirtualNetworkGateway';
  });
  return routes.length > 0 ? { subnet, routes } : undefined;
}

function checkConnection(
  index: SnapshotIndex,
  vnet: VirtualNetwork,
  er: GatewaySnapshot,
  vpn: GatewaySnapshot,
  conn: VirtualNetworkGatewayConnection,
  site: LocalNetworkGateway,
): RuleFinding | undefined {
  const resources = [er.gateway.id, vpn.gateway.id, conn.id, site.id];
  const unknown: { resource: string; field: string }[] = [];
  if (!vpn.learnedRoutes) unknown.push({ resource: vpn.gateway.id, field: 'learnedRoutes' });
  if (!er.learnedRoutes) unknown.push({ resource: er.gateway.id, field: 'learnedRoutes' });
  if (unknown.length > 0) {
    return {
      id: findingId(COEXISTENCE_BGP_BREAK, resources, 'unknown'),
      ruleId: COEXISTENCE_BGP_BREAK,
      severity: 'info',
      resources,
      title: `Coexistence route exchange for ${resourceName(conn.id)} not checked: learned routes not fetched`,
      explanation:
        `VNet ${vnet.name} has both an ExpressRoute and a VPN gateway. Whether the ER gateway learns the ` +
        `prefixes of site ${site.name} from the VPN gateway cannot be told without both gateways' learned routes.`,
      evidence: [unknownDataTable(unknown)],
      actions: [{ label: 'Fetch learned routes of both gateways, then diagnose again.', url: DOCS.bgpDiagnostics }],
    };
  }
  const fromSite = siteRoutes(index, vpn, site);
  if (fromSite.length === 0) return undefined;
  const erLearned = er.learnedRoutes ?? [];
  const notOnEr = derivedFrom([fromSite, erLearned], 'not on ER', () => {
    const erKeys = prefixSet(erLearned);
    return fromSite.filter((r) => !erKeys.has(r.network));
  });
  if (notOnEr.length === 0) return undefined;
  // Where the VNet's effective routes are known, a prefix they still carry (a user route, say)
  // is reachable from the VMs: only prefixes missing from both count.
  const eff = effectiveRoutesOf(index, vnet.id);
  const effKeys = eff ? activePrefixes(eff) : undefined;
  const missingRows = eff && effKeys ? derivedFrom([notOnEr, eff], 'not effective', () => notOnEr.filter((r) => !effKeys.has(r.network))) : notOnEr;
  if (missingRows.length === 0) return undefined;

  const vpnAddresses = new Set(gatewayBgpAddresses(vpn.gateway));
  const towardsVpn = er.bgpPeers?.filter((p) => vpnAddresses.has(p.neighbor.trim()));
  const down = towardsVpn?.filter((p) => p.state !== 'Connected');
  // All sessions towards the VPN gateway are up: the prefixes are missing for another reason.
  if (towardsVpn && towardsVpn.length > 0 && down && down.length === 0) return undefined;

  const missing: string[] = [];
  const seen = new PrefixMap<true>();
  for (const r of missingRows) {
    if (!seen.has(r.network)) {
      seen.setIfAbsent(r.network, true);
      missing.push(r.network);
    }
  }
  const evidence: EvidenceTable[] = [
    {
      title: 'On-premises prefixes missing from the ER gateway',
      columns: ['prefix', `in ${vpn.gateway.name} learned routes`, `in ${er.gateway.name} learned routes`, 'in VNet effective routes'],
      rows: missing.map((p) => [p, true, false, effKeys ? false : 'unknown']),
    },
    routeTable(`${vpn.gateway.name} learned routes from site ${site.name} (missing on ${er.gateway.name})`, missingRows),
  ];
  if (down && down.length > 0) {
    evidence.push(bgpPeerTable(`${er.gateway.name} BGP peers towards ${vpn.gateway.name} that are not Connected`, down));
  } else if (towardsVpn) {
    evidence.push({
      title: `${er.gateway.name} has no BGP peer towards ${vpn.gateway.name}`,
      columns: [`expected neighbor (${vpn.gateway.name} BGP address)`, 'present in ER BGP peers'],
      rows: [...vpnAddresses].map((a) => [a, false]),
    });
  } else {
    evidence.push(unknownDataTable([{ resource: er.gateway.id, field: 'bgpPeers' }]));
  }
  const udrs = coveringGatewaySubnetUdrs(index, vnet);
  if (udrs) evidence.push(udrTable('User routes on GatewaySubnet covering the gateway subnet itself', udrs.subnet.name, udrs.routes));

  const actions: FindingAction[] = [
    {
      label: `Look at ${er.gateway.name}, not the tunnel: check its BGP peers towards ${vpn.gateway.name} (${[...vpnAddresses].join(', ')}).`,
      url: DOCS.coexistence,
    },
  ];
  if (udrs) {
    actions.push({
      label: `Remove or narrow the user route(s) ${udrs.routes.map((r) => r.name).join(', ')} on GatewaySubnet: a UDR covering the gateway subnet breaks BGP between the gateways.`,
      url: DOCS.coexistence,
    });
  }
  actions.push({ label: "Compare the VMs' effective routes with the ER gateway's learned routes.", url: DOCS.effectiveRoutes });

  const peersKnown = down !== undefined;
  const inVnet = effKeys ? " and from the VNet's effective routes" : '';
  return {
    id: findingId(COEXISTENCE_BGP_BREAK, resources),
    ruleId: COEXISTENCE_BGP_BREAK,
    severity: peersKnown ? 'error' : 'warning',
    resources,
    title: `ER gateway ${er.gateway.name} lacks ${missing.length} prefix(es) of S2S site ${site.name}: BGP between ${er.gateway.name} and ${vpn.gateway.name} is ${peersKnown ? 'down' : 'not confirmed'}`,
    explanation:
      `S2S connection ${resourceName(conn.id)} is Connected and ${vpn.gateway.name} learned ${missing.join(', ')} from ` +
      `site ${site.name}, but ${er.gateway.name} did not (missing from its learned routes${inVnet}). ` +
      (peersKnown
        ? `Its BGP session(s) towards ${vpn.gateway.name}'s instances are not Connected, so the routes never reach it. `
        : `Its BGP peers were not fetched, so the session state is unconfirmed. `) +
      `S2S traffic from the VNet to these prefixes fails although the tunnel looks healthy.` +
      (udrs ? ` A user route on GatewaySubnet covers the gateway subnet itself, the documented trigger of this break.` : '') +
      (unknownSites.has(site) ? ` (Site ${site.name} is not in the snapshot: all eBGP routes of ${vpn.gateway.name} from on-premises peers were attributed to it.)` : '') +
      (index.isPlaceholder(vnet) ? ` (VNet ${vnet.name} is not in the snapshot: its GatewaySubnet user routes were not checked.)` : ''),
    evidence,
    actions,
    modelNote: MODEL_NOTE,
    // The sessions between the two gateways being down is this finding, not another one.
    explains: [causeKey.gatewayPair(er.gateway.id, vpn.gateway.id)],
  };
}

export const coexistenceBgpBreak: DiagnosticRule = {
  id: COEXISTENCE_BGP_BREAK,
  description: 'S2S Connected, site prefixes learned by the VPN gateway but missing on the ER gateway whose BGP sessions to the VPN gateway are down.',
  run(index) {
    const findings: RuleFinding[] = [];
    for (const vnet of index.vnets()) {
      const gws = index.gatewaysInVnet(vnet.id);
      const ers = gws.filter((g) => g.gateway.gatewayType === 'ExpressRoute');
      const vpns = gws.filter((g) => g.gateway.gatewayType === 'Vpn');
      for (const er of ers) {
        for (const vpn of vpns) {
          for (const conn of index.connectionsOfGateway(vpn.gateway.id)) {
            if (conn.connectionType !== 'IPsec' || conn.connectionStatus !== 'Connected' || !conn.localNetworkGateway2) continue;
            const site = index.localNetworkGateway(conn.localNetworkGateway2.id) ?? unknownSite(conn.localNetworkGateway2.id);
            const f = checkConnection(index, vnet, er, vpn, conn, site);
            if (f) findings.push(f);
          }
        }
      }
    }
    return findings;
  },
};
