// Routes of the lab's ARM endpoint for what a route path crosses besides gateways and
// connections: virtual networks and subnets, route tables, network interfaces (and their
// effective route table and effective NSGs, long-running POSTs), VMs, local network gateways, ExpressRoute
// circuits, their peerings and per-device-path tables (long-running POSTs), and Network
// Watcher's next hop. Same paging, LRO and error behaviour as the gateway routes.
import type { NetworkSnapshot } from '../../model/snapshot';
import type { EffectiveRoute } from '../../model/arm';
import type { CircuitPathTables, CircuitSnapshot, NetworkInterfaceSnapshot } from '../../model/armNetwork';
import { LAB_LOCATION, parseResourceId } from '../../model/resourceIds';
import { vnetTagOf } from '../../model/networkSecurity';
import { parseAddress, parsePrefix, prefixContainsAddress } from '../../model/prefix';
import { HttpError, type Reply } from './armHttp';
import type { LroOutcome, LroStyle } from './armLro';
import { armErrorBody, type JsonObject, type JsonValue } from './armWire';
import {
  wireCircuit,
  wireCircuitPeering,
  wireLocalNetworkGateway,
  wireNetworkInterface,
  wireRouteTable,
  wireSubnet,
  wireVirtualMachine,
  wireVirtualNetwork,
} from './armNetworkWire';

/** The tenant the lab's subscriptions belong to (GET subscription's tenantId, the 401 challenge). */
export const LAB_TENANT_ID = '00000000-0000-4000-8000-0000000000aa';
/** Where Azure puts the region's Network Watcher (created automatically per region). */
export const NETWORK_WATCHER_GROUP = 'NetworkWatcherRG';
export const NETWORK_WATCHER_NAME = `NetworkWatcher_${LAB_LOCATION}`;

export interface NetworkRouteContext {
  /** The lab as it is now (LRO results are computed from it when the operation completes). */
  snapshot(): NetworkSnapshot;
  page(items: JsonObject[], url: URL, apiVersion: string): JsonObject;
  startLro(sub: string, apiVersion: string, style: LroStyle, compute: () => LroOutcome): Reply;
  count(route: string): void;
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function inGroup(id: string, sub: string, rg: string): boolean {
  const p = parseResourceId(id);
  return p !== undefined && same(p.subscriptionId, sub) && same(p.resourceGroup, rg);
}

function notFound(type: string, name: string, rg: string): HttpError {
  return new HttpError(404, 'ResourceNotFound', `The Resource '${type}/${name}' under resource group '${rg}' was not found.`);
}

/** Every resource id the snapshot holds (for resource groups and subscriptions). */
export function networkResourceIds(snap: NetworkSnapshot): string[] {
  return [
    ...snap.gateways.map((g) => g.gateway.id),
    ...snap.connections.map((c) => c.id),
    ...snap.virtualNetworks.map((v) => v.id),
    ...snap.localNetworkGateways.map((l) => l.id),
    ...(snap.routeTables ?? []).map((t) => t.id),
    ...(snap.networkInterfaces ?? []).map((n) => n.nic.id),
    ...(snap.expressRouteCircuits ?? []).map((c) => c.circuit.id),
  ];
}

/** The longest-prefix Active effective route for an address (what Network Watcher's next hop reports). */
export function activeRouteFor(routes: readonly EffectiveRoute[], address: string): EffectiveRoute | undefined {
  const { family, words } = parseAddress(address);
  let best: EffectiveRoute | undefined;
  let bestLength = -1;
  for (const r of routes) {
    if (r.state !== 'Active') continue;
    for (const text of r.addressPrefix) {
      const p = parsePrefix(text, { maskHostBits: true });
      if (p.length > bestLength && prefixContainsAddress(p, family, words)) {
        best = r;
        bestLength = p.length;
      }
    }
  }
  return best;
}

function nextHop(snap: NetworkSnapshot, body: unknown, rg: string): LroOutcome {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const target = typeof b.targetResourceId === 'string' ? b.targetResourceId : '';
  const nicId = typeof b.targetNicResourceId === 'string' ? b.targetNicResourceId : undefined;
  const source = typeof b.sourceIPAddress === 'string' ? b.sourceIPAddress : '';
  const destination = typeof b.destinationIPAddress === 'string' ? b.destinationIPAddress : '';
  const bad = (message: string): LroOutcome => ({ status: 400, body: armErrorBody('InvalidRequestFormat', message) });
  if (!target) return bad("'targetResourceId' (the VM's resource id) is required.");
  for (const [field, value] of [['sourceIPAddress', source], ['destinationIPAddress', destination]] as const) {
    try {
      parseAddress(value);
    } catch {
      return bad(`'${field}' must be an IP address, got '${value}'.`);
    }
  }
  const nics = (snap.networkInterfaces ?? []).filter((n) => (nicId ? same(n.nic.id, nicId) : n.nic.virtualMachine !== undefined && same(n.nic.virtualMachine.id, target)));
  const nic: NetworkInterfaceSnapshot | undefined = nics.find((n) => n.nic.ipConfigurations.some((c) => c.privateIPAddress === source)) ?? (nicId ? nics[0] : undefined);
  if (!nic) return { status: 404, body: armErrorBody('NotFound', `No network interface of '${target}' in resource group '${rg}' has the address ${source}.`) };
  const route = activeRouteFor(nic.effectiveRoutes ?? [], destination);
  if (!route) return { status: 200, body: { nextHopType: 'None', nextHopIpAddress: '', routeTableId: 'System Route' } };
  const subnetId = nic.nic.ipConfigurations.find((c) => c.privateIPAddress === source)?.subnet.id ?? '';
  const routeTable = snap.virtualNetworks.flatMap((v) => v.subnets).find((s) => same(s.id, subnetId))?.routeTable?.id;
  return {
    status: 200,
    body: {
      nextHopType: route.nextHopType,
      nextHopIpAddress: route.nextHopIpAddress[0] ?? '',
      routeTableId: route.source === 'User' && routeTable ? routeTable : 'System Route',
    },
  };
}

function pathTables(c: CircuitSnapshot, peeringName: string, devicePath: string): CircuitPathTables {
  const p = c.peerings.find((x) => same(x.peering.name, peeringName));
  if (!p) throw notFound('Microsoft.Network/expressRouteCircuits/peerings', `${c.circuit.name}/${peeringName}`, parseResourceId(c.circuit.id)?.resourceGroup ?? '');
  const path = devicePath.toLowerCase();
  if (path !== 'primary' && path !== 'secondary') throw new HttpError(400, 'InvalidParameter', `devicePath must be 'primary' or 'secondary', got '${devicePath}'.`);
  return path === 'primary' ? p.primary : p.secondary;
}

/** `GET /subscriptions/{sub}/providers/Microsoft.Network/{type}` (the SDK's listAll), every resource group at once. */
export function routeSubscriptionList(ctx: NetworkRouteContext, snap: NetworkSnapshot, url: URL, lower: string[], sub: string, apiVersion: string): Reply | undefined {
  const inSub = (id: string): boolean => same(parseResourceId(id)?.subscriptionId ?? '', sub);
  const list = (route: string, items: JsonObject[]): Reply => {
    ctx.count(route);
    return { status: 200, body: ctx.page(items, url, apiVersion) };
  };
  switch (lower[4]) {
    case 'virtualnetworks':
      return list('listAllVirtualNetworks', snap.virtualNetworks.filter((v) => inSub(v.id)).map((v) => wireVirtualNetwork(snap, v)));
    case 'routetables':
      return list('listAllRouteTables', (snap.routeTables ?? []).filter((t) => inSub(t.id)).map(wireRouteTable));
    case 'networkinterfaces':
      return list('listAllNetworkInterfaces', (snap.networkInterfaces ?? []).filter((n) => inSub(n.nic.id)).map((n) => wireNetworkInterface(n.nic)));
    case 'expressroutecircuits':
      return list('listAllCircuits', (snap.expressRouteCircuits ?? []).filter((c) => inSub(c.circuit.id)).map(wireCircuit));
    case 'networkwatchers': {
      const has = snap.virtualNetworks.some((v) => inSub(v.id));
      const id = `/subscriptions/${sub}/resourceGroups/${NETWORK_WATCHER_GROUP}/providers/Microsoft.Network/networkWatchers/${NETWORK_WATCHER_NAME}`;
      return list('listAllNetworkWatchers', has ? [{ id, name: NETWORK_WATCHER_NAME, type: 'Microsoft.Network/networkWatchers', location: LAB_LOCATION, etag: 'W/"lab"', properties: { provisioningState: 'Succeeded' } }] : []);
    }
    default:
      return undefined;
  }
}

/**
 * Answers `/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}[/{name}...]` for the
 * resource types above; undefined when the path is not one of them (the caller goes on).
 */
export function routeNetworkResource(ctx: NetworkRouteContext, snap: NetworkSnapshot, method: string, url: URL, parts: string[], lower: string[], sub: string, apiVersion: string, bodyText: string): Reply | undefined {
  const rg = parts[3]!;
  const ns = lower[5];
  const type = lower[6];
  const name = parts[7];
  const list = (route: string, items: JsonObject[]): Reply => {
    ctx.count(route);
    return { status: 200, body: ctx.page(items, url, apiVersion) };
  };
  const get = (route: string, body: JsonValue): Reply => {
    ctx.count(route);
    return { status: 200, body };
  };
  /** Recomputed when the operation completes, from the lab as it is then. */
  const lro = (route: string, compute: (s: NetworkSnapshot) => LroOutcome): Reply => {
    ctx.count(route);
    return ctx.startLro(sub, apiVersion, 'location', () => {
      try {
        return compute(ctx.snapshot());
      } catch (err) {
        if (err instanceof HttpError) return { status: err.status, body: armErrorBody(err.code, err.message) };
        throw err;
      }
    });
  };

  if (ns === 'microsoft.compute' && type === 'virtualmachines' && method === 'GET') {
    const vms = new Map<string, { id: string; name: string; nics: NetworkInterfaceSnapshot['nic'][] }>();
    for (const n of snap.networkInterfaces ?? []) {
      const id = n.nic.virtualMachine?.id;
      if (!id || !inGroup(id, sub, rg)) continue;
      const key = id.toLowerCase();
      const vm = vms.get(key) ?? { id, name: parseResourceId(id)?.name ?? id, nics: [] };
      vm.nics.push(n.nic);
      vms.set(key, vm);
    }
    if (name === undefined) return list('listVirtualMachines', [...vms.values()].map((v) => wireVirtualMachine(v.id, v.name, LAB_LOCATION, v.nics)));
    const vm = [...vms.values()].find((v) => same(v.name, name));
    if (!vm || parts.length !== 8) throw notFound('Microsoft.Compute/virtualMachines', name, rg);
    return get('getVirtualMachine', wireVirtualMachine(vm.id, vm.name, LAB_LOCATION, vm.nics));
  }
  if (ns !== 'microsoft.network') return undefined;

  switch (type) {
    case 'virtualnetworks': {
      const vnets = snap.virtualNetworks.filter((v) => inGroup(v.id, sub, rg));
      if (name === undefined && method === 'GET') return list('listVirtualNetworks', vnets.map((v) => wireVirtualNetwork(snap, v)));
      const vnet = vnets.find((v) => same(v.name, name ?? ''));
      if (!vnet) throw notFound('Microsoft.Network/virtualNetworks', name ?? '', rg);
      if (parts.length === 8 && method === 'GET') return get('getVirtualNetwork', wireVirtualNetwork(snap, vnet));
      if (lower[8] === 'subnets' && method === 'GET') {
        if (parts.length === 9) return list('listSubnets', vnet.subnets.map((s) => wireSubnet(snap, s)));
        const subnet = vnet.subnets.find((s) => same(s.name, parts[9]!));
        if (!subnet || parts.length !== 10) throw notFound('Microsoft.Network/virtualNetworks/subnets', `${vnet.name}/${parts[9]}`, rg);
        return get('getSubnet', wireSubnet(snap, subnet));
      }
      return undefined;
    }
    case 'routetables': {
      const tables = (snap.routeTables ?? []).filter((t) => inGroup(t.id, sub, rg));
      if (name === undefined && method === 'GET') return list('listRouteTables', tables.map(wireRouteTable));
      const table = tables.find((t) => same(t.name, name ?? ''));
      if (!table) throw notFound('Microsoft.Network/routeTables', name ?? '', rg);
      if (parts.length === 8 && method === 'GET') return get('getRouteTable', wireRouteTable(table));
      return undefined;
    }
    case 'networkinterfaces': {
      const nics = (snap.networkInterfaces ?? []).filter((n) => inGroup(n.nic.id, sub, rg));
      if (name === undefined && method === 'GET') return list('listNetworkInterfaces', nics.map((n) => wireNetworkInterface(n.nic)));
      const nic = nics.find((n) => same(n.nic.name, name ?? ''));
      if (!nic) throw notFound('Microsoft.Network/networkInterfaces', name ?? '', rg);
      if (parts.length === 8 && method === 'GET') return get('getNetworkInterface', wireNetworkInterface(nic.nic));
      if (parts.length === 9 && lower[8] === 'effectiveroutetable' && method === 'POST') {
        const nicName = nic.nic.name;
        return lro('getEffectiveRouteTable', (s) => {
          const now = (s.networkInterfaces ?? []).find((n) => inGroup(n.nic.id, sub, rg) && same(n.nic.name, nicName));
          if (!now) throw notFound('Microsoft.Network/networkInterfaces', nicName, rg);
          // An unattached NIC has no effective routes in Azure (400); lab NICs are always attached.
          return { status: 200, body: { value: (now.effectiveRoutes ?? []).map((r) => ({ ...r, disableBgpRoutePropagation: false })) as unknown as JsonValue[] } };
        });
      }
      if (parts.length === 9 && lower[8] === 'effectivenetworksecuritygroups' && method === 'POST') {
        const nicName = nic.nic.name;
        return lro('listEffectiveNetworkSecurityGroups', (s) => {
          const now = (s.networkInterfaces ?? []).find((n) => inGroup(n.nic.id, sub, rg) && same(n.nic.name, nicName));
          if (!now) throw notFound('Microsoft.Network/networkInterfaces', nicName, rg);
          // ARM's EffectiveNetworkSecurityGroupListResult; tagMap: the tags the rules use, expanded.
          const value = (now.effectiveNetworkSecurityGroups ?? []).map((g) => ({ ...g, tagMap: { VirtualNetwork: vnetTagOf([g]) } }));
          return { status: 200, body: { value: value as unknown as JsonValue[] } };
        });
      }
      return undefined;
    }
    case 'localnetworkgateways': {
      const lngs = snap.localNetworkGateways.filter((l) => inGroup(l.id, sub, rg));
      if (name === undefined && method === 'GET') return list('listLocalNetworkGateways', lngs.map(wireLocalNetworkGateway));
      const lng = lngs.find((l) => same(l.name, name ?? ''));
      if (!lng) throw notFound('Microsoft.Network/localNetworkGateways', name ?? '', rg);
      if (parts.length === 8 && method === 'GET') return get('getLocalNetworkGateway', wireLocalNetworkGateway(lng));
      return undefined;
    }
    case 'expressroutecircuits': {
      const circuits = (snap.expressRouteCircuits ?? []).filter((c) => inGroup(c.circuit.id, sub, rg));
      if (name === undefined && method === 'GET') return list('listCircuits', circuits.map(wireCircuit));
      const circuit = circuits.find((c) => same(c.circuit.name, name ?? ''));
      if (!circuit) throw notFound('Microsoft.Network/expressRouteCircuits', name ?? '', rg);
      if (parts.length === 8 && method === 'GET') return get('getCircuit', wireCircuit(circuit));
      if (lower[8] !== 'peerings') return undefined;
      if (parts.length === 9 && method === 'GET') return list('listCircuitPeerings', circuit.peerings.map((p) => wireCircuitPeering(p.peering)));
      const peeringName = parts[9]!;
      if (parts.length === 10 && method === 'GET') {
        const p = circuit.peerings.find((x) => same(x.peering.name, peeringName));
        if (!p) throw notFound('Microsoft.Network/expressRouteCircuits/peerings', `${circuit.circuit.name}/${peeringName}`, rg);
        return get('getCircuitPeering', wireCircuitPeering(p.peering));
      }
      if (parts.length === 12 && method === 'POST') {
        const devicePath = parts[11]!;
        const circuitName = circuit.circuit.name;
        pathTables(circuit, peeringName, devicePath); // 404/400 now, as ARM validates up front
        const tableOf = (s: NetworkSnapshot): CircuitPathTables => {
          const c = (s.expressRouteCircuits ?? []).find((x) => inGroup(x.circuit.id, sub, rg) && same(x.circuit.name, circuitName));
          if (!c) throw notFound('Microsoft.Network/expressRouteCircuits', circuitName, rg);
          return pathTables(c, peeringName, devicePath);
        };
        const rows = (v: unknown[] | undefined): LroOutcome => ({ status: 200, body: { value: (v ?? []) as JsonValue[] } });
        if (lower[10] === 'routetables') return lro('listRoutesTable', (s) => rows(tableOf(s).routes));
        if (lower[10] === 'routetablessummary') return lro('listRoutesTableSummary', (s) => rows(tableOf(s).summary));
        if (lower[10] === 'arptables') return lro('listArpTable', (s) => rows(tableOf(s).arp));
      }
      return undefined;
    }
    case 'networkwatchers': {
      if (!same(rg, NETWORK_WATCHER_GROUP)) {
        if (name === undefined && method === 'GET') return list('listNetworkWatchers', []);
        throw notFound('Microsoft.Network/networkWatchers', name ?? '', rg);
      }
      const id = `/subscriptions/${sub}/resourceGroups/${NETWORK_WATCHER_GROUP}/providers/Microsoft.Network/networkWatchers/${NETWORK_WATCHER_NAME}`;
      const watcher: JsonObject = { id, name: NETWORK_WATCHER_NAME, type: 'Microsoft.Network/networkWatchers', location: LAB_LOCATION, etag: 'W/"lab"', properties: { provisioningState: 'Succeeded' } };
      if (name === undefined && method === 'GET') return list('listNetworkWatchers', [watcher]);
      if (!same(name ?? '', NETWORK_WATCHER_NAME)) throw notFound('Microsoft.Network/networkWatchers', name ?? '', rg);
      if (parts.length === 8 && method === 'GET') return get('getNetworkWatcher', watcher);
      if (parts.length === 9 && lower[8] === 'nexthop' && method === 'POST') {
        let body: unknown;
        try {
          body = JSON.parse(bodyText || '{}');
        } catch {
          throw new HttpError(400, 'InvalidRequestContent', 'The request content is not valid JSON.');
        }
        return lro('getNextHop', (s) => nextHop(s, body, rg));
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
