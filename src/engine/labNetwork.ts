// The parts of a lab snapshot a route path crosses besides gateways and connections: route
// tables (from the subnets' UDRs as they are now), VMs' primary NICs with their effective
// routes, and ExpressRoute circuits with their private peering and the two MSEE device paths
// (primary, secondary), each with its own route table, summary and ARP table.
import type { EffectiveRoute, VirtualNetwork } from '../model/arm';
import type {
  CircuitPathTables,
  CircuitSnapshot,
  NetworkInterfaceSnapshot,
  RouteTable,
} from '../model/armNetwork';
import type { NetworkSnapshot } from '../model/snapshot';
import { LAB_LOCATION, networkResourceId, virtualMachineResourceId } from '../model/resourceIds';
import { parsePrefix, tryParsePrefix } from '../model/prefix';
import type { Scenario, ScenarioVirtualMachine } from './scenario/types';
import { defaultSecurityRules, evaluateSecurity, type EffectiveNetworkSecurityGroup, type EffectiveSecurityRule } from '../model/networkSecurity';
import { computeSubnetRoutes, type GatewayRouteCandidate } from './routing/effectiveRoutes';
import { defineLazy } from './bgp/snapshotRowCache';

/** What the routing component knows that the static topology does not. */
export interface LabRouteSource {
  /** Effective routes of a subnet (by scenario subnet name) as they are now, read when called (the rows are built on first read). */
  subnetRoutes(subnet: string): () => EffectiveRoute[];
  /** A circuit's primary/secondary tables (private peering), as they are now. */
  circuitPathTables(circuit: string, path: 'primary' | 'secondary'): CircuitPathTables;
}

export const LAB_PRIVATE_PEERING = 'AzurePrivatePeering';

/** The lab's address plan for circuit ci: primary /30 172.31.ci.0, secondary /30 172.31.ci.4 (customer .1/.5, MSEE .2/.6). */
export function circuitPathAddresses(ci: number, path: 'primary' | 'secondary'): { prefix: string; customer: string; msee: string } {
  const base = path === 'primary' ? 0 : 4;
  return { prefix: `172.31.${ci}.${base}/30`, customer: `172.31.${ci}.${base + 1}`, msee: `172.31.${ci}.${base + 2}` };
}

export function nicName(vm: ScenarioVirtualMachine): string {
  return `${vm.name}-nic`;
}

/** The route table a subnet's UDRs live in: one per subnet that has routes ("<subnet>-rt"). */
export function routeTableName(subnet: string): string {
  return `${subnet}-rt`;
}

/** The default NSG of a subnet when the scenario names none ("<subnet>-nsg"). */
export function defaultNsgName(subnet: string): string {
  return `${subnet}-nsg`;
}

/**
 * The VirtualNetwork service tag as a NIC sees it: the VNet's address space, peered VNets' spaces
 * and the on-premises prefixes the gateways plumbed into its effective routes (Azure documents
 * "all connected on-premises address spaces"; VIRTUAL_NETWORK_TAG_SOURCE).
 */
export function labVnetTag(vnet: Pick<VirtualNetwork, 'addressSpace' | 'virtualNetworkPeerings'>, routes: readonly EffectiveRoute[]): string[] {
  const out = new Set<string>(vnet.addressSpace.addressPrefixes);
  for (const p of vnet.virtualNetworkPeerings ?? []) for (const a of p.remoteAddressSpace?.addressPrefixes ?? []) out.add(a);
  for (const r of routes) if (r.state === 'Active' && r.nextHopType === 'VirtualNetworkGateway') for (const a of r.addressPrefix) out.add(a);
  return [...out];
}

/**
 * A lab VM's NIC's effective NSGs: its subnet's and its own from the scenario, each with Azure's
 * default rules. No NSGs in the scenario: the subnet gets one with the default rules only
 * (product model, like the basic NSG the portal creates with a VM).
 */
export function labSecurityGroups(scenario: Scenario, vm: ScenarioVirtualMachine, vnetTag: readonly string[]): EffectiveNetworkSecurityGroup[] {
  const vnetName = scenario.topology.virtualNetwork.name;
  const subnetId = networkResourceId('virtualNetworks', vnetName) + `/subnets/${vm.subnet}`;
  const nicId = networkResourceId('networkInterfaces', nicName(vm));
  const defaults = defaultSecurityRules(vnetTag);
  const given = scenario.topology.networkSecurityGroups;
  if (!given) return [{ networkSecurityGroup: { id: networkResourceId('networkSecurityGroups', defaultNsgName(vm.subnet)) }, association: { subnet: { id: subnetId } }, effectiveSecurityRules: defaults }];
  const out: EffectiveNetworkSecurityGroup[] = [];
  for (const g of given) {
    const association = g.subnets.includes(vm.subnet) ? { subnet: { id: subnetId } } : g.virtualMachines.includes(vm.name) ? { networkInterface: { id: nicId } } : undefined;
    if (!association) continue;
    const rules: EffectiveSecurityRule[] = g.securityRules.map((r) => ({
      name: `securityRules/${r.name}`,
      protocol: r.protocol === '*' ? 'All' : r.protocol,
      sourcePortRange: '0-65535',
      destinationPortRange: '0-65535',
      sourceAddressPrefix: r.sourceAddressPrefix === '*' ? '0.0.0.0/0' : r.sourceAddressPrefix,
      destinationAddressPrefix: r.destinationAddressPrefix === '*' ? '0.0.0.0/0' : r.destinationAddressPrefix,
      expandedSourceAddressPrefix: r.sourceAddressPrefix === 'VirtualNetwork' ? [...vnetTag] : [],
      expandedDestinationAddressPrefix: r.destinationAddressPrefix === 'VirtualNetwork' ? [...vnetTag] : [],
      access: r.access,
      priority: r.priority,
      direction: r.direction,
    }));
    out.push({ networkSecurityGroup: { id: networkResourceId('networkSecurityGroups', g.name) }, association, effectiveSecurityRules: [...rules, ...defaults] });
  }
  return out;
}

/**
 * What a probe's packet meets at the NSGs, decided from the simulation (not the snapshot) with
 * the same rules the ARM endpoint serves: outbound at the source VM's NIC, inbound at the
 * destination VM's NIC when it is a lab VM. Only lab VMs' NICs are checked (as the tracer does).
 */
export function labProbeSecurity(scenario: Scenario, routing: LabRouteSource | undefined): (from: string, to: string) => string | undefined {
  const topo = scenario.topology;
  const space = { addressSpace: { addressPrefixes: topo.virtualNetwork.addressSpace } };
  // Without a routing component the gateways carry the connected sites' prefixes (staticSubnetRoutes).
  const staticOnPrem = topo.connections.flatMap((k) => (topo.gateways.some((g) => g.name === k.gateway) ? (topo.sites.find((s) => s.name === k.site)?.addressPrefixes ?? []) : []));
  const tagOf = (subnet: string): string[] =>
    routing ? labVnetTag(space, routing.subnetRoutes(subnet)()) : [...new Set([...topo.virtualNetwork.addressSpace, ...staticOnPrem.map((p) => tryParsePrefix(p, { maskHostBits: true })?.text ?? p)])];
  const vmAt = (address: string): ScenarioVirtualMachine | undefined => (topo.virtualMachines ?? []).find((v) => v.privateIpAddress === address);
  return (from, to) => {
    for (const [vm, direction] of [[vmAt(from), 'Outbound'], [vmAt(to), 'Inbound']] as const) {
      if (!vm) continue;
      const d = evaluateSecurity(labSecurityGroups(scenario, vm, tagOf(vm.subnet)), direction, from, to);
      if (d?.access === 'Deny') return `nsgDenied:${d.rule.name}`;
    }
    return undefined;
  };
}

/** Static S2S (no routing component): each connection's site prefixes through the gateway's instances. */
function staticSubnetRoutes(scenario: Scenario, vnet: VirtualNetwork, snapshot: NetworkSnapshot, subnet: string): EffectiveRoute[] {
  const candidates: GatewayRouteCandidate[] = [];
  for (const k of scenario.topology.connections) {
    const site = scenario.topology.sites.find((s) => s.name === k.site);
    const gw = snapshot.gateways.find((g) => g.gateway.name === k.gateway)?.gateway;
    if (!site || !gw) continue;
    const hops = gw.ipConfigurations.map((c) => c.privateIPAddress).filter((a): a is string => a !== undefined);
    for (const text of site.addressPrefixes) {
      const prefix = tryParsePrefix(text, { maskHostBits: true });
      if (prefix) for (const nextHop of hops) candidates.push({ prefix, nextHop, via: 'Vpn' });
    }
  }
  const sub = vnet.subnets.find((s) => s.name === subnet);
  return computeSubnetRoutes({
    addressSpace: vnet.addressSpace.addressPrefixes.map((p) => parsePrefix(p, { maskHostBits: true })),
    gatewayRoutes: candidates,
    userRoutes: sub?.routes ?? [],
  }).routes;
}

/** Adds route tables, NICs and circuits to a lab snapshot (after the components contributed). */
export function addLabNetwork(snapshot: NetworkSnapshot, scenario: Scenario, routing: LabRouteSource | undefined): void {
  const topo = scenario.topology;
  const vnetId = networkResourceId('virtualNetworks', topo.virtualNetwork.name);
  const vnet = snapshot.virtualNetworks.find((v) => v.id === vnetId);
  if (!vnet) return;

  const routeTables: RouteTable[] = [];
  for (const sub of vnet.subnets) {
    // No routes: no table, unless the routing component kept an emptied one (`routes: []`).
    if (!sub.routes) {
      delete sub.routeTable;
      continue;
    }
    const id = networkResourceId('routeTables', routeTableName(sub.name));
    sub.routeTable = { id };
    routeTables.push({ id, name: routeTableName(sub.name), location: LAB_LOCATION, routes: sub.routes.map((r) => ({ ...r })), subnets: [sub.id], disableBgpRoutePropagation: false });
  }
  vnet.virtualNetworkPeerings ??= [];

  const bySubnet = new Map<string, () => EffectiveRoute[]>();
  const routesOf = (subnet: string): (() => EffectiveRoute[]) => {
    let rows = bySubnet.get(subnet);
    if (!rows) {
      if (routing) rows = routing.subnetRoutes(subnet);
      else {
        const fixed = staticSubnetRoutes(scenario, vnet, snapshot, subnet);
        rows = () => fixed;
      }
      bySubnet.set(subnet, rows);
    }
    return rows;
  };
  const networkInterfaces: NetworkInterfaceSnapshot[] = (topo.virtualMachines ?? []).map((vm) => {
    const id = networkResourceId('networkInterfaces', nicName(vm));
    const entry: NetworkInterfaceSnapshot = {
      nic: {
        id,
        name: nicName(vm),
        location: LAB_LOCATION,
        ipConfigurations: [{ id: `${id}/ipConfigurations/ipconfig1`, name: 'ipconfig1', privateIPAddress: vm.privateIpAddress, subnet: { id: `${vnetId}/subnets/${vm.subnet}` }, primary: true }],
        virtualMachine: { id: virtualMachineResourceId(vm.name) },
        primary: true,
        enableIPForwarding: false,
      },
      effectiveRoutes: [],
    };
    // Read when someone asks: the trees never do, and a big lab's table is 100,000 rows to sort.
    defineLazy(entry, 'effectiveRoutes', routesOf(vm.subnet));
    // The VirtualNetwork tag reads the routes: lazy too.
    defineLazy(entry, 'effectiveNetworkSecurityGroups', () => labSecurityGroups(scenario, vm, labVnetTag(vnet, routesOf(vm.subnet)())));
    return entry;
  });

  const circuits = topo.circuits as { name: string; asn?: number; premium?: boolean }[];
  const expressRouteCircuits: CircuitSnapshot[] = circuits.map((c, ci) => {
    const id = networkResourceId('expressRouteCircuits', c.name);
    const tables = (path: 'primary' | 'secondary'): CircuitPathTables => (routing ? routing.circuitPathTables(c.name, path) : { routes: [], summary: [], arp: [] });
    return {
      circuit: {
        id,
        name: c.name,
        location: LAB_LOCATION,
        sku: c.premium ? { name: 'Premium_MeteredData', tier: 'Premium', family: 'MeteredData' } : { name: 'Standard_MeteredData', tier: 'Standard', family: 'MeteredData' },
        circuitProvisioningState: 'Enabled',
        serviceProviderProvisioningState: 'Provisioned',
        serviceProviderName: 'Lab Exchange',
        peeringLocation: 'Amsterdam',
        bandwidthInMbps: 1000,
      },
      peerings: [
        {
          peering: {
            id: `${id}/peerings/${LAB_PRIVATE_PEERING}`,
            name: LAB_PRIVATE_PEERING,
            peeringType: LAB_PRIVATE_PEERING,
            state: 'Enabled',
            peerASN: c.asn ?? 65020,
            azureASN: 12076,
            primaryPeerAddressPrefix: circuitPathAddresses(ci, 'primary').prefix,
            secondaryPeerAddressPrefix: circuitPathAddresses(ci, 'secondary').prefix,
            vlanId: 100 + ci,
          },
          primary: tables('primary'),
          secondary: tables('secondary'),
        },
      ],
    };
  });

  snapshot.routeTables = routeTables;
  snapshot.networkInterfaces = networkInterfaces;
  snapshot.expressRouteCircuits = expressRouteCircuits;
}
