// The Gateways and Connections views while a real lab scenario runs in the extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../../src/commands/commandIds';
import { ContextValue } from '../../../src/views/contextValues';
import { activateExtension, waitFor } from './extensionUnderTest';
import { connectionId, gatewayId, node, startBundled, stepFor, STEADY_NAME, withQuickPick } from './labHelpers';

describe('lab trees', () => {
  after(async () => {
    await vscode.commands.executeCommand(CommandId.labStop);
  });

  it('shows the bundled scenario: lab source, gateway with type/SKU/mode/health, instances with role and lease holder', async () => {
    const api = await startBundled('ap-unplanned-crash');
    assert.equal(api.lab.status, 'paused');
    const source = api.trees.gateways.getChildren()[0]!;
    assert.equal(source.label, 'Lab');
    assert.equal(source.contextValue, ContextValue.labSourcePaused);
    assert.match(source.description ?? '', /^ap-unplanned-crash · 0:00 · 600x · paused$/);
    await stepFor(api, 60);
    assert.equal(node(api, gatewayId('vpn-gw')).description, 'VPN · VpnGw2AZ · active/passive · healthy');
    assert.equal(node(api, `${gatewayId('vpn-gw')}#instances/IN_0`).description, 'active · lease holder · serving');
    assert.equal(node(api, `${gatewayId('vpn-gw')}#instances/IN_1`).description, 'standby');
    const conn = api.trees.connections.getChildren()[0]!.children[0]!;
    assert.equal(conn.id, `lab/gateway/${gatewayId('vpn-gw')}/${connectionId('vpn-gw-to-paris')}`);
    assert.match(conn.description ?? '', /^Connected · IPsec/);
  });

  it('updates live while the scenario runs, without a manual refresh', async () => {
    const api = await startBundled('ap-unplanned-crash', { paused: false, speed: 60 });
    const seen = new Set<string>();
    await waitFor(
      api,
      () => {
        seen.add(api.trees.gateways.getChildren()[0]?.description ?? '');
        return seen.size >= 3;
      },
      'three different virtual times in the Lab node',
    );
    assert.equal(api.lab.status, 'running');
    await vscode.commands.executeCommand(CommandId.labPause);
    assert.equal(api.lab.status, 'paused');
    await waitFor(api, () => api.trees.gateways.getChildren()[0]?.contextValue === ContextValue.labSourcePaused, 'paused source node');
  });

  it('announces a fault as a data change at once, and a lab whose clock alone advances as clock-only changes', async () => {
    const api = await startBundled('coex-healthy', { speed: 60 });
    await stepFor(api, 120);
    const changes: { clockOnly: boolean; version: string }[] = [];
    const sub = api.lab.onDidChangeData((c) => changes.push({ clockOnly: c.clockOnly, version: api.lab.requireController().dataVersion }));
    try {
      await vscode.commands.executeCommand(CommandId.labResume);
      await waitFor(api, () => changes.filter((c) => c.clockOnly).length >= 2, 'two clock-only announcements of the running lab');
      // Clock-only announcements of a settled lab keep one data version: nothing views must re-read.
      const quiet = changes.filter((c) => c.clockOnly);
      assert.equal(new Set(quiet.map((c) => c.version)).size, 1, JSON.stringify(changes));
      const before = changes.length;
      const erToVpn = node(api, `${gatewayId('er-gw')}#peers`).children.find((p) => p.label.startsWith('vpn-gw '));
      assert.ok(erToVpn, 'an ER<->VPN peer row');
      await vscode.commands.executeCommand(CommandId.faultBgpSessionDown, erToVpn);
      await waitFor(api, () => changes.slice(before).some((c) => !c.clockOnly), 'a data change after the fault');
      assert.notEqual(changes.at(-1)!.version, quiet[0]!.version);
    } finally {
      sub.dispose();
      await vscode.commands.executeCommand(CommandId.labPause);
    }
  });

  it('keeps the selected row selected, and never redraws through an empty tree, while the running lab updates the view', async () => {
    const api = await startBundled('ap-unplanned-crash');
    await stepFor(api, 60);
    await vscode.commands.executeCommand('gatewayLens.gateways.focus');
    const selectedId = `${gatewayId('vpn-gw')}#instances/IN_1`;
    // Select the row as a user would. A redraw still in flight from the start (or a selection left
    // by an earlier suite) can undo a reveal, so reveal again until the view reports the selection.
    for (let i = 0; i < 20 && api.views.gateways.selection[0]?.id !== selectedId; i++) {
      await api.views.gateways.reveal(node(api, selectedId), { select: true, focus: true, expand: false });
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(api.views.gateways.selection[0]?.id, selectedId, 'IN_1 selected before the lab runs');
    const rootCounts: number[] = [];
    const gatewayRows: number[] = [];
    const sub = api.trees.gateways.onDidChangeTreeData(() => {
      const roots = api.trees.gateways.rootNodes;
      rootCounts.push(roots.length);
      // Gateway rows only: the source also ends with its "Virtual networks" group.
      gatewayRows.push(roots[0]?.children.filter((n) => n.ref.kind === 'gateway').length ?? 0);
    });
    const times = new Set<string>();
    try {
      await vscode.commands.executeCommand(CommandId.labSetSpeed, 60);
      await vscode.commands.executeCommand(CommandId.labResume);
      await waitFor(
        api,
        () => {
          times.add(api.trees.gateways.getChildren()[0]?.description ?? '');
          return times.size >= 4;
        },
        'four redraws with a new virtual time',
      );
      await vscode.commands.executeCommand(CommandId.labPause);
    } finally {
      sub.dispose();
    }
    assert.ok(rootCounts.length >= 3, `redraws seen: ${rootCounts.length}`);
    assert.ok(rootCounts.every((n) => n === 1) && gatewayRows.every((n) => n === 1), `an empty state was drawn: ${rootCounts} / ${gatewayRows}`);
    // The extension host maps the view's selection to elements it has handed out since the last
    // redraw: right after one it may not know the row yet, so wait (a lost selection never returns).
    await waitFor(api, () => api.views.gateways.selection[0]?.id === selectedId, 'the selection to survive the redraws', 10_000).catch(() => undefined);
    const selected = api.views.gateways.selection;
    assert.deepEqual(selected.map((n) => n.id), [selectedId], 'selection survives the redraws');
  });

  it('Start Lab Scenario from the palette offers workspace *.gwlab.json files and the bundled scenarios, and runs the chosen one', async () => {
    const { api } = await activateExtension();
    let offered: string[] = [];
    await withQuickPick(
      api,
      (items) => {
        offered = items.map((i) => i.label);
        return items.find((i) => i.label === 'steady.gwlab.json');
      },
      () => vscode.commands.executeCommand(CommandId.labStart),
    );
    assert.ok(offered.includes('Workspace') && offered.includes('Bundled'), offered.join(', '));
    assert.ok(offered.indexOf('steady.gwlab.json') < offered.indexOf('Bundled'), 'workspace scenarios first');
    for (const bundled of ['ap-unplanned-crash', 'coex-healthy', 'gateway-reset']) assert.ok(offered.includes(bundled), bundled);
    assert.equal(api.lab.controller?.scenarioName, STEADY_NAME);
    assert.equal(api.lab.status, 'running');
    await vscode.commands.executeCommand(CommandId.labStop);
  });

  it('pauses, steps, resumes and changes speed through commands', async () => {
    const api = await startBundled('ap-unplanned-crash');
    const controller = api.lab.requireController();
    const t0 = controller.timeSeconds;
    // Several events can share one instant: a few steps must move virtual time on.
    for (let i = 0; i < 50 && controller.timeSeconds === t0; i++) await vscode.commands.executeCommand(CommandId.labStep);
    assert.ok(controller.timeSeconds > t0, 'step advanced virtual time');
    await vscode.commands.executeCommand(CommandId.labSetSpeed, 120);
    assert.equal(controller.speed, 120);
    await vscode.commands.executeCommand(CommandId.labSetSpeed, 601);
    assert.equal(controller.speed, 120, 'out-of-range speed refused');
    await vscode.commands.executeCommand(CommandId.labResume);
    assert.equal(api.lab.status, 'running');
    await vscode.commands.executeCommand(CommandId.labPause);
    assert.equal(api.lab.status, 'paused');
  });

  it('resets to time 0 and stops, after which the trees are empty again', async () => {
    const api = await startBundled('ap-unplanned-crash');
    await stepFor(api, 20);
    await vscode.commands.executeCommand(CommandId.labReset);
    assert.equal(api.lab.requireController().timeSeconds, 0);
    await vscode.commands.executeCommand(CommandId.labStop);
    assert.equal(api.lab.status, 'stopped');
    await api.trees.refresh();
    assert.deepEqual(api.trees.gateways.getChildren(), []);
    assert.deepEqual(api.trees.connections.getChildren(), []);
  });

  it('groups the Connections view by status on command', async () => {
    const api = await startBundled('ap-unplanned-crash');
    await stepFor(api, 60);
    await vscode.commands.executeCommand(CommandId.groupConnectionsByStatus);
    assert.deepEqual(api.trees.connections.getChildren().map((n) => n.label), ['Connected']);
    await vscode.commands.executeCommand(CommandId.groupConnectionsByGateway);
    assert.deepEqual(api.trees.connections.getChildren().map((n) => n.label), ['vpn-gw']);
  });
});
