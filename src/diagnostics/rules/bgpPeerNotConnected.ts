// BGP peers that are not Connected, with the counters that tell "down" from "never came up".
// One finding per gateway and neighbor (the instances' sessions with it are listed together),
// and each says what it is about, so a root cause found by another rule (a reserved ASN, a
// prefix-limit drop, a tunnel or an instance down, a failover) takes it in as a consequence.
// An address mistake is suspected only when nothing else explains a peer stuck Connecting.
import type { BgpPeerStatus, VirtualNetworkGatewayConnection } from '../../model/arm';
import type { GatewaySnapshot } from '../../model/snapshot';
import { DOCS } from '../docs';
import { bgpPeerTable, labSessionTable } from '../evidence';
import { findingId, type EvidenceTable, type RuleFinding } from '../finding';
import { causeKey } from '../rootCause';
import type { DiagnosticRule } from '../rule';
import { resourceName, sameId } from '../../model/armShapes';
import type { SnapshotIndex } from '../snapshotIndex';

export const BGP_PEER_NOT_CONNECTED = 'bgp-peer-not-connected';
export const BGP_PEER_STUCK_CONNECTING = 'bgp-peer-stuck-connecting';

export const bgpPeerNotConnected: DiagnosticRule = {
  id: BGP_PEER_NOT_CONNECTED,
  description: 'A gateway BGP peer is not Connected; stuck Connecting with no message received suggests an address or ASN mistake.',
  run(index) {
    const findings: RuleFinding[] = [];
    // Gateway-to-gateway sessions (ER<->VPN in coexistence) are seen from both ends and per
    // instance pair: one finding per gateway pair instead of up to eight.
    const pairs = new Map<string, { a: GatewaySnapshot; b: GatewaySnapshot; rows: Map<GatewaySnapshot, BgpPeerStatus[]> }>();
    for (const g of index.snapshot.gateways) {
      const byNeighbor = new Map<string, BgpPeerStatus[]>();
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
        const k = p.neighbor.trim();
        byNeighbor.set(k, [...(byNeighbor.get(k) ?? []), p]);
      }
      for (const rows of byNeighbor.values()) findings.push(...peerFindings(index, g, rows));
    }
    for (const pair of pairs.values()) findings.push(pairFinding(index, pair.a, pair.b, pair.rows));
    return findings;
  },
};

/** ER gateway first: in coexistence it is the side that matters (it plumbs the routes). */
function pairOrder(x: GatewaySnapshot, y: GatewaySnapshot): [GatewaySnapshot, GatewaySnapshot] {
  const rank = (g: GatewaySnapshot) => (g.gateway.gatewayType === 'ExpressRoute' ? 0 : 1);
  if (rank(x) !== rank(y)) return rank(x) < rank(y) ? [x, y] : [y, x];
  return x.gateway.id < y.gateway.id ? [x, y] : [y, x];
}

function pairFinding(index: SnapshotIndex, a: GatewaySnapshot, b: GatewaySnapshot, rows: Map<GatewaySnapshot, BgpPeerStatus[]>): RuleFinding {
  const resources = [a.gateway.id, b.gateway.id];
  const all = [...rows.values()].flat();
  // What explains every row explains the finding: the pair itself, or an instance at one end of them all.
  const about = [causeKey.gatewayPair(a.gateway.id, b.gateway.id), ...common([...rows].flatMap(([g, ps]) => ps.map((p) => rowCauses(index, g, p))))];
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
    about,
  };
}

/** The keys every one of these sets holds. */
function common(sets: string[][]): string[] {
  const [first, ...rest] = sets;
  return (first ?? []).filter((k) => rest.every((r) => r.includes(k)));
}

/** How long after a tunnel comes up a BGP session may still be opening (the connect retry is 30 s). */
export const BGP_SETTLE_SECONDS = 60;

/** The connection of a gateway to the site owning a BGP address. */
function siteConnection(index: SnapshotIndex, gatewayId: string, siteId: string): VirtualNetworkGatewayConnection | undefined {
  return index.connectionsOfGateway(gatewayId).find((c) => c.localNetworkGateway2 && sameId(c.localNetworkGateway2.id, siteId));
}

/** Why a tunnel explains a site peer that is not up: it is down, or came up too recently for BGP. */
function tunnelReason(index: SnapshotIndex, conn: VirtualNetworkGatewayConnection | undefined): string | undefined {
  if (!conn) return undefined;
  if (conn.connectionStatus !== 'Connected') return `connection ${resourceName(conn.id)} is ${conn.connectionStatus}`;
  const takenAt = Date.parse(index.snapshot.takenAt);
  const ages = (conn.tunnelConnectionStatus ?? [])
    .map((t) => (takenAt - Date.parse(t.lastConnectionEstablishedUtcTime)) / 1000)
    .filter((age) => Number.isFinite(age) && age >= 0 && age < BGP_SETTLE_SECONDS);
  return ages.length > 0 ? `a tunnel of ${resourceName(conn.id)} came up ${Math.round(Math.min(...ages))} s ago` : undefined;
}

/** Lab: a failover of this gateway in progress or just done, which explains sessions still coming up. */
function failoverReason(index: SnapshotIndex, g: GatewaySnapshot): string | undefined {
  const lab = index.snapshot.lab;
  if (!lab) return undefined;
  const f = lab.failovers.find(
    (x) => (x.gateway === g.gateway.name || sameId(x.gateway, g.gateway.id)) && (x.trafficRestoredAt === null || lab.timeSeconds - x.trafficRestoredAt < BGP_SETTLE_SECONDS),
  );
  return f ? `failover of ${g.gateway.name} ${f.trafficRestoredAt === null ? 'in progress' : `done ${Math.round(lab.timeSeconds - f.trafficRestoredAt)} s ago`}` : undefined;
}

/** The facts one peer row is about (causeKey), any of which another finding may explain. */
function rowCauses(index: SnapshotIndex, g: GatewaySnapshot, p: BgpPeerStatus): string[] {
  const keys = [causeKey.bgpPeer(g.gateway.id, p.neighbor), causeKey.bgpEndpoint(p.localAddress), causeKey.bgpEndpoint(p.neighbor), causeKey.gatewayBgp(g.gateway.id)];
  const other = index.gatewayByBgpAddress(p.neighbor);
  if (other && other !== g) keys.push(causeKey.gatewayBgp(other.gateway.id));
  const site = index.siteByBgpAddress(p.neighbor);
  if (site) {
    keys.push(causeKey.site(site.id));
    const conn = siteConnection(index, g.gateway.id, site.id);
    if (conn && tunnelReason(index, conn)) keys.push(causeKey.tunnel(conn.id));
  }
  if (failoverReason(index, g)) keys.push(causeKey.failover(g.gateway.id));
  return keys;
}

/** The instances' rows with one neighbor: one finding for those stuck Connecting, one for the rest. */
function peerFindings(index: SnapshotIndex, g: GatewaySnapshot, rows: BgpPeerStatus[]): RuleFinding[] {
  const gatewayName = g.gateway.name;
  const neighbor = rows[0]!.neighbor;
  const site = index.siteByBgpAddress(neighbor);
  const otherGw = index.gatewayByBgpAddress(neighbor);
  const neighborLabel = site ? `site ${site.name}` : otherGw ? `gateway ${otherGw.gateway.name}` : `neighbor ${neighbor}`;
  const resources = [g.gateway.id, ...(site ? [site.id] : otherGw ? [otherGw.gateway.id] : [])];
  const configuredAsn = site?.bgpSettings?.asn ?? otherGw?.gateway.bgpSettings?.asn;
  // A tunnel down or just up, or a failover under way, explains a session that is not up yet:
  // no misconfiguration is suspected then.
  const lab = index.snapshot.lab;
  const explained =
    (site ? tunnelReason(index, siteConnection(index, g.gateway.id, site.id)) : undefined) ??
    failoverReason(index, g) ??
    // Lab only: every session opens after the lab starts.
    (lab && lab.timeSeconds < BGP_SETTLE_SECONDS ? `the lab started ${Math.round(lab.timeSeconds)} s ago` : undefined);
  const isStuck = (p: BgpPeerStatus): boolean => {
    const asnMismatch = configuredAsn !== undefined && configuredAsn !== p.asn;
    return p.state === 'Connecting' && (asnMismatch || (p.messagesReceived === 0 && explained === undefined));
  };
  const stuck = rows.filter(isStuck);
  const rest = rows.filter((p) => !isStuck(p));
  const out: RuleFinding[] = [];
  for (const group of [stuck, rest]) {
    if (group.length === 0) continue;
    const asnMismatch = group.some((p) => configuredAsn !== undefined && configuredAsn !== p.asn);
    const evidence: EvidenceTable[] = [bgpPeerTable(`${gatewayName} BGP peer ${neighbor}${group.length > 1 ? ` (${group.length} instances)` : ''}`, group)];
    if (asnMismatch) {
      evidence.push({
        title: 'ASN configured for the neighbor vs ASN the gateway peers with',
        columns: ['neighbor', 'configured on', 'configured asn', 'peer asn'],
        rows: [...new Set(group.map((p) => p.asn))].filter((asn) => asn !== configuredAsn).map((asn) => [neighbor, site ? site.name : resourceName(otherGw!.gateway.id), configuredAsn!, asn]),
      });
    }
    const labRows = group.map((p) => index.labSession(g.gateway.id, p.localAddress, p.neighbor)).filter((l) => l !== undefined && l.lastError !== '');
    if (labRows.length > 0) evidence.push(labSessionTable(labRows.map((l) => l!)));
    const errors = [...new Set(labRows.map((l) => l!.lastError))];
    const reason = errors.length > 0 ? ` Last error: ${errors.join('; ')}.` : '';
    // ARM (and the lab) report a connected time only while a session is up, so a down peer's
    // outage length is not in the data; say so rather than guess "never connected".
    const p0 = group[0]!;
    const since = group.length === 1 && p0.connectedDuration ? `last reported connectedDuration ${p0.connectedDuration}` : 'no connected time reported: down now, for an unknown time';
    const counters = group.map((p) => `${p.messagesSent} messages sent, ${p.messagesReceived} received`).join('; ');
    const from = group.length > 1 ? `${gatewayName} (instances ${group.map((p) => p.localAddress).join(', ')})` : `${gatewayName} (${p0.localAddress})`;
    const on = group.length > 1 ? ` on ${group.length} instances (${group.map((p) => p.localAddress).join(', ')})` : '';
    const about = common(group.map((p) => rowCauses(index, g, p)));
    if (group === stuck) {
      out.push({
        id: findingId(BGP_PEER_STUCK_CONNECTING, resources, neighbor),
        ruleId: BGP_PEER_STUCK_CONNECTING,
        severity: 'warning',
        resources,
        title: `BGP peer ${neighbor} of ${gatewayName} stuck Connecting${on} (${asnMismatch ? 'ASN' : 'address'} misconfiguration suspected)`,
        explanation:
          `${from} keeps trying to open a BGP session with ${neighborLabel} (${counters}; ${since}). ` +
          (asnMismatch
            ? `The ASN it expects (${group.map((p) => p.asn).join(', ')}) differs from the one configured for the neighbor (${configuredAsn}), so the OPEN is refused.`
            : 'Nothing was ever received from the neighbor, and no tunnel outage or failover explains it: the BGP peer address is likely wrong, not reachable through the tunnel, or not covered by the local network gateway.') +
          reason,
        evidence,
        actions: [
          { label: 'Check the BGP peer IP and ASN on the local network gateway against the on-premises device.', url: DOCS.vpnBgpOverview },
          { label: 'The on-premises BGP peer address must be reachable over the tunnel (add it as a /32 to the local network gateway when needed).', url: DOCS.vpnFaqBgp },
        ],
        about,
      });
      continue;
    }
    const states = [...new Set(group.map((p) => p.state))].join('/');
    out.push({
      id: findingId(BGP_PEER_NOT_CONNECTED, resources, neighbor),
      ruleId: BGP_PEER_NOT_CONNECTED,
      severity: 'warning',
      resources,
      title: `BGP peer ${neighbor} of ${gatewayName} is ${states}${on}`,
      explanation:
        `The session between ${from} and ${neighborLabel} is ${states} (${since}; ${counters}). ` +
        (explained ? `It is explained by the moment: ${explained}; BGP comes up once the path is back. ` : '') +
        'Routes learned over it are withdrawn after the hold time (180 s), so prefixes behind this neighbor are unreachable through it.' +
        reason,
      evidence,
      actions: [
        { label: 'Check the BGP peer status and learned routes of the gateway.', url: DOCS.bgpDiagnostics },
        { label: 'Check the neighbor: BGP timers, ASN and whether it exceeded the prefix limit.', url: DOCS.vpnFaqBgp },
      ],
      about,
    });
  }
  return out;
}
