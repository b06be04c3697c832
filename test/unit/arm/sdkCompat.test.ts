// @azure/arm-network's NetworkManagementClient, used directly and unchanged (only the lab's
// loopback bearer policy in place of the https-only one), against the lab's ARM endpoint: every
// operation Gateway Lens relies on, with paging forced by one item per page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkManagementClient } from '@azure/arm-network';
import { RestError } from '@azure/core-rest-pipeline';
import { startArmEndpoint, type ArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import { all, sdkClientFor } from './sdkClient';
import { buildSnapshot, connection, subscriptionId } from './snapshotBuilder';

const snapshot = buildSnapshot({ gatewaysPerResourceGroup: 3, learnedRoutes: 5 });
const gw0 = snapshot.gateways[0]!.gateway;
// Three connections on gw-0-0-0, so the gateway's connection list pages too.
snapshot.connections.push(connection('conn-extra-a', gw0, 'rg-0', subscriptionId(0)), connection('conn-extra-b', gw0, 'rg-0', subscriptionId(0)));

let ep: ArmEndpoint;
let client: NetworkManagementClient;

before(async () => {
  ep = await startArmEndpoint({ snapshot: () => snapshot, pageSize: 1, lro: { pollsBeforeDone: 2, retryAfterSeconds: 0 } });
  client = sdkClientFor(ep, subscriptionId(0));
});
after(() => ep.close());

test('virtualNetworkGateways.list follows nextLink and get returns the same gateway', async () => {
  ep.resetStats();
  const listed = await all(client.virtualNetworkGateways.list('rg-0'));
  assert.deepEqual(listed.map((g) => g.name), ['gw-0-0-0', 'gw-0-0-1', 'gw-0-0-2']);
  assert.equal(ep.stats().byRoute.listGateways, 3, 'one page per gateway');
  const got = await client.virtualNetworkGateways.get('rg-0', 'gw-0-0-1');
  assert.equal(got.id, snapshot.gateways[1]!.gateway.id);
  assert.equal(got.gatewayType, 'Vpn');
  assert.equal(got.bgpSettings?.asn, 65515);
  assert.equal(got.ipConfigurations?.[0]?.subnet?.id, snapshot.gateways[1]!.gateway.ipConfigurations[0]!.subnet.id);
});

test('virtualNetworkGateways.listConnections pages through a gateway\'s connections', async () => {
  const listed = await all(client.virtualNetworkGateways.listConnections('rg-0', 'gw-0-0-0'));
  assert.deepEqual(listed.map((c) => c.name).sort(), ['conn-0-0-0', 'conn-extra-a', 'conn-extra-b']);
  assert.ok(listed.every((c) => c.connectionStatus === 'Connected' && c.connectionType === 'IPsec'));
});

test('virtualNetworkGatewayConnections.list and get', async () => {
  const listed = await all(client.virtualNetworkGatewayConnections.list('rg-0'));
  assert.equal(listed.length, 5);
  const got = await client.virtualNetworkGatewayConnections.get('rg-0', 'conn-0-0-2');
  assert.equal(got.virtualNetworkGateway1.id, snapshot.gateways[2]!.gateway.id);
  assert.equal(got.tunnelConnectionStatus?.[0]?.connectionStatus, 'Connected');
  assert.equal(got.egressBytesTransferred, 20);
});

test('each long-running POST through the SDK\'s own *AndWait pollers', async () => {
  ep.resetStats();
  const g = snapshot.gateways[0]!;
  const peers = await client.virtualNetworkGateways.beginGetBgpPeerStatusAndWait('rg-0', 'gw-0-0-0', { updateIntervalInMs: 1 });
  assert.deepEqual(peers.value, g.bgpPeers);
  const learned = await client.virtualNetworkGateways.beginGetLearnedRoutesAndWait('rg-0', 'gw-0-0-0', { updateIntervalInMs: 1 });
  assert.deepEqual(learned.value, g.learnedRoutes);
  const advertised = await client.virtualNetworkGateways.beginGetAdvertisedRoutesAndWait('rg-0', 'gw-0-0-0', '203.0.113.1', { updateIntervalInMs: 1 });
  assert.deepEqual(advertised.value, g.advertisedRoutes!['203.0.113.1']);
  const sas = await client.virtualNetworkGatewayConnections.beginGetIkeSasAndWait('rg-0', 'conn-0-0-0', { updateIntervalInMs: 1 });
  // ARM sends the SAs as a JSON document inside a string; the SDK hands it over as `body`.
  assert.equal(typeof sas.body, 'string');
  assert.equal((JSON.parse(sas.body!) as { remoteEndpoint: string }[])[0]!.remoteEndpoint, '203.0.113.1');
  // The 3 BGP POSTs carry Azure-AsyncOperation and Location (as the official examples do): the SDK
  // polls the status (InProgress, InProgress, Succeeded), then reads the result from Location.
  // getikesas carries Location only: 202, 202, 200.
  assert.equal(ep.stats().byRoute.lroPoll, 3 * 4 + 3);
});

test('ARM errors come out of the SDK as RestError with ARM\'s status and code', async () => {
  await assert.rejects(client.virtualNetworkGateways.get('rg-0', 'missing'), (e: unknown) => e instanceof RestError && e.statusCode === 404 && e.code === 'ResourceNotFound');
  await assert.rejects(
    client.virtualNetworkGateways.beginGetAdvertisedRoutesAndWait('rg-0', 'gw-0-0-0', '192.0.2.1', { updateIntervalInMs: 1 }),
    (e: unknown) => e instanceof RestError && e.statusCode === 400 && e.code === 'InvalidParameter',
  );
  await assert.rejects(all(client.virtualNetworkGateways.list('rg-nope')), (e: unknown) => e instanceof RestError && e.statusCode === 404 && e.code === 'ResourceGroupNotFound');
});
