// BGP peers that are not Connected, with the counters that tell "down" from "never came up".
import type { BgpPeerStatus } from '../../model/arm';
import type { GatewaySnapshot } from '../../model/snapshot';
import { DOCS } from '../docs';
import { bgpPeerTable, labSessionTable } from '../evidence';
import { findingId, type EvidenceTable, type Finding } from '../finding';
import type { DiagnosticRule } from '../rule';
import { resourceName } from '../snapshotIndex';

export const BGP_PEER_NOT_CONNECTED = 'bgp-peer-not-connected';
export const BGP_PEER_STUCK_CONNECTING = 'bgp-peer-stuck-connecting';

export const bgpPeerNotConnected: DiagnosticRule = {
  id: BGP_PEER_NOT_CONNECTED,
  description: 'A gateway BGP peer is not Connected; stuck Connecting with no message received suggests an address or ASN mistake.',
  run(index) {
    const findings: Finding[] = [];
    // Gateway-to-gateway sessions (ER<->VPN in coexistence) are seen from both ends and per
    // instance pair: one finding per gateway pair instead of up to eight.
    const pairs = new Map<string, { a: GatewaySnapshot; b: GatewaySnapshot; rows: Map<GatewaySnapshot, BgpPeerStatus[]> }>();
    for (const g of index.snapshot.gateways) {
      for (const p of g.bgpPeers ?? []) {
        if (p.state === 'Connected') continue;
        const other = index.gatewayByBgpAddress(p.neighbor);
        if (other && other !== g) {
          const [a, b] = pairOrder(g, other);
          const key = `${a.gateway.id}|${b.gateway.id}`;
          const pair = pairs.get(key) ?? { a, b, rows: new Map() };
          pair.rows.set(g, [...(pair.rows.get(g) ?? []), p]);
          pairs.set(key, pair);
          continue;
        }
        findings.push(peerFinding(index, g.gateway.id, g.gateway.name, p));
      }
    }
    for (const pair of pairs.values()) findings.push(pairFinding(pair.a, pair.b, pair.rows));
    return findings;
  },
};

/** ER gateway first: in coexistence it is the side that matters (it plumbs the routes). */
function pairOrder(x: GatewaySnapshot, y: GatewaySnapshot): [GatewaySnapshot, GatewaySnapshot] {
  const rank = (g: GatewaySnapshot) => (g.gateway.gatewayType === 'ExpressRoute' ? 0 : 1);
  if (rank(x) !== rank(y)) return rank(x) < rank(y) ? [x, y] : [y, x];
  return x.gateway.id < y.gateway.id ? [x, y] : [y, x];
}

function pairFinding(a: GatewaySnapshot, b: GatewaySnapshot, rows: Map<GatewaySnapshot, BgpPeerStatus[]>): Finding {
  const resources = [a.gateway.id, b.gateway.id];
  const all = [...rows.values()].flat();
  const states = [...new Set(all.map((p) => p.state))].join('/');
  const coex = a.gateway.gatewayType !== b.gateway.gatewayType;
  return {
    id: findingId(BGP_PEER_NOT_CONNECTED, resources),
    ruleId: BGP_PEER_NOT_CONNECTED,
    severity: 'warning',
    resources,
    title: `BGP between ${a.gateway.name} and ${b.gateway.name}: ${all.length} peer session(s) ${states}`,
    explanation:
      `The gateways' BGP sessions with each other are not Connected (${all.map((p) => `${p.localAddress} -> ${p.neighbor}`).join(', ')}). ` +
      (coex
        ? 'In coexistence these sessions carry the on-premises routes from the VPN gateway to the ExpressRoute gateway; both gateways must be able to communicate via BGP.'
        : 'Routes exchanged between the gateways are withdrawn after the hold time (180 s).'),
    evidence: [a, b].filter((g) => rows.has(g)).map((g) => bgpPeerTable(`${g.gateway.name} BGP peers towards ${g === a ? b.gateway.name : a.gateway.name} that are not Connected`, rows.get(g)!)),
    actions: [
      ...(coex ? [{ label: 'Check for a user route on GatewaySubnet that covers the gateway subnet: it breaks BGP between the gateways.', url: DOCS.coexistence }] : []),
      { label: 'Check the BGP peer status of both gateways.', url: DOCS.bgpDiagnostics },
    ],
  };
}

function peerFinding(index: Parameters<DiagnosticRule['run']>[0], gatewayId: string, gatewayName: string, p: BgpPeerStatus): Finding {
  const site = index.siteByBgpAddress(p.neighbor);
  const otherGw = index.gatewayByBgpAddress(p.neighbor);
  const neighborLabel = site ? `site ${site.name}` : otherGw ? `gateway ${otherGw.gateway.name}` : `neighbor ${p.neighbor}`;
  const resources = [gatewayId, ...(site ? [site.id] : otherGw ? [otherGw.gateway.id] : [])];
  const evidence: EvidenceTable[] = [bgpPeerTable(`${gatewayName} BGP peer ${p.neighbor}`, [p])];
  const configuredAsn = site?.bgpSettings?.asn ?? otherGw?.gateway.bgpSettings?.asn;
  const asnMismatch = configuredAsn !== undefined && configuredAsn !== p.asn;
  if (asnMismatch) {
    evidence.push({
      title: 'ASN configured for the neighbor vs ASN the gateway peers with',
      columns: ['neighbor', 'configured on', 'configured asn', 'peer asn'],
      rows: [[p.neighbor, site ? site.name : resourceName(otherGw!.gateway.id), configuredAsn, p.asn]],
    });
  }
  const lab = index.labSession(gatewayId, p.localAddress, p.neighbor);
  if (lab && lab.lastError) evidence.push(labSessionTable([lab]));
  const reason = lab && lab.lastError ? ` Last error: ${lab.lastError}.` : '';
  const stuck = p.state === 'Connecting' && (p.messagesReceived === 0 || asnMismatch);
  // ARM (and the lab) report a connected time only while a session is up, so a down peer's
  // outage length is not in the data; say so rather than guess "never connected".
  const since = p.connectedDuration ? `last reported connectedDuration ${p.connectedDuration}` : 'no connected time reported: down now, for an unknown time';
  const counters = `${p.messagesSent} messages sent, ${p.messagesReceived} received`;
  if (stuck) {
    return {
      id: findingId(BGP_PEER_STUCK_CONNECTING, resources, `${p.localAddress}>${p.neighbor}`),
      ruleId: BGP_PEER_STUCK_CONNECTING,
      severity: 'warning',
      resources,
      title: `BGP peer ${p.neighbor} of ${gatewayName} stuck Connecting (${asnMismatch ? 'ASN' : 'address'} misconfiguration suspected)`,
      explanation:
        `${gatewayName} keeps trying to open a BGP session with ${neighborLabel} (${counters}; ${since}). ` +
        (asnMismatch
          ? `The ASN it expects (${p.asn}) differs from the one configured for the neighbor (${configuredAsn}), so the OPEN is refused.`
          : 'Nothing was ever received from the neighbor: the BGP peer address is likely wrong, not reachable through the tunnel, or not covered by the local network gateway.') +
        reason,
      evidence,
      actions: [
        { label: 'Check the BGP peer IP and ASN on the local network gateway against the on-premises device.', url: DOCS.vpnBgpOverview },
        { label: 'The on-premises BGP peer address must be reachable over the tunnel (add it as a /32 to the local network gateway when needed).', url: DOCS.vpnFaqBgp },
      ],
    };
  }
  return {
    id: findingId(BGP_PEER_NOT_CONNECTED, resources, `${p.localAddress}>${p.neighbor}`),
    ruleId: BGP_PEER_NOT_CONNECTED,
    severity: 'warning',
    resources,
    title: `BGP peer ${p.neighbor} of ${gatewayName} is ${p.state}`,
    explanation:
      `The session between ${gatewayName} (${p.localAddress}) and ${neighborLabel} is ${p.state} (${since}; ${counters}). ` +
      'Routes learned over it are withdrawn after the hold time (180 s), so prefixes behind this neighbor are unreachable through it.' +
      reason,
    evidence,
    actions: [
      { label: 'Check the BGP peer status and learned routes of the gateway.', url: DOCS.bgpDiagnostics },
      { label: 'Check the neighbor: BGP timers, ASN and whether it exceeded the prefix limit.', url: DOCS.vpnFaqBgp },
    ],
  };
}
