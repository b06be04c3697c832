// Scenarios for the NSG tests: a VPN lab with two workload subnets, optionally BGP, optionally NSGs.

export function nsgScenario(networkSecurityGroups?: unknown[], bgp = false): Record<string, unknown> {
  return {
    name: 'nsg',
    duration: 300,
    topology: {
      virtualNetwork: { name: 'vnet', addressSpace: ['10.10.0.0/16'], subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.10.255.0/27' }, { name: 'workload', addressPrefix: '10.10.1.0/24' }, { name: 'app', addressPrefix: '10.10.2.0/24' }] },
      gateways: [{ name: 'vpn', type: 'Vpn', sku: 'VpnGw2AZ', vpnType: 'RouteBased' }],
      sites: [{ name: 'site0', gatewayIpAddress: '203.0.113.10', addressPrefixes: bgp ? ['192.168.10.0/24', '192.168.250.1/32'] : ['192.168.10.0/24'], ...(bgp ? { asn: 65010, bgpPeeringAddress: '192.168.250.1' } : {}) }],
      connections: [{ name: 'conn0', type: 'IPsec', gateway: 'vpn', site: 'site0', enableBgp: bgp }],
      ...(networkSecurityGroups ? { networkSecurityGroups } : {}),
    },
    probes: [{ name: 'p', from: '10.10.1.4', to: '192.168.10.20', interval: '5s' }],
  };
}

export const DENY_ONPREM = [{ name: 'workload-nsg', subnets: ['workload'], securityRules: [{ name: 'deny-onprem', priority: 200, direction: 'Outbound', access: 'Deny', destinationAddressPrefix: '192.168.10.0/24' }] }];
