// Route path bench: (1) a path trace on a snapshot with 100,000 routes in the NIC's effective
// routes and in each gateway's learned routes (goal < 20 ms per trace); (2) reading a whole
// coexistence VNet (every operation of the route path) from the lab's ARM endpoint with 50 ms
// injected latency and Retry-After on every long-running operation: the client's parallel read
// against the same reads one after another (what the field scripts do): requests, wall time, ratio.
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createLab } from '../src/engine/createLab';
import { loadScenario } from '../src/engine/scenario/loadScenario';
import { startArmEndpoint } from '../src/engine/arm/armEndpoint';
import { ArmGatewayDataSource } from '../src/azure/armGatewayDataSource';
import { StaticTokenCredential } from '../src/azure/staticTokenCredential';
import { collectSnapshot } from '../src/azure/collectSnapshot';
import { readNetwork } from '../src/azure/networkReader';
import { traceRoutePath } from '../src/routePath/traceRoutePath';
import type { NetworkSnapshot } from '../src/model/snapshot';

const ROUTES = 100_000;
const LATENCY_MS = 50;
const RETRY_AFTER_S = 1;

async function coexSnapshot(): Promise<NetworkSnapshot> {
  const lab = createLab(await loadScenario(join(__dirname, '..', 'scenarios', 'coex-healthy.gwlab.json')), { recordEvents: false });
  lab.runUntil(120);
  const snap = lab.snapshot();
  await lab.dispose();
  return snap;
}

/** 100,000 more /24s behind the branch: in the NIC's effective routes and both gateways' learned routes. */
function grow(snap: NetworkSnapshot): string {
  const nic = snap.networkInterfaces![0]!;
  const vpn = snap.gateways.find((g) => g.gateway.name === 'vpn-gw')!;
  const er = snap.gateways.find((g) => g.gateway.name === 'er-gw')!;
  // The lab shares frozen row arrays between snapshots: grow copies.
  nic.effectiveRoutes = [...nic.effectiveRoutes!];
  vpn.learnedRoutes = [...vpn.learnedRoutes!];
  er.learnedRoutes = [...er.learnedRoutes!];
  const lng = snap.localNetworkGateways[0]!;
  snap.localNetworkGateways[0] = { ...lng, localNetworkAddressSpace: { addressPrefixes: [...lng.localNetworkAddressSpace.addressPrefixes, '100.0.0.0/6'] } };
  let last = '';
  for (let i = 0; i < ROUTES; i++) {
    const prefix = `${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24`;
    last = prefix;
    nic.effectiveRoutes!.push({ source: 'VirtualNetworkGateway', state: 'Active', addressPrefix: [prefix], nextHopIpAddress: ['10.10.255.4'], nextHopType: 'VirtualNetworkGateway' });
    vpn.learnedRoutes!.push({ localAddress: '10.10.255.4', network: prefix, nextHop: '192.168.255.1', sourcePeer: '192.168.255.1', origin: 'EBgp', asPath: '65010', weight: 0 });
    er.learnedRoutes!.push({ localAddress: '10.10.255.6', network: prefix, nextHop: '10.10.255.4', sourcePeer: '10.10.255.4', origin: 'IBgp', asPath: '65010', weight: 0 });
  }
  return last.replace(/0\/24$/, '20');
}

async function traceBench(): Promise<void> {
  const snap = await coexSnapshot();
  const to = grow(snap);
  const times: number[] = [];
  let verdict = '';
  for (let i = 0; i < 21; i++) {
    const t0 = performance.now();
    const r = traceRoutePath(snap, '10.10.1.4', to);
    times.push(performance.now() - t0);
    verdict = r.verdict;
  }
  const first = times[0]!;
  const rest = times.slice(1).sort((a, b) => a - b);
  const median = rest[Math.floor(rest.length / 2)]!;
  console.log(
    `route path: trace on ${ROUTES.toLocaleString('en-US')} effective + 2 x ${ROUTES.toLocaleString('en-US')} learned routes: first ${first.toFixed(1)} ms (indexes the three tables once), ` +
      `then median ${median.toFixed(1)} ms (goal < 20 ms: ${median < 20 ? 'met' : 'NOT met'}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores); ${verdict.slice(0, 60)}`,
  );
}

async function readBench(): Promise<void> {
  const snap = await coexSnapshot();
  const ep = await startArmEndpoint({ snapshot: () => snap, faults: { latencyMs: LATENCY_MS }, lro: { pollsBeforeDone: 1, retryAfterSeconds: RETRY_AFTER_S } });
  const source = (): ArmGatewayDataSource => new ArmGatewayDataSource({ id: 'azure', label: 'bench', endpoint: ep.baseUrl, credential: new StaticTokenCredential(ep.token), subscriptions: [ep.subscriptionId], inventoryCacheMs: 60_000, pollIntervalMs: 1000 });
  try {
    // Warm-up: the SDK's first load is not the read's cost.
    await source().listGateways();
    ep.resetStats();
    let t0 = performance.now();
    const parallel = await collectSnapshot(source());
    const parallelMs = performance.now() - t0;
    const parallelRequests = ep.stats().requests;

    // The same reads one after another, as the field scripts (dump-routes) do.
    ep.resetStats();
    t0 = performance.now();
    const s = source();
    const gateways = await s.listGateways();
    const connections = await s.listConnections();
    for (const g of gateways) {
      const peers = await s.getBgpPeerStatus(g.id);
      await s.getLearnedRoutes(g.id);
      for (const neighbor of new Set(peers.filter((p) => p.state === 'Connected').map((p) => p.neighbor))) await s.getAdvertisedRoutes(g.id, neighbor);
    }
    for (const c of connections) if (c.connectionType === 'IPsec' || c.connectionType === 'Vnet2Vnet') await s.getIkeSas(c.id);
    const net = await readNetwork(s, { subscriptions: [ep.subscriptionId], connections }, { concurrency: 1 });
    const sequentialMs = performance.now() - t0;
    const sequentialRequests = ep.stats().requests;
    if (net.problems.length > 0 || parallel.problems.length > 0) throw new Error(`read problems: ${JSON.stringify([...net.problems, ...parallel.problems])}`);
    console.log(
      `route path: whole coexistence VNet (${LATENCY_MS} ms latency, Retry-After ${RETRY_AFTER_S} s): parallel ${parallelRequests} requests in ${(parallelMs / 1000).toFixed(2)} s; ` +
        `sequential ${sequentialRequests} requests in ${(sequentialMs / 1000).toFixed(2)} s; ${(sequentialMs / parallelMs).toFixed(1)}x faster`,
    );
  } finally {
    await ep.close();
  }
}

export async function run(): Promise<void> {
  await traceBench();
  await readBench();
}
