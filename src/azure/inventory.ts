// Everything one refresh of the trees reads, fetched through the GatewayDataSource (the one data
// path) plus, for the lab only, instance roles and lease holders from the lab's own state.
import type { BgpPeerStatus, VirtualNetwork, VirtualNetworkGateway, VirtualNetworkGatewayConnection } from '../model/arm';
import type { NetworkInterface, ReadProblem } from '../model/armNetwork';
import type { LabState, NetworkSnapshot } from '../model/snapshot';
import type { GatewayDataSource } from './gatewayDataSource';
import { errorMessage } from '../host/errors';
import { parseResourceId } from '../model/resourceIds';
import { gatewayBgpAddresses, sameId, siteBgpAddress } from '../model/armShapes';

export type SourceStatus = 'stopped' | 'starting' | 'running' | 'paused' | 'connected';

export interface GatewayEntry {
  gateway: VirtualNetworkGateway;
  /** Undefined when the gateway runs no BGP. */
  peers?: BgpPeerStatus[];
  /** Set when fetching the peers failed: the gateway still shows, with an error node for its peers. */
  peersError?: string;
}

export interface SourceInventory {
  sourceId: string;
  label: string;
  status: SourceStatus;
  /** Short text next to the source (scenario, virtual time, speed). */
  detail?: string;
  gateways: GatewayEntry[];
  connections: VirtualNetworkGatewayConnection[];
  /** Listing failed: the tree shows an error node instead of an empty source. */
  error?: string;
  lab?: LabState;
  /** Lab only: scenario peer names by gateway id, then by neighbor address (for BGP fault commands). */
  peerNames?: Record<string, Record<string, string>>;
  /** VNets (subnets with their UDRs, peerings) and NICs; undefined while not read (or not an ARM source). */
  network?: NetworkTopology;
  /** Reading the VNets failed as a whole: the "Virtual networks" group shows an error node. */
  networkError?: string;
}

/** What the trees show of the network besides gateways: read through the same ARM client (topologyReader.ts). */
export interface NetworkTopology {
  virtualNetworks: VirtualNetwork[];
  networkInterfaces: NetworkInterface[];
  /** Parts that could not be read (403 on NICs...): the rest still shows. */
  problems: ReadProblem[];
}

/** Reads a source's VNets and NICs; undefined when the source has none to offer. */
export type TopologyRead = (signal?: AbortSignal) => Promise<NetworkTopology | undefined>;

/** Reads gateways, connections and BGP peers; a failing part becomes an error field, never a rejection. */
export async function fetchSourceInventory(
  base: Omit<SourceInventory, 'gateways' | 'connections'>,
  dataSource: GatewayDataSource,
  signal?: AbortSignal,
  readTopology?: TopologyRead,
): Promise<SourceInventory> {
  let gateways: VirtualNetworkGateway[];
  let connections: VirtualNetworkGatewayConnection[];
  // In parallel with the gateways; its failure is the VNet group's, never the source's.
  const topology = readTopology ? settleTopology(readTopology, signal) : Promise.resolve({});
  try {
    [gateways, connections] = await Promise.all([dataSource.listGateways(signal), dataSource.listConnections(signal)]);
  } catch (error) {
    return { ...base, gateways: [], connections: [], error: `Loading ${dataSource.label} gateways failed: ${errorMessage(error)}` };
  }
  const entries = await Promise.all(
    gateways.map(async (gateway): Promise<GatewayEntry> => {
      // ER gateways always speak BGP to the MSEEs; VPN gateways only when enabled.
      if (!gateway.enableBgp && gateway.gatewayType !== 'ExpressRoute') return { gateway };
      try {
        return { gateway, peers: await dataSource.getBgpPeerStatus(gateway.id, signal) };
      } catch (error) {
        return { gateway, peersError: errorMessage(error) };
      }
    }),
  );
  entries.sort((a, b) => a.gateway.name.localeCompare(b.gateway.name));
  connections = [...connections].sort((a, b) => a.name.localeCompare(b.name));
  return { ...base, gateways: entries, connections, ...(await topology) };
}

/** The topology part of an inventory: `network`, or `networkError` when the read failed. */
export async function settleTopology(read: TopologyRead, signal?: AbortSignal): Promise<Pick<SourceInventory, 'network' | 'networkError'>> {
  try {
    const network = await read(signal);
    return network ? { network } : {};
  } catch (error) {
    return { networkError: `Loading virtual networks failed: ${errorMessage(error)}` };
  }
}

/**
 * Maps BGP neighbor addresses to the names the lab's fault API takes (sites and gateways of the
 * scenario). Only for the lab, whose snapshot is in-process.
 */
export function labPeerNames(snapshot: NetworkSnapshot): Record<string, Record<string, string>> {
  const byAddress = new Map<string, string>();
  for (const site of snapshot.localNetworkGateways) {
    const peer = siteBgpAddress(site);
    if (peer) byAddress.set(peer, site.name);
  }
  for (const g of snapshot.gateways) {
    for (const addr of gatewayBgpAddresses(g.gateway)) byAddress.set(addr, g.gateway.name);
  }
  const result: Record<string, Record<string, string>> = {};
  for (const g of snapshot.gateways) {
    // An ER gateway's remaining neighbors are the MSEEs of its circuit: named after the circuit
    // when the gateway has exactly one ExpressRoute connection (the fault API takes the circuit).
    const circuits = snapshot.connections
      .filter((c) => c.connectionType === 'ExpressRoute' && sameId(c.virtualNetworkGateway1.id, g.gateway.id) && c.peer)
      .map((c) => parseResourceId(c.peer!.id)?.name)
      .filter((n): n is string => n !== undefined);
    const names: Record<string, string> = {};
    for (const peer of g.bgpPeers ?? []) {
      const name = byAddress.get(peer.neighbor) ?? (circuits.length === 1 ? circuits[0] : undefined);
      if (name && name !== g.gateway.name) names[peer.neighbor] = name;
    }
    result[g.gateway.id] = names;
  }
  return result;
}
