// The route path tracer: from a source address (a NIC, or any address in a subnet) to a
// destination, hop by hop, on one NetworkSnapshot (lab or Azure alike). Pure: imports only the
// shared model. Forward hops: source -> the NIC's effective route (longest prefix; user > BGP >
// system; ER over S2S for equal prefixes; VNet system routes never overridden) -> the gateway it
// points to -> that gateway's learned route (source peer, origin, AS path) -> the connection (and,
// in the lab, the serving instance and its tunnel) or the circuit with its primary/secondary paths
// -> the site or circuit that owns the prefix. When the route is missing, the tracer follows the
// path the route should have come along and names the first hop broken in its own right (in
// coexistence: the ER gateway's learned routes). Then the return path: does the owner learn the
// source's prefix (advertised routes to that peer, circuit route tables)?
import type { EffectiveRoute, GatewayRoute, LocalNetworkGateway, Subnet, VirtualNetwork, VirtualNetworkGateway, VirtualNetworkGatewayConnection } from '../model/arm';
import type { CircuitSnapshot, NetworkInterfaceSnapshot } from '../model/armNetwork';
import type { GatewaySnapshot, NetworkSnapshot } from '../model/snapshot';
import { allContainingIndexed, anyContains, longestMatch, longestMatchIndexed, matchLength, rowsWithPrefixIndexed, toAddress, type Address } from './routeMatch';
import type { HopEvidence, RoutePathHop, RoutePathResult } from './routePathTypes';
import { evaluateSecurity, type SecurityDirection } from '../model/networkSecurity';

/** The Microsoft edge's ASN (ExpressRoute MSEEs). */
const MSEE_ASN = 12076;

/** Labelled wherever the verdict relies on it (DESIGN.md). */
export const PLUMBING_NOTE =
  'Product model: in an ExpressRoute/VPN coexistence VNet only the ExpressRoute gateway plumbs learned routes into the VNet; Azure documents only that both gateways must exchange routes over BGP.';

const EFFECTIVE_COLUMNS = ['source', 'state', 'prefix', 'next hop type', 'next hop'];
const LEARNED_COLUMNS = ['local', 'network', 'next hop', 'source peer', 'origin', 'AS path', 'weight'];
const PEER_COLUMNS = ['local', 'neighbor', 'ASN', 'state', 'connected', 'routes'];
const CIRCUIT_COLUMNS = ['network', 'next hop', 'path'];
const SECURITY_COLUMNS = ['NSG', 'rule', 'priority', 'access', 'direction', 'source', 'destination'];

function same(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

function nameOf(id: string): string {
  return id.split('/').pop() ?? id;
}

/** The prefix list of a route row by its network (learned, advertised and circuit routes); one array per row, made once when a table is indexed. */
function networks(r: { network: string }): readonly string[] {
  return [r.network];
}

function effectiveRow(r: EffectiveRoute): string[] {
  return [r.source, r.state, r.addressPrefix.join(','), r.nextHopType, r.nextHopIpAddress.join(',') || '-'];
}

function learnedRow(r: GatewayRoute): string[] {
  return [r.localAddress, r.network, r.nextHop || '-', r.sourcePeer || '-', r.origin, r.asPath || '-', String(r.weight)];
}

/** Every address a gateway answers on: ip configurations and BGP addresses. */
function gatewayAddresses(g: VirtualNetworkGateway): string[] {
  const out = new Set<string>();
  for (const c of g.ipConfigurations) if (c.privateIPAddress) out.add(c.privateIPAddress);
  const s = g.bgpSettings;
  if (s) {
    for (const a of s.bgpPeeringAddress.split(',')) if (a.trim()) out.add(a.trim());
    for (const p of s.bgpPeeringAddresses ?? []) for (const a of [...p.defaultBgpIpAddresses, ...p.customBgpIpAddresses]) if (a.trim()) out.add(a.trim());
  }
  return [...out];
}

function vnetOfSubnetId(id: string): string {
  const i = id.toLowerCase().lastIndexOf('/subnets/');
  return i < 0 ? id : id.slice(0, i);
}

function gatewayVnet(g: VirtualNetworkGateway): string | undefined {
  const s = g.ipConfigurations.find((c) => c.subnet.id !== '')?.subnet.id;
  return s ? vnetOfSubnetId(s) : undefined;
}

interface Source {
  vnet?: VirtualNetwork;
  subnet?: Subnet;
  nic?: NetworkInterfaceSnapshot;
}

/** Who owns the destination: a site (via a VPN gateway's connection) or a circuit (via an ER gateway). */
type Owner =
  | { kind: 'site'; site: LocalNetworkGateway; gateway: GatewaySnapshot; connection: VirtualNetworkGatewayConnection; prefix: string }
  | { kind: 'circuit'; circuit: CircuitSnapshot | undefined; circuitId: string; gateway: GatewaySnapshot; connection: VirtualNetworkGatewayConnection; prefix: string };

class Tracer {
  readonly hops: RoutePathHop[] = [];
  readonly returnHops: RoutePathHop[] = [];
  readonly notes = new Set<string>();
  private readonly to: Address;
  private readonly from: Address;

  constructor(
    private readonly snap: NetworkSnapshot,
    readonly fromText: string,
    readonly toText: string,
  ) {
    this.from = toAddress(fromText);
    this.to = toAddress(toText);
  }

  // ---- lookups ----------------------------------------------------------------------------

  private gatewaysInVnet(vnetId: string): GatewaySnapshot[] {
    return this.snap.gateways.filter((g) => same(gatewayVnet(g.gateway), vnetId));
  }

  private gatewayByAddress(address: string, within: GatewaySnapshot[]): GatewaySnapshot | undefined {
    const own = within.find((g) => gatewayAddresses(g.gateway).includes(address));
    if (own) return own;
    // ER routes point at the MSEEs: the gateway whose BGP neighbor that is.
    return within.find((g) => (g.bgpPeers ?? []).some((p) => p.neighbor === address));
  }

  private sitesByBgpAddress: Map<string, LocalNetworkGateway> | undefined;

  /** Called per learned row while matching: the sites' BGP addresses are indexed once per trace. */
  private siteByBgpAddress(address: string): LocalNetworkGateway | undefined {
    if (!this.sitesByBgpAddress) {
      this.sitesByBgpAddress = new Map();
      for (const l of this.snap.localNetworkGateways) {
        for (const a of l.bgpSettings?.bgpPeeringAddress.split(',') ?? []) if (a.trim() && !this.sitesByBgpAddress.has(a.trim())) this.sitesByBgpAddress.set(a.trim(), l);
      }
    }
    return this.sitesByBgpAddress.get(address);
  }

  private isMseePeer(g: GatewaySnapshot, r: GatewayRoute): boolean {
    if ((g.bgpPeers ?? []).some((p) => p.neighbor === r.sourcePeer && p.asn === MSEE_ASN)) return true;
    return r.asPath.split(/[-\s,]/)[0] === String(MSEE_ASN);
  }

  private connectionsOf(g: GatewaySnapshot): VirtualNetworkGatewayConnection[] {
    return this.snap.connections.filter((c) => same(c.virtualNetworkGateway1.id, g.gateway.id));
  }

  private circuit(id: string): CircuitSnapshot | undefined {
    return (this.snap.expressRouteCircuits ?? []).find((c) => same(c.circuit.id, id));
  }

  private findSource(): Source {
    const nic = (this.snap.networkInterfaces ?? []).find((n) => n.nic.ipConfigurations.some((c) => c.privateIPAddress === this.fromText));
    for (const vnet of this.snap.virtualNetworks) {
      const subnet = nic
        ? vnet.subnets.find((s) => nic.nic.ipConfigurations.some((c) => same(c.subnet.id, s.id)))
        : longestMatch(vnet.subnets, this.from, (s) => s.addressPrefix)?.row;
      if (subnet) return nic ? { vnet, subnet, nic } : { vnet, subnet };
      if (!nic && anyContains(vnet.addressSpace.addressPrefixes, this.from)) return { vnet };
    }
    return nic ? { nic } : {};
  }

  /** The effective routes that apply to the source, and where they come from. */
  private effectiveRoutes(src: Source): { rows: EffectiveRoute[]; from: string; id: string } | undefined {
    if (src.nic?.effectiveRoutes) return { rows: src.nic.effectiveRoutes, from: `NIC ${src.nic.nic.name}`, id: src.nic.nic.id };
    // Another NIC in the same subnet has the same routes (one route table per subnet).
    if (src.subnet) {
      const peer = (this.snap.networkInterfaces ?? []).find((n) => n.effectiveRoutes && n.nic.ipConfigurations.some((c) => same(c.subnet.id, src.subnet!.id)));
      if (peer?.effectiveRoutes) return { rows: peer.effectiveRoutes, from: `NIC ${peer.nic.name} (same subnet)`, id: peer.nic.id };
    }
    const byVnet = src.vnet && this.snap.effectiveRoutes?.[src.vnet.id];
    if (byVnet) return { rows: byVnet, from: `VNet ${src.vnet!.name}`, id: src.vnet!.id };
    return undefined;
  }

  // ---- hops --------------------------------------------------------------------------------

  private add(hop: RoutePathHop): number {
    this.hops.push(hop);
    return this.hops.length - 1;
  }

  trace(): void {
    const src = this.findSource();
    const srcId = src.nic?.nic.id ?? src.subnet?.id ?? src.vnet?.id ?? '';
    if (!src.vnet) {
      this.add({ status: 'broken', kind: 'source', id: srcId, name: this.fromText, summary: `${this.fromText} is not in any virtual network of the snapshot`, evidence: [], fix: `Trace from an address inside a VNet the snapshot holds (${this.snap.virtualNetworks.map((v) => `${v.name} ${v.addressSpace.addressPrefixes.join(',')}`).join('; ') || 'none read'}).` });
      return;
    }
    this.add({
      status: 'ok',
      kind: 'source',
      id: srcId,
      name: src.nic ? src.nic.nic.name : src.subnet ? `${src.vnet.name}/${src.subnet.name}` : src.vnet.name,
      summary: src.nic ? `NIC ${src.nic.nic.name} (${this.fromText}) in subnet ${src.subnet?.name ?? '?'} of ${src.vnet.name}` : `${this.fromText} in ${src.subnet ? `subnet ${src.subnet.name} of ` : ''}${src.vnet.name}`,
      evidence: [],
    });
    if (src.nic) this.securityHop(src.nic, 'Outbound');
    const vnetGateways = this.gatewaysInVnet(src.vnet.id);
    const er = vnetGateways.filter((g) => g.gateway.gatewayType === 'ExpressRoute');
    const vpn = vnetGateways.filter((g) => g.gateway.gatewayType === 'Vpn');
    const coexistence = er.length > 0 && vpn.length > 0;
    if (coexistence) this.notes.add(PLUMBING_NOTE);

    const table = this.effectiveRoutes(src);
    if (!table) {
      const i = this.add({ status: 'unknown', kind: 'effectiveRoute', id: srcId, name: 'effective routes', summary: 'effective routes were not read', evidence: [], fix: 'Read the NIC\'s effective routes (getEffectiveRouteTable) to decide the first hop.' });
      this.followExpected(src, vnetGateways, coexistence, i);
      return;
    }
    const best = longestMatchIndexed(table.rows, this.to, (r) => r.addressPrefix, (r) => r.state === 'Active');
    const samePrefix = best ? rowsWithPrefixIndexed(table.rows, best.prefix, (r) => r.addressPrefix) : [];
    const evidence: HopEvidence[] = [{ table: 'effectiveRoutes', resourceId: table.id, columns: EFFECTIVE_COLUMNS, rows: (samePrefix.length > 0 ? samePrefix : []).map(effectiveRow) }];
    if (!best) {
      const i = this.add({ status: 'broken', kind: 'effectiveRoute', id: table.id, name: table.from, summary: `no route to ${this.toText} in the effective routes of ${table.from}`, rule: 'longest prefix match: nothing matches', evidence });
      this.followExpected(src, vnetGateways, coexistence, i);
      return;
    }
    const route = best.row;
    const rule = ruleText(best.prefix, route, samePrefix);
    const base = { id: table.id, name: table.from, rule, evidence };
    const via = `${best.prefix} -> ${route.nextHopType}${route.nextHopIpAddress.length ? ` ${route.nextHopIpAddress.join(',')}` : ''} (${route.source})`;
    if (route.nextHopType === 'VnetLocal') {
      this.add({ ...base, status: 'ok', kind: 'effectiveRoute', summary: `${via}: inside the VNet` });
      this.add({ status: 'ok', kind: 'vnet', id: src.vnet.id, name: src.vnet.name, summary: `${this.toText} is in ${src.vnet.name}'s address space (system route; never overridden by BGP)`, evidence: [] });
      const dest = (this.snap.networkInterfaces ?? []).find((n) => n.nic.ipConfigurations.some((c) => c.privateIPAddress === this.toText));
      if (dest) this.securityHop(dest, 'Inbound');
      return;
    }
    if (route.nextHopType === 'VirtualAppliance') {
      this.add({ ...base, status: 'unknown', kind: 'effectiveRoute', summary: `${via}: to a network virtual appliance; the path beyond it is not in Azure's tables`, fix: route.source === 'User' ? `If ${this.toText} should go to on-premises, change or remove user route "${route.name ?? best.prefix}" so the gateway route applies.` : undefined });
      return;
    }
    if (route.nextHopType !== 'VirtualNetworkGateway') {
      const i = this.add({ ...base, status: 'broken', kind: 'effectiveRoute', summary: `${via}: the packet ${route.nextHopType === 'None' ? 'is dropped' : `goes to the ${route.nextHopType}`}, not to a gateway` });
      if (route.source === 'User') {
        this.hops[i]!.fix = `User route "${route.name ?? best.prefix}" (${best.prefix} -> ${route.nextHopType}) on the subnet's route table wins over any gateway route; remove it or point it at the gateway.`;
        return;
      }
      this.followExpected(src, vnetGateways, coexistence, i);
      return;
    }
    // A gateway route: which gateway, and is the rest of the path there?
    const gw = route.nextHopIpAddress.map((a) => this.gatewayByAddress(a, vnetGateways.length > 0 ? vnetGateways : this.snap.gateways)).find((g) => g !== undefined);
    const i = this.add({ ...base, status: 'ok', kind: 'effectiveRoute', summary: via });
    if (!gw) {
      this.hops[i]!.status = 'unknown';
      this.hops[i]!.summary += `: no gateway of the snapshot answers on ${route.nextHopIpAddress.join(',')}`;
      return;
    }
    this.followGateway(src, gw, er, coexistence, best.prefix);
  }

  /** A NIC's effective NSGs on the packet: outbound at the source, inbound at a destination NIC in the VNet. */
  private securityHop(nic: NetworkInterfaceSnapshot, direction: SecurityDirection): void {
    const groups = nic.effectiveNetworkSecurityGroups;
    const where = `${direction.toLowerCase()} at NIC ${nic.nic.name}`;
    const base = { kind: 'nsg' as const, id: nic.nic.id, name: `NSG ${where}` };
    if (!groups) {
      this.add({ ...base, status: 'unknown', summary: `effective NSGs of ${nic.nic.name} were not read`, evidence: [], fix: 'Read the NIC\'s effective security groups (listEffectiveNetworkSecurityGroups) to decide this hop.' });
      return;
    }
    const d = evaluateSecurity(groups, direction, this.fromText, this.toText);
    if (!d) {
      this.add({ ...base, status: 'ok', summary: `no NSG on ${nic.nic.name} or its subnet: ${direction.toLowerCase()} traffic is allowed`, rule: 'no network security group associated', evidence: [] });
      return;
    }
    const r = d.rule;
    const evidence: HopEvidence[] = [{ table: 'effectiveSecurityRules', resourceId: d.nsg ?? nic.nic.id, qualifier: direction, columns: SECURITY_COLUMNS, rows: [[d.nsg ? nameOf(d.nsg) : '-', r.name, String(r.priority), r.access, r.direction, r.sourceAddressPrefix, r.destinationAddressPrefix]] }];
    const rule = `first matching ${direction.toLowerCase()} rule by priority: ${r.name} (priority ${r.priority}, ${r.access})${d.nsg ? ` in ${nameOf(d.nsg)}` : ''}`;
    if (d.access === 'Allow') {
      this.add({ ...base, status: 'ok', summary: `${this.fromText} -> ${this.toText} allowed ${where} by ${r.name}`, rule, evidence });
      return;
    }
    this.add({ ...base, status: 'broken', summary: `${this.fromText} -> ${this.toText} denied ${where} by ${r.name} (priority ${r.priority})`, rule, evidence, fix: `Allow ${this.toText} ${direction.toLowerCase()} with a rule of higher priority (lower number than ${r.priority}) in ${d.nsg ? nameOf(d.nsg) : 'the NSG'}, or change ${r.name}.` });
  }

  /** The route is there and points at `gw`: plumbing (coexistence), gateway, learned route, connection/circuit, owner. */
  private followGateway(src: Source, gw: GatewaySnapshot, er: GatewaySnapshot[], coexistence: boolean, prefix: string): void {
    if (coexistence && gw.gateway.gatewayType === 'Vpn' && er[0]) this.plumbingHop(er[0], prefix, gw);
    this.gatewayHop(gw, prefix);
    const learned = rowsWithPrefixIndexed(gw.learnedRoutes ?? [], prefix, networks).filter((r) => r.sourcePeer !== '' && !gatewayAddresses(gw.gateway).includes(r.sourcePeer));
    if (gw.gateway.gatewayType === 'ExpressRoute') {
      const fromMsee = learned.filter((r) => this.isMseePeer(gw, r));
      this.learnedHop(gw, prefix, fromMsee, gw.learnedRoutes === undefined, 'the circuit (MSEE, AS 12076)');
      const conn = this.connectionsOf(gw).find((c) => c.connectionType === 'ExpressRoute' && c.peer);
      if (!conn) {
        this.add({ status: 'broken', kind: 'connection', id: gw.gateway.id, name: gw.gateway.name, summary: `${gw.gateway.name} has no ExpressRoute connection`, evidence: [], fix: 'Connect the gateway to a circuit.' });
        return;
      }
      this.erConnectionHop(conn);
      this.circuitHop(this.circuit(conn.peer!.id), conn.peer!.id, prefix);
      this.circuitReturn(this.circuit(conn.peer!.id), conn.peer!.id, src);
      return;
    }
    // VPN: the learned route from a site, or the static site prefix.
    const fromSite = learned.map((r) => ({ r, site: this.siteByBgpAddress(r.sourcePeer) })).filter((x) => x.site !== undefined);
    let owner: Owner | undefined;
    if (fromSite.length > 0) {
      this.learnedHop(gw, prefix, fromSite.map((x) => x.r), false, `site ${fromSite[0]!.site!.name}`);
      const site = fromSite[0]!.site!;
      const conn = this.connectionsOf(gw).find((c) => same(c.localNetworkGateway2?.id, site.id));
      if (conn) owner = { kind: 'site', site, gateway: gw, connection: conn, prefix };
    } else {
      owner = this.staticSiteOwner(gw);
      if (!owner && gw.learnedRoutes !== undefined && gw.gateway.enableBgp) this.learnedHop(gw, prefix, [], false, 'a site');
    }
    if (!owner) {
      this.add({ status: 'broken', kind: 'connection', id: gw.gateway.id, name: gw.gateway.name, summary: `no connection of ${gw.gateway.name} leads to a site owning ${prefix}`, evidence: [], fix: `Add ${prefix} to the local network gateway of the site that holds ${this.toText}, or advertise it over BGP.` });
      return;
    }
    this.vpnConnectionHop(owner as Extract<Owner, { kind: 'site' }>);
    this.siteHop(owner as Extract<Owner, { kind: 'site' }>);
    this.siteReturn(owner as Extract<Owner, { kind: 'site' }>, src);
  }

  private staticSiteOwner(gw: GatewaySnapshot): Owner | undefined {
    let best: { c: VirtualNetworkGatewayConnection; site: LocalNetworkGateway; len: number; prefix: string } | undefined;
    for (const c of this.connectionsOf(gw)) {
      const site = this.snap.localNetworkGateways.find((l) => same(l.id, c.localNetworkGateway2?.id));
      if (!site) continue;
      const m = longestMatch(site.localNetworkAddressSpace.addressPrefixes, this.to, (p) => p);
      if (m && m.length > (best?.len ?? -1)) best = { c, site, len: m.length, prefix: m.prefix };
    }
    return best ? { kind: 'site', site: best.site, gateway: gw, connection: best.c, prefix: best.prefix } : undefined;
  }

  private plumbingHop(erGw: GatewaySnapshot, prefix: string, vpnGw: GatewaySnapshot): number {
    const rows = rowsWithPrefixIndexed(erGw.learnedRoutes ?? [], prefix, networks);
    const vpnAddresses = gatewayAddresses(vpnGw.gateway);
    const peers = (erGw.bgpPeers ?? []).filter((p) => vpnAddresses.includes(p.neighbor));
    const evidence: HopEvidence[] = [
      { table: 'learnedRoutes', resourceId: erGw.gateway.id, columns: LEARNED_COLUMNS, rows: rows.map(learnedRow) },
      { table: 'bgpPeers', resourceId: erGw.gateway.id, columns: PEER_COLUMNS, rows: peers.map((p) => [p.localAddress, p.neighbor, String(p.asn), p.state, p.connectedDuration || '-', String(p.routesReceived)]) },
    ];
    if (erGw.learnedRoutes === undefined) {
      return this.add({ status: 'unknown', kind: 'plumbing', id: erGw.gateway.id, name: erGw.gateway.name, summary: `${erGw.gateway.name}'s learned routes were not read: cannot tell whether it plumbs ${prefix} into the VNet`, rule: PLUMBING_NOTE, evidence });
    }
    if (rows.length > 0) {
      return this.add({ status: 'ok', kind: 'plumbing', id: erGw.gateway.id, name: erGw.gateway.name, summary: `${erGw.gateway.name} learns ${prefix} from ${vpnGw.gateway.name} over BGP and plumbs it into the VNet`, rule: PLUMBING_NOTE, evidence });
    }
    const down = [...new Map(peers.filter((p) => p.state !== 'Connected').map((p) => [`${p.neighbor} ${p.state}`, p])).values()];
    const udr = this.gatewaySubnetUdr(erGw, vpnGw);
    return this.add({
      status: 'broken',
      kind: 'plumbing',
      id: erGw.gateway.id,
      name: erGw.gateway.name,
      summary: `${erGw.gateway.name} (the ExpressRoute gateway) does not learn ${prefix} from ${vpnGw.gateway.name}${down.length > 0 ? `: BGP to ${down.map((p) => `${p.neighbor} is ${p.state}`).join(', ')}` : ''}`,
      rule: PLUMBING_NOTE,
      evidence,
      fix: udr
        ? `Remove or narrow ${udr}: a UDR on GatewaySubnet covering the gateways breaks the BGP session between ${erGw.gateway.name} and ${vpnGw.gateway.name}.`
        : `Restore BGP between ${erGw.gateway.name} and ${vpnGw.gateway.name}: look for a UDR on GatewaySubnet that covers the gateway subnet (it breaks gateway-to-gateway BGP), then check both gateways' BGP peers.`,
    });
  }

  /** The documented coexistence trigger: a GatewaySubnet UDR whose prefix covers a gateway address. */
  private gatewaySubnetUdr(...gws: GatewaySnapshot[]): string | undefined {
    const vnetId = gatewayVnet(gws[0]!.gateway);
    const subnet = this.snap.virtualNetworks.find((v) => same(v.id, vnetId))?.subnets.find((s) => s.name.toLowerCase() === 'gatewaysubnet');
    for (const r of subnet?.routes ?? []) {
      if (r.nextHopType === 'VnetLocal') continue;
      const covered = gws.flatMap((g) => gatewayAddresses(g.gateway)).find((a) => matchLength(r.addressPrefix, toAddress(a)) >= 0);
      if (covered) return `UDR "${r.name}" (${r.addressPrefix} -> ${r.nextHopType}${r.nextHopIpAddress ? ` ${r.nextHopIpAddress}` : ''}) on GatewaySubnet`;
    }
    return undefined;
  }

  private gatewayHop(gw: GatewaySnapshot, prefix: string): number {
    const g = gw.gateway;
    const mode = g.activeActive ? 'active/active' : 'active/passive';
    const summary = `${g.gatewayType === 'ExpressRoute' ? 'ExpressRoute' : 'VPN'} gateway ${g.name} (${g.sku.name}, ${g.gatewayType === 'Vpn' ? `${g.vpnType ?? 'RouteBased'}, ${mode}` : mode}) takes ${prefix}`;
    if (g.provisioningState === 'Failed') return this.add({ status: 'broken', kind: 'gateway', id: g.id, name: g.name, summary: `${summary}, but its provisioning state is Failed`, evidence: [], fix: `Reset or re-provision ${g.name}.` });
    return this.add({ status: 'ok', kind: 'gateway', id: g.id, name: g.name, summary, evidence: [] });
  }

  private learnedHop(gw: GatewaySnapshot, prefix: string, rows: GatewayRoute[], unknown: boolean, expectedFrom: string): number {
    const evidence: HopEvidence[] = [{ table: 'learnedRoutes', resourceId: gw.gateway.id, columns: LEARNED_COLUMNS, rows: rows.map(learnedRow) }];
    if (unknown) return this.add({ status: 'unknown', kind: 'learnedRoute', id: gw.gateway.id, name: gw.gateway.name, summary: `${gw.gateway.name}'s learned routes were not read`, evidence });
    if (rows.length > 0) {
      const r = rows[0]!;
      return this.add({ status: 'ok', kind: 'learnedRoute', id: gw.gateway.id, name: gw.gateway.name, summary: `${gw.gateway.name} learned ${prefix} from ${r.sourcePeer} (${r.origin}, AS path ${r.asPath || '-'})`, rule: rows.length > 1 ? `${rows.length} paths; BGP best path: highest weight, shortest AS path` : undefined, evidence });
    }
    const peers = [...new Map((gw.bgpPeers ?? []).filter((p) => p.state !== 'Connected' && !this.snap.gateways.some((o) => gatewayAddresses(o.gateway).includes(p.neighbor))).map((p) => [p.neighbor, p])).values()];
    evidence.push({ table: 'bgpPeers', resourceId: gw.gateway.id, columns: PEER_COLUMNS, rows: peers.map((p) => [p.localAddress, p.neighbor, String(p.asn), p.state, p.connectedDuration || '-', String(p.routesReceived)]) });
    return this.add({
      status: 'broken',
      kind: 'learnedRoute',
      id: gw.gateway.id,
      name: gw.gateway.name,
      summary: `${gw.gateway.name} has no route to ${prefix} learned from ${expectedFrom}${peers.length > 0 ? ` (BGP peer ${peers.map((p) => `${p.neighbor} ${p.state}`).join(', ')})` : ''}`,
      evidence,
      fix: peers.length > 0 ? `Bring the BGP session${peers.length > 1 ? 's' : ''} with ${peers.map((p) => p.neighbor).join(', ')} up (peer address, ASN, the tunnel under it).` : `Have ${expectedFrom} advertise ${prefix} over BGP.`,
    });
  }

  private erConnectionHop(c: VirtualNetworkGatewayConnection): number {
    // ARM reports ExpressRoute connections' status as Unknown: it is not a fault.
    return this.add({ status: c.provisioningState === 'Failed' ? 'broken' : 'ok', kind: 'connection', id: c.id, name: c.name, summary: `ExpressRoute connection ${c.name}${c.routingWeight ? ` (routing weight ${c.routingWeight})` : ''}`, evidence: [], ...(c.provisioningState === 'Failed' ? { fix: `Re-create connection ${c.name}.` } : {}) });
  }

  private vpnConnectionHop(owner: Extract<Owner, { kind: 'site' }>): number {
    const c = owner.connection;
    const tunnels = c.tunnelConnectionStatus ?? [];
    const evidence: HopEvidence[] = [{ table: 'tunnels', resourceId: c.id, columns: ['tunnel', 'status', 'last established'], rows: tunnels.map((t) => [t.tunnel, t.connectionStatus, t.lastConnectionEstablishedUtcTime || '-']) }];
    const lab = this.snap.lab?.gateways.find((g) => same(g.gatewayId, owner.gateway.gateway.id));
    let ok: boolean;
    let why: string;
    let fix = `Bring the tunnel of ${c.name} up: check the on-premises device (${owner.site.gatewayIpAddress}), the IPsec/IKE policy and the shared key; the Connections view shows its tunnels.`;
    if (lab) {
      // The lab knows which instance serves and which tunnel is whose.
      evidence.push({ table: 'instances', resourceId: owner.gateway.gateway.id, columns: ['instance', 'role', 'health', 'serving'], rows: lab.instances.map((i) => [i.name, i.role, i.health, String(i.serving)]) });
      const serving = lab.instances.filter((i) => i.serving);
      if (serving.length === 0) {
        ok = false;
        why = `no instance of ${owner.gateway.gateway.name} is serving (${lab.instances.map((i) => `${i.name} ${i.role}/${i.health}`).join(', ')})`;
        fix = `${owner.gateway.gateway.name} is failing over: the standby takes over once the lease of the lost instance expires (lab: about a minute); if it does not, restore the instances.`;
      } else if (lab.mode === 'activeActive') {
        const up = serving.filter((i) => tunnels[i.name === 'IN_0' ? 0 : 1]?.connectionStatus === 'Connected');
        ok = up.length > 0;
        why = ok ? `tunnel via ${up.map((i) => i.name).join(', ')} Connected` : `no serving instance has its tunnel Connected`;
      } else {
        const st = tunnels[0]?.connectionStatus ?? c.connectionStatus;
        ok = st === 'Connected';
        why = `serving instance ${serving[0]!.name}, tunnel ${st}`;
      }
    } else {
      ok = c.connectionStatus === 'Connected' || tunnels.some((t) => t.connectionStatus === 'Connected');
      why = `connection ${c.connectionStatus}`;
    }
    return this.add({
      status: ok ? 'ok' : 'broken',
      kind: 'connection',
      id: c.id,
      name: c.name,
      summary: `IPsec connection ${c.name} to ${owner.site.name}: ${why}`,
      evidence,
      ...(ok ? {} : { fix }),
    });
  }

  private siteHop(owner: Extract<Owner, { kind: 'site' }>): number {
    const s = owner.site;
    return this.add({
      status: 'ok',
      kind: 'site',
      id: s.id,
      name: s.name,
      summary: `site ${s.name} (${s.gatewayIpAddress}) owns ${owner.prefix}${s.bgpSettings ? ` (BGP AS ${s.bgpSettings.asn}, peer ${s.bgpSettings.bgpPeeringAddress})` : ' (static)'}`,
      evidence: [{ table: 'localNetworkGateway', resourceId: s.id, columns: ['address prefixes', 'BGP peer', 'ASN'], rows: [[s.localNetworkAddressSpace.addressPrefixes.join(', ') || '-', s.bgpSettings?.bgpPeeringAddress ?? '-', s.bgpSettings ? String(s.bgpSettings.asn) : '-']] }],
    });
  }

  private circuitHop(c: CircuitSnapshot | undefined, circuitId: string, prefix: string): number {
    if (!c) return this.add({ status: 'unknown', kind: 'circuit', id: circuitId, name: nameOf(circuitId), summary: `circuit ${nameOf(circuitId)} was not read (its route tables decide the last hop)`, evidence: [] });
    const peering = c.peerings.find((p) => p.peering.peeringType === 'AzurePrivatePeering' || p.peering.name === 'AzurePrivatePeering') ?? c.peerings[0];
    if (!peering) return this.add({ status: 'broken', kind: 'circuit', id: c.circuit.id, name: c.circuit.name, summary: `circuit ${c.circuit.name} has no private peering`, evidence: [], fix: 'Configure Azure private peering on the circuit.' });
    const evidence: HopEvidence[] = [];
    const carries: string[] = [];
    const unread: string[] = [];
    for (const path of ['primary', 'secondary'] as const) {
      const routes = peering[path].routes;
      if (routes === undefined) {
        unread.push(path);
        continue;
      }
      const rows = routes.filter((r) => matchLength(r.network, this.to) >= 0 && !r.path.split(/\s+/).includes('65515'));
      evidence.push({ table: 'circuitRoutes', resourceId: c.circuit.id, qualifier: path, columns: CIRCUIT_COLUMNS, rows: rows.map((r) => [r.network, r.nextHop, r.path]) });
      if (rows.length > 0) carries.push(path);
    }
    const warnings: string[] = [];
    const lacking = (['primary', 'secondary'] as const).filter((p) => !carries.includes(p) && !unread.includes(p));
    if (carries.length > 0 && lacking.length > 0) warnings.push(`the ${lacking.join(' and ')} path does not carry a route to ${this.toText}: no redundancy`);
    const base = { kind: 'circuit' as const, id: c.circuit.id, name: c.circuit.name, evidence };
    if (carries.length > 0) return this.add({ ...base, status: 'ok', summary: `circuit ${c.circuit.name}: ${carries.join(' and ')} path${carries.length > 1 ? 's carry' : ' carries'} ${this.toText} (customer AS ${peering.peering.peerASN})`, ...(warnings.length ? { warnings } : {}) });
    if (unread.length > 0) return this.add({ ...base, status: 'unknown', summary: `circuit ${c.circuit.name}: the ${unread.join(' and ')} route table was not read`, evidence });
    return this.add({ ...base, status: 'broken', summary: `circuit ${c.circuit.name}: neither path's route table has ${this.toText} (${prefix} is stale or withdrawn)`, fix: `Have the customer edge advertise ${this.toText} over private peering on both paths.` });
  }

  // ---- missing route: follow the path the route should have come along ------------------------

  /** Who should carry the destination: a site of a VPN gateway, or a circuit of an ER gateway. */
  private expectedOwner(vnetGateways: GatewaySnapshot[]): Owner | undefined {
    const candidates: { owner: Owner; len: number }[] = [];
    for (const gw of vnetGateways) {
      for (const c of this.connectionsOf(gw)) {
        if (gw.gateway.gatewayType === 'Vpn') {
          const site = this.snap.localNetworkGateways.find((l) => same(l.id, c.localNetworkGateway2?.id));
          if (!site) continue;
          const m = longestMatch(site.localNetworkAddressSpace.addressPrefixes, this.to, (p) => p);
          // A BGP site's prefixes may come only over BGP: the gateway's learned routes say which.
          const learned = longestMatchIndexed(gw.learnedRoutes ?? [], this.to, networks, (r) => this.siteByBgpAddress(r.sourcePeer)?.id === site.id);
          const hit = learned && (!m || learned.length >= m.length) ? { len: learned.length, prefix: learned.prefix } : m ? { len: m.length, prefix: m.prefix } : undefined;
          if (hit) candidates.push({ owner: { kind: 'site', site, gateway: gw, connection: c, prefix: hit.prefix }, len: hit.len });
        } else if (c.peer) {
          const circuit = this.circuit(c.peer.id);
          const rows = circuit ? circuit.peerings.flatMap((p) => [...(p.primary.routes ?? []), ...(p.secondary.routes ?? [])]).filter((r) => !r.path.split(/\s+/).includes('65515')) : [];
          const m = longestMatch(rows, this.to, (r) => r.network) ?? longestMatchIndexed(gw.learnedRoutes ?? [], this.to, networks, (r) => this.isMseePeer(gw, r));
          if (m) candidates.push({ owner: { kind: 'circuit', circuit, circuitId: c.peer.id, gateway: gw, connection: c, prefix: m.prefix }, len: m.length });
        }
      }
    }
    candidates.sort((a, b) => b.len - a.len || (a.owner.kind === 'circuit' ? -1 : 1));
    return candidates[0]?.owner;
  }

  private followExpected(src: Source, vnetGateways: GatewaySnapshot[], coexistence: boolean, routeHop: number): void {
    const owner = this.expectedOwner(vnetGateways);
    const route = this.hops[routeHop]!;
    if (!owner) {
      if (route.status !== 'unknown') route.fix = `Nothing in the snapshot owns ${this.toText}: no local network gateway prefix, learned route or circuit route covers it. Add it to the site's address space or advertise it over BGP.`;
      return;
    }
    const gw = owner.gateway;
    const erGw = vnetGateways.find((g) => g.gateway.gatewayType === 'ExpressRoute');
    const start = this.hops.length;
    if (owner.kind === 'site') {
      if (coexistence && erGw) this.plumbingHop(erGw, owner.prefix, gw);
      this.gatewayHop(gw, owner.prefix);
      const learned = rowsWithPrefixIndexed(gw.learnedRoutes ?? [], owner.prefix, networks).filter((r) => this.siteByBgpAddress(r.sourcePeer)?.id === owner.site.id);
      if (gw.gateway.enableBgp && owner.site.bgpSettings) this.learnedHop(gw, owner.prefix, learned, gw.learnedRoutes === undefined, `site ${owner.site.name}`);
      this.vpnConnectionHop(owner);
      this.siteHop(owner);
      this.siteReturn(owner, src);
    } else {
      this.gatewayHop(gw, owner.prefix);
      const learned = rowsWithPrefixIndexed(gw.learnedRoutes ?? [], owner.prefix, networks).filter((r) => this.isMseePeer(gw, r));
      this.learnedHop(gw, owner.prefix, learned, gw.learnedRoutes === undefined, 'the circuit (MSEE, AS 12076)');
      this.erConnectionHop(owner.connection);
      this.circuitHop(owner.circuit, owner.circuitId, owner.prefix);
      this.circuitReturn(owner.circuit, owner.circuitId, src);
    }
    // The root cause is the broken hop nearest the owner (routes propagate from the owner toward
    // the VNet); the hops between the VNet and it are broken only as its consequence.
    const expected = this.hops.slice(start);
    let root = -1;
    for (let k = expected.length - 1; k >= 0; k--) {
      if (expected[k]!.status === 'broken') {
        root = start + k;
        break;
      }
    }
    if (route.status === 'unknown') return;
    if (root < 0) {
      route.fix = `${gw.gateway.name} has ${owner.prefix}, but it is not in the effective routes: check "Propagate gateway routes" on the subnet's route table, and overlap of ${owner.prefix} with the VNet address space.`;
      return;
    }
    route.consequenceOf = root;
    for (let k = start; k < root; k++) {
      const h = this.hops[k]!;
      if (h.status === 'broken') h.consequenceOf = root;
    }
    route.summary += ` (because: ${this.hops[root]!.summary})`;
  }

  // ---- return path ------------------------------------------------------------------------------

  private siteReturn(owner: Extract<Owner, { kind: 'site' }>, src: Source): void {
    const gw = owner.gateway;
    const peer = owner.site.bgpSettings?.bgpPeeringAddress;
    const srcPrefix = src.subnet?.addressPrefix ?? src.vnet?.addressSpace.addressPrefixes[0] ?? this.fromText;
    if (!peer || !gw.gateway.enableBgp) {
      this.returnHops.push({ status: 'unknown', kind: 'advertisedRoute', id: owner.site.id, name: owner.site.name, summary: `static site: ${owner.site.name}'s device must route ${srcPrefix} into the tunnel (not visible in Azure)`, evidence: [] });
      return;
    }
    const adv = gw.advertisedRoutes?.[peer];
    if (adv === undefined) {
      this.returnHops.push({ status: 'unknown', kind: 'advertisedRoute', id: gw.gateway.id, name: gw.gateway.name, summary: `routes ${gw.gateway.name} advertises to ${peer} were not read`, evidence: [] });
      return;
    }
    const rows = allContainingIndexed(adv, this.from, networks);
    const evidence: HopEvidence[] = [{ table: 'advertisedRoutes', resourceId: gw.gateway.id, qualifier: peer, columns: LEARNED_COLUMNS, rows: rows.map(learnedRow) }];
    this.returnHops.push(
      rows.length > 0
        ? { status: 'ok', kind: 'advertisedRoute', id: gw.gateway.id, name: gw.gateway.name, summary: `${gw.gateway.name} advertises ${rows[0]!.network} (covers ${this.fromText}) to ${owner.site.name} (${peer})`, evidence }
        : { status: 'broken', kind: 'advertisedRoute', id: gw.gateway.id, name: gw.gateway.name, summary: `${gw.gateway.name} advertises nothing covering ${this.fromText} to ${owner.site.name} (${peer}): replies have no route back`, evidence, fix: `Check that the BGP session to ${peer} is up and that ${srcPrefix} is not filtered; with a static site, add the VNet space to the device's routes.` },
    );
  }

  private circuitReturn(c: CircuitSnapshot | undefined, circuitId: string, src: Source): void {
    void src;
    if (!c) {
      this.returnHops.push({ status: 'unknown', kind: 'circuitReturn', id: circuitId, name: nameOf(circuitId), summary: `circuit ${nameOf(circuitId)} was not read`, evidence: [] });
      return;
    }
    const peering = c.peerings.find((p) => p.peering.name === 'AzurePrivatePeering') ?? c.peerings[0];
    const evidence: HopEvidence[] = [];
    const carries: string[] = [];
    let unread = false;
    for (const path of ['primary', 'secondary'] as const) {
      const routes = peering?.[path].routes;
      if (routes === undefined) {
        unread = true;
        continue;
      }
      const rows = allContainingIndexed(routes, this.from, networks);
      evidence.push({ table: 'circuitRoutes', resourceId: c.circuit.id, qualifier: path, columns: CIRCUIT_COLUMNS, rows: rows.map((r) => [r.network, r.nextHop, r.path]) });
      if (rows.length > 0) carries.push(path);
    }
    if (carries.length > 0) this.returnHops.push({ status: 'ok', kind: 'circuitReturn', id: c.circuit.id, name: c.circuit.name, summary: `circuit ${c.circuit.name} carries the VNet route covering ${this.fromText} on the ${carries.join(' and ')} path`, evidence });
    else if (unread) this.returnHops.push({ status: 'unknown', kind: 'circuitReturn', id: c.circuit.id, name: c.circuit.name, summary: `circuit ${c.circuit.name}'s route tables were not read`, evidence });
    else this.returnHops.push({ status: 'broken', kind: 'circuitReturn', id: c.circuit.id, name: c.circuit.name, summary: `circuit ${c.circuit.name} has no route covering ${this.fromText}: on-premises cannot answer`, evidence, fix: 'Check the ExpressRoute gateway\'s BGP sessions to the MSEEs (it advertises the VNet) and the connection.' });
  }
}

/** Which rule decided the route, in words, with the rows of the same prefix as evidence. */
function ruleText(prefix: string, route: EffectiveRoute, samePrefix: readonly EffectiveRoute[]): string {
  const parts = [`longest prefix match: ${prefix}`];
  const losers = samePrefix.filter((r) => r !== route && r.state === 'Invalid');
  if (losers.length > 0) {
    const order = route.source === 'User' ? 'user route > BGP > system' : route.source === 'VirtualNetworkGateway' ? 'BGP > system' : 'system';
    parts.push(`equal prefix: ${order} (${losers.map((l) => l.source).join(', ')} Invalid)`);
  }
  if (route.nextHopType === 'VnetLocal') parts.push('VNet system routes are never overridden by BGP');
  if (route.source === 'VirtualNetworkGateway' && route.nextHopIpAddress.length > 1) parts.push(`ECMP over ${route.nextHopIpAddress.length} next hops`);
  return parts.join('; ');
}

/** Traces the route path from `from` to `to` on a snapshot. Throws on addresses that do not parse. */
export function traceRoutePath(snapshot: NetworkSnapshot, from: string, to: string): RoutePathResult {
  const t = new Tracer(snapshot, from, to);
  t.trace();
  const hops = t.hops;
  const firstBroken = hops.findIndex((h) => h.status === 'broken' && h.consequenceOf === undefined);
  const delivered = hops.length > 0 && hops.every((h) => h.status === 'ok');
  const returnDelivered = t.returnHops.length === 0 ? (delivered ? true : null) : t.returnHops.every((h) => h.status === 'ok') ? true : t.returnHops.some((h) => h.status === 'broken') ? false : null;
  let verdict: string;
  if (delivered) {
    const last = hops[hops.length - 1]!;
    verdict = `delivered: ${from} -> ${to} via ${hops.filter((h) => h.kind === 'gateway').map((h) => h.name).join(', ') || 'the VNet'} to ${last.name}${returnDelivered === false ? '; but the return path is broken' : ''}`;
  } else if (firstBroken >= 0) {
    const h = hops[firstBroken]!;
    verdict = `not delivered: first broken hop #${firstBroken} (${h.kind} ${h.name}): ${h.summary}${h.fix ? `. Fix: ${h.fix}` : ''}`;
  } else {
    const u = hops.find((h) => h.status === 'unknown');
    verdict = `cannot tell: ${u ? u.summary : 'no hop'}`;
  }
  return {
    from,
    to,
    source: snapshot.source,
    takenAt: snapshot.takenAt,
    delivered,
    hops,
    returnHops: t.returnHops,
    returnDelivered,
    firstBroken: firstBroken >= 0 ? firstBroken : null,
    verdict,
    notes: [...t.notes],
  };
}

/** Network Watcher's next hop against the trace's first hop: agreement, or what differs. */
export function compareNextHop(result: RoutePathResult, nextHop: { nextHopType: string; nextHopIpAddress: string }): { agrees: boolean; message: string } {
  const route = result.hops.find((h) => h.kind === 'effectiveRoute');
  const row = route?.evidence[0]?.rows.find((r) => r[1] === 'Active');
  // No matching route in the effective routes read: the packet is dropped, which is Network Watcher's "None".
  if (!row && route?.status === 'broken' && route.evidence[0]?.table === 'effectiveRoutes' && same(nextHop.nextHopType, 'None')) return { agrees: true, message: 'Network Watcher agrees: None (no route)' };
  if (!row) return { agrees: false, message: `Network Watcher says ${nextHop.nextHopType} ${nextHop.nextHopIpAddress || '-'}; the ${route?.status === 'unknown' ? 'effective routes were not read, so there is no first hop' : 'effective routes gave no active route'} to compare` };
  const type = row[3]!;
  const hops = row[4] === '-' ? [] : row[4]!.split(',');
  const agrees = same(type, nextHop.nextHopType) && (nextHop.nextHopIpAddress === '' || hops.length === 0 || hops.includes(nextHop.nextHopIpAddress));
  return agrees
    ? { agrees, message: `Network Watcher agrees: ${nextHop.nextHopType}${nextHop.nextHopIpAddress ? ` ${nextHop.nextHopIpAddress}` : ''}` }
    : { agrees, message: `Network Watcher disagrees: it says ${nextHop.nextHopType} ${nextHop.nextHopIpAddress || '-'}, the effective routes say ${type} ${hops.join(',') || '-'} (the tables may have changed between the reads)` };
}
