// What is known about ExpressRoute connections: ARM reports their connectionStatus as Unknown (it
// has none for them), so "0/1 connected" would call a healthy connection down. What tells is the
// ER gateway's BGP sessions with the Microsoft edge routers (MSEE, ASN 12076) of its circuits.
import type { BgpPeerStatus, VirtualNetworkGatewayConnection } from './arm';
import { parseResourceId } from './resourceIds';

/** The ASN of the Microsoft edge routers (MSEE) of every ExpressRoute circuit's private peering. */
export const MICROSOFT_EDGE_ASN = 12076;

export interface CircuitBgp {
  /** Sessions with the circuits' edge routers that are Connected. */
  up: number;
  total: number;
  /** Names of the circuits the connections reach. */
  circuits: string[];
}

/** An ExpressRoute connection whose ARM status says nothing. */
export function statusNotReported(c: Pick<VirtualNetworkGatewayConnection, 'connectionType' | 'connectionStatus'>): boolean {
  return c.connectionType === 'ExpressRoute' && c.connectionStatus === 'Unknown';
}

/**
 * The BGP sessions of an ExpressRoute gateway with its circuits' edge routers, for its
 * ExpressRoute connections; undefined when the gateway's BGP peers are not known (not loaded yet).
 */
export function circuitBgp(connections: readonly VirtualNetworkGatewayConnection[], gatewayPeers: readonly BgpPeerStatus[] | undefined): CircuitBgp | undefined {
  if (!gatewayPeers) return undefined;
  const sessions = gatewayPeers.filter((p) => p.asn === MICROSOFT_EDGE_ASN);
  const circuits = [
    ...new Set(
      connections
        .filter((c) => c.connectionType === 'ExpressRoute' && c.peer)
        .map((c) => parseResourceId(c.peer!.id)?.name ?? c.peer!.id),
    ),
  ];
  return { up: sessions.filter((p) => p.state === 'Connected').length, total: sessions.length, circuits };
}

/** "BGP 2/2 up to circuit er-circuit". */
export function circuitBgpText(b: CircuitBgp): string {
  const to = b.circuits.length === 1 ? `circuit ${b.circuits[0]}` : b.circuits.length > 1 ? `circuits ${b.circuits.join(', ')}` : 'the circuit';
  return `BGP ${b.up}/${b.total} up to ${to}`;
}

/**
 * One line for the connections of one gateway: "1/1 connected" for those with a status, and what
 * the BGP sessions say for ExpressRoute connections without one ("BGP 2/2 up to circuit X"), or
 * "status not reported" while the gateway's BGP peers are unknown.
 */
export function connectionsSummary(connections: readonly VirtualNetworkGatewayConnection[], gatewayPeers: readonly BgpPeerStatus[] | undefined): string {
  const unreported = connections.filter(statusNotReported);
  const reported = connections.filter((c) => !statusNotReported(c));
  const parts: string[] = [];
  if (reported.length > 0 || unreported.length === 0) {
    parts.push(`${reported.filter((c) => c.connectionStatus === 'Connected').length}/${reported.length} connected`);
  }
  if (unreported.length > 0) {
    const bgp = circuitBgp(unreported, gatewayPeers);
    parts.push(bgp && bgp.total > 0 ? circuitBgpText(bgp) : `${unreported.length} ExpressRoute: status not reported`);
  }
  return parts.join(' · ');
}
