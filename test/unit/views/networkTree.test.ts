// The "Virtual networks" rows of the Gateways view on the real lab: the lab's ARM endpoint, the
// ARM client and the topology read (the road the extension uses for lab and Azure alike), then
// what Trace Route Path prefills from those rows and what it traces from them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { LabRuntime } from '../../../src/engine/labRuntime';
import { startLabArmDataSource, type LabArmDataSource } from '../../../src/azure/labArmDataSource';
import { fetchSourceInventory, type SourceInventory } from '../../../src/azure/inventory';
import { readTopology } from '../../../src/azure/topologyReader';
import { buildGatewaysTree } from '../../../src/views/model/gatewaysTree';
import type { TreeNode } from '../../../src/views/model/treeNode';
import { ContextValue } from '../../../src/views/contextValues';
import { addressIn, routePathEnds, routePathRef } from '../../../src/commands/routePathTargets';
import { traceRoutePath } from '../../../src/routePath/traceRoutePath';
import { SourceId } from '../../../src/model/sourceId';

const scenarioFile = join(__dirname, '..', '..', '..', 'scenarios', 'coex-udr-trigger.gwlab.json');

function runTo(lab: LabRuntime, seconds: number): void {
  while (lab.timeSeconds < seconds && !lab.finished) lab.step();
}

function all(nodes: readonly TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => [n, ...all(n.children)]);
}

describe('Virtual networks in the Gateways view (lab through its ARM endpoint)', () => {
  let lab: LabRuntime;
  let arm: LabArmDataSource;
  const inventory = async (): Promise<SourceInventory> => {
    arm.dataSource.invalidate();
    return fetchSourceInventory({ sourceId: SourceId.lab, label: 'Lab', status: 'running' }, arm.dataSource, undefined, (s) => readTopology(arm.dataSource, s));
  };

  before(async () => {
    lab = await LabRuntime.create(await loadScenario(scenarioFile), { speed: 600, paused: true });
    arm = await startLabArmDataSource(() => lab.snapshot(), { client: { inventoryCacheMs: 0 } });
    runTo(lab, 90); // the UDR on GatewaySubnet is added at 1m
  });
  after(async () => {
    lab.dispose();
    await arm.close();
  });

  it('shows VNets with address space, subnets (GatewaySubnet size, UDR table and its routes) and NICs with their IPs, as the snapshot has them', async () => {
    const snap = lab.snapshot();
    const [source] = buildGatewaysTree([await inventory()]);
    const group = source!.children.at(-1)!;
    assert.equal(group.contextValue, ContextValue.networksFolder);
    assert.equal(group.label, 'Virtual networks');
    const rows = all(group.children);
    const vnets = rows.filter((n) => n.contextValue === ContextValue.vnet);
    assert.deepEqual(vnets.map((v) => v.label), snap.virtualNetworks.map((v) => v.name));
    assert.match(vnets[0]!.description!, /^10\.10\.0\.0\/16 · 2 subnets · 1 NIC/);
    const gwSubnet = rows.find((n) => n.contextValue === ContextValue.subnet && n.label === 'GatewaySubnet')!;
    assert.match(gwSubnet.description!, /10\.10\.255\.0\/27 · 32 addresses · UDR /);
    const table = gwSubnet.children.find((n) => n.contextValue === ContextValue.routeTable)!;
    assert.deepEqual(table.children.map((r) => r.label), ['10.10.0.0/16 → VirtualAppliance 10.10.1.250 (all-vnet-to-nva)']);
    const nics = rows.filter((n) => n.contextValue === ContextValue.nic);
    const snapNics = (snap.networkInterfaces ?? []).map((n) => n.nic);
    assert.deepEqual(nics.map((n) => n.label).sort(), snapNics.map((n) => n.name).sort());
    assert.ok(nics.length > 0);
    assert.match(nics[0]!.description!, /^10\.10\.1\.4\b/);
    assert.equal(all(group.children).filter((n) => n.contextValue === ContextValue.error).length, 0);
    // Ids are resource ids, unique within the source.
    const ids = all([source!]).map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('a failing topology read is an error node in the group; gateways still show', async () => {
    const inv = await fetchSourceInventory({ sourceId: SourceId.lab, label: 'Lab', status: 'running' }, arm.dataSource, undefined, () => Promise.reject(new Error('403 AuthorizationFailed')));
    const [source] = buildGatewaysTree([inv]);
    assert.ok(source!.children.some((n) => n.ref.kind === 'gateway'));
    const group = source!.children.at(-1)!;
    assert.equal(group.description, 'failed to load');
    assert.match(group.children[0]!.label, /403 AuthorizationFailed/);
  });

  it('Trace Route Path from a row: NIC is the source, subnet/VNet give an address in them, a connection its site\'s prefix', async () => {
    const snap = lab.snapshot();
    const [source] = buildGatewaysTree([await inventory()]);
    const rows = all([source!]);
    const row = (pred: (n: TreeNode) => boolean): TreeNode => rows.find(pred)!;
    const nic = routePathEnds(snap, routePathRef(row((n) => n.contextValue === ContextValue.nic)));
    assert.deepEqual([nic.from, nic.to], ['10.10.1.4', '192.168.10.4']);
    const workload = routePathEnds(snap, routePathRef(row((n) => n.contextValue === ContextValue.subnet && n.label === 'workload')));
    assert.equal(workload.from, '10.10.1.4');
    const vnet = routePathEnds(snap, routePathRef(row((n) => n.contextValue === ContextValue.vnet)));
    assert.equal(vnet.from, '10.10.1.4');
    const conn = routePathEnds(snap, routePathRef(row((n) => n.ref.kind === 'connection' && n.label === 'vpn-gw-to-paris')));
    assert.equal(conn.from, undefined);
    assert.deepEqual([conn.to, conn.fromChoices.map((c) => c.address)], ['192.168.10.4', ['10.10.1.4']]);
    const er = routePathEnds(snap, routePathRef(row((n) => n.ref.kind === 'connection' && n.label === 'er-gw-to-circuit')));
    assert.equal(er.to, '172.20.0.4');
    assert.equal(routePathRef(row((n) => n.contextValue === ContextValue.routeTable)), undefined, 'no trace from a route table row');
    // The prefilled ends trace: to the circuit delivered, to the branch not yet broken at 90 s (the sessions hold for 180 s).
    assert.equal(traceRoutePath(snap, nic.from!, er.to!).delivered, true);
  });

  it('addressIn: the first VM address Azure hands out, the network for /32, nothing for IPv6 or junk', () => {
    assert.deepEqual(['10.1.2.0/24', '10.1.2.77/24', '10.0.0.0/30', '192.168.255.1/32', 'fd00::/64', 'x'].map(addressIn), ['10.1.2.4', '10.1.2.4', '10.0.0.1', '192.168.255.1', undefined, undefined]);
  });
});
