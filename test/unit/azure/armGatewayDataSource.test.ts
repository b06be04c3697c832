// The real client (@azure/arm-network's NetworkManagementClient and its pipeline) against the
// lab's real ARM endpoint: listing, paging, each long-running operation, errors, retries, cancel.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSnapshot, subscriptionId } from '../arm/snapshotBuilder';
import { labSource, startLab } from './labFixture';
import { AzureRequestError } from '../../../src/azure/azureErrors';
import { StaticTokenCredential } from '../../../src/azure/staticTokenCredential';
import { ArmGatewayDataSource } from '../../../src/azure/armGatewayDataSource';
import type { ArmEndpoint } from '../../../src/engine/arm/armEndpoint';

// Every failure path below (cancel mid-poll, timeouts, retries given up, a closed endpoint) must
// reject the caller's promise and nothing else: any unhandled rejection fails the file.
const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));
after(() => assert.deepEqual(unhandled.map(String), [], 'no unhandled rejection'));

function byId<T extends { id: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => a.id.localeCompare(b.id));
}

async function rejectsWith(promise: Promise<unknown>, kind: AzureRequestError['kind']): Promise<AzureRequestError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AzureRequestError, `expected AzureRequestError, got ${String(err)}`);
    assert.equal(err.kind, kind, `expected kind ${kind}: ${err.message}`);
    return err;
  }
  assert.fail(`expected a rejection of kind ${kind}`);
}

describe('ArmGatewayDataSource against the lab ARM endpoint', () => {
  // 2 subscriptions x 2 resource groups x 5 gateways; ARM pages of 2 force nextLink paging.
  const snapshot = buildSnapshot({ subscriptions: 2, resourceGroupsPerSubscription: 2, gatewaysPerResourceGroup: 5 });
  let ep: ArmEndpoint;
  before(async () => {
    ep = await startLab(snapshot, { pageSize: 2 });
  });
  after(() => ep.close());

  test('per-resource-group listing follows nextLink and maps back to the exact model', async () => {
    ep.resetStats();
    const inv = await labSource(ep).inventory(undefined, 'resourceGroups');
    assert.equal(inv.via, 'resourceGroups');
    assert.deepEqual(byId(inv.gateways), byId(snapshot.gateways.map((g) => g.gateway)));
    assert.deepEqual(byId(inv.connections), byId(snapshot.connections));
    // 5 gateways per group in pages of 2: 3 list requests per group, 4 groups.
    assert.equal(ep.stats().byRoute.listGateways, 12);
    assert.equal(ep.stats().byRoute.subscriptions, 1);
  });

  test('Resource Graph listing pages with $skipToken and gives the same inventory', async () => {
    ep.resetStats();
    const source = labSource(ep, { resourceGraphPageSize: 7 });
    const inv = await source.inventory(undefined, 'resourceGraph');
    assert.equal(inv.via, 'resourceGraph');
    assert.deepEqual(byId(inv.gateways), byId(snapshot.gateways.map((g) => g.gateway)));
    assert.deepEqual(byId(inv.connections), byId(snapshot.connections));
    // 40 rows (20 gateways + 20 connections) in pages of 7.
    assert.equal(ep.stats().byRoute.resourceGraph, 6);
  });

  test('the subscription filter limits the inventory', async () => {
    const sub = subscriptionId(1);
    const gateways = await labSource(ep, { subscriptions: [sub] }).listGateways();
    assert.equal(gateways.length, 10);
    assert.ok(gateways.every((g) => g.id.startsWith(`/subscriptions/${sub}/`)));
  });

  test('each long-running operation returns the snapshot data through the SDK poller', async () => {
    ep.resetStats();
    const source = labSource(ep);
    const gw = snapshot.gateways[3]!;
    assert.deepEqual(await source.getBgpPeerStatus(gw.gateway.id), gw.bgpPeers);
    assert.deepEqual(await source.getLearnedRoutes(gw.gateway.id), gw.learnedRoutes);
    assert.deepEqual(await source.getAdvertisedRoutes(gw.gateway.id, '203.0.113.1'), gw.advertisedRoutes!['203.0.113.1']);
    const sas = JSON.parse(await source.getIkeSas(snapshot.connections[3]!.id)) as unknown[];
    assert.equal(sas.length, 1);
    // Every operation was a POST answered 202. The BGP ones carry Azure-AsyncOperation and Location
    // (as the official examples do): status InProgress, Succeeded, then the result from Location;
    // getikesas carries Location only: one 202, one 200.
    const s = ep.stats().byRoute;
    assert.deepEqual([s.getBgpPeerStatus, s.getLearnedRoutes, s.getAdvertisedRoutes, s.getIkeSas], [1, 1, 1, 1]);
    assert.equal(s.lroPoll, 3 * 3 + 2);
  });

  test('long-running operations report their polls as progress', async () => {
    const events: string[] = [];
    const source = labSource(ep, { onOperationProgress: (e) => events.push(`${e.operation}:${e.polls}`) });
    await source.getLearnedRoutes(snapshot.gateways[0]!.gateway.id);
    // The POST's 202, then the poll answered 202; the final 200 resolves the call instead.
    assert.deepEqual(events, ['getLearnedRoutes:1', 'getLearnedRoutes:2']);
  });

  test('an advertised-routes peer that is not a neighbor is a clear 400', async () => {
    const err = await rejectsWith(labSource(ep).getAdvertisedRoutes(snapshot.gateways[0]!.gateway.id, '192.0.2.99'), 'badRequest');
    assert.match(err.message, /192\.0\.2\.99/);
  });

  test('a wrong token gets 401 (unauthorized), a missing gateway 404 (notFound)', async () => {
    const stranger = new ArmGatewayDataSource({ id: 'x', label: 'x', endpoint: ep.baseUrl, credential: new StaticTokenCredential('not-the-token'), retry: { maxRetries: 0 } });
    await rejectsWith(stranger.listGateways(), 'unauthorized');
    const missing = snapshot.gateways[0]!.gateway.id.replace(/gw-0-0-0$/, 'gone');
    const err = await rejectsWith(labSource(ep).getGateway(missing), 'notFound');
    assert.match(err.message, /gone/);
    await rejectsWith(labSource(ep).getBgpPeerStatus(missing), 'notFound');
  });

  test('an id that is not a gateway id is rejected before any request', async () => {
    await rejectsWith(labSource(ep).getBgpPeerStatus('vpn-gw'), 'badRequest');
  });
});

describe('retries, throttling and cancellation', () => {
  const snapshot = buildSnapshot({ subscriptions: 1, resourceGroupsPerSubscription: 1, gatewaysPerResourceGroup: 2 });

  test('429 with Retry-After, then success: the SDK pipeline retries, once per failure', async () => {
    const ep = await startLab(snapshot, { faults: { failures: [{ status: 429, count: 2, retryAfterSeconds: 0, pathIncludes: 'getBgpPeerStatus' }] } });
    try {
      let sent = 0;
      const source = labSource(ep, { onRequestSent: () => sent++ });
      const peers = await source.getBgpPeerStatus(snapshot.gateways[0]!.gateway.id);
      assert.deepEqual(peers, snapshot.gateways[0]!.bgpPeers);
      // 2 refused POSTs + 1 accepted POST + 2 status polls + the result; nothing duplicated on top of the SDK's retries.
      assert.equal(ep.stats().requests, 6);
      assert.equal(sent, 6);
    } finally {
      await ep.close();
    }
  });

  test('5xx, then success: retried with backoff; a persistent 5xx ends as a server error', async () => {
    const ep = await startLab(snapshot, { faults: { failures: [{ status: 500, count: 2, pathIncludes: 'virtualNetworkGateways/gw-0-0-1' }] } });
    try {
      const source = labSource(ep);
      const gw = await source.getGateway(snapshot.gateways[1]!.gateway.id);
      assert.equal(gw.name, 'gw-0-0-1');
      assert.equal(ep.stats().requests, 3);
      ep.setFaults({ failures: [{ status: 503, count: 100 }] });
      ep.resetStats();
      const err = await rejectsWith(labSource(ep, { retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 } }).getGateway(snapshot.gateways[1]!.gateway.id), 'server');
      assert.match(err.message, /503/);
      assert.equal(ep.stats().requests, 3, 'one try and two retries');
    } finally {
      await ep.close();
    }
  });

  test('cancellation mid-poll rejects as cancelled and stops polling', async () => {
    const ep = await startLab(snapshot, { lro: { pollsBeforeDone: 1_000_000, retryAfterSeconds: 0 } });
    try {
      const controller = new AbortController();
      const pending = labSource(ep, { pollIntervalMs: 10 }).getLearnedRoutes(snapshot.gateways[0]!.gateway.id, controller.signal);
      for (let i = 0; i < 400 && (ep.stats().byRoute.lroPoll ?? 0) < 3; i++) await new Promise((r) => setTimeout(r, 5));
      assert.ok((ep.stats().byRoute.lroPoll ?? 0) >= 3, 'polling started');
      controller.abort();
      await rejectsWith(pending, 'cancelled');
      const polls = ep.stats().byRoute.lroPoll ?? 0;
      await new Promise((r) => setTimeout(r, 60));
      assert.equal(ep.stats().byRoute.lroPoll, polls, 'no poll after the abort');
    } finally {
      await ep.close();
    }
  });

  test('a call that outlives timeoutMs rejects as timeout, not cancelled', async () => {
    const ep = await startLab(snapshot, { lro: { pollsBeforeDone: 1_000_000, retryAfterSeconds: 0 } });
    try {
      await rejectsWith(labSource(ep, { pollIntervalMs: 10, timeoutMs: 100 }).getBgpPeerStatus(snapshot.gateways[0]!.gateway.id), 'timeout');
    } finally {
      await ep.close();
    }
  });

  test('a 429 that outlasts the retries ends as throttled, saying how long Azure asked to wait', async () => {
    const ep = await startLab(snapshot, { faults: { failures: [{ status: 429, count: 100, retryAfterSeconds: 1, pathIncludes: 'getLearnedRoutes' }] } });
    try {
      const err = await rejectsWith(labSource(ep, { retry: { maxRetries: 1 } }).getLearnedRoutes(snapshot.gateways[0]!.gateway.id), 'throttled');
      assert.match(err.message, /throttling requests \(429\).*Azure asked to wait 1 s/);
      assert.equal(ep.stats().requests, 2, 'one try, one retry after Retry-After');
    } finally {
      await ep.close();
    }
  });

  test('403 is reported as no access, without retries', async () => {
    const ep = await startLab(snapshot, { faults: { failures: [{ status: 403, count: 5, pathIncludes: 'getBgpPeerStatus' }] } });
    try {
      const err = await rejectsWith(labSource(ep).getBgpPeerStatus(snapshot.gateways[0]!.gateway.id), 'forbidden');
      assert.match(err.message, /Reader role/);
      assert.equal(ep.stats().requests, 1);
    } finally {
      await ep.close();
    }
  });

  test('an unreachable endpoint is a network error, not a crash', async () => {
    const ep = await startLab(snapshot);
    await ep.close();
    await rejectsWith(labSource(ep, { retry: { maxRetries: 0 } }).listGateways(), 'network');
  });

  test('Resource Graph failing in auto mode falls back to the per-resource-group listing', async () => {
    const ep = await startLab(snapshot, { faults: { failures: [{ status: 403, count: 1, pathIncludes: 'Microsoft.ResourceGraph' }] } });
    try {
      const inv = await labSource(ep).inventory();
      assert.equal(inv.via, 'resourceGroups');
      assert.match(inv.fallbackReason ?? '', /403/);
      assert.equal(inv.gateways.length, 2);
    } finally {
      await ep.close();
    }
  });
});

describe('learned routes without a status field (azure-rest-api-specs#34019)', () => {
  const snapshot = buildSnapshot({ gatewaysPerResourceGroup: 1, learnedRoutes: 4 });
  const gwId = snapshot.gateways[0]!.gateway.id;

  test('routes polled through Azure-AsyncOperation arrive without status and are read', async () => {
    const ep = await startLab(snapshot, { learnedRoutesWithoutStatus: {} });
    try {
      assert.deepEqual(await labSource(ep).getLearnedRoutes(gwId), snapshot.gateways[0]!.learnedRoutes);
    } finally {
      await ep.close();
    }
  });

  test('a status-less answer without routes is asked again, then a clear error', async () => {
    const ep = await startLab(snapshot, { learnedRoutesWithoutStatus: { emptyResults: 1 } });
    try {
      assert.deepEqual(await labSource(ep).getLearnedRoutes(gwId), snapshot.gateways[0]!.learnedRoutes);
      assert.equal(ep.stats().byRoute.getLearnedRoutes, 2, 'asked twice');
    } finally {
      await ep.close();
    }
    const stuck = await startLab(snapshot, { learnedRoutesWithoutStatus: { emptyResults: 100 } });
    try {
      const err = await rejectsWith(labSource(stuck, { learnedRoutesAttempts: 2 }).getLearnedRoutes(gwId), 'incompleteResult');
      assert.match(err.message, /34019/);
    } finally {
      await stuck.close();
    }
  });
});

test('a cancelled inventory is not shared with the next caller through the cache', async () => {
  const snapshot = buildSnapshot({ gatewaysPerResourceGroup: 2 });
  const ep = await startLab(snapshot, { faults: { latencyMs: 30 } });
  try {
    const source = labSource(ep, { inventoryCacheMs: 10_000, subscriptions: [subscriptionId(0)] });
    const first = new AbortController();
    const cancelled = source.listGateways(first.signal);
    first.abort();
    // Asked at once, before the cancelled fetch has even settled (a refresh superseding another).
    const next = Promise.all([source.listGateways(), source.listConnections()]);
    await rejectsWith(cancelled, 'cancelled');
    const [gateways, connections] = await next;
    assert.equal(gateways.length, 2);
    assert.equal(connections.length, 2);
    // The two calls after the cancelled one shared one Resource Graph query.
    assert.equal(ep.stats().byRoute.resourceGraph, 1);
  } finally {
    await ep.close();
  }
});
