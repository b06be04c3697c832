// Lookups the rules share, built once per diagnosis so each rule stays linear in the data.
// Azure resource ids are case-insensitive, so every map is keyed by the lower-cased id.
import type {
  LocalNetworkGateway,
  Subnet,
  VirtualNetwork,
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
} from '../model/arm';
import { gatewayBgpAddresses, idKey, isGatewaySubnetName, resourceName, siteBgpAddress, vnetIdOfGateway } from '../model/armShapes';
import type { GatewaySnapshot, LabBgpSessionState, NetworkSnapshot } from '../model/snapshot';

export interface SnapshotIndex {
  snapshot: NetworkSnapshot;
  gateway(id: string): GatewaySnapshot | undefined;
  /**
   * The snapshot's VNets plus, for gateways whose VNet is not in the snapshot (partial Azure
   * exports), a placeholder with no address space or subnets, so VNet-level rules still pair
   * the gateways. `isPlaceholder` tells them apart.
   */
  vnets(): VirtualNetwork[];
  isPlaceholder(vnet: VirtualNetwork): boolean;
  vnet(id: string): VirtualNetwork | undefined;
  localNetworkGateway(id: string): LocalNetworkGateway | undefined;
  /** The VNet a gateway is deployed in (from its GatewaySubnet ip configuration). */
  vnetIdOfGateway(gw: VirtualNetworkGateway): string | undefined;
  gatewaysInVnet(vnetId: string): GatewaySnapshot[];
  connectionsOfGateway(gatewayId: string): VirtualNetworkGatewayConnection[];
  gatewaySubnet(vnet: VirtualNetwork): Subnet | undefined;
  /** The gateway owning a BGP address, for recognising gateway-to-gateway sessions. */
  gatewayByBgpAddress(address: string): GatewaySnapshot | undefined;
  /** The on-premises site owning a BGP address. */
  siteByBgpAddress(address: string): LocalNetworkGateway | undefined;
  /** Lab only: the session behind a gateway's BGP peer row, with its last error. */
  labSession(gatewayId: string, localAddress: string, neighbor: string): LabBgpSessionState | undefined;
}

export function buildSnapshotIndex(snapshot: NetworkSnapshot): SnapshotIndex {
  const gateways = new Map<string, GatewaySnapshot>();
  const byVnet = new Map<string, GatewaySnapshot[]>();
  const byBgp = new Map<string, GatewaySnapshot>();
  const vnetOf = new Map<string, string | undefined>();
  for (const g of snapshot.gateways) {
    gateways.set(idKey(g.gateway.id), g);
    const vnetId = vnetIdOfGateway(g.gateway);
    vnetOf.set(idKey(g.gateway.id), vnetId);
    if (vnetId) {
      const list = byVnet.get(idKey(vnetId)) ?? [];
      list.push(g);
      byVnet.set(idKey(vnetId), list);
    }
    for (const a of gatewayBgpAddresses(g.gateway)) byBgp.set(a, g);
  }
  const vnets = new Map(snapshot.virtualNetworks.map((v) => [idKey(v.id), v]));
  const placeholders = new Set<VirtualNetwork>();
  for (const vnetId of vnetOf.values()) {
    if (!vnetId || vnets.has(idKey(vnetId))) continue;
    const v: VirtualNetwork = { id: vnetId, name: resourceName(vnetId), location: '', addressSpace: { addressPrefixes: [] }, subnets: [] };
    vnets.set(idKey(vnetId), v);
    placeholders.add(v);
  }
  const allVnets = [...vnets.values()];
  const sites = new Map(snapshot.localNetworkGateways.map((l) => [idKey(l.id), l]));
  const siteByBgp = new Map<string, LocalNetworkGateway>();
  for (const l of snapshot.localNetworkGateways) {
    const peer = siteBgpAddress(l);
    if (peer) siteByBgp.set(peer, l);
  }
  const conns = new Map<string, VirtualNetworkGatewayConnection[]>();
  for (const c of snapshot.connections) {
    const k = idKey(c.virtualNetworkGateway1.id);
    const list = conns.get(k) ?? [];
    list.push(c);
    conns.set(k, list);
  }
  const labSessions = new Map<string, LabBgpSessionState>();
  for (const l of snapshot.lab?.bgpSessions ?? []) labSessions.set(`${idKey(l.gatewayId)}|${l.localAddress}|${l.neighbor}`, l);
  return {
    snapshot,
    gateway: (id) => gateways.get(idKey(id)),
    vnet: (id) => vnets.get(idKey(id)),
    vnets: () => allVnets,
    isPlaceholder: (v) => placeholders.has(v),
    localNetworkGateway: (id) => sites.get(idKey(id)),
    vnetIdOfGateway: (gw) => vnetOf.get(idKey(gw.id)),
    gatewaysInVnet: (vnetId) => byVnet.get(idKey(vnetId)) ?? [],
    connectionsOfGateway: (gatewayId) => conns.get(idKey(gatewayId)) ?? [],
    gatewaySubnet: (vnet) => vnet.subnets.find((s) => isGatewaySubnetName(s.name)),
    gatewayByBgpAddress: (a) => byBgp.get(a.trim()),
    siteByBgpAddress: (a) => siteByBgp.get(a.trim()),
    labSession: (g, l, n) => labSessions.get(`${idKey(g)}|${l}|${n}`),
  };
}
