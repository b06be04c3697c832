// A scenario after validation: names as in the file, every duration in seconds, timing merged
// with the defaults. The BGP/routing half of the lab reads its own (optional) fields from the
// same objects, so new fields are added here additively.
import type { InstanceName, InstanceRole } from '../../model/snapshot';
import type { ConnectionStatus, IpsecPolicy, RouteTableRoute, TrafficSelectorPolicy } from '../../model/arm';
import type { ScenarioDevice } from '../ike/scenarioDevice';
import type { LabFault } from '../labApi';
import type { LabTiming } from '../timing';
import type { BgpScenarioSettings, RoutingExpectation, RoutingSiteFields } from '../bgp/routingScenario';

export interface ScenarioSubnet {
  name: string;
  addressPrefix: string;
  routes?: RouteTableRoute[];
}

export interface ScenarioVirtualNetwork {
  name: string;
  addressSpace: string[];
  subnets: ScenarioSubnet[];
}

export interface ScenarioGateway {
  name: string;
  type: 'Vpn' | 'ExpressRoute';
  sku: string;
  vpnType?: 'RouteBased' | 'PolicyBased';
  activeActive: boolean;
  asn?: number;
  bgpPeeringAddresses?: string[];
}

export interface ScenarioSite {
  name: string;
  gatewayIpAddress: string;
  addressPrefixes: string[];
  asn?: number;
  bgpPeeringAddress?: string;
  /** Routing half: generated prefix blocks the site also advertises over BGP. */
  generatedPrefixes?: RoutingSiteFields['generatedPrefixes'];
  /** Routing half: the address the on-premises router really uses (misconfiguration when it differs). */
  bgpRouterAddress?: string;
  /** Routing half: a real router peers with the gateway instances over TCP (externalPeering.ts). */
  external?: RoutingSiteFields['external'];
  /** IKE/IPsec half: the on-premises device's proposals and lifetimes (src/engine/ike). */
  device?: ScenarioDevice;
}

/** ER circuits belong to the BGP/routing half; the failover engine only checks references. */
export interface ScenarioCircuit {
  name: string;
  [field: string]: unknown;
}

export interface ScenarioConnection {
  name: string;
  type: 'IPsec' | 'ExpressRoute';
  gateway: string;
  site?: string;
  circuit?: string;
  enableBgp?: boolean;
  routingWeight?: number;
  /** SA lifetime and data size default to Azure's (27,000 s, 102,400,000 KB): see withAzureSaDefaults. */
  ipsecPolicies?: (Omit<IpsecPolicy, 'saLifeTimeSeconds' | 'saDataSizeKilobytes'> & Partial<Pick<IpsecPolicy, 'saLifeTimeSeconds' | 'saDataSizeKilobytes'>>)[];
  usePolicyBasedTrafficSelectors?: boolean;
  trafficSelectorPolicies?: TrafficSelectorPolicy[];
  connectionProtocol?: 'IKEv1' | 'IKEv2';
  connectionMode?: 'Default' | 'InitiatorOnly' | 'ResponderOnly';
  dpdTimeoutSeconds?: number;
}

/** A lab VM (a probe source) with one primary NIC in a subnet. */
export interface ScenarioVirtualMachine {
  name: string;
  subnet: string;
  privateIpAddress: string;
}


/** One security rule of a scenario NSG (ARM's SecurityRule, as much as a probe needs). */
export interface ScenarioSecurityRule {
  name: string;
  /** 100-4096, unique per direction within the NSG (Azure's limits). */
  priority: number;
  direction: 'Inbound' | 'Outbound';
  access: 'Allow' | 'Deny';
  /** Default "*". Probes are ICMP: Tcp/Udp rules never decide them. */
  protocol: 'Tcp' | 'Udp' | 'Icmp' | '*';
  /** CIDR, address, "*" or a service tag (VirtualNetwork, Internet, AzureLoadBalancer); default "*". */
  sourceAddressPrefix: string;
  destinationAddressPrefix: string;
}

/** A network security group on subnets and/or VMs' NICs; Azure's default rules are always added. */
export interface ScenarioNetworkSecurityGroup {
  name: string;
  subnets: string[];
  virtualMachines: string[];
  securityRules: ScenarioSecurityRule[];
}

export interface ScenarioTopology {
  virtualNetwork: ScenarioVirtualNetwork;
  gateways: ScenarioGateway[];
  sites: ScenarioSite[];
  circuits: ScenarioCircuit[];
  connections: ScenarioConnection[];
  /** Lab VMs with their primary NICs; defaults from the probes and subnets (scenario/virtualMachines.ts). */
  virtualMachines?: ScenarioVirtualMachine[];
  /** NSGs (scenario/networkSecurityGroups.ts); none: each subnet's NICs get Azure's default rules only. */
  networkSecurityGroups?: ScenarioNetworkSecurityGroup[];
}

export interface TimelineEvent {
  at: number;
  fault: LabFault;
}

export interface ProbeSpec {
  name: string;
  from: string;
  to: string;
  intervalSeconds: number;
  gateway?: string;
}

export type Expectation = (
  | { type: 'role'; at: number; gateway: string; instance: InstanceName; role: InstanceRole }
  | { type: 'leaseHolder'; at: number; gateway: string; instance: InstanceName | null }
  | { type: 'serving'; at: number; gateway: string; instance: InstanceName; serving: boolean }
  | { type: 'connectionStatus'; at: number; connection: string; status: ConnectionStatus }
  | { type: 'failoverGap'; gateway?: string; index: number; min: number; max: number }
  | { type: 'failoverCount'; gateway?: string; min?: number; max?: number }
  | { type: 'noSplitBrain'; gateway?: string }
  | { type: 'maxUnserved'; gateway?: string; max: number }
  | { type: 'probeDelivery'; probe: string; minDelivered?: number; maxDropped?: number }
  /** prefix / bgpSession / probeResult: checked by the routing half (src/engine/bgp/routingExpectations.ts). */
  | RoutingExpectation
  /** The diagnostics' findings at `at`, as rule ids (one per finding, any order); judged by the caller (expectations.ts). */
  | { type: 'findings'; at: number; exactly: string[] }
) & { description?: string };

export interface Scenario {
  /** The file it came from ("<inline>" when built in code). */
  file: string;
  name: string;
  description?: string;
  seed: number;
  durationSeconds: number;
  /** ISO time of virtual time 0. */
  startTime: string;
  timing: LabTiming;
  topology: ScenarioTopology;
  timeline: TimelineEvent[];
  probes: ProbeSpec[];
  expectations: Expectation[];
  /** BGP timers (routing half); durations as written, parsed by bgpTimersOf. */
  bgp?: BgpScenarioSettings;
}

/** A scenario's custom IPsec policies as ARM reports them: SA lifetime and size default to Azure's. */
export function withAzureSaDefaults(policies: ScenarioConnection['ipsecPolicies']): IpsecPolicy[] {
  return (policies ?? []).map((p) => ({ saLifeTimeSeconds: 27_000, saDataSizeKilobytes: 102_400_000, ...p }));
}
