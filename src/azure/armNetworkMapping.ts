// Maps the SDK's network models (VNets, route tables, NICs, effective routes, local network
// gateways, ER circuits, peerings and their tables, next hop) to src/model. Fields Azure omits get
// defaults; enum-like strings the model does not branch on pass through verbatim.
import type { EffectiveRoute, LocalNetworkGateway, RouteTableRoute, VirtualNetwork } from '../model/arm';
import type {
  CircuitArpEntry,
  CircuitRoute,
  CircuitRouteSummary,
  ExpressRouteCircuit,
  ExpressRouteCircuitPeering,
  IkeSecurityAssociation,
  NetworkInterface,
  NextHopResult,
  RouteTable,
} from '../model/armNetwork';
import type { EffectiveNetworkSecurityGroup, EffectiveSecurityRule } from '../model/networkSecurity';
import { arr, bgpSettings, bool, num, obj, passThrough, str } from './armMapping';

const NEXT_HOP_TYPES = ['VirtualNetworkGateway', 'VnetLocal', 'Internet', 'VirtualAppliance', 'None'] as const;
const EFFECTIVE_SOURCES = ['Default', 'User', 'VirtualNetworkGateway', 'Unknown'] as const;

function id(v: unknown): { id: string } | undefined {
  const x = obj(v).id;
  return typeof x === 'string' ? { id: x } : undefined;
}

export function toRouteTableRoute(v: unknown): RouteTableRoute {
  const r = obj(v);
  const route: RouteTableRoute = {
    name: str(r.name),
    addressPrefix: str(r.addressPrefix),
    nextHopType: passThrough(r.nextHopType, NEXT_HOP_TYPES, 'None') as RouteTableRoute['nextHopType'],
  };
  if (typeof r.nextHopIpAddress === 'string' && r.nextHopIpAddress !== '') route.nextHopIpAddress = r.nextHopIpAddress;
  return route;
}

export function toRouteTable(v: unknown): RouteTable {
  const t = obj(v);
  return {
    id: str(t.id),
    name: str(t.name),
    location: str(t.location),
    routes: arr(t.routes).map(toRouteTableRoute),
    subnets: arr(t.subnets).map((s) => str(obj(s).id)).filter((s) => s !== ''),
    disableBgpRoutePropagation: bool(t.disableBgpRoutePropagation),
  };
}

/** Subnet routes are filled from the route tables (the VNet GET carries only the table's id). */
export function toVirtualNetwork(v: unknown, routeTables: readonly RouteTable[] = []): VirtualNetwork {
  const n = obj(v);
  const vnet: VirtualNetwork = {
    id: str(n.id),
    name: str(n.name),
    location: str(n.location),
    addressSpace: { addressPrefixes: arr(obj(n.addressSpace).addressPrefixes).map((p) => str(p)) },
    subnets: arr(n.subnets).map((raw) => {
      const s = obj(raw);
      const prefix = typeof s.addressPrefix === 'string' ? s.addressPrefix : str(arr(s.addressPrefixes)[0]);
      const subnet: VirtualNetwork['subnets'][number] = { id: str(s.id), name: str(s.name), addressPrefix: prefix };
      const rt = id(s.routeTable);
      if (rt) {
        subnet.routeTable = rt;
        const table = routeTables.find((t) => t.id.toLowerCase() === rt.id.toLowerCase());
        if (table && table.routes.length > 0) subnet.routes = table.routes.map((r) => ({ ...r }));
      }
      return subnet;
    }),
  };
  if (Array.isArray(n.virtualNetworkPeerings)) {
    vnet.virtualNetworkPeerings = n.virtualNetworkPeerings.map((raw) => {
      const p = obj(raw);
      const remote = arr(obj(p.remoteAddressSpace).addressPrefixes).map((x) => str(x));
      return {
        id: str(p.id),
        name: str(p.name),
        remoteVirtualNetwork: id(p.remoteVirtualNetwork) ?? { id: '' },
        ...(remote.length > 0 ? { remoteAddressSpace: { addressPrefixes: remote } } : {}),
        peeringState: str(p.peeringState, 'Unknown'),
        allowGatewayTransit: bool(p.allowGatewayTransit),
        useRemoteGateways: bool(p.useRemoteGateways),
      };
    });
  }
  return vnet;
}

export function toNetworkInterface(v: unknown): NetworkInterface {
  const n = obj(v);
  const nic: NetworkInterface = {
    id: str(n.id),
    name: str(n.name),
    location: str(n.location),
    ipConfigurations: arr(n.ipConfigurations).map((raw) => {
      const c = obj(raw);
      return { id: str(c.id), name: str(c.name), privateIPAddress: str(c.privateIPAddress), subnet: id(c.subnet) ?? { id: '' }, primary: bool(c.primary) };
    }),
    primary: bool(n.primary),
    enableIPForwarding: bool(n.enableIPForwarding),
  };
  const vm = id(n.virtualMachine);
  if (vm) nic.virtualMachine = vm;
  return nic;
}

export function toEffectiveRoute(v: unknown): EffectiveRoute {
  const r = obj(v);
  const route: EffectiveRoute = {
    source: passThrough(r.source, EFFECTIVE_SOURCES, 'Unknown') as EffectiveRoute['source'],
    state: passThrough(r.state, ['Active', 'Invalid'], 'Active') as EffectiveRoute['state'],
    addressPrefix: arr(r.addressPrefix).map((p) => str(p)),
    nextHopIpAddress: arr(r.nextHopIpAddress).map((p) => str(p)),
    nextHopType: passThrough(r.nextHopType, NEXT_HOP_TYPES, 'None') as EffectiveRoute['nextHopType'],
  };
  if (typeof r.name === 'string' && r.name !== '') route.name = r.name;
  return route;
}

export function toLocalNetworkGateway(v: unknown): LocalNetworkGateway {
  const l = obj(v);
  const lng: LocalNetworkGateway = {
    id: str(l.id),
    name: str(l.name),
    location: str(l.location),
    gatewayIpAddress: str(l.gatewayIpAddress, str(l.fqdn)),
    localNetworkAddressSpace: { addressPrefixes: arr(obj(l.localNetworkAddressSpace).addressPrefixes).map((p) => str(p)) },
  };
  const bgp = bgpSettings(l.bgpSettings);
  if (bgp) lng.bgpSettings = bgp;
  return lng;
}

export function toCircuit(v: unknown): ExpressRouteCircuit {
  const c = obj(v);
  const sku = obj(c.sku);
  const sp = obj(c.serviceProviderProperties);
  const circuit: ExpressRouteCircuit = {
    id: str(c.id),
    name: str(c.name),
    location: str(c.location),
    sku: { name: str(sku.name), tier: str(sku.tier), family: str(sku.family) },
    circuitProvisioningState: str(c.circuitProvisioningState),
    serviceProviderProvisioningState: str(c.serviceProviderProvisioningState),
  };
  if (typeof sp.serviceProviderName === 'string') circuit.serviceProviderName = sp.serviceProviderName;
  if (typeof sp.peeringLocation === 'string') circuit.peeringLocation = sp.peeringLocation;
  if (typeof sp.bandwidthInMbps === 'number') circuit.bandwidthInMbps = sp.bandwidthInMbps;
  return circuit;
}

export function toCircuitPeering(v: unknown): ExpressRouteCircuitPeering {
  const p = obj(v);
  return {
    id: str(p.id),
    name: str(p.name),
    peeringType: str(p.peeringType, str(p.name)),
    state: str(p.state),
    peerASN: num(p.peerASN),
    azureASN: num(p.azureASN),
    primaryPeerAddressPrefix: str(p.primaryPeerAddressPrefix),
    secondaryPeerAddressPrefix: str(p.secondaryPeerAddressPrefix),
    vlanId: num(p.vlanId),
  };
}

export function toCircuitRoute(v: unknown): CircuitRoute {
  const r = obj(v);
  return { network: str(r.network), nextHop: str(r.nextHop), locPrf: str(r.locPrf), weight: num(r.weight), path: str(r.path) };
}

export function toCircuitRouteSummary(v: unknown): CircuitRouteSummary {
  const r = obj(v);
  return { neighbor: str(r.neighbor), v: num(r.v), as: num(r.as), upDown: str(r.upDown), statePfxRcd: str(r.statePfxRcd) };
}

export function toCircuitArpEntry(v: unknown): CircuitArpEntry {
  const r = obj(v);
  return { age: num(r.age), interface: str(r.interface), ipAddress: str(r.ipAddress), macAddress: str(r.macAddress) };
}

export function toNextHop(v: unknown): NextHopResult {
  const r = obj(v);
  return { nextHopType: str(r.nextHopType, 'None'), nextHopIpAddress: str(r.nextHopIpAddress), routeTableId: str(r.routeTableId) };
}

/**
 * getikesas's answer: a JSON array inside a string (the SDK hands the string over as is). A
 * document that is not an array of objects is an error naming what came, not an empty list.
 */
export function toIkeSas(text: string): IkeSecurityAssociation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`getikesas returned text that is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) {
    throw new Error(`getikesas returned JSON that is not a list of security associations: ${JSON.stringify(text.slice(0, 80))}`);
  }
  return parsed as IkeSecurityAssociation[];
}

/** ARM's EffectiveNetworkSecurityGroup (listEffectiveNetworkSecurityGroups); access, direction and protocol pass through verbatim. */
export function toEffectiveNetworkSecurityGroup(v: unknown): EffectiveNetworkSecurityGroup {
  const g = obj(v);
  const a = obj(g.association);
  const group: EffectiveNetworkSecurityGroup = {
    effectiveSecurityRules: arr(g.effectiveSecurityRules).map((raw): EffectiveSecurityRule => {
      const r = obj(raw);
      return {
        name: str(r.name),
        protocol: str(r.protocol, 'All'),
        sourcePortRange: str(r.sourcePortRange, '*'),
        destinationPortRange: str(r.destinationPortRange, '*'),
        sourceAddressPrefix: str(r.sourceAddressPrefix, '*'),
        destinationAddressPrefix: str(r.destinationAddressPrefix, '*'),
        expandedSourceAddressPrefix: arr(r.expandedSourceAddressPrefix).map((p) => str(p)),
        expandedDestinationAddressPrefix: arr(r.expandedDestinationAddressPrefix).map((p) => str(p)),
        access: str(r.access),
        priority: num(r.priority),
        direction: str(r.direction),
      };
    }),
  };
  const nsg = id(g.networkSecurityGroup);
  if (nsg) group.networkSecurityGroup = nsg;
  const subnet = id(a.subnet);
  const nic = id(a.networkInterface);
  if (subnet || nic) group.association = { ...(subnet ? { subnet } : {}), ...(nic ? { networkInterface: nic } : {}) };
  return group;
}
