// ARM resource shapes used everywhere (lab snapshots, Azure data, webviews, diagnostics).
// They follow the flattened models of @azure/arm-network (no `properties` wrapper); the
// lab's ARM endpoint wraps them into the wire format. Keep names identical to ARM's.

export type BgpPeerState = 'Unknown' | 'Stopped' | 'Idle' | 'Connecting' | 'Connected';

export interface BgpPeerStatus {
  localAddress: string;
  neighbor: string;
  asn: number;
  state: BgpPeerState;
  /** A .NET TimeSpan as ARM reports it ("02:07:41", "3.03:14:13.1796961"); "" when never connected. */
  connectedDuration: string;
  routesReceived: number;
  messagesSent: number;
  messagesReceived: number;
}

/** ARM's known origins; any other value Azure sends (e.g. `Incomplete`, azure-cli#8543) is kept verbatim. */
export type RouteOrigin = 'Network' | 'EBgp' | 'IBgp' | (string & {});

export interface GatewayRoute {
  localAddress: string;
  network: string;
  nextHop: string;
  sourcePeer: string;
  origin: RouteOrigin;
  asPath: string;
  weight: number;
}

export type ConnectionStatus = 'Connected' | 'Connecting' | 'NotConnected' | 'Unknown';
export type ConnectionType = 'IPsec' | 'Vnet2Vnet' | 'ExpressRoute';

export interface TunnelConnectionHealth {
  tunnel: string;
  connectionStatus: ConnectionStatus;
  ingressBytesTransferred: number;
  egressBytesTransferred: number;
  /** ISO 8601, "" when never established. */
  lastConnectionEstablishedUtcTime: string;
}

export interface SubResource {
  id: string;
}

export type ProvisioningState = 'Succeeded' | 'Updating' | 'Deleting' | 'Failed';

export interface VirtualNetworkGatewayConnection {
  id: string;
  name: string;
  location: string;
  connectionType: ConnectionType;
  connectionStatus: ConnectionStatus;
  tunnelConnectionStatus?: TunnelConnectionHealth[];
  ingressBytesTransferred: number;
  egressBytesTransferred: number;
  enableBgp: boolean;
  virtualNetworkGateway1: SubResource;
  /** The on-premises site (IPsec). */
  localNetworkGateway2?: SubResource;
  /** The ExpressRoute circuit (ExpressRoute). */
  peer?: SubResource;
  routingWeight?: number;
  provisioningState: ProvisioningState;
  // IKE/IPsec settings of an IPsec connection (ARM names; absent = not reported). Never the shared key.
  /** IKEv1 | IKEv2 (verbatim when Azure sends something else). */
  connectionProtocol?: string;
  /** Custom IKE/IPsec policies; [] means Azure's default proposals. */
  ipsecPolicies?: IpsecPolicy[];
  usePolicyBasedTrafficSelectors?: boolean;
  trafficSelectorPolicies?: TrafficSelectorPolicy[];
  connectionMode?: 'Default' | 'InitiatorOnly' | 'ResponderOnly';
  dpdTimeoutSeconds?: number;
}

/** ARM's IpsecPolicy (connection.ipsecPolicies[]): one custom IKE (main mode) + IPsec (quick mode) combination. */
export interface IpsecPolicy {
  saLifeTimeSeconds: number;
  saDataSizeKilobytes: number;
  ipsecEncryption: string;
  ipsecIntegrity: string;
  ikeEncryption: string;
  ikeIntegrity: string;
  dhGroup: string;
  pfsGroup: string;
}

/** ARM's TrafficSelectorPolicy: the prefixes a policy-based selector pairs up. */
export interface TrafficSelectorPolicy {
  localAddressRanges: string[];
  remoteAddressRanges: string[];
}

export interface IPConfigurationBgpPeeringAddress {
  ipconfigurationId: string;
  defaultBgpIpAddresses: string[];
  customBgpIpAddresses: string[];
  tunnelIpAddresses: string[];
}

export interface BgpSettings {
  asn: number;
  bgpPeeringAddress: string;
  peerWeight?: number;
  bgpPeeringAddresses?: IPConfigurationBgpPeeringAddress[];
}

export interface VirtualNetworkGatewayIPConfiguration {
  id: string;
  name: string;
  privateIPAddress?: string;
  publicIPAddress?: SubResource;
  subnet: SubResource;
}

export type GatewayType = 'Vpn' | 'ExpressRoute';
export type VpnType = 'RouteBased' | 'PolicyBased';

export interface VirtualNetworkGateway {
  id: string;
  name: string;
  location: string;
  gatewayType: GatewayType;
  vpnType?: VpnType;
  /** capacity: scale units, as ARM reports it (2 for the lab's gateways). */
  sku: { name: string; tier: string; capacity?: number };
  activeActive: boolean;
  enableBgp: boolean;
  bgpSettings?: BgpSettings;
  ipConfigurations: VirtualNetworkGatewayIPConfiguration[];
  provisioningState: ProvisioningState;
}

export interface LocalNetworkGateway {
  id: string;
  name: string;
  location: string;
  gatewayIpAddress: string;
  localNetworkAddressSpace: { addressPrefixes: string[] };
  bgpSettings?: BgpSettings;
}

export interface RouteTableRoute {
  name: string;
  addressPrefix: string;
  nextHopType: 'VirtualNetworkGateway' | 'VnetLocal' | 'Internet' | 'VirtualAppliance' | 'None';
  nextHopIpAddress?: string;
}

export interface Subnet {
  id: string;
  name: string;
  addressPrefix: string;
  /** User routes (UDRs) of the route table associated with this subnet. */
  routes?: RouteTableRoute[];
  /** The route table associated with this subnet (its routes are copied into `routes`). */
  routeTable?: SubResource;
}

/** ARM's VirtualNetworkPeering, as much of it as routing needs. */
export interface VirtualNetworkPeering {
  id: string;
  name: string;
  remoteVirtualNetwork: SubResource;
  remoteAddressSpace?: { addressPrefixes: string[] };
  /** Initiated | Connected | Disconnected (verbatim). */
  peeringState: string;
  allowGatewayTransit: boolean;
  useRemoteGateways: boolean;
}

export interface VirtualNetwork {
  id: string;
  name: string;
  location: string;
  addressSpace: { addressPrefixes: string[] };
  subnets: Subnet[];
  virtualNetworkPeerings?: VirtualNetworkPeering[];
}

/** ARM's EffectiveRoute (networkInterfaces/effectiveRouteTable). */
export interface EffectiveRoute {
  name?: string;
  source: 'Default' | 'User' | 'VirtualNetworkGateway' | 'Unknown';
  state: 'Active' | 'Invalid';
  addressPrefix: string[];
  nextHopIpAddress: string[];
  nextHopType: 'VirtualNetworkGateway' | 'VnetLocal' | 'Internet' | 'VirtualAppliance' | 'None';
}
