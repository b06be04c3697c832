// Builders for NetworkSnapshots the ARM endpoint serves in tests and the bench: real data in the
// shared ARM shapes (not mocks of the SDK), sized and spread over subscriptions as asked.
import type { BgpPeerStatus, GatewayRoute, VirtualNetworkGateway, VirtualNetworkGatewayConnection } from '../../../src/model/arm';
import type { GatewaySnapshot, NetworkSnapshot } from '../../../src/model/snapshot';
import { addLabIkeSas } from '../../../src/engine/ike/labIkeSas';
import { LAB_SUBSCRIPTION_ID, networkResourceId } from '../../../src/model/resourceIds';

export interface BuildOptions {
  subscriptions?: number;
  resourceGroupsPerSubscription?: number;
  gatewaysPerResourceGroup?: number;
  /** Learned routes per gateway. */
  learnedRoutes?: number;
}

export function subscriptionId(i: number): string {
  if (i === 0) return LAB_SUBSCRIPTION_ID;
  return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

export function peer(neighbor: string, asn: number, state: BgpPeerStatus['state'] = 'Connected'): BgpPeerStatus {
  return { localAddress: '10.0.255.30', neighbor, asn, state, connectedDuration: state === 'Connected' ? '0.01:02:03.456' : '', routesReceived: 2, messagesSent: 40, messagesReceived: 41 };
}

export function route(network: string, sourcePeer: string, origin: GatewayRoute['origin'] = 'EBgp'): GatewayRoute {
  return { localAddress: '10.0.255.30', network, nextHop: sourcePeer, sourcePeer, origin, asPath: '65010', weight: 32768 };
}

export function gateway(name: string, rg: string, sub: string, type: VirtualNetworkGateway['gatewayType'] = 'Vpn'): VirtualNetworkGateway {
  const id = networkResourceId('virtualNetworkGateways', name, rg, sub);
  return {
    id,
    name,
    location: 'westeurope',
    gatewayType: type,
    ...(type === 'Vpn' ? { vpnType: 'RouteBased' as const } : {}),
    sku: type === 'Vpn' ? { name: 'VpnGw2', tier: 'VpnGw2' } : { name: 'ErGw1AZ', tier: 'ErGw1AZ' },
    activeActive: false,
    enableBgp: true,
    bgpSettings: {
      asn: 65515,
      bgpPeeringAddress: '10.0.255.30',
      bgpPeeringAddresses: [{ ipconfigurationId: `${id}/ipConfigurations/default`, defaultBgpIpAddresses: ['10.0.255.30'], customBgpIpAddresses: [], tunnelIpAddresses: ['198.51.100.10'] }],
    },
    ipConfigurations: [
      {
        id: `${id}/ipConfigurations/default`,
        name: 'default',
        privateIPAddress: '10.0.255.30',
        publicIPAddress: { id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/publicIPAddresses/${name}-pip` },
        subnet: { id: networkResourceId('virtualNetworks', 'hub', rg, sub) + '/subnets/GatewaySubnet' },
      },
    ],
    provisioningState: 'Succeeded',
  };
}

export function connection(name: string, gw: VirtualNetworkGateway, rg: string, sub: string): VirtualNetworkGatewayConnection {
  return {
    id: networkResourceId('connections', name, rg, sub),
    name,
    location: 'westeurope',
    connectionType: 'IPsec',
    connectionStatus: 'Connected',
    tunnelConnectionStatus: [{ tunnel: '203.0.113.1', connectionStatus: 'Connected', ingressBytesTransferred: 10, egressBytesTransferred: 20, lastConnectionEstablishedUtcTime: '2026-01-01T00:00:00Z' }],
    ingressBytesTransferred: 10,
    egressBytesTransferred: 20,
    enableBgp: true,
    virtualNetworkGateway1: { id: gw.id },
    localNetworkGateway2: { id: networkResourceId('localNetworkGateways', `${name}-site`, rg, sub) },
    provisioningState: 'Succeeded',
  };
}

/** Gateways named gw-<s>-<g>-<n>, each with one IPsec connection, BGP peers and routes. */
export function buildSnapshot(options: BuildOptions = {}): NetworkSnapshot {
  const subs = options.subscriptions ?? 1;
  const rgs = options.resourceGroupsPerSubscription ?? 1;
  const per = options.gatewaysPerResourceGroup ?? 2;
  const routes = options.learnedRoutes ?? 3;
  const gateways: GatewaySnapshot[] = [];
  const connections: VirtualNetworkGatewayConnection[] = [];
  for (let s = 0; s < subs; s++) {
    const sub = subscriptionId(s);
    for (let g = 0; g < rgs; g++) {
      const rg = `rg-${g}`;
      for (let n = 0; n < per; n++) {
        const gw = gateway(`gw-${s}-${g}-${n}`, rg, sub);
        const learned = Array.from({ length: routes }, (_, i) => route(`10.${100 + (i >> 8)}.${i & 255}.0/24`, '203.0.113.1'));
        gateways.push({
          gateway: gw,
          bgpPeers: [peer('203.0.113.1', 65010), peer('203.0.113.2', 65020, 'Idle')],
          learnedRoutes: learned,
          advertisedRoutes: { '203.0.113.1': [route('10.0.0.0/16', '10.0.255.30', 'Network')] },
        });
        connections.push(connection(`conn-${s}-${g}-${n}`, gw, rg, sub));
      }
    }
  }
  const snapshot: NetworkSnapshot = { source: 'lab', takenAt: '2026-01-01T00:00:00.000Z', gateways, connections, localNetworkGateways: [], virtualNetworks: [] };
  // IKE SAs as the lab engine derives them (getikesas serves the snapshot's own).
  addLabIkeSas(snapshot);
  return snapshot;
}
