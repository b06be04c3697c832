// Builds a NetworkSnapshot from any GatewayDataSource (Azure or the lab's ARM endpoint), for
// diagnosing Azure data and for Save snapshot. No vscode import: unit-tested against the real
// client on the lab's endpoint. What a call could not fetch stays undefined ("unknown", never
// "empty") and is listed in `problems`; the data source does not list VNets or sites, so those
// arrays stay empty and the rules treat VNets and sites as known only by id.
import type { GatewayDataSource } from './gatewayDataSource';
import { mapWithConcurrency } from './concurrency';
import type { GatewaySnapshot, NetworkSnapshot } from '../model/snapshot';
import { errorMessage } from '../host/errors';
import { SourceId } from '../model/sourceId';

export interface CollectProblem {
  resource: string;
  field: 'bgpPeers' | 'learnedRoutes';
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
}

export async function collectSnapshot(source: GatewayDataSource, options: CollectOptions = {}): Promise<CollectResult> {
  const { signal } = options;
  const takenAt = (options.now ?? (() => new Date()))().toISOString();
  const [gateways, connections] = await Promise.all([source.listGateways(signal), source.listConnections(signal)]);
  const problems: CollectProblem[] = [];
  const snapshots = await mapWithConcurrency(gateways, options.concurrency ?? 4, async (gateway): Promise<GatewaySnapshot> => {
    const g: GatewaySnapshot = { gateway };
    // ER gateways always speak BGP (to the MSEEs); VPN gateways only when enabled.
    if (!gateway.enableBgp && gateway.gatewayType !== 'ExpressRoute') return g;
    const [peers, learned] = await Promise.allSettled([source.getBgpPeerStatus(gateway.id, signal), source.getLearnedRoutes(gateway.id, signal)]);
    if (peers.status === 'fulfilled') g.bgpPeers = peers.value;
    else problems.push({ resource: gateway.id, field: 'bgpPeers', message: errorMessage(peers.reason) });
    if (learned.status === 'fulfilled') g.learnedRoutes = learned.value;
    else problems.push({ resource: gateway.id, field: 'learnedRoutes', message: errorMessage(learned.reason) });
    return g;
  });
  signal?.throwIfAborted();
  return {
    snapshot: { source: source.id === SourceId.lab ? SourceId.lab : SourceId.azure, takenAt, gateways: snapshots, connections, localNetworkGateways: [], virtualNetworks: [] },
    problems,
  };
}
