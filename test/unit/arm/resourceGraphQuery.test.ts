// The lab's KQL subset: parses exactly the client's inventory query, filters and orders rows,
// and rejects what it does not support with a message naming the stage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseKql, runKql, KqlParseError } from '../../../src/engine/arm/resourceGraphQuery';
import { buildInventoryQuery, INVENTORY_TYPES } from '../../../src/azure/resourceGraphInventory';

test('the client inventory query parses into type filter, projection and ordering', () => {
  const q = parseKql(buildInventoryQuery());
  assert.deepEqual(q.filters, [{ column: 'type', values: [...INVENTORY_TYPES] }]);
  assert.deepEqual(q.project, ['id', 'name', 'type', 'location', 'resourceGroup', 'subscriptionId', 'properties']);
  assert.deepEqual(q.orderBy, { column: 'id', descending: false });
});

test('filters case-insensitively, orders and projects', () => {
  const rows = [
    { id: 'b', type: 'Microsoft.Network/connections', extra: 1 },
    { id: 'a', type: 'microsoft.network/virtualnetworkgateways', extra: 2 },
    { id: 'c', type: 'microsoft.compute/virtualmachines', extra: 3 },
  ];
  const out = runKql(parseKql("Resources | where type in~ ('MICROSOFT.NETWORK/CONNECTIONS', 'microsoft.network/virtualnetworkgateways') | order by id desc | project id"), rows);
  assert.deepEqual(out, [{ id: 'b' }, { id: 'a' }]);
  assert.deepEqual(runKql(parseKql("resources | where id =~ 'C'"), rows).map((r) => r.id), ['c']);
});

test('unsupported tables and stages are refused with the offending text', () => {
  assert.throws(() => parseKql('securityresources'), (e: unknown) => e instanceof KqlParseError && /securityresources/.test(e.message));
  assert.throws(() => parseKql('resources | extend x = 1'), /extend x = 1/);
  assert.throws(() => parseKql('resources | where type in~ (a)'), /quoted/);
  assert.throws(() => parseKql('resources | project id, 1x'), /1x/);
});
