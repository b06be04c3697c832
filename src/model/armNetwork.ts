// ARM shapes of the resources a route path crosses besides gateways and connections: route
// tables, network interfaces (with their effective routes), virtual machines' primary NICs,
// ExpressRoute circuits with per-device-path tables, and Network Watcher's next hop. Flattened
// like the SDK's models (no `properties` envelope); names as in Microsoft.Network's REST spec.
import type { EffectiveRoute, RouteTableRoute, SubResource } from './arm';
import type { EffectiveNetworkSecurityGroup } from './networkSecurity';

/** ARM's RouteTable with its routes and the subnets it is associated with. */
export interface RouteTable {
  id: string;
  name: string;
  location: string;
  routes: RouteTableRoute[];
  /** Subnet ids (ARM's `subnets[].id`). */
  subnets: string[];
  disableBgpRoutePropagation: boolean;
}

export interface NetworkInterfaceIpConfiguration {
  id: string;
  name: string;
  privateIPAddress: string;
  subnet: SubResource;
  primary: boolean;
}

/** ARM's NetworkInterface, as much as the path needs. */
export interface NetworkInterface {
  id: string;
  name: string;
  location: string;
  ipConfigurations: NetworkInterfaceIpConfiguration[];
  /** The VM this NIC is attached to. */
  virtualMachine?: SubResource;
  /** Whether this is the VM's primary NIC. */
  primary: boolean;
  enableIPForwarding: boolean;
}

/** A NIC with what was read about it. */
export interface NetworkInterfaceSnapshot {
  nic: NetworkInterface;
  /** getEffectiveRouteTable; undefined when not read (unknown, never empty). */
  effectiveRoutes?: EffectiveRoute[];
  /** listEffectiveNetworkSecurityGroups; undefined when not read (unknown, never empty). */
  effectiveNetworkSecurityGroups?: EffectiveNetworkSecurityGroup[];
}

/** ER circuit device path (ARM's `devicePath` parameter). */
export type CircuitDevicePath = 'primary' | 'secondary';

/** ARM's ExpressRouteCircuitRoutesTable row (listRoutesTable). */
export interface CircuitRoute {
  network: string;
  nextHop: string;
  locPrf: string;
  weight: number;
  /** AS path, space separated as the MSEE prints it ("65020", "65515"). */
  path: string;
}

/** ARM's ExpressRouteCircuitRoutesTableSummary row (listRoutesTableSummary). */
export interface CircuitRouteSummary {
  neighbor: string;
  v: number;
  as: number;
  /** Time up, or the state when not Established. */
  upDown: string;
  /** Prefixes received, or the state ("Idle", "Active") when not Established. */
  statePfxRcd: string;
}

/** ARM's ExpressRouteCircuitArpTable row (listArpTable). */
export interface CircuitArpEntry {
  age: number;
  interface: string;
  ipAddress: string;
  macAddress: string;
}

/** One device path's tables; each undefined when not read. */
export interface CircuitPathTables {
  routes?: CircuitRoute[];
  summary?: CircuitRouteSummary[];
  arp?: CircuitArpEntry[];
}

/** ARM's ExpressRouteCircuitPeering, as much as routing needs. */
export interface ExpressRouteCircuitPeering {
  id: string;
  name: string;
  /** AzurePrivatePeering | MicrosoftPeering | AzurePublicPeering (verbatim). */
  peeringType: string;
  /** Enabled | Disabled (verbatim). */
  state: string;
  peerASN: number;
  azureASN: number;
  primaryPeerAddressPrefix: string;
  secondaryPeerAddressPrefix: string;
  vlanId: number;
}

export interface CircuitPeeringSnapshot {
  peering: ExpressRouteCircuitPeering;
  primary: CircuitPathTables;
  secondary: CircuitPathTables;
}

/** ARM's ExpressRouteCircuit. */
export interface ExpressRouteCircuit {
  id: string;
  name: string;
  location: string;
  sku: { name: string; tier: string; family: string };
  /** Enabled | Disabled ... (verbatim). */
  circuitProvisioningState: string;
  /** NotProvisioned | Provisioning | Provisioned | Deprovisioning (verbatim). */
  serviceProviderProvisioningState: string;
  serviceProviderName?: string;
  peeringLocation?: string;
  bandwidthInMbps?: number;
}

export interface CircuitSnapshot {
  circuit: ExpressRouteCircuit;
  peerings: CircuitPeeringSnapshot[];
}

/** ARM's NextHopResult (Network Watcher getNextHop). */
export interface NextHopResult {
  /** Internet | VirtualAppliance | VirtualNetworkGateway | VnetLocal | HyperNetGateway | None (verbatim). */
  nextHopType: string;
  nextHopIpAddress: string;
  /** A route table id, or "System Route". */
  routeTableId: string;
}

/** A part of an Azure read that failed (403, 404...): that part is empty and says why. */
export interface ReadProblem {
  /** Resource id (or subscription/resource group scope) the read was about. */
  resource: string;
  /** Which part: "virtualNetworks", "effectiveRoutes", "circuitRoutes:primary"... */
  part: string;
  message: string;
  /** HTTP status when there was one (403: not allowed to read it). */
  status?: number;
}

/**
 * One IKE security association as getikesas reports it. ARM returns the list as a JSON document
 * inside a string; the fields are those of the public Get-AzVirtualNetworkGatewayConnectionIkeSa
 * output (localEndpoint, remoteEndpoint, cookies, encryption, integrity, dhGroup, lifetime,
 * initiator, elapsed time, quick mode SAs). Values pass through as Azure sent them; fields the
 * model does not name (and the lab's `state`/`errors` for a failing negotiation) are kept too.
 */
export interface IkeSecurityAssociation {
  localEndpoint?: string;
  remoteEndpoint?: string;
  encryption?: string;
  integrity?: string;
  dhGroup?: string;
  lifeTimeSeconds?: number;
  isSaInitiator?: boolean;
  elapsedTimeInseconds?: number;
  quickModeSa?: unknown[];
  [field: string]: unknown;
}
