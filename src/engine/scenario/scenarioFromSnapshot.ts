// "Open in Lab": a *.gwlab.json scenario that reproduces a snapshot's topology (Azure's or a
// saved lab snapshot): the VNet with its subnets and UDRs, its gateways with SKU and mode, the
// sites with their prefixes and BGP settings, the circuits with the prefixes each path carries
// (a path down, a prefix withheld on one path), the connections with their IPsec settings, and
// the VMs' primary NICs as probe sources, so an engineer replays a customer's network in the lab
// and injects faults. What the snapshot does not hold (on-premises devices, the customer's
// router) gets the lab's defaults.
import type { LocalNetworkGateway, VirtualNetwork, VirtualNetworkGateway, VirtualNetworkGatewayConnection } from '../../model/arm';
import type { CircuitSnapshot } from '../../model/armNetwork';
import type { NetworkSnapshot } from '../../model/snapshot';
import { parseResourceId } from '../../model/resourceIds';

type Json = Record<string, unknown>;

function same(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

function nameOf(id: string): string {
  return parseResourceId(id)?.name ?? id.split('/').pop() ?? id;
}

function vnetOfGateway(g: VirtualNetworkGateway): string | undefined {
  const s = g.ipConfigurations.find((c) => c.subnet.id !== '')?.subnet.id;
  const i = s ? s.toLowerCase().lastIndexOf('/subnets/') : -1;
  return s && i > 0 ? s.slice(0, i) : undefined;
}

/** The VNet to reproduce: the one with a gateway (or `vnetId`), else the first. */
function pickVnet(snap: NetworkSnapshot, vnetId?: string): VirtualNetwork {
  const byId = vnetId ? snap.virtualNetworks.find((v) => same(v.id, vnetId)) : undefined;
  if (vnetId && !byId) throw new Error(`the snapshot has no virtual network "${vnetId}"`);
  const withGateway = snap.virtualNetworks.find((v) => snap.gateways.some((g) => same(vnetOfGateway(g.gateway), v.id)));
  const vnet = byId ?? withGateway ?? snap.virtualNetworks[0];
  if (!vnet) throw new Error('the snapshot holds no virtual network (read it with the network parts: gateway-lab snapshot --azure, or Save Snapshot)');
  return vnet;
}

function siteOf(l: LocalNetworkGateway): Json {
  const site: Json = { name: l.name, gatewayIpAddress: l.gatewayIpAddress, addressPrefixes: [...l.localNetworkAddressSpace.addressPrefixes] };
  if (l.bgpSettings && l.bgpSettings.asn > 0) {
    site.asn = l.bgpSettings.asn;
    site.bgpPeeringAddress = l.bgpSettings.bgpPeeringAddress.split(',')[0]!.trim();
  }
  return site;
}

/** Customer prefixes per path (routes not learned from the gateway, AS 65515). */
function circuitOf(c: CircuitSnapshot | undefined, name: string, fallbackPrefixes: string[]): Json {
  const peering = c?.peerings.find((p) => p.peering.name === 'AzurePrivatePeering') ?? c?.peerings[0];
  const circuit: Json = { name };
  if (peering && peering.peering.peerASN > 0) circuit.asn = peering.peering.peerASN;
  if (c?.circuit.sku.tier === 'Premium') circuit.premium = true;
  const customer = (routes: { network: string; path: string }[] | undefined): Set<string> | undefined =>
    routes === undefined ? undefined : new Set(routes.filter((r) => !r.path.split(/\s+/).includes('65515')).map((r) => r.network));
  const primary = customer(peering?.primary.routes);
  const secondary = customer(peering?.secondary.routes);
  if (!primary && !secondary) {
    circuit.prefixes = fallbackPrefixes;
    return circuit;
  }
  const all = [...new Set([...(primary ?? []), ...(secondary ?? [])])].sort();
  circuit.prefixes = all.length > 0 ? all : fallbackPrefixes;
  const isDown = (path: 'primary' | 'secondary'): boolean => {
    const summary = peering?.[path].summary;
    return summary !== undefined && summary.length > 0 && summary.every((s) => !/^\d+$/.test(s.statePfxRcd)) && (peering?.[path].routes ?? []).length === 0;
  };
  const paths: Json = {};
  for (const [path, set] of [['primary', primary], ['secondary', secondary]] as const) {
    if (isDown(path)) paths[path] = { down: true };
    else if (set) {
      const withheld = all.filter((p) => !set.has(p));
      if (withheld.length > 0) paths[path] = { withheldPrefixes: withheld };
    }
  }
  if (Object.keys(paths).length > 0) circuit.paths = paths;
  return circuit;
}

function connectionOf(c: VirtualNetworkGatewayConnection, gateway: string, site: string | undefined, circuit: string | undefined): Json {
  const out: Json = { name: c.name, type: c.connectionType === 'ExpressRoute' ? 'ExpressRoute' : 'IPsec', gateway };
  if (site) out.site = site;
  if (circuit) out.circuit = circuit;
  if (c.connectionType !== 'ExpressRoute') out.enableBgp = c.enableBgp;
  if (c.routingWeight) out.routingWeight = c.routingWeight;
  if (c.ipsecPolicies && c.ipsecPolicies.length > 0) out.ipsecPolicies = c.ipsecPolicies.map((p) => ({ ...p }));
  if (c.usePolicyBasedTrafficSelectors) out.usePolicyBasedTrafficSelectors = true;
  if (c.trafficSelectorPolicies && c.trafficSelectorPolicies.length > 0) out.trafficSelectorPolicies = c.trafficSelectorPolicies.map((t) => ({ ...t }));
  if (c.connectionProtocol === 'IKEv1') out.connectionProtocol = 'IKEv1';
  if (c.dpdTimeoutSeconds !== undefined && c.dpdTimeoutSeconds !== 45) out.dpdTimeoutSeconds = c.dpdTimeoutSeconds;
  return out;
}

export interface ScenarioFromSnapshotOptions {
  /** Which VNet to reproduce (default: the one holding a gateway). */
  vnetId?: string;
  name?: string;
  duration?: string;
}

/** The scenario JSON (validate with validateScenario before running it). */
export function scenarioFromSnapshot(snap: NetworkSnapshot, options: ScenarioFromSnapshotOptions = {}): Json {
  const vnet = pickVnet(snap, options.vnetId);
  // In address order: the lab places gateway instances on GatewaySubnet by topology order, so a
  // lab snapshot comes back with the same addresses (and Azure's order is stable).
  const ipKey = (g: VirtualNetworkGateway): number => {
    const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(g.ipConfigurations[0]?.privateIPAddress ?? '');
    return m ? ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]) : Number.MAX_SAFE_INTEGER;
  };
  const gateways = snap.gateways.filter((g) => same(vnetOfGateway(g.gateway), vnet.id)).sort((a, b) => ipKey(a.gateway) - ipKey(b.gateway));
  const gwNames = new Set(gateways.map((g) => g.gateway.id.toLowerCase()));
  const connections = snap.connections.filter((c) => gwNames.has(c.virtualNetworkGateway1.id.toLowerCase()));
  const sites: Json[] = [];
  const circuits: Json[] = [];
  const conns: Json[] = [];
  for (const c of connections) {
    const gw = gateways.find((g) => same(g.gateway.id, c.virtualNetworkGateway1.id))!;
    let site: string | undefined;
    let circuit: string | undefined;
    if (c.localNetworkGateway2) {
      const l = snap.localNetworkGateways.find((x) => same(x.id, c.localNetworkGateway2!.id));
      site = l?.name ?? nameOf(c.localNetworkGateway2.id);
      if (!sites.some((s) => s.name === site)) sites.push(l ? siteOf(l) : { name: site, gatewayIpAddress: '203.0.113.1', addressPrefixes: [] });
    }
    if (c.peer) {
      circuit = nameOf(c.peer.id);
      if (!circuits.some((x) => x.name === circuit)) {
        // Without the circuit's tables, the prefixes the ER gateway learned from the MSEEs.
        const mseePeers = new Set((gw.bgpPeers ?? []).filter((p) => p.asn === 12076).map((p) => p.neighbor));
        const learned = [...new Set((gw.learnedRoutes ?? []).filter((r) => mseePeers.has(r.sourcePeer)).map((r) => r.network))].sort();
        circuits.push(circuitOf((snap.expressRouteCircuits ?? []).find((x) => same(x.circuit.id, c.peer!.id)), circuit, learned));
      }
    }
    conns.push(connectionOf(c, gw.gateway.name, site, circuit));
  }
  const subnets = vnet.subnets.map((s) => {
    const out: Json = { name: s.name, addressPrefix: s.addressPrefix };
    if (s.routes && s.routes.length > 0) out.routes = s.routes.map((r) => ({ ...r }));
    return out;
  });
  const vms: Json[] = [];
  for (const n of snap.networkInterfaces ?? []) {
    const ip = n.nic.ipConfigurations.find((c) => c.primary) ?? n.nic.ipConfigurations[0];
    const subnet = ip && vnet.subnets.find((s) => same(s.id, ip.subnet.id));
    if (!ip || !subnet) continue;
    const name = n.nic.virtualMachine ? nameOf(n.nic.virtualMachine.id) : n.nic.name;
    if (!vms.some((v) => v.name === name)) vms.push({ name, subnet: subnet.name, privateIpAddress: ip.privateIPAddress });
  }
  const probes: Json[] = [];
  const first = vms[0];
  if (first) {
    const host = (prefix: string): string | undefined => {
      const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(prefix);
      if (!m || Number(m[5]) > 30) return undefined;
      return `${m[1]}.${m[2]}.${m[3]}.${Number(m[4]) + 20}`;
    };
    for (const s of sites) {
      const to = host(((s.addressPrefixes as string[]) ?? [])[0] ?? '');
      if (to) probes.push({ name: `${first.name}-to-${s.name}`, from: first.privateIpAddress, to, interval: '5s' });
    }
    for (const c of circuits) {
      const to = host(((c.prefixes as string[]) ?? [])[0] ?? '');
      if (to) probes.push({ name: `${first.name}-to-${c.name}`, from: first.privateIpAddress, to, interval: '5s' });
    }
  }
  return {
    $schema: '../schemas/gwlab.schema.json',
    name: options.name ?? `${vnet.name}-replay`,
    description: `Reproduces ${vnet.name} from a ${snap.source} snapshot taken ${snap.takenAt} (Open in Lab). On-premises devices and the customer's router are the lab's models.`,
    seed: 1,
    duration: options.duration ?? '10m',
    topology: {
      virtualNetwork: { name: vnet.name, addressSpace: [...vnet.addressSpace.addressPrefixes], subnets },
      gateways: gateways.map((g) => {
        const x = g.gateway;
        const out: Json = { name: x.name, type: x.gatewayType, sku: x.sku.name, activeActive: x.activeActive };
        if (x.gatewayType === 'Vpn') {
          out.vpnType = x.vpnType ?? 'RouteBased';
          if (x.bgpSettings && x.bgpSettings.asn > 0 && x.bgpSettings.asn !== 65515) out.asn = x.bgpSettings.asn;
        }
        return out;
      }),
      sites,
      circuits,
      connections: conns,
      ...(vms.length > 0 ? { virtualMachines: vms } : {}),
    },
    probes,
  };
}
