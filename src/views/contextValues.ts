// Every contextValue the trees set, in one place: package.json `when` clauses match these
// strings (viewItem == gwl.instance, viewItem =~ /^gwl\.source\.lab/...). Lab rows say what kind
// of resource they are, so each kind is offered only the lab faults that work on it (the lab
// runs instances, resets and tunnels only on VPN gateways; an ExpressRoute gateway's faults are
// its BGP sessions).

export const ContextValue = {
  labSourceStopped: 'gwl.source.lab.stopped',
  labSourceRunning: 'gwl.source.lab.running',
  labSourcePaused: 'gwl.source.lab.paused',
  azureSource: 'gwl.source.azure',
  labVpnGateway: 'gwl.gateway.lab.vpn',
  labErGateway: 'gwl.gateway.lab.er',
  azureGateway: 'gwl.gateway.azure',
  instance: 'gwl.instance',
  instanceFaulted: 'gwl.instance.faulted',
  folder: 'gwl.folder',
  bgpPeer: 'gwl.bgpPeer',
  /** A lab BGP peer the fault API can name (a site, a circuit, the other gateway). */
  labBgpPeer: 'gwl.bgpPeer.lab',
  /** A lab BGP peer with no scenario name (an ER gateway with several circuits): no fault targets it. */
  labBgpPeerUnnamed: 'gwl.bgpPeer.lab.unnamed',
  /** IPsec connection of a lab VPN gateway: tunnels that can be taken down. */
  labVpnConnection: 'gwl.connection.lab.vpn',
  /** ExpressRoute connection of a lab ER gateway: its faults are the BGP sessions to the circuit. */
  labErConnection: 'gwl.connection.lab.er',
  azureConnection: 'gwl.connection.azure',
  tunnel: 'gwl.tunnel',
  group: 'gwl.group',
  error: 'gwl.error',
  info: 'gwl.info',
  /** "Virtual networks" under a source, and a VNet's "Peerings". */
  networksFolder: 'gwl.networks',
  /** Network rows (lab and Azure alike: no lab faults on them; Trace Route Path starts from them). */
  vnet: 'gwl.net.vnet',
  subnet: 'gwl.net.subnet',
  nic: 'gwl.net.nic',
  routeTable: 'gwl.net.routeTable',
  vnetPeering: 'gwl.net.peering',
  findingSeverity: 'gwl.diagnostics.severity',
  findingResource: 'gwl.diagnostics.resource',
  finding: 'gwl.diagnostics.finding',
  findingError: 'gwl.diagnostics.error',
  findingMessage: 'gwl.diagnostics.message',
} as const;

export type ContextValueName = (typeof ContextValue)[keyof typeof ContextValue];
