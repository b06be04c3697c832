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
