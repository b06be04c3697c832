// A gateway's timeline covers the Activity Log of its connections and its VNet's route tables too:
// the related resources found through the real ARM client on the lab's endpoint (the same road as
// Azure), read with the real @azure/arm-monitor, classified as configuration changes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createLab } from '../../../src/engine/createLab';
import type { Lab } from '../../../src/engine/lab';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import type { ArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import { LOGS_PATH } from '../../../src/engine/arm/monitorRoutes';
import { labHistorySource } from '../../../src/engine/history/labHistorySource';
import { GatewayHistoryClient } from '../../../src/azure/history/gatewayHistoryClient';
import { readGatewayTimeline } from '../../../src/azure/history/gatewayTimeline';
import { readTimelineRelatedIds, timelineRelatedIds } from '../../../src/azure/history/timelineResources';
import { StaticTokenCredential } from '../../../src/azure/staticTokenCredential';
import { networkResourceId } from '../../../src/model/resourceIds';
import { labSource, startLab } from '../azure/labFixture';

const scenarios = join(__dirname, '..', '..', '..', 'scenarios');
const gw = networkResourceId('virtualNetworkGateways', 'vpn-gw');
const table = networkResourceId('routeTables', 'GatewaySubnet-rt');
const connection = networkResourceId('connections', 'vpn-gw-to-paris');
const site = networkResourceId('localNetworkGateways', 'branch-paris');

describe('timeline of a gateway with its related resources (lab endpoint, real SDKs)', () => {
  let lab: Lab;
  let ep: ArmEndpoint;
  before(async () => {
    // coex-udr-trigger writes a route on GatewaySubnet at 1 min; a connection is taken down and restored (reset) at 2 min.
    lab = createLab(await loadScenario(join(scenarios, 'coex-udr-trigger.gwlab.json')));
    lab.runUntil(90);
    lab.inject({ kind: 'tunnelDown', connection: 'vpn-gw-to-paris' });
    lab.runUntil(120);
    lab.inject({ kind: 'restore', connection: 'vpn-gw-to-paris' });
    // Then to the end: the route is removed at 6 min, and its (now empty) table stays, as in Azure.
    lab.runUntil(lab.scenario.durationSeconds);
    const snapshot = lab.snapshot();
    ep = await startLab(snapshot, { monitor: { source: () => labHistorySource(lab) } });
  });
  after(() => ep.close());

  function client(): GatewayHistoryClient {
    return new GatewayHistoryClient({ armEndpoint: ep.baseUrl, logsEndpoint: `${ep.baseUrl}${LOGS_PATH}`, metricsEndpoint: ep.baseUrl, credential: new StaticTokenCredential(ep.token), retry: { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 20 } });
  }

  it('finds the connection, its local network gateway and the VNet route table through the ARM client', async () => {
    const { ids, problems } = await readTimelineRelatedIds(labSource(ep), gw);
    assert.deepEqual(problems, []);
    assert.deepEqual([...ids].sort(), [connection, site, table].sort());
    // The ExpressRoute gateway's connection is not vpn-gw's.
    assert.ok(!ids.some((id) => /er-gw-to-circuit/.test(id)));
  });

  it('shows the route-table write and the connection reset as configuration changes with resource, caller and status', async () => {
    const { ids } = await readTimelineRelatedIds(labSource(ep), gw);
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2026-01-01T00:10:00Z');
    const t = await readGatewayTimeline(client(), { gatewayId: gw, relatedIds: ids, from, to, metrics: [] });
    assert.deepEqual(t.problems.filter((p) => p.part === 'activity'), []);
    const changes = t.events.filter((e) => e.kind === 'configChange').map((e) => [e.at, e.resource, e.status, e.resourceId]);
    assert.deepEqual(changes, [
      ['2026-01-01T00:01:00.000Z', 'GatewaySubnet-rt', 'Succeeded', `${table}/routes/all-vnet-to-nva`],
      ['2026-01-01T00:02:00.000Z', 'vpn-gw-to-paris', 'Succeeded', connection],
      ['2026-01-01T00:06:00.000Z', 'GatewaySubnet-rt', 'Succeeded', `${table}/routes/all-vnet-to-nva`],
    ]);
    const ops = t.activity.map((a) => [a.operationName, a.status]);
    assert.deepEqual(ops, [
      ['Microsoft.Network/routeTables/routes/write', 'Started'],
      ['Microsoft.Network/routeTables/routes/write', 'Succeeded'],
      ['Microsoft.Network/connections/resetconnection/action', 'Started'],
      ['Microsoft.Network/connections/resetconnection/action', 'Succeeded'],
      ['Microsoft.Network/routeTables/routes/delete', 'Started'],
      ['Microsoft.Network/routeTables/routes/delete', 'Succeeded'],
    ]);
    assert.ok(t.events.filter((e) => e.kind === 'configChange').every((e) => /gateway-lab/.test(e.caller ?? '')));
    // Asked for the gateway alone, neither shows: the related ids are what brings them in.
    const alone = await readGatewayTimeline(client(), { gatewayId: gw, from, to, metrics: [] });
    assert.deepEqual(alone.events.filter((e) => e.kind === 'configChange'), []);
  });

  it('pure: connections of other gateways and route tables of other VNets are left out', () => {
    const vnet = networkResourceId('virtualNetworks', 'hub');
    const other = networkResourceId('virtualNetworks', 'spoke');
    const g = { id: gw, ipConfigurations: [{ subnet: { id: `${vnet}/subnets/GatewaySubnet` } }] } as unknown as Parameters<typeof timelineRelatedIds>[1]['gateways'][number];
    const ids = timelineRelatedIds(gw, {
      gateways: [g],
      connections: [
        { id: 'c1', virtualNetworkGateway1: { id: gw.toUpperCase() }, localNetworkGateway2: { id: 'l1' } },
        { id: 'c2', virtualNetworkGateway1: { id: 'other' }, localNetworkGateway2: { id: 'l2' } },
      ] as unknown as Parameters<typeof timelineRelatedIds>[1]['connections'],
      virtualNetworks: [
        { id: vnet, subnets: [{ id: `${vnet}/subnets/GatewaySubnet`, routeTable: { id: 'rt1' } }, { id: `${vnet}/subnets/app` }] },
        { id: other, subnets: [{ id: `${other}/subnets/x`, routeTable: { id: 'rt-spoke' } }] },
      ] as unknown as Parameters<typeof timelineRelatedIds>[1]['virtualNetworks'],
      routeTables: [{ id: 'rt2', subnets: [`${vnet}/subnets/app`] }, { id: 'rt3', subnets: [`${other}/subnets/x`] }] as unknown as NonNullable<Parameters<typeof timelineRelatedIds>[1]['routeTables']>,
    });
    assert.deepEqual(ids, ['c1', 'l1', 'rt1', 'rt2']);
  });
});
