// One consistent picture of a network at a moment: what views, diagnostics, the lab's ARM
// endpoint and saved snapshot files all exchange. The same shape comes from the lab and
// from Azure; `lab` is present only for lab data.
import type {
  BgpPeerState,
  BgpPeerStatus,
  EffectiveRoute,
  GatewayRoute,
  LocalNetworkGateway,
  VirtualNetwork,
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
} from './arm';
import type { SourceId } from './sourceId';
import type { CircuitSnapshot, IkeSecurityAssociation, NetworkInterfaceSnapshot, ReadProblem, RouteTable } from './armNetwork';

export interface GatewaySnapshot {
  gateway: VirtualNetworkGateway;
  /** Undefined when not fetched (Azure, lazily); [] when fetched and empty. */
  bgpPeers?: BgpPeerStatus[];
  learnedRoutes?: GatewayRoute[];
  /** Keyed by peer address (the `peer` parameter of getAdvertisedRoutes). */
  advertisedRoutes?: Record<string, GatewayRoute[]>;
}

export type InstanceName = 'IN_0' | 'IN_1';
export type InstanceRole = 'starting' | 'standby' | 'active' | 'down';
export type InstanceHealth = 'healthy' | 'crashed' | 'rebooting' | 'hung' | 'partitioned' | 'maintenance';

export interface LabInstanceState {
  name: InstanceName;
  role: InstanceRole;
  health: InstanceHealth;
  /** True when this instance carries traffic (tunnels terminate here). */
  serving: boolean;
  holdsLease: boolean;
}

export interface LabGatewayState {
  gatewayId: string;
  mode: 'activePassive' | 'activeActive';
  instances: LabInstanceState[];
  /** Instance currently holding the blob lease, or null. */
  leaseHolder: InstanceName | null;
}

export interface LabFailover {
  gateway: string;
  fromInstance: InstanceName | null;
  toInstance: InstanceName;
  faultAt: number;
  takeoverAt: number;
  trafficRestoredAt: number | null;
  gapSeconds: number | null;
}

/**
 * Lab only: why a BGP session is not Connected, which ARM's BgpPeerStatus cannot say
 * (diagnostics uses it to tell a prefix-limit drop or a refused OPEN from a plain outage).
 */
export interface LabBgpSessionState {
  /** Resource id of the gateway whose peer this is. */
  gatewayId: string;
  localAddress: string;
  neighbor: string;
  state: BgpPeerState;
  /** Last reason the session dropped or was refused (e.g. "prefix limit exceeded: ..."); "" if none. */
  lastError: string;
}

/**
 * Lab only: the IKE/IPsec negotiation of an IPsec connection whose site has a device (or an IKE
 * fault), as the lab's IKE check sees it (src/engine/ike/labIke.ts).
 */
export interface LabIkeState {
  connectionId: string;
  /** True when IKE and CHILD SAs come up with the device's current proposals and key. */
  negotiates: boolean;
  /** Chosen IKE SA and CHILD SA proposals (Azure initiating), "" when none. */
  ikeSa: string;
  childSa: string;
  /** Current negotiation errors (NO_PROPOSAL_CHOSEN ..., TS_UNACCEPTABLE ..., AUTHENTICATION_FAILED ...). */
  errors: string[];
  /** The check's findings (severity, title, detail, fix). */
  findings: { severity: 'error' | 'warning' | 'info'; title: string; detail: string; fix: string }[];
  /** Outages per 24 h from rekey behaviour (lifetime mismatch, failed CHILD rekeys, reauthentication). */
  outagesPer24h: number;
}

export interface LabState {
  scenario: string;
  /** Virtual seconds since the scenario start. */
  timeSeconds: number;
  gateways: LabGatewayState[];
  failovers: LabFailover[];
  /** Per BGP peer row of the gateways, its state and last error; absent when the lab has no BGP. */
  bgpSessions?: LabBgpSessionState[];
  /** True when the scenario lifted Azure's documented prefix limits (bgp.prefixLimits: false): sessions over a limit stay Connected. */
  prefixLimitsLifted?: boolean;
  /** Optional: IKE/IPsec negotiation per connection with a site device or an IKE fault. */
  ike?: LabIkeState[];
}

/**
 * An on-premises VPN device configuration the user checked against a connection (Check
 * On-Premises VPN Config), carried so diagnostics re-check it against the connection's current
 * policy and a saved snapshot reproduces the same findings. Shared keys are masked: the text as
 * pasted is never kept.
 */
export interface CheckedDeviceConfig {
  /** Resource id of the connection it was checked against. */
  connectionId: string;
  /** ISO 8601 time of the check. */
  checkedAt: string;
  /** Where the text came from: a file name, or "pasted". */
  origin: string;
  /** The configuration's lines with shared keys masked (line numbers are indexes + 1). */
  maskedLines: string[];
}

export interface NetworkSnapshot {
  source: SourceId;
  /** ISO 8601 time the data describes (lab: scenario epoch + virtual time). */
  takenAt: string;
  gateways: GatewaySnapshot[];
  connections: VirtualNetworkGatewayConnection[];
  localNetworkGateways: LocalNetworkGateway[];
  virtualNetworks: VirtualNetwork[];
  /** VNet effective routes keyed by virtual network id, where known. */
  effectiveRoutes?: Record<string, EffectiveRoute[]>;
  /** Route tables (UDRs) with the subnets they are associated with; undefined when not read. */
  routeTables?: RouteTable[];
  /** NICs (VMs' primary NICs included) with their effective routes; undefined when not read. */
  networkInterfaces?: NetworkInterfaceSnapshot[];
  /** ExpressRoute circuits with their peerings and per-path tables; undefined when not read. */
  expressRouteCircuits?: CircuitSnapshot[];
  /** IKE SAs (getikesas) per VPN connection id (IPsec, Vnet2Vnet); a connection missing was not read. */
  ikeSas?: Record<string, IkeSecurityAssociation[]>;
  /** Parts of an Azure read that failed (403...): those parts are empty, the rest is complete. */
  readProblems?: ReadProblem[];
  lab?: LabState;
  /** Device configurations last checked against this snapshot's connections (at most one per connection). */
  checkedDeviceConfigs?: CheckedDeviceConfig[];
}
