// Azure inventory bench: 1,000 gateways across 100 subscriptions behind the lab's ARM endpoint
// with 50 ms injected latency per request; Resource Graph path vs per-resource-group path.
import { performance } from 'node:perf_hooks';
import { startArmEndpoint } from '../src/engine/arm/armEndpoint';
import { ArmGatewayDataSource, type InventoryMode } from '../src/azure/armGatewayDataSource';
import { StaticTokenCredential } from '../src/azure/staticTokenCredential';
import { buildSnapshot } from '../test/unit/arm/snapshotBuilder';

const SUBSCRIPTIONS = 100;
const GROUPS_PER_SUBSCRIPTION = 2;
const GATEWAYS_PER_GROUP = 5;
const LATENCY_MS = 50;

interface PathFigures {
  requests: number;
  ms: number;
  gateways: number;
  connections: number;
}

export async function run(): Promise<void> {
  const snapshot = buildSnapshot({
    subscriptions: SUBSCRIPTIONS,
    resourceGroupsPerSubscription: GROUPS_PER_SUBSCRIPTION,
    gatewaysPerResourceGroup: GATEWAYS_PER_GROUP,
    learnedRoutes: 0,
  });
  // Azure's default Resource Graph quota (15 requests per 5 s), so the Resource Graph path pays for it if it must.
  const ep = await startArmEndpoint({ snapshot: () => snapshot, faults: { latencyMs: LATENCY_MS }, resourceGraphQuota: { requests: 15, windowSeconds: 5 } });
  try {
    const measure = async (mode: InventoryMode): Promise<PathFigures> => {
      // A fresh client per path: no shared cache, and the SDK's first load is paid by the warm-up below.
      const source = new ArmGatewayDataSource({ id: 'bench', label: 'bench', endpoint: ep.baseUrl, credential: new StaticTokenCredential(ep.token), inventoryCacheMs: 0 });
      ep.resetStats();
      const t0 = performance.now();
      const inv = await source.inventory(undefined, mode);
      const ms = performance.now() - t0;
      if (ep.stats().requests !== source.requestCount) throw new Error(`request counts disagree: endpoint ${ep.stats().requests}, client ${source.requestCount}`);
      return { requests: source.requestCount, ms, gateways: inv.gateways.length, connections: inv.connections.length };
    };
    await new ArmGatewayDataSource({ id: 'w', label: 'w', endpoint: ep.baseUrl, credential: new StaticTokenCredential(ep.token) }).listSubscriptions();
    const graph = await measure('resourceGraph');
    const groups = await measure('resourceGroups');
    const expected = SUBSCRIPTIONS * GROUPS_PER_SUBSCRIPTION * GATEWAYS_PER_GROUP;
    for (const [name, f] of [['resourceGraph', graph], ['resourceGroups', groups]] as const) {
      if (f.gateways !== expected) throw new Error(`${name} listed ${f.gateways} gateways, expected ${expected}`);
    }
    console.log(`azure: inventory of ${expected} gateways + ${graph.connections} connections in ${SUBSCRIPTIONS} subscriptions, ${LATENCY_MS} ms latency per request`);
    console.log(`  Resource Graph     : ${String(graph.requests).padStart(4)} requests, ${graph.ms.toFixed(0).padStart(6)} ms`);
    console.log(`  per resource group : ${String(groups.requests).padStart(4)} requests, ${groups.ms.toFixed(0).padStart(6)} ms (8 in parallel)`);
    console.log(`  ratio (per-RG / Resource Graph): ${(groups.requests / graph.requests).toFixed(1)}x requests, ${(groups.ms / graph.ms).toFixed(1)}x wall time`);
  } finally {
    await ep.close();
  }
  await learnedRoutesThroughSdk();
}

/** The BGP table's data path at scale: 100k learned routes through the SDK's LRO and mappers. */
async function learnedRoutesThroughSdk(): Promise<void> {
  const ROUTES = 100_000;
  const snapshot = buildSnapshot({ gatewaysPerResourceGroup: 1, learnedRoutes: ROUTES });
  const ep = await startArmEndpoint({ snapshot: () => snapshot, lro: { pollsBeforeDone: 0, retryAfterSeconds: 0 } });
  try {
    const source = new ArmGatewayDataSource({ id: 'bench', label: 'bench', endpoint: ep.baseUrl, credential: new StaticTokenCredential(ep.token), pollIntervalMs: 10 });
    const id = snapshot.gateways[0]!.gateway.id;
    await source.getBgpPeerStatus(id);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const routes = await source.getLearnedRoutes(id);
      times.push(performance.now() - t0);
      if (routes.length !== ROUTES) throw new Error(`got ${routes.length} learned routes, expected ${ROUTES}`);
    }
    times.sort((a, b) => a - b);
    console.log(`azure: getLearnedRoutes with ${ROUTES} routes via the lab endpoint and the SDK: median ${times[1]!.toFixed(0)} ms (best ${times[0]!.toFixed(0)} ms, 2 requests each)`);
  } finally {
    await ep.close();
  }
}
