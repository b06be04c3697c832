// Azure inventory bench: 1,000 gateways across 100 subscriptions behind the lab's ARM endpoint
// with 50 ms injected latency per request; Resource Graph path vs per-resource-group path.
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import type { Mapper } from '@azure/core-client';
import { toGatewayRoute } from '../src/azure/armMapping';
import { createLab } from '../src/engine/createLab';
import { validateScenario } from '../src/engine/scenario/validateScenario';
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
      let sent = 0;
      const source = new ArmGatewayDataSource({ id: 'bench', label: 'bench', endpoint: ep.baseUrl, credential: new StaticTokenCredential(ep.token), inventoryCacheMs: 0, onRequestSent: () => sent++ });
      ep.resetStats();
      const t0 = performance.now();
      const inv = await source.inventory(undefined, mode);
      const ms = performance.now() - t0;
      if (ep.stats().requests !== sent) throw new Error(`request counts disagree: endpoint ${ep.stats().requests}, client ${sent}`);
      return { requests: sent, ms, gateways: inv.gateways.length, connections: inv.connections.length };
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

/** CPU milliseconds of the median of `runs` (the machine is shared: wall time says little). */
async function medianCpu(runs: number, fn: () => Promise<unknown> | unknown): Promise<{ cpu: number; wall: number }> {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  wall.sort((a, b) => a - b);
  return { cpu: cpu[Math.floor(runs / 2)]!, wall: wall[Math.floor(runs / 2)]! };
}

/**
 * The BGP table's data path at scale: 100k learned routes through the SDK's LRO and mappers,
 * split into where the time goes (server and client share this process, so CPU is summed).
 */
async function learnedRoutesThroughSdk(): Promise<void> {
  const ROUTES = 100_000;
  const snapshot = buildSnapshot({ gatewaysPerResourceGroup: 1, learnedRoutes: ROUTES });
  const routes = snapshot.gateways[0]!.learnedRoutes!;
  const ep = await startArmEndpoint({ snapshot: () => snapshot, lro: { pollsBeforeDone: 0, retryAfterSeconds: 0 } });
  try {
    const source = new ArmGatewayDataSource({ id: 'bench', label: 'bench', endpoint: ep.baseUrl, credential: new StaticTokenCredential(ep.token), pollIntervalMs: 10 });
    const id = snapshot.gateways[0]!.gateway.id;
    await source.getBgpPeerStatus(id);
    const sdk = await medianCpu(3, async () => {
      const got = await source.getLearnedRoutes(id);
      if (got.length !== ROUTES) throw new Error(`got ${got.length} learned routes, expected ${ROUTES}`);
    });
    // The same LRO with plain fetch: endpoint (serialize, send) + transfer + JSON.parse, no SDK.
    const raw = await medianCpu(3, async () => {
      const auth = { authorization: `Bearer ${ep.token}` };
      const started = await fetch(`${ep.baseUrl}${id}/getLearnedRoutes?api-version=2024-05-01`, { method: 'POST', headers: auth });
      const body = (await (await fetch(started.headers.get('location')!, { headers: auth })).json()) as { value: unknown[] };
      if (body.value.length !== ROUTES) throw new Error('raw fetch lost routes');
    });
    const serialize = await medianCpu(3, () => Buffer.from(JSON.stringify({ value: routes })));
    const json = JSON.stringify({ value: routes });
    const parse = await medianCpu(3, () => JSON.parse(json) as unknown);
    const parsed = (JSON.parse(json) as { value: unknown[] }).value;
    const map = await medianCpu(3, () => parsed.map(toGatewayRoute));
    const { createSerializer } = await import('@azure/core-client');
    const mappers = mappersOf();
    const deserialize = await medianCpu(3, () => createSerializer(mappers, false).deserialize(mappers.GatewayRouteListResult!, JSON.parse(json), 'result'));
    console.log(`azure: getLearnedRoutes with ${ROUTES.toLocaleString('en')} routes (${(json.length / 1e6).toFixed(1)} MB) via the lab endpoint, median of 3 (load average ${loadavg()[0]!.toFixed(1)}):`);
    console.log(`  through the SDK: ${sdk.wall.toFixed(0)} ms wall, ${sdk.cpu.toFixed(0)} ms CPU; plain fetch of the same LRO: ${raw.wall.toFixed(0)} ms wall, ${raw.cpu.toFixed(0)} ms CPU`);
    console.log(`  CPU parts: endpoint JSON encode ${serialize.cpu.toFixed(0)} ms, client JSON.parse ${parse.cpu.toFixed(0)} ms, SDK deserializer (mappers, minus parse) ${(deserialize.cpu - parse.cpu).toFixed(0)} ms, our mapping to the model ${map.cpu.toFixed(0)} ms`);
    console.log(`  the SDK's deserializer is ${((deserialize.cpu - parse.cpu) / sdk.cpu * 100).toFixed(0)}% of the call's CPU, the endpoint's encoding ${(serialize.cpu / sdk.cpu * 100).toFixed(0)}%`);
  } finally {
    await ep.close();
  }
  await realLabSnapshots();
}

/** The SDK keeps its mappers in a module the package does not export; the client's operation specs carry them. */
function mappersOf(): Record<string, Mapper> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(dirname(require.resolve('@azure/arm-network')), 'models', 'mappers.js')) as Record<string, Mapper>;
}

/** A real 100k-route lab behind the endpoint: snapshots taken per getLearnedRoutes with and without the lab's change event. */
async function realLabSnapshots(): Promise<void> {
  const scenario = validateScenario({
    name: 'bench-arm-100k',
    duration: '10m',
    bgp: { prefixLimits: false },
    topology: {
      virtualNetwork: { name: 'vnet', addressSpace: ['10.10.0.0/16'], subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.10.255.0/27' }] },
      gateways: [{ name: 'vpn', type: 'Vpn', sku: 'VpnGw2AZ', vpnType: 'RouteBased' }],
      sites: [{ name: 'hq', gatewayIpAddress: '203.0.113.1', addressPrefixes: ['192.168.0.0/16'], asn: 65010, bgpPeeringAddress: '192.168.255.1', generatedPrefixes: [{ count: 100000, base: '10.128.0.0', length: 28 }] }],
      connections: [{ name: 'k1', type: 'IPsec', gateway: 'vpn', site: 'hq', enableBgp: true }],
    },
  });
  const lab = createLab(scenario, { recordEvents: false });
  lab.runUntil(5);
  const gwId = lab.snapshot().gateways[0]!.gateway.id;
  for (const withEvent of [false, true]) {
    const ep = await startArmEndpoint({
      snapshot: () => lab.snapshot(),
      ...(withEvent ? { onDidChange: (l: () => void) => ({ dispose: lab.onDidChange(l) }) } : {}),
      lro: { pollsBeforeDone: 0, retryAfterSeconds: 0 },
    });
    try {
      const source = new ArmGatewayDataSource({ id: 'bench', label: 'bench', endpoint: ep.baseUrl, credential: new StaticTokenCredential(ep.token), pollIntervalMs: 10 });
      await source.getBgpPeerStatus(gwId);
      ep.resetStats();
      const t = await medianCpu(3, () => source.getLearnedRoutes(gwId));
      console.log(`  real lab (100k site prefixes, paused), ${withEvent ? 'with' : 'without'} the change event: ${ep.stats().snapshots} lab snapshots for 3 getLearnedRoutes calls, ${t.wall.toFixed(0)} ms wall, ${t.cpu.toFixed(0)} ms CPU`);
    } finally {
      await ep.close();
    }
  }
}
