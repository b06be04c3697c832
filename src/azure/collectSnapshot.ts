// Builds a NetworkSnapshot from any GatewayDataSource (Azure or the lab's ARM endpoint), for
// diagnosing Azure data, Save Snapshot and `gateway-lab snapshot`. No vscode import: unit-tested
// against the real client on the lab's endpoint. What a call could not fetch stays undefined
// ("unknown", never "empty") and is listed in `problems` (and in the snapshot's readProblems).
// On the ARM data source the read also covers what a route path crosses (networkReader.ts):
// VNets, route tables, NICs with effective routes, local network gateways, ER circuits and their
// per-path tables, all in one bounded pool in parallel with the gateways' BGP reads; and the IKE
// SAs of each VPN connection (getikesas).
import type { GatewayDataSource } from './gatewayDataSource';
import { mapWithConcurrency } from './concurrency';
import type { GatewaySnapshot, NetworkSnapshot } from '../model/snapshot';
import type { VirtualNetworkGateway, VirtualNetworkGatewayConnection } from '../model/arm';
import type { ReadProblem } from '../model/armNetwork';
import { parseResourceId } from '../model/resourceIds';
import { errorMessage } from '../host/errors';
import { SourceId } from '../model/sourceId';
import { ArmGatewayDataSource } from './armGatewayDataSource';
import { readNetwork, vnetIdOfSubnet, type NetworkReadOptions, type NetworkReadResult } from './networkReader';
import { toIkeSas } from './armNetworkMapping';

export interface CollectProblem {
  resource: string;
  /** bgpPeers, learnedRoutes, or a network part (virtualNetworks, effectiveRoutes, circuitRoutes:primary...). */
  field: string;
  message: string;
}

export interface CollectResult {
  snapshot: NetworkSnapshot;
  problems: CollectProblem[];
}

export interface CollectOptions {
  signal?: AbortSignal;
  /** Parallel gateway reads; ARM long-running POSTs are slow, so a few at a time. */
  concurrency?: number;
  now?: () => Date;
  /** Only this resource group's gateways, connections and network (referenced resources by id). */
  resourceGroup?: string;
  /** Only this gateway (by name), the other gateways of its VNet and what they connect to. */
  gateway?: string;
  /** false: gateways, connections and BGP only (no VNets, NICs, circuits). Default: read them on an ARM source. */
  network?: false | NetworkReadOptions;
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function gatewayVnetId(g: VirtualNetworkGateway): string | undefined {
  const subnet = g.ipConfigurations.find((c) => c.subnet.id !== '')?.subnet.id;
  return subnet ? vnetIdOfSubnet(subnet) : undefined;
}

/** Narrows the inventory to a resource group and/or a gateway with its VNet's other gateways. */
function scoped(gateways: VirtualNetworkGateway[], connections: VirtualNetworkGatewayConnection[], options: CollectOptions): { gateways: VirtualNetworkGateway[]; connections: VirtualNetworkGatewayConnection[] } {
  let gs = gateways;
  if (options.resourceGroup !== undefined) gs = gs.filter((g) => same(parseResourceId(g.id)?.resourceGroup ?? '', options.resourceGroup!));
  if (options.gateway !== undefined) {
    const named = gs.filter((g) => same(g.name, options.gateway!));
    if (named.length === 0) throw new Error(`no gateway named "${options.gateway}"${options.resourceGroup ? ` in resource group "${options.resourceGroup}"` : ''} (gateways: ${gs.map((g) => g.name).join(', ') || 'none'})`);
    const vnets = new Set(named.map(gatewayVnetId).filter((v): v is string => v !== undefined).map((v) => v.toLowerCase()));
    gs = gs.filter((g) => named.includes(g) || vnets.has((gatewayVnetId(g) ?? '').toLowerCase()));
  }
  const ids = new Set(gs.map((g) => g.id.toLowerCase()));
  const scopedConnections = options.resourceGroup === undefined && options.gateway === undefined ? connections : connections.filter((c) => ids.has(c.virtualNetworkGateway1.id.toLowerCase()));
  return { gateways: gs, connections: scopedConnections };
}

/** Keeps the network parts a gateway scope needs: its VNets, their NICs, the referenced sites and circuits. */
function scopeNetwork(net: NetworkReadResult, gateways: VirtualNetworkGateway[], connections: VirtualNetworkGatewayConnection[], narrow: boolean): NetworkReadResult {
  if (!narrow) return net;
  const vnets = new Set(gateways.map(gatewayVnetId).filter((v): v is string => v !== undefined).map((v) => v.toLowerCase()));
  const refs = new Set(connections.flatMap((c) => [c.localNetworkGateway2?.id, c.peer?.id]).filter((x): x is string => x !== undefined).map((x) => x.toLowerCase()));
  const virtualNetworks = net.virtualNetworks.filter((v) => vnets.has(v.id.toLowerCase()));
  const subnets = new Set(virtualNetworks.flatMap((v) => v.subnets.map((s) => s.id.toLowerCase())));
  return {
    virtualNetworks,
    localNetworkGateways: net.localNetworkGateways.filter((l) => refs.has(l.id.toLowerCase())),
    routeTables: net.routeTables.filter((t) => t.subnets.some((s) => subnets.has(s.toLowerCase()))),
    networkInterfaces: net.networkInterfaces.filter((n) => n.nic.ipConfigurations.some((c) => subnets.has(c.subnet.id.toLowerCase()))),
    expressRouteCircuits: net.expressRouteCircuits.filter((c) => refs.has(c.circuit.id.toLowerCase())),
    problems: net.problems,
  };
}

export async function collectSnapshot(source: GatewayDataSource, options: CollectOptions = {}): Promise<CollectResult> {
  const { signal } = options;
  const takenAt = (options.now ?? (() => new Date()))().toISOString();
  const [allGateways, allConnections] = await Promise.all([source.listGateways(signal), source.listConnections(signal)]);
  const { gateways, connections } = scoped(allGateways, allConnections, options);
  const problems: CollectProblem[] = [];
  const narrow = options.gateway !== undefined;
  const readsNetwork = options.network !== false && source instanceof ArmGatewayDataSource;
  const networkRead: Promise<NetworkReadResult | undefined> = readsNetwork
    ? (async () => {
        const subscriptions = await source.subscriptionsInScope(signal);
        // A gateway scope reads only the gateways' subscriptions; the rest would be thrown away.
        const subs = narrow ? subscriptions.filter((s) => gateways.some((g) => same(parseResourceId(g.id)?.subscriptionId ?? '', s))) : subscriptions;
        const scope = { subscriptions: subs, connections, virtualNetworkIds: gateways.map(gatewayVnetId).filter((v): v is string => v !== undefined), ...(options.resourceGroup !== undefined ? { resourceGroup: options.resourceGroup } : {}) };
        return readNetwork(source, scope, { ...(options.network || {}), signal });
      })()
    : Promise.resolve(undefined);
  const gatewayReads = mapWithConcurrency(gateways, options.concurrency ?? 4, async (gateway): Promise<GatewaySnapshot> => {
    const g: GatewaySnapshot = { gateway };
    // ER gateways always speak BGP (to the MSEEs); VPN gateways only when enabled.
    if (!gateway.enableBgp && gateway.gatewayType !== 'ExpressRoute') return g;
    const [peers, learned] = await Promise.allSettled([source.getBgpPeerStatus(gateway.id, signal), source.getLearnedRoutes(gateway.id, signal)]);
    if (peers.status === 'fulfilled') g.bgpPeers = peers.value;
    else problems.push({ resource: gateway.id, field: 'bgpPeers', message: errorMessage(peers.reason) });
    if (learned.status === 'fulfilled') g.learnedRoutes = learned.value;
    else problems.push({ resource: gateway.id, field: 'learnedRoutes', message: errorMessage(learned.reason) });
    // Advertised routes to each BGP peer: the return path (does the site learn the VNet?).
    if (g.bgpPeers) {
      const advertised: Record<string, NonNullable<GatewaySnapshot['advertisedRoutes']>[string]> = {};
      for (const peer of g.bgpPeers) {
        if (peer.state !== 'Connected' || advertised[peer.neighbor]) continue;
        try {
          advertised[peer.neighbor] = await source.getAdvertisedRoutes(gateway.id, peer.neighbor, signal);
        } catch (err) {
          signal?.throwIfAborted();
          problems.push({ resource: gateway.id, field: `advertisedRoutes:${peer.neighbor}`, message: errorMessage(err) });
        }
      }
      g.advertisedRoutes = advertised;
    }
    return g;
  });
  // IKE SAs of each VPN connection (a long-running POST each), in parallel with the rest.
  const ikeSas: Record<string, NonNullable<NetworkSnapshot['ikeSas']>[string]> = {};
  const ikeReads = readsNetwork
    ? mapWithConcurrency(
        connections.filter((c) => c.connectionType === 'IPsec' || c.connectionType === 'Vnet2Vnet'),
        options.concurrency ?? 4,
        async (c) => {
          try {
            ikeSas[c.id] = toIkeSas(await source.getIkeSas(c.id, signal));
          } catch (err) {
            signal?.throwIfAborted();
            problems.push({ resource: c.id, field: 'ikeSas', message: errorMessage(err) });
          }
        },
      )
    : Promise.resolve([]);
  const [snapshots, network] = await Promise.all([gatewayReads, networkRead, ikeReads]);
  signal?.throwIfAborted();
  const snapshot: NetworkSnapshot = { source: source.id === SourceId.lab ? SourceId.lab : SourceId.azure, takenAt, gateways: snapshots, connections, localNetworkGateways: [], virtualNetworks: [] };
  if (network) {
    const net = scopeNetwork(network, gateways, connections, narrow);
    snapshot.virtualNetworks = net.virtualNetworks;
    snapshot.localNetworkGateways = net.localNetworkGateways;
    snapshot.routeTables = net.routeTables;
    snapshot.networkInterfaces = net.networkInterfaces;
    snapshot.expressRouteCircuits = net.expressRouteCircuits;
    for (const p of net.problems) problems.push({ resource: p.resource, field: p.part, message: p.message });
  }
  if (readsNetwork) snapshot.ikeSas = Object.fromEntries(connections.filter((c) => ikeSas[c.id] !== undefined).map((c) => [c.id, ikeSas[c.id]!]));
  if (problems.length > 0) {
    snapshot.readProblems = problems.map((p): ReadProblem => ({ resource: p.resource, part: p.field, message: p.message }));
  }
  return { snapshot, problems };
}
