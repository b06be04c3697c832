// The lab's ARM endpoint on the wire: ARM's shapes (DESIGN.md), auth, LRO protocol, errors,
// paging, Resource Graph answers and its quota headers, read with plain fetch.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { startArmEndpoint, type ArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import { buildSnapshot } from './snapshotBuilder';
import { buildInventoryQuery } from '../../../src/azure/resourceGraphInventory';

const API = 'api-version=2025-05-01';

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function call(ep: ArmEndpoint, method: string, path: string, body?: unknown, token: string | null = ep.token): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const url = path.startsWith('http') ? path : `${ep.baseUrl}${path}`;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const snapshot = buildSnapshot({ subscriptions: 1, resourceGroupsPerSubscription: 1, gatewaysPerResourceGroup: 3 });
const gw = snapshot.gateways[0]!.gateway;

describe('lab ARM endpoint', () => {
  let ep: ArmEndpoint;
  before(async () => {
    ep = await startArmEndpoint({ snapshot: () => snapshot, pageSize: 2, lro: { pollsBeforeDone: 1, retryAfterSeconds: 0 }, resourceGraphQuota: { requests: 1000, windowSeconds: 5 } });
  });
  after(() => ep.close());

  test('binds loopback with a fresh random token per run', async () => {
    assert.match(ep.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(ep.token.length >= 40);
    const other = await startArmEndpoint({ snapshot: () => snapshot });
    try {
      assert.notEqual(other.token, ep.token);
    } finally {
      await other.close();
    }
  });

  test('is not reachable on any other interface of the machine', async (t) => {
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) {
      t.skip('this machine has no non-loopback IPv4 interface');
      return;
    }
    const port = new URL(ep.baseUrl).port;
    await assert.rejects(fetch(`http://${external.address}:${port}/subscriptions?api-version=2022-12-01`, { headers: { authorization: `Bearer ${ep.token}` } }));
  });

  test('401 with an ARM error body without the token or with a wrong one', async () => {
    for (const token of [null, 'wrong']) {
      const res = await call(ep, 'GET', `${gw.id}?${API}`, undefined, token);
      assert.equal(res.status, 401);
      assert.equal((res.body.error as { code: string }).code, 'AuthenticationFailed');
    }
  });

  test('a gateway comes in the ARM wire shape: properties envelope, DESIGN.md field names', async () => {
    const res = await call(ep, 'GET', `${gw.id}?${API}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.id, gw.id);
    assert.equal(res.body.type, 'Microsoft.Network/virtualNetworkGateways');
    const p = res.body.properties as Record<string, unknown>;
    for (const key of ['gatewayType', 'vpnType', 'sku', 'activeActive', 'enableBgp', 'bgpSettings', 'ipConfigurations', 'provisioningState']) {
      assert.ok(key in p, `properties.${key}`);
    }
    assert.equal('gatewayType' in res.body, false, 'fields are not flattened on the wire');
    const ip = (p.ipConfigurations as { properties: Record<string, unknown> }[])[0]!;
    assert.deepEqual(ip.properties.subnet, gw.ipConfigurations[0]!.subnet);
  });

  test('lists page with nextLink, and the last page has none', async () => {
    const first = await call(ep, 'GET', `/subscriptions/${snapshot.gateways[0]!.gateway.id.split('/')[2]}/resourceGroups/rg-0/providers/Microsoft.Network/virtualNetworkGateways?${API}`);
    assert.equal((first.body.value as unknown[]).length, 2);
    assert.equal(typeof first.body.nextLink, 'string');
    const second = await call(ep, 'GET', first.body.nextLink as string);
    assert.equal((second.body.value as unknown[]).length, 1);
    assert.equal(second.body.nextLink, undefined);
  });

  test('BGP operations are 202 + Location + Retry-After, then 202, then 200 with the result', async () => {
    const start = await call(ep, 'POST', `${gw.id}/getBgpPeerStatus?${API}`);
    assert.equal(start.status, 202);
    assert.equal(start.headers.get('retry-after'), '0');
    const location = start.headers.get('location')!;
    assert.match(location, /\/operationResults\/[^?]+\?api-version=2025-05-01$/);
    assert.equal((await call(ep, 'GET', location)).status, 202);
    const done = await call(ep, 'GET', location);
    assert.equal(done.status, 200);
    assert.deepEqual(done.body.value, snapshot.gateways[0]!.bgpPeers);
    assert.equal((await call(ep, 'GET', location)).status, 404, 'a finished operation is gone');
  });

  test('bad parameters are 400, unknown resources and routes 404, all with ARM error bodies', async () => {
    const noPeer = await call(ep, 'POST', `${gw.id}/getAdvertisedRoutes?${API}`);
    assert.equal(noPeer.status, 400);
    assert.match((noPeer.body.error as { message: string }).message, /peer/);
    const noVersion = await call(ep, 'GET', gw.id);
    assert.equal((noVersion.body.error as { code: string }).code, 'MissingApiVersionParameter');
    const missing = await call(ep, 'GET', `${gw.id.replace(gw.name, 'nope')}?${API}`);
    assert.equal(missing.status, 404);
    assert.equal((missing.body.error as { code: string }).code, 'ResourceNotFound');
    const noGroup = await call(ep, 'GET', `${gw.id.replace('/resourceGroups/rg-0/', '/resourceGroups/rg-gone/')}?${API}`);
    assert.equal((noGroup.body.error as { code: string }).code, 'ResourceGroupNotFound');
    const unknown = await call(ep, 'GET', `/nothing/here?${API}`);
    assert.equal(unknown.status, 404);
  });

  test('injected 429 carries Retry-After; injected 5xx an ARM error', async () => {
    ep.setFaults({ failures: [{ status: 429, count: 1, retryAfterSeconds: 7 }, { status: 502, count: 1 }] });
    const throttled = await call(ep, 'GET', `${gw.id}?${API}`);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '7');
    const broken = await call(ep, 'GET', `${gw.id}?${API}`);
    assert.equal(broken.status, 502);
    assert.equal((broken.body.error as { code: string }).code, 'BadGateway');
    assert.equal((await call(ep, 'GET', `${gw.id}?${API}`)).status, 200);
    ep.setFaults({});
  });

  test('Resource Graph: answers the inventory query with $skipToken paging and quota headers', async () => {
    const sub = gw.id.split('/')[2]!;
    const request = { subscriptions: [sub], query: buildInventoryQuery(), options: { $top: 4, resultFormat: 'objectArray' } };
    const first = await call(ep, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01', request);
    assert.equal(first.status, 200);
    assert.equal(first.body.totalRecords, 6);
    assert.equal((first.body.data as unknown[]).length, 4);
    assert.match(first.headers.get('x-ms-user-quota-remaining') ?? '', /^\d+$/);
    assert.match(first.headers.get('x-ms-user-quota-resets-after') ?? '', /^\d\d:\d\d:\d\d$/);
    const row = (first.body.data as Record<string, unknown>[])[0]!;
    assert.deepEqual(Object.keys(row).sort(), ['id', 'location', 'name', 'properties', 'resourceGroup', 'subscriptionId', 'type']);
    const second = await call(ep, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01', { ...request, options: { ...request.options, $skipToken: first.body.$skipToken } });
    assert.equal((second.body.data as unknown[]).length, 2);
    assert.equal(second.body.$skipToken, undefined);
    const ids = [...(first.body.data as { id: string }[]), ...(second.body.data as { id: string }[])].map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort(), 'ordered by id');
    const otherSub = await call(ep, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01', { ...request, subscriptions: ['11111111-1111-1111-1111-111111111111'] });
    assert.equal(otherSub.body.totalRecords, 0);
  });

  test('Resource Graph: unsupported KQL is a 400 naming the stage', async () => {
    const res = await call(ep, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01', { subscriptions: ['x'], query: 'resources | summarize count()' });
    assert.equal(res.status, 400);
    assert.match((res.body.error as { message: string }).message, /summarize/);
  });
});

test('Resource Graph quota: spent quota is a 429 with Retry-After and zero remaining', async () => {
  const ep = await startArmEndpoint({ snapshot: () => snapshot, resourceGraphQuota: { requests: 2, windowSeconds: 60 } });
  try {
    const request = { subscriptions: [gw.id.split('/')[2]], query: buildInventoryQuery() };
    const remaining: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await call(ep, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01', request);
      remaining.push(res.headers.get('x-ms-user-quota-remaining') ?? '');
    }
    assert.deepEqual(remaining, ['1', '0']);
    const refused = await call(ep, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01', request);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  } finally {
    await ep.close();
  }
});

test('with the lab\'s change event, one snapshot serves every request until the next change', async () => {
  const listeners = new Set<() => void>();
  let taken = 0;
  let snap = buildSnapshot({ gatewaysPerResourceGroup: 2 });
  const ep = await startArmEndpoint({
    snapshot: () => {
      taken++;
      return snap;
    },
    onDidChange: (l) => {
      listeners.add(l);
      return { dispose: () => listeners.delete(l) };
    },
    lro: { pollsBeforeDone: 1, retryAfterSeconds: 0 },
  });
  try {
    const id = snap.gateways[0]!.gateway.id;
    const start = await call(ep, 'POST', `${id}/getLearnedRoutes?${API}`);
    await call(ep, 'GET', start.headers.get('location')!);
    await call(ep, 'GET', start.headers.get('location')!);
    await call(ep, 'GET', `${id}?${API}`);
    assert.equal(taken, 1, 'POST, two polls and a GET from one snapshot');
    assert.equal(ep.stats().snapshots, 1);
    // The lab moved on: the next request sees the new state.
    snap = buildSnapshot({ gatewaysPerResourceGroup: 3 });
    for (const l of listeners) l();
    const listed = await call(ep, 'GET', `/subscriptions/${id.split('/')[2]}/resourceGroups/rg-0/providers/Microsoft.Network/virtualNetworkGateways?${API}`);
    assert.equal((listed.body.value as unknown[]).length, 3);
    assert.equal(taken, 2);
  } finally {
    await ep.close();
  }
  assert.equal(listeners.size, 0, 'close() unsubscribes');
});

test('without a change event every request reads the lab afresh, and polls read it only when done', async () => {
  let taken = 0;
  const snap = buildSnapshot({ gatewaysPerResourceGroup: 1 });
  const ep = await startArmEndpoint({ snapshot: () => (taken++, snap), lro: { pollsBeforeDone: 2, retryAfterSeconds: 0 } });
  try {
    const start = await call(ep, 'POST', `${snap.gateways[0]!.gateway.id}/getBgpPeerStatus?${API}`);
    for (let i = 0; i < 3; i++) await call(ep, 'GET', start.headers.get('location')!);
    assert.equal(taken, 2, 'one for the POST, one for the result');
  } finally {
    await ep.close();
  }
});
