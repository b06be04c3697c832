// Evidence table builders with ARM's column names, so a table reads like the portal's.
import type { BgpPeerStatus, GatewayRoute, RouteTableRoute, VirtualNetworkGatewayConnection } from '../model/arm';
import type { LabBgpSessionState } from '../model/snapshot';
import type { EvidenceTable } from './finding';
import { resourceName } from '../model/armShapes';

export function bgpPeerTable(title: string, peers: readonly BgpPeerStatus[]): EvidenceTable {
  return {
    title,
    columns: ['localAddress', 'neighbor', 'asn', 'state', 'connectedDuration', 'routesReceived', 'messagesSent', 'messagesReceived'],
    rows: peers.map((p) => [p.localAddress, p.neighbor, p.asn, p.state, p.connectedDuration, p.routesReceived, p.messagesSent, p.messagesReceived]),
  };
}

export function routeTable(title: string, routes: readonly GatewayRoute[]): EvidenceTable {
  return {
    title,
    columns: ['localAddress', 'network', 'nextHop', 'sourcePeer', 'origin', 'asPath', 'weight'],
    rows: routes.map((r) => [r.localAddress, r.network, r.nextHop, r.sourcePeer, r.origin, r.asPath, r.weight]),
  };
}

export function connectionTable(title: string, conns: readonly VirtualNetworkGatewayConnection[]): EvidenceTable {
  return {
    title,
    columns: ['connection', 'connectionType', 'connectionStatus', 'enableBgp', 'ingressBytesTransferred', 'egressBytesTransferred'],
    rows: conns.map((c) => [resourceName(c.id), c.connectionType, c.connectionStatus, c.enableBgp, c.ingressBytesTransferred, c.egressBytesTransferred]),
  };
}

export function udrTable(title: string, subnetName: string, routes: readonly RouteTableRoute[]): EvidenceTable {
  return {
    title,
    columns: ['subnet', 'route', 'addressPrefix', 'nextHopType', 'nextHopIpAddress'],
    rows: routes.map((r) => [subnetName, r.name, r.addressPrefix, r.nextHopType, r.nextHopIpAddress ?? '']),
  };
}

/** For findings that report data which was not fetched rather than a fault. */
export function unknownDataTable(rows: { resource: string; field: string }[]): EvidenceTable {
  return {
    title: 'Data not available in this snapshot',
    columns: ['resource', 'field', 'status'],
    rows: rows.map((r) => [resourceName(r.resource), r.field, 'not fetched']),
  };
}

/** Lab only: the session's last error, which ARM's peer rows cannot carry. */
export function labSessionTable(sessions: readonly LabBgpSessionState[]): EvidenceTable {
  return {
    title: 'Lab BGP session state',
    columns: ['localAddress', 'neighbor', 'state', 'lastError'],
    rows: sessions.map((s) => [s.localAddress, s.neighbor, s.state, s.lastError]),
  };
}
