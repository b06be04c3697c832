// Every fault command, invoked as its context menu does (with the tree node) or from the palette
// (answering its picker), changes the tree.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../../src/commands/commandIds';
import { ContextValue } from '../../../src/views/contextValues';
import type { TreeNode } from '../../../src/views/model/treeNode';
import { gatewayId, node, startBundled, startSteady, stepFor, withQuickPick } from './labHelpers';
import { activateExtension } from './extensionUnderTest';

const IN_0 = `${gatewayId('vpn-gw')}#instances/IN_0`;
const IN_1 = `${gatewayId('vpn-gw')}#instances/IN_1`;

const instanceFaults: [string, RegExp][] = [
  [CommandId.faultCrash, /crashed/],
  [CommandId.faultReboot, /rebooting/],
  [CommandId.faultHang, /hung/],
  [CommandId.faultPlannedMaintenance, /maintenance/],
  [CommandId.faultStoragePartition, /partitioned/],
];

interface MenuEntry {
  command: string;
  when?: string;
}

/**
 * Evaluates a view/item/context `when` clause for a row: conjunctions of `view == x`,
 * `viewItem == x` and `viewItem =~ /re/` (all this manifest uses there). Anything else throws,
 * so the walk never guesses.
 */
function offered(when: string | undefined, view: string, contextValue: string): boolean {
  if (!when) return true;
  return when.split('&&').every((raw) => {
    const term = raw.trim();
    let m = /^view\s*==\s*([\w.-]+)$/.exec(term);
    if (m) return m[1] === view;
    m = /^viewItem\s*==\s*([\w.-]+)$/.exec(term);
    if (m) return m[1] === contextValue;
    m = /^viewItem\s*=~\s*\/(.+)\/$/.exec(term);
    if (m) return new RegExp(m[1]!).test(contextValue);
    throw new Error(`when clause term not understood: ${term}`);
  });
}

function allRows(nodes: readonly TreeNode[], out: TreeNode[] = []): TreeNode[] {
  for (const n of nodes) {
    out.push(n);
    allRows(n.children, out);
  }
  return out;
}

describe('every lab row kind: each fault its context menu offers works', () => {
  after(async () => {
    await vscode.commands.executeCommand(CommandId.labStop);
  });

  for (const scenario of ['coex-healthy', 'aa-instance-loss']) {
    it(`${scenario}: runs each offered fault on one row of each kind, with no failure and no question`, async () => {
      const { extension } = await activateExtension();
      const menus = (extension.packageJSON as { contributes: { menus: Record<string, MenuEntry[]> } }).contributes.menus['view/item/context'] ?? [];
      const faults = menus.filter((e) => e.command.startsWith('gatewayLens.fault.'));
      assert.ok(faults.length >= 8, `${faults.length} fault menu entries`);
      const api = await startBundled(scenario);
      await stepFor(api, 120);
      const failuresBefore = api.commandFailures.length;
      const views = [
        { view: 'gatewayLens.gateways', rows: () => allRows(api.trees.gateways.getChildren()) },
        { view: 'gatewayLens.connections', rows: () => allRows(api.trees.connections.getChildren()) },
      ];
      const ran: string[] = [];
      const kindsSeen = new Set<string>();
      // A fault turns some rows into other kinds (a crashed instance is "faulted"): walk again until no new kind appears.
      for (let round = 0; round < 3; round++) {
        let fresh = 0;
        for (const { view, rows } of views) {
          const byKind = new Map<string, TreeNode>();
          for (const r of rows()) if (!byKind.has(r.contextValue)) byKind.set(r.contextValue, r);
          for (const [kind, row] of byKind) {
            const key = `${view} ${kind}`;
            if (kindsSeen.has(key)) continue;
            kindsSeen.add(key);
            fresh++;
            // Restore first, so the row ends faulted and the next round meets the faulted kinds.
            const entries = faults.filter((e) => offered(e.when, view, kind)).sort((x, y) => Number(y.command === CommandId.faultRestore) - Number(x.command === CommandId.faultRestore));
            for (const entry of entries) {
              // The row as the tree has it now (faults redraw the tree; ids are stable).
              const current = rows().find((r) => r.id === row.id) ?? row;
              await vscode.commands.executeCommand(entry.command, current);
              ran.push(`${kind}: ${entry.command}`);
              assert.deepEqual(api.commandFailures.slice(failuresBefore), [], `${entry.command} on ${kind} (${row.id}) failed`);
            }
          }
          await api.trees.refresh();
        }
        await stepFor(api, 5);
        if (fresh === 0) break;
      }
      assert.deepEqual(api.commandFailures.slice(failuresBefore), []);
      const kinds = new Set([...kindsSeen].map((k) => k.split(' ')[1]));
      const expectedKinds =
        scenario === 'coex-healthy'
          ? [ContextValue.labSourcePaused, ContextValue.labVpnGateway, ContextValue.labErGateway, ContextValue.instance, ContextValue.instanceFaulted, ContextValue.labBgpPeer, ContextValue.labVpnConnection, ContextValue.labErConnection, ContextValue.tunnel]
          : [ContextValue.labSourcePaused, ContextValue.labVpnGateway, ContextValue.instance, ContextValue.instanceFaulted, ContextValue.labVpnConnection, ContextValue.tunnel];
      for (const k of expectedKinds) assert.ok(kinds.has(k), `the walk met a ${k} row (met: ${[...kinds].join(', ')})`);
      // The ER rows are offered no fault at all; every VPN-side fault ran somewhere.
      assert.deepEqual(ran.filter((r) => r.startsWith(ContextValue.labErGateway) || r.startsWith(ContextValue.labErConnection)), []);
      for (const id of [CommandId.faultCrash, CommandId.faultGatewayReset, CommandId.faultTunnelDown, CommandId.faultRestore]) {
        assert.ok(ran.some((r) => r.endsWith(id)), `${id} ran (${ran.join('; ')})`);
      }
      if (scenario === 'coex-healthy') assert.ok(ran.some((r) => r.endsWith(CommandId.faultBgpSessionDown)), 'a BGP session fault ran');
    });
  }

  it('the palette\'s reset picker lists only VPN gateways, and tunnel down only connections with tunnels', async () => {
    const api = await startBundled('coex-healthy');
    await stepFor(api, 60);
    let gateways: string[] = [];
    await withQuickPick(
      api,
      (items) => {
        gateways = items.map((i) => i.label);
        return undefined;
      },
      () => vscode.commands.executeCommand(CommandId.faultGatewayReset),
    );
    assert.deepEqual(gateways, ['vpn-gw']);
    let connections: string[] = [];
    await withQuickPick(
      api,
      (items) => {
        connections = items.map((i) => i.label);
        return undefined;
      },
      () => vscode.commands.executeCommand(CommandId.faultTunnelDown),
    );
    assert.deepEqual(connections, ['vpn-gw-to-paris']);
  });
});

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

  it('BGP session down on an ER gateway\'s peer row takes the ER<->VPN session down on both gateways; restore on the row brings it back', async () => {
    const api = await startBundled('coex-healthy');
    await stepFor(api, 120);
    const erToVpn = (): TreeNode[] => node(api, `${gatewayId('er-gw')}#peers`).children.filter((p) => p.label.startsWith('vpn-gw '));
    const vpnToEr = (): TreeNode[] => node(api, `${gatewayId('vpn-gw')}#peers`).children.filter((p) => p.label.startsWith('er-gw '));
    assert.ok(erToVpn().length > 0 && vpnToEr().length > 0, 'ER<->VPN peer rows on both gateways');
    for (const p of [...erToVpn(), ...vpnToEr()]) assert.match(p.description ?? '', /^Connected/, p.id);
    const row = erToVpn()[0]!;
    assert.equal(row.contextValue, ContextValue.labBgpPeer);
    await vscode.commands.executeCommand(CommandId.faultBgpSessionDown, row);
    await stepFor(api, 5);
    for (const p of [...erToVpn(), ...vpnToEr()]) assert.doesNotMatch(p.description ?? '', /^Connected/, p.id);
    assert.match(node(api, gatewayId('er-gw')).description ?? '', /· degraded$/);
    assert.match(node(api, `${gatewayId('vpn-gw')}#peers`).children.find((p) => p.label.startsWith('branch-paris '))?.description ?? '', /^Connected/, 'the branch session stays up');
    await vscode.commands.executeCommand(CommandId.faultRestore, node(api, row.id));
    await stepFor(api, 120);
    for (const p of [...erToVpn(), ...vpnToEr()]) assert.match(p.description ?? '', /^Connected/, p.id);
  });

  it('BGP session down from the palette asks which session (the picker lists gateway <-> peer pairs) and takes the chosen one down', async () => {
    const api = await startBundled('coex-healthy');
    await stepFor(api, 120);
    const branchRow = (): TreeNode => node(api, `${gatewayId('vpn-gw')}#peers`).children.find((p) => p.label.startsWith('branch-paris '))!;
    assert.match(branchRow().description ?? '', /^Connected/);
    const offered: string[] = [];
    await withQuickPick(
      api,
      (items) => {
        offered.push(...items.map((i) => i.label));
        return items.find((i) => i.label === 'vpn-gw ↔ branch-paris');
      },
      () => vscode.commands.executeCommand(CommandId.faultBgpSessionDown),
    );
    assert.ok(offered.includes('vpn-gw ↔ branch-paris') && offered.includes('er-gw ↔ vpn-gw'), offered.join(', '));
    await stepFor(api, 5);
    assert.doesNotMatch(branchRow().description ?? '', /^Connected/);
    for (const p of node(api, `${gatewayId('er-gw')}#peers`).children) assert.match(p.description ?? '', /^Connected/, `${p.id} untouched`);
  });

  it('an instance fault from the palette asks which instance and faults the chosen one', async () => {
    const api = await startSteady();
    await stepFor(api, 60);
    let offered: string[] = [];
    await withQuickPick(
      api,
      (items) => {
        offered = items.map((i) => i.label);
        return items.find((i) => i.label.endsWith('/ IN_1'));
      },
      () => vscode.commands.executeCommand(CommandId.faultCrash),
    );
    assert.deepEqual(offered, ['vpn-gw / IN_0', 'vpn-gw / IN_1']);
    assert.match(node(api, IN_1).description ?? '', /crashed/);
    assert.doesNotMatch(node(api, IN_0).description ?? '', /crashed/);
  });

  it('a palette fault dismissed at the picker changes nothing and shows no error', async () => {
    const api = await startSteady();
    await stepFor(api, 60);
    const before = node(api, IN_0).description;
    await withQuickPick(api, () => undefined, () => vscode.commands.executeCommand(CommandId.faultHang));
    await api.trees.refresh();
    assert.equal(node(api, IN_0).description, before);
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
