// Every fault command, invoked as its context menu does (with the tree node), changes the tree.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../../src/commands/commandIds';
import { ContextValue } from '../../../src/views/contextValues';
import { gatewayId, node, startBundled, startSteady, stepFor } from './labHelpers';

const IN_0 = `${gatewayId('vpn-gw')}#instances/IN_0`;
const IN_1 = `${gatewayId('vpn-gw')}#instances/IN_1`;

const instanceFaults: [string, RegExp][] = [
  [CommandId.faultCrash, /crashed/],
  [CommandId.faultReboot, /rebooting/],
  [CommandId.faultHang, /hung/],
  [CommandId.faultPlannedMaintenance, /maintenance/],
  [CommandId.faultStoragePartition, /partitioned/],
];

describe('fault commands change the tree', () => {
  after(async () => {
    await vscode.commands.executeCommand(CommandId.labStop);
  });

  for (const [command, effect] of instanceFaults) {
    it(`${command} on the active instance`, async () => {
      const api = await startSteady();
      await stepFor(api, 60);
      assert.equal(node(api, IN_0).contextValue, ContextValue.instance);
      await vscode.commands.executeCommand(command, node(api, IN_0));
      assert.match(node(api, IN_0).description ?? '', effect);
      assert.equal(node(api, IN_0).contextValue, ContextValue.instanceFaulted);
      assert.notEqual(node(api, gatewayId('vpn-gw')).description?.endsWith('healthy'), true);
    });
  }

  it('restore on a faulted instance brings it back and the standby keeps or hands back the lease', async () => {
    const api = await startSteady();
    await stepFor(api, 60);
    await vscode.commands.executeCommand(CommandId.faultCrash, node(api, IN_0));
    // The documented unplanned failover gap is 1-3 minutes.
    await stepFor(api, 180);
    assert.match(node(api, IN_1).description ?? '', /^active · lease holder/);
    await vscode.commands.executeCommand(CommandId.faultRestore, node(api, IN_0));
    await stepFor(api, 30);
    assert.doesNotMatch(node(api, IN_0).description ?? '', /crashed/);
    assert.equal(node(api, IN_0).contextValue, ContextValue.instance);
  });

  it('gateway reset on the gateway node reboots the active instance', async () => {
    const api = await startBundled('gateway-reset');
    await stepFor(api, 20);
    const gw = gatewayId(api.lab.requireController().snapshot().gateways[0]!.gateway.name);
    const active = node(api, gw).children[0]!.children.find((i) => /^active/.test(i.description ?? ''));
    assert.ok(active, 'an active instance before the reset');
    await vscode.commands.executeCommand(CommandId.faultGatewayReset, node(api, gw));
    assert.match(node(api, active.id).description ?? '', /rebooting/);
  });

  it('tunnel down on the connection node takes the connection out of Connected', async () => {
    const api = await startSteady();
    await stepFor(api, 60);
    const conn = api.trees.connections.getChildren()[0]!.children[0]!;
    assert.match(conn.description ?? '', /^Connected/);
    await vscode.commands.executeCommand(CommandId.faultTunnelDown, conn);
    await stepFor(api, 5);
    const after = api.trees.connections.getChildren()[0]!.children[0]!;
    assert.equal(after.id, conn.id);
    assert.doesNotMatch(after.description ?? '', /^Connected/);
  });

  it('restore from the palette (no node) clears every active fault', async () => {
    const api = await startSteady();
    await stepFor(api, 60);
    await vscode.commands.executeCommand(CommandId.faultHang, node(api, IN_0));
    assert.match(node(api, IN_0).description ?? '', /hung/);
    await vscode.commands.executeCommand(CommandId.faultRestore);
    await stepFor(api, 5);
    assert.doesNotMatch(node(api, IN_0).description ?? '', /hung/);
  });
});
