// Resource Graph query building, quota header parsing, and paging + quota pacing against the
// lab endpoint through the real SDK pipeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildInventoryQuery, buildResourceGraphRequest, parseQuotaResetsAfter } from '../../../src/azure/resourceGraphInventory';
import { buildSnapshot, subscriptionId } from '../arm/snapshotBuilder';
import { labSource, startLab } from './labFixture';

test('inventory query asks for VPN/ER gateways and connections, ordered for stable paging', () => {
  const q = buildInventoryQuery();
  assert.match(q, /^resources\n\| where type in~ \('microsoft\.network\/virtualnetworkgateways', 'microsoft\.network\/connections'\)/);
  assert.match(q, /\| order by id asc$/);
  assert.equal(buildInventoryQuery(["it's"]).includes("'it\\'s'"), true, 'quotes are escaped');
});

test('request body carries subscriptions, $top and $skipToken only when paging', () => {
  assert.deepEqual(buildResourceGraphRequest(['s1'], 'q'), { subscriptions: ['s1'], query: 'q', options: { $top: 1000, resultFormat: 'objectArray' } });
  assert.equal(buildResourceGraphRequest(['s1'], 'q', 'tok', 5).options.$skipToken, 'tok');
});

test('quota reset durations parse, garbage does not', () => {
  assert.equal(parseQuotaResetsAfter('00:00:05'), 5000);
  assert.equal(parseQuotaResetsAfter('01:02:03'), 3723000);
  assert.equal(parseQuotaResetsAfter('1.00:00:00'), 86400000);
  assert.equal(parseQuotaResetsAfter('soon'), undefined);
  assert.equal(parseQuotaResetsAfter(undefined), undefined);
});

test('a spent quota is waited out instead of hitting 429', async () => {
  // 2 requests per 1 s window, 4 pages needed: the client must pause on x-ms-user-quota-remaining: 0.
  const snapshot = buildSnapshot({ subscriptions: 2, gatewaysPerResourceGroup: 2 });
  const ep = await startLab(snapshot, { resourceGraphQuota: { requests: 2, windowSeconds: 1 } });
  try {
    const inv = await labSource(ep, { resourceGraphPageSize: 2, retry: { maxRetries: 0 } }).inventory(undefined, 'resourceGraph');
    assert.equal(inv.gateways.length, 4);
    assert.equal(inv.connections.length, 4);
    assert.equal(ep.stats().byRoute.resourceGraph, 4);
    assert.equal(ep.stats().requests - (ep.stats().byRoute.subscriptions ?? 0), 4, 'no refused request');
  } finally {
    await ep.close();
  }
});

test('subscription filter is what Resource Graph is asked for', async () => {
  const snapshot = buildSnapshot({ subscriptions: 3, gatewaysPerResourceGroup: 1 });
  const ep = await startLab(snapshot);
  try {
    const inv = await labSource(ep, { subscriptions: [subscriptionId(2), subscriptionId(0)] }).inventory(undefined, 'resourceGraph');
    assert.deepEqual(inv.gateways.map((g) => g.name).sort(), ['gw-0-0-0', 'gw-2-0-0']);
  } finally {
    await ep.close();
  }
});
