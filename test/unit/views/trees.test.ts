// The tree model built from real lab data: a LabRuntime, its loopback ARM endpoint and the ARM
// client (the views' one data path), stepped in virtual time. No VS Code needed.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { LabRuntime } from '../../../src/engine/labRuntime';
import { startLabArmDataSource, type LabArmDataSource } from '../../../src/azure/labArmDataSource';
import { fetchSourceInventory, labPeerNames, type SourceInventory } from '../../../src/azure/inventory';
import { buildGatewaysTree } from '../../../src/views/model/gatewaysTree';
import { CommandId } from '../../../src/commands/commandIds';
import { buildConnectionsTree } from '../../../src/views/model/connectionsTree';
import { findNode, treeItemId, type TreeNode } from '../../../src/views/model/treeNode';
import { ContextValue } from '../../../src/views/contextValues';
import { networkResourceId } from '../../../src/model/resourceIds';

const scenarioFile = join(__dirname, '..', '..', '..', 'scenarios', 'ap-unplanned-crash.gwlab.json');
const gatewayId = networkResourceId('virtualNetworkGateways', 'vpn-gw');

async function inventory(lab: LabRuntime, arm: LabArmDataSource): Promise<SourceInventory> {
  const snapshot = lab.snapshot();
  return fetchSourceInventory(
    { sourceId: 'lab', label: 'Lab', status: lab.paused ? 'paused' : 'running', lab: snapshot.lab, peerNames: labPeerNames(snapshot) },
    arm.dataSource,
  );
}

function ids(nodes: readonly TreeNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...ids(n.children)]);
}

function runTo(lab: LabRuntime, seconds: number): void {
  while (lab.timeSeconds < seconds && !lab.finished) lab.step();
}

describe('Gateways and Connections trees from the running lab', () => {
  let lab: LabRuntime;
  let arm: LabArmDataSource;

  before(async () => {
    lab = await LabRuntime.create(await loadScenario(scenarioFile), { speed: 600, paused: true });
    arm = await startLabArmDataSource(() => lab.snapshot(), { client: { inventoryCacheMs: 0 } });
  });
  after(async () => {
    lab.dispose();
    await arm.close();
  });

  it('shows source -> gateway (type, SKU, mode, health) -> instances, connections, tunnels', async () => {
    runTo(lab, 60);
    const roots = buildGatewaysTree([await inventory(lab, arm)]);
    assert.equal(roots.length, 1);
    assert.equal(roots[0]!.contextValue, ContextValue.labSourcePaused);
    const gw = findNode(roots, gatewayId);
    assert.ok(gw, 'gateway node keyed by its resource id');
    assert.equal(gw.label, 'vpn-gw');
    assert.equal(gw.description, 'VPN · VpnGw2AZ · active/passive · healthy');
    assert.equal(gw.parent, roots[0]);
    const in0 = findNode(roots, `${gatewayId}#instances/IN_0`);
    const in1 = findNode(roots, `${gatewayId}#instances/IN_1`);
    assert.equal(in0?.description, 'active · lease holder · serving');
    assert.equal(in1?.description, 'standby');
    const conn = gw.children.find((c) => c.label === 'Connections')?.children[0];
    assert.equal(conn?.label, 'vpn-gw-to-paris');
    assert.match(conn.description ?? '', /^Connected · IPsec/);
    assert.equal(conn.children.length, 1, 'one tunnel child');
    assert.match(conn.children[0]!.description ?? '', /^Connected · in \d/);
  });

  it('follows a crash: the crashed instance is marked, the standby takes the lease, ids stay the same', async () => {
    const before = ids(buildGatewaysTree([await inventory(lab, arm)]));
    lab.inject({ kind: 'crash', gateway: 'vpn-gw', instance: 'IN_0' });
    runTo(lab, lab.timeSeconds + 1);
    const during = buildGatewaysTree([await inventory(lab, arm)]);
    const in0 = findNode(during, `${gatewayId}#instances/IN_0`);
    assert.match(in0?.description ?? '', /crashed/);
    assert.equal(in0?.contextValue, ContextValue.instanceFaulted);
    assert.match(findNode(during, gatewayId)?.description ?? '', /· (down|degraded)$/);
    runTo(lab, lab.timeSeconds + 240);
    const afterFailover = buildGatewaysTree([await inventory(lab, arm)]);
    assert.match(findNode(afterFailover, `${gatewayId}#instances/IN_1`)?.description ?? '', /^active · lease holder/);
    assert.deepEqual(ids(afterFailover), before, 'same ids, so expansion and selection survive the refresh');
  });

  it('groups connections by gateway or by status', async () => {
    const inv = await inventory(lab, arm);
    const byGateway = buildConnectionsTree([inv], 'gateway');
    assert.deepEqual(byGateway.map((n) => n.label), ['vpn-gw']);
    const byStatus = buildConnectionsTree([inv], 'status');
    const statuses = byStatus.map((n) => n.label);
    assert.ok(statuses.length >= 1);
    for (const s of statuses) assert.ok(['Connected', 'Connecting', 'NotConnected', 'Unknown'].includes(s), s);
    assert.equal(byStatus.flatMap((g) => g.children).length, 1);
  });

  it('turns a failing data source into an error node with a retry command, not an empty tree', async () => {
    const broken = await startLabArmDataSource(() => lab.snapshot(), { client: { inventoryCacheMs: 0, retry: { maxRetries: 0 } } });
    await broken.close();
    const inv = await fetchSourceInventory({ sourceId: 'lab', label: 'Lab', status: 'running' }, broken.dataSource);
    assert.match(inv.error ?? '', /^Loading Lab gateways failed: /);
    const roots = buildGatewaysTree([inv]);
    const error = roots[0]!.children[0]!;
    assert.equal(error.contextValue, ContextValue.error);
    assert.equal(error.command?.id, CommandId.refresh);
    assert.equal(buildConnectionsTree([inv], 'gateway')[0]!.contextValue, ContextValue.error);
  });

  it('shows nothing for a stopped source, so the welcome content appears', () => {
    assert.deepEqual(buildGatewaysTree([{ sourceId: 'lab', label: 'Lab', status: 'stopped', gateways: [], connections: [] }]), []);
  });

  it('escapes markup and Markdown in tooltips (scenario and resource names are data)', () => {
    const roots = buildGatewaysTree([
      { sourceId: 'lab', label: 'Lab', status: 'running', detail: '<img src=x onerror=alert(1)> *x*', gateways: [], connections: [] },
    ]);
    assert.ok(!roots[0]!.tooltip?.includes('<img'), roots[0]!.tooltip);
    assert.match(roots[0]!.tooltip ?? '', /&lt;img src=x onerror=alert\\\(1\\\)&gt; \\\*x\\\*/);
  });
  it('gives every VS Code tree item a unique id when two sources hold the same resource ids', async () => {
    const labInv = await inventory(lab, arm);
    // The lab's ARM endpoint added as an Azure-like source serves the very same resource ids.
    const azureInv: SourceInventory = { ...labInv, sourceId: 'azure', label: 'Azure', status: 'connected', lab: undefined };
    const all = (nodes: readonly TreeNode[]): TreeNode[] => nodes.flatMap((n) => [n, ...all(n.children)]);
    for (const roots of [buildGatewaysTree([labInv, azureInv]), buildConnectionsTree([labInv, azureInv], 'gateway'), buildConnectionsTree([labInv, azureInv], 'status')]) {
      const nodes = all(roots);
      const itemIds = nodes.map(treeItemId);
      assert.equal(new Set(itemIds).size, itemIds.length, `duplicate tree item ids: ${itemIds.filter((id, i) => itemIds.indexOf(id) !== i).join(', ')}`);
    }
    const gwNodes = all(buildGatewaysTree([labInv, azureInv])).filter((n) => n.id === gatewayId);
    assert.equal(gwNodes.length, 2, 'the gateway appears under both sources');
    assert.deepEqual(gwNodes.map(treeItemId), [`source:lab|${gatewayId}`, `source:azure|${gatewayId}`]);
  });
});
