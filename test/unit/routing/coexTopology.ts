// The smallest coexistence topology the routing tests build on: a VNet with a /27 GatewaySubnet,
// a VPN gateway with one BGP site, an ExpressRoute gateway with one circuit. A fresh object per call.
export type Json = Record<string, unknown>;

export function coexTopology(): Json {
  return {
    virtualNetwork: { name: 'vnet', addressSpace: ['10.10.0.0/16'], subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.10.255.0/27' }, { name: 'workload', addressPrefix: '10.10.1.0/24' }] },
    gateways: [
      { name: 'vpn', type: 'Vpn', sku: 'VpnGw2AZ', vpnType: 'RouteBased' },
      { name: 'er', type: 'ExpressRoute', sku: 'ErGw1AZ' },
    ],
    sites: [{ name: 'hq', gatewayIpAddress: '203.0.113.1', addressPrefixes: ['192.168.0.0/16'], asn: 65010, bgpPeeringAddress: '192.168.255.1' }],
    circuits: [{ name: 'c1', prefixes: ['172.20.0.0/16'] }],
    connections: [
      { name: 'k1', type: 'IPsec', gateway: 'vpn', site: 'hq', enableBgp: true },
      { name: 'k2', type: 'ExpressRoute', gateway: 'er', circuit: 'c1' },
    ],
  };
}
