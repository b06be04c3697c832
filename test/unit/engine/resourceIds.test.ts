import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkResourceId, parseResourceId, LAB_SUBSCRIPTION_ID } from '../../../src/model/resourceIds';

test('lab resource ids round-trip through the parser', () => {
  const id = networkResourceId('virtualNetworkGateways', 'vpn-gw', 'rg-1');
  assert.equal(id, `/subscriptions/${LAB_SUBSCRIPTION_ID}/resourceGroups/rg-1/providers/Microsoft.Network/virtualNetworkGateways/vpn-gw`);
  assert.deepEqual(parseResourceId(id), {
    subscriptionId: LAB_SUBSCRIPTION_ID,
    resourceGroup: 'rg-1',
    provider: 'Microsoft.Network',
    type: 'virtualNetworkGateways',
    name: 'vpn-gw',
  });
});

test('parseResourceId rejects what is not a resource id', () => {
  assert.equal(parseResourceId('/subscriptions/x/resourceGroups/y'), undefined);
  assert.equal(parseResourceId('vpn-gw'), undefined);
});
