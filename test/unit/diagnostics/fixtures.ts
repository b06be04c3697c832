// Fixture builders: a realistic coexistence network (hub VNet with an ER and a VPN gateway,
// one BGP site over S2S, one ER circuit), healthy by default; tests break one thing each.
import type { BgpPeerStatus, GatewayRoute, LocalNetworkGateway, VirtualNetworkGateway, VirtualNetworkGatewayConnection } from '../../../src/model/arm';
import { networkResourceId } from '../../../src/model/resourceIds';
import type { GatewaySnapshot, NetworkSnapshot } from '../../../src/model/snapshot';

export const VNET_ID = networkResourceId('virtualNetworks', 'hub-vnet');
export const GW_SUBNET_ID = `${VNET_ID}/subnets/GatewaySubnet`;
export const VPN_ID = networkResourceId('virtualNetworkGateways', 'vpn-gw');
export const ER_ID = networkResourceId('virtualNetworkGateways', 'er-gw');
export const SITE_ID = networkResourceId('localNetworkGateways', 'site-a');
export const S2S_ID = networkResourceId('connections', 'vpn-gw-to-site-a');
export const ER_CONN_ID = networkResourceId('connections', 'er-gw-to-circuit');
export const VPN_ADDRESSES = ['10.0.255.4', '10.0.255.5'];
export const ER_ADDRESSES = ['10.0.255.12', '10.0.255.13'];
export const MSEE = ['192.168.100.1', '192.168.100.2'];
export const SITE_PEER = '192.168.1.1';
export const SITE_PREFIXES = ['192.168.10.0/24', '192.168.11.0/24'];
export const ER_PREFIXES = ['172.16.0.0/16', '172.17.0.0/16'];

export function peer(localAddress: string, neighbor: string, asn: number, over: Partial<BgpPeerStatus> = {}): BgpPeerStatus {
  return {
    localAddress,
    neighbor,
    asn,
    state: 'Connected',
    connectedDuration: '0.02:13:41.217',
    routesReceived: 2,
    messagesSent: 160,
    messagesReceived: 158,
    ...over,
  };
}

export function route(localAddress: string, network: string, sourcePeer: string, asPath: string, origin: GatewayRoute['origin'] = 'EBgp'): GatewayRoute {
  return { localAddress, network, nextHop: origin === 'Network' ? '' : sourcePeer, sourcePeer, origin, asPath, weight: 32768 };
}

function gateway(id: string, name: string, type: 'Vpn' | 'ExpressRoute', addresses: string[], activeActive: boolean): VirtualNetworkGateway {
  return {
    id,
    name,
    location: 'westeurope',
    gatewayType: type,
    ...(type === 'Vpn' ? { vpnType: 'RouteBased' as const } : {}),
    sku: type === 'Vpn' ? { name: 'VpnGw2AZ', tier: 'VpnGw2AZ' } : { name: 'ErGw1AZ', tier: 'ErGw1AZ' },
    activeActive,
    enableBgp: true,
    bgpSettings: {
      asn: 65515,
      bgpPeeringAddress: addresses.join(','),
      peerWeight: 0,
      bgpPeeringAddresses: addresses.map((a, i) => ({
        ipconfigurationId: `${id}/ipConfigurations/${i === 0 ? 'default' : 'activeActive'}`,
        defaultBgpIpAddresses: [a],
        customBgpIpAddresses: [],
        tunnelIpAddresses: [],
      })),
    },
    ipConfigurations: addresses.map((a, i) => ({
      id: `${id}/ipConfigurations/${i === 0 ? 'default' : 'activeActive'}`,
      name: i === 0 ? 'default' : 'activeActive',
      privateIPAddress: a,
      subnet: { id: GW_SUBNET_ID },
    })),
    provisioningState: 'Succeeded',
  };
}

export function site(over: Partial<LocalNetworkGateway> = {}): LocalNetworkGateway {
  return {
    id: SITE_ID,
    name: 'site-a',
    location: 'westeurope',
    gatewayIpAddress: '203.0.113.10',
    localNetworkAddressSpace: { addressPrefixes: [`${SITE_PEER}/32`] },
    bgpSettings: { asn: 65010, bgpPeeringAddress: SITE_PEER },
    ...over,
  };
}

export function s2sConnection(over: Partial<VirtualNetworkGatewayConnection> = {}): VirtualNetworkGatewayConnection {
  return {
    id: S2S_ID,
    name: 'vpn-gw-to-site-a',
    location: 'westeurope',
    connectionType: 'IPsec',
    connectionStatus: 'Connected',
    tunnelConnectionStatus: [
      { tunnel: 'vpn-gw-to-site-a_IN_0', connectionStatus: 'Connected', ingressBytesTransferred: 1200, egressBytesTransferred: 3400, lastConnectionEstablishedUtcTime: '2026-11-24T09:00:00Z' },
      { tunnel: 'vpn-gw-to-site-a_IN_1', connectionStatus: 'Connected', ingressBytesTransferred: 1100, egressBytesTransferred: 3300, lastConnectionEstablishedUtcTime: '2026-11-24T09:00:00Z' },
    ],
    ingressBytesTransferred: 2300,
    egressBytesTransferred: 6700,
    enableBgp: true,
    virtualNetworkGateway1: { id: VPN_ID },
    localNetworkGateway2: { id: SITE_ID },
    provisioningState: 'Succeeded',
    ...over,
  };
}

function vpnSnapshot(): GatewaySnapshot {
  return {
    gateway: gateway(VPN_ID, 'vpn-gw', 'Vpn', VPN_ADDRESSES, true),
    bgpPeers: [
      ...VPN_ADDRESSES.map((a) => peer(a, SITE_PEER, 65010)),
      ...VPN_ADDRESSES.flatMap((a) => ER_ADDRESSES.map((e) => peer(a, e, 65515, { routesReceived: ER_PREFIXES.length }))),
    ],
    learnedRoutes: [
      ...VPN_ADDRESSES.map((a) => route(a, '10.0.0.0/16', a, '', 'Network')),
      ...VPN_ADDRESSES.flatMap((a) => SITE_PREFIXES.map((p) => route(a, p, SITE_PEER, '65010'))),
      ...VPN_ADDRESSES.flatMap((a) => ER_PREFIXES.map((p) => route(a, p, ER_ADDRESSES[0]!, '12076 65020', 'IBgp'))),
    ],
    advertisedRoutes: {},
  };
}

function erSnapshot(): GatewaySnapshot {
  return {
    gateway: gateway(ER_ID, 'er-gw', 'ExpressRoute', ER_ADDRESSES, false),
    bgpPeers: [
      ...ER_ADDRESSES.flatMap((a) => MSEE.map((m) => peer(a, m, 12076, { routesReceived: ER_PREFIXES.length }))),
      ...ER_ADDRESSES.flatMap((a) => VPN_ADDRESSES.map((v) => peer(a, v, 65515, { routesReceived: SITE_PREFIXES.length }))),
    ],
    learnedRoutes: [
      ...ER_ADDRESSES.map((a) => route(a, '10.0.0.0/16', a, '', 'Network')),
      ...ER_ADDRESSES.flatMap((a) => ER_PREFIXES.map((p) => route(a, p, MSEE[0]!, '12076 65020'))),
      ...ER_ADDRESSES.flatMap((a) => SITE_PREFIXES.map((p) => route(a, p, VPN_ADDRESSES[0]!, '65010', 'IBgp'))),
    ],
    advertisedRoutes: {},
  };
}

/** A healthy coexistence network: nothing above info should fire on it. */
export function coexistenceSnapshot(): NetworkSnapshot {
  return {
    source: 'azure',
    takenAt: '2026-11-24T12:00:00Z',
    gateways: [vpnSnapshot(), erSnapshot()],
    connections: [
      s2sConnection(),
      {
        id: ER_CONN_ID,
        name: 'er-gw-to-circuit',
        location: 'westeurope',
        connectionType: 'ExpressRoute',
        connectionStatus: 'Connected',
        ingressBytesTransferred: 10,
        egressBytesTransferred: 20,
        enableBgp: false,
        virtualNetworkGateway1: { id: ER_ID },
        peer: { id: networkResourceId('expressRouteCircuits', 'circuit-1') },
        provisioningState: 'Succeeded',
      },
    ],
    localNetworkGateways: [site()],
    virtualNetworks: [
      {
        id: VNET_ID,
        name: 'hub-vnet',
        location: 'westeurope',
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          { id: GW_SUBNET_ID, name: 'GatewaySubnet', addressPrefix: '10.0.255.0/27' },
          { id: `${VNET_ID}/subnets/workload`, name: 'workload', addressPrefix: '10.0.1.0/24' },
        ],
      },
    ],
    effectiveRoutes: {
      [VNET_ID]: [
        { source: 'Default', state: 'Active', addressPrefix: ['10.0.0.0/16'], nextHopIpAddress: [], nextHopType: 'VnetLocal' },
        ...[...SITE_PREFIXES, ...ER_PREFIXES].map((p) => ({
          source: 'VirtualNetworkGateway' as const,
          state: 'Active' as const,
          addressPrefix: [p],
          nextHopIpAddress: [ER_ADDRESSES[0]!],
          nextHopType: 'VirtualNetworkGateway' as const,
        })),
      ],
    },
  };
}

export function gw(snap: NetworkSnapshot, id: string): GatewaySnapshot {
  const g = snap.gateways.find((x) => x.gateway.id === id);
  if (!g) throw new Error(`fixture has no gateway ${id}`);
  return g;
}

/**
 * The coexistence fault: ER<->VPN sessions down, so the ER gateway and the VNet lose the
 * site's prefixes while the tunnel stays Connected. `udr` adds the documented trigger.
 */
export function breakCoexistence(snap: NetworkSnapshot, udr = false): NetworkSnapshot {
  const er = gw(snap, ER_ID);
  er.bgpPeers = er.bgpPeers!.map((p) =>
    VPN_ADDRESSES.includes(p.neighbor) ? { ...p, state: 'Idle', connectedDuration: '', routesReceived: 0, messagesSent: 12, messagesReceived: 3 } : p,
  );
  er.learnedRoutes = er.learnedRoutes!.filter((r) => !SITE_PREFIXES.includes(r.network));
  snap.effectiveRoutes![VNET_ID] = snap.effectiveRoutes![VNET_ID]!.filter((e) => !SITE_PREFIXES.includes(e.addressPrefix[0]!));
  const vpn = gw(snap, VPN_ID);
  vpn.bgpPeers = vpn.bgpPeers!.map((p) => (ER_ADDRESSES.includes(p.neighbor) ? { ...p, state: 'Idle', connectedDuration: '', routesReceived: 0 } : p));
  vpn.learnedRoutes = vpn.learnedRoutes!.filter((r) => !ER_PREFIXES.includes(r.network));
  if (udr) {
    snap.virtualNetworks[0]!.subnets[0]!.routes = [
      { name: 'default-to-nva', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.2.4' },
      { name: 'branch', addressPrefix: '10.50.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.2.4' },
    ];
  }
  return snap;
}
