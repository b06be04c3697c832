// Where Trace Route Path starts and ends when run from a tree row: a NIC is the source (its IP);
// a subnet or VNet gives an address in it (a NIC's, else the first address Azure hands out); a
// connection gives a destination in its site's prefixes (or its circuit's routes); a gateway, one
// of its connections'. What the row does not imply is asked, with the implied value prefilled;
// from the palette (no row) both ends are asked, as before.
import type { LocalNetworkGateway, VirtualNetwork, VirtualNetworkGatewayConnection } from '../model/arm';
import type { NetworkSnapshot } from '../model/snapshot';
import { isGatewaySubnetName, sameId, vnetIdOfGateway, vnetIdOfSubnet } from '../model/armShapes';
import { SourceId } from '../model/sourceId';
import type { NodeRef, TreeNode } from '../views/model/treeNode';
import type { Prompts } from '../host/prompts';

/** The row kinds Trace Route Path is offered on (package.json menus say the same). */
const TRACE_KINDS = new Set<NodeRef['kind']>(['vnet', 'subnet', 'nic', 'gateway', 'connection']);

export type RoutePathRef = Extract<NodeRef, { kind: 'vnet' | 'subnet' | 'nic' | 'gateway' | 'connection' }>;

/** The row the command was run on, when it is one it can start from; anything else is the palette. */
export function routePathRef(arg: unknown): RoutePathRef | undefined {
  const ref = (arg as Partial<TreeNode> | undefined)?.ref;
  return ref && typeof ref === 'object' && TRACE_KINDS.has(ref.kind) ? (ref as RoutePathRef) : undefined;
}

/** Which snapshot a row's trace reads: its own source's. */
export function snapshotSourceOf(ref: RoutePathRef | undefined): SourceId | undefined {
  if (!ref) return undefined;
  return ref.sourceId === SourceId.lab ? SourceId.lab : SourceId.azure;
}

/**
 * An address for an IPv4 prefix: the first one Azure gives a VM in a subnet (Azure keeps .0-.3;
 * on premises any host will do, the same rule keeps it simple), the network itself for tiny
 * prefixes; undefined for IPv6 (asked instead). By hand: the prefix module (ipaddr.js) stays out
 * of the main bundle.
 */
export function addressIn(prefixText: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(prefixText.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const length = Number(m[5]);
  if (octets.some((o) => o > 255) || length > 32) return undefined;
  const mask = length === 0 ? 0 : (~0 << (32 - length)) >>> 0;
  const net = ((((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0) & mask) >>> 0;
  const a = (net + (length <= 29 ? 4 : length <= 31 ? 1 : 0)) >>> 0;
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');
}

function nicAddressesIn(snapshot: NetworkSnapshot, inSubnet: (subnetId: string) => boolean): string[] {
  return (snapshot.networkInterfaces ?? []).flatMap((n) => n.nic.ipConfigurations.filter((c) => c.privateIPAddress !== '' && inSubnet(c.subnet.id)).map((c) => c.privateIPAddress));
}

function vnetOf(snapshot: NetworkSnapshot, vnetId: string | undefined): VirtualNetwork | undefined {
  return vnetId === undefined ? undefined : snapshot.virtualNetworks.find((v) => sameId(v.id, vnetId));
}

/** A source address in a VNet: a workload NIC's, else the first VM address of a workload subnet. */
function sourceInVnet(snapshot: NetworkSnapshot, vnet: VirtualNetwork): string | undefined {
  const workload = vnet.subnets.filter((s) => !isGatewaySubnetName(s.name));
  const nic = nicAddressesIn(snapshot, (id) => workload.some((s) => sameId(s.id, id)))[0];
  return nic ?? workload.map((s) => addressIn(s.addressPrefix)).find((a) => a !== undefined) ?? addressIn(vnet.addressSpace.addressPrefixes[0] ?? '');
}

function siteOf(snapshot: NetworkSnapshot, c: VirtualNetworkGatewayConnection): LocalNetworkGateway | undefined {
  const id = c.localNetworkGateway2?.id;
  return id === undefined ? undefined : snapshot.localNetworkGateways.find((l) => sameId(l.id, id));
}

/** A destination behind a connection: its site's first prefix, or a route its circuit or gateway learned from on premises. */
export function destinationFor(snapshot: NetworkSnapshot, c: VirtualNetworkGatewayConnection): string | undefined {
  const site = siteOf(snapshot, c);
  const fromSite = site?.localNetworkAddressSpace.addressPrefixes[0];
  if (fromSite) return addressIn(fromSite);
  const vnet = vnetOf(snapshot, vnetIdOfGateway(snapshot.gateways.find((g) => sameId(g.gateway.id, c.virtualNetworkGateway1.id))?.gateway));
  const local = (prefix: string): boolean => (vnet?.addressSpace.addressPrefixes ?? []).includes(prefix);
  if (c.peer) {
    // A circuit's routes that did not come from Azure (65515 is the VNet's side).
    const circuit = (snapshot.expressRouteCircuits ?? []).find((x) => sameId(x.circuit.id, c.peer!.id));
    const routes = circuit?.peerings.flatMap((p) => [...(p.primary.routes ?? []), ...(p.secondary.routes ?? [])]) ?? [];
    const onPrem = routes.find((r) => !r.path.split(/\s+/).includes('65515') && !local(r.network));
    if (onPrem) return addressIn(onPrem.network);
  }
  const gw = snapshot.gateways.find((g) => sameId(g.gateway.id, c.virtualNetworkGateway1.id));
  const learned = (gw?.learnedRoutes ?? []).find((r) => r.origin !== 'Network' && !local(r.network));
  return learned ? addressIn(learned.network) : undefined;
}

export interface RoutePathEnds {
  /** Implied by the row (NIC, subnet, VNet): not asked. */
  from?: string;
  /** Offered to pick from when `from` is not implied (NICs of the row's VNet, or all). */
  fromChoices: { label: string; description: string; address: string }[];
  /** Prefilled in the destination box. */
  to?: string;
}

/** What a row implies for the two ends, on the snapshot the trace reads. */
export function routePathEnds(snapshot: NetworkSnapshot, ref: RoutePathRef | undefined): RoutePathEnds {
  const nicChoices = (inVnet?: string): RoutePathEnds['fromChoices'] =>
    (snapshot.networkInterfaces ?? []).flatMap((n) =>
      n.nic.ipConfigurations.filter((c) => c.privateIPAddress !== '' && (inVnet === undefined || sameId(vnetIdOfSubnet(c.subnet.id) ?? '', inVnet))).map((c) => ({ label: c.privateIPAddress, description: n.nic.name, address: c.privateIPAddress })),
    );
  const connectionsInVnet = (vnetId: string): VirtualNetworkGatewayConnection[] => {
    const gateways = snapshot.gateways.filter((g) => sameId(vnetIdOfGateway(g.gateway) ?? '', vnetId)).map((g) => g.gateway.id);
    return snapshot.connections.filter((c) => gateways.some((g) => sameId(g, c.virtualNetworkGateway1.id)));
  };
  const firstDestination = (connections: readonly VirtualNetworkGatewayConnection[]): string | undefined =>
    connections.map((c) => destinationFor(snapshot, c)).find((a) => a !== undefined);
  const withTo = (ends: RoutePathEnds, to: string | undefined): RoutePathEnds => (to === undefined ? ends : { ...ends, to });
  if (!ref) return { fromChoices: nicChoices() };
  switch (ref.kind) {
    case 'nic': {
      const nic = (snapshot.networkInterfaces ?? []).find((n) => sameId(n.nic.id, ref.nicId))?.nic;
      const vnetId = nic?.ipConfigurations[0] ? vnetIdOfSubnet(nic.ipConfigurations[0].subnet.id) : undefined;
      const from = ref.addresses[0];
      return withTo({ ...(from !== undefined ? { from } : {}), fromChoices: nicChoices() }, vnetId ? firstDestination(connectionsInVnet(vnetId)) : undefined);
    }
    case 'subnet': {
      const from = nicAddressesIn(snapshot, (id) => sameId(id, ref.subnetId))[0] ?? addressIn(ref.addressPrefix);
      return withTo({ ...(from !== undefined ? { from } : {}), fromChoices: nicChoices(ref.vnetId) }, firstDestination(connectionsInVnet(ref.vnetId)));
    }
    case 'vnet': {
      const vnet = vnetOf(snapshot, ref.vnetId);
      const from = vnet ? sourceInVnet(snapshot, vnet) : undefined;
      return withTo({ ...(from !== undefined ? { from } : {}), fromChoices: nicChoices(ref.vnetId) }, firstDestination(connectionsInVnet(ref.vnetId)));
    }
    case 'gateway': {
      const vnetId = vnetIdOfGateway(snapshot.gateways.find((g) => sameId(g.gateway.id, ref.gatewayId))?.gateway);
      return withTo({ fromChoices: nicChoices(vnetId) }, firstDestination(snapshot.connections.filter((c) => sameId(c.virtualNetworkGateway1.id, ref.gatewayId))));
    }
    case 'connection': {
      const c = snapshot.connections.find((x) => sameId(x.id, ref.connectionId));
      const vnetId = vnetIdOfGateway(snapshot.gateways.find((g) => sameId(g.gateway.id, ref.gatewayId))?.gateway);
      return withTo({ fromChoices: nicChoices(vnetId) }, c ? destinationFor(snapshot, c) : undefined);
    }
  }
}

const IP_PATTERN = /^\d{1,3}(\.\d{1,3}){3}$|^[0-9a-fA-F:]+$/;
const validateIp = (v: string): string | undefined => (IP_PATTERN.test(v.trim()) ? undefined : 'an IPv4 or IPv6 address');

/** Asks what the row does not imply; undefined when the user cancels. */
export async function askRoutePathEnds(prompts: Prompts, snapshot: NetworkSnapshot, ref: RoutePathRef | undefined): Promise<{ from: string; to: string } | undefined> {
  const ends = routePathEnds(snapshot, ref);
  let from = ends.from;
  if (from === undefined) {
    const other = { label: 'Another address…', description: 'any address in a subnet', address: '' };
    const picked = ends.fromChoices.length > 0 ? await prompts.showQuickPick([...ends.fromChoices, other], { placeHolder: 'From (a VM\'s NIC, or any address in a subnet)' }) : other;
    if (!picked) return undefined;
    from = picked.address || (await prompts.showInputBox({ prompt: 'From address', validateInput: validateIp }))?.trim();
    if (!from) return undefined;
  }
  const to = (
    await prompts.showInputBox({ prompt: `Route path from ${from} to (an on-premises or VNet address)`, ...(ends.to !== undefined ? { value: ends.to } : {}), validateInput: validateIp })
  )?.trim();
  return to ? { from, to } : undefined;
}
