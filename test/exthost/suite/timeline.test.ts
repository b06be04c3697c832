// The Timeline panel inside a real extension host: the crash scenario runs past its failover, the
// Timeline opens for vpn-gw from its tree node, reads the lab's history through the Monitor SDKs
// on the lab's endpoint, and the webview (its own bundle under the CSP) draws the failover event.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GatewayLensTestApi } from '../../../src/testApi';
import { gatewayId, node, startBundled, stepFor, withQuickPick } from './labHelpers';
import { LAB_SUBSCRIPTION_ID } from '../../../src/model/resourceIds';
import type { LabEndpointInfo } from '../../../src/azure/armGatewayDataSource';
import { ContextValue } from '../../../src/views/contextValues';
import type { TreeNode } from '../../../src/views/model/treeNode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Timeline panel', () => {
  let api: GatewayLensTestApi;
  before(async () => {
    api = await startBundled('ap-unplanned-crash');
    await stepFor(api, 220);
    // A connection taken down and restored: the lab logs the restore as a Reset Connection on the connection.
    const controller = api.lab.requireController();
    controller.inject({ kind: 'tunnelDown', connection: 'vpn-gw-to-paris' });
    await stepFor(api, 5);
    controller.inject({ kind: 'restore', connection: 'vpn-gw-to-paris' });
    await stepFor(api, 5);
  });
  after(async () => {
    api.azure.signOut();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens for the crash scenario\'s gateway and the webview shows the failover event with its gap', async () => {
    const vpn = gatewayId('vpn-gw');
    await vscode.commands.executeCommand('gatewayLens.openTimeline', node(api, vpn));
    const panel = api.panels.timelines().find((p) => p.gatewayId === vpn);
    assert.ok(panel, 'a Timeline panel for vpn-gw');
    assert.equal(panel.panel.title, 'Timeline: vpn-gw');
    await until(() => api.panelStats(panel).rendered.some((events) => events.some((e) => /failover/.test(e))), 'the webview to draw a failover event');
    const drawn = api.panelStats(panel).rendered.find((events) => events.some((e) => /failover/.test(e)))!;
    const failover = drawn.find((e) => /failover/.test(e))!;
    assert.match(failover, /IN_0 → IN_1/);
    const measured = api.lab.controller!.snapshot().lab!.failovers[0]!;
    // Cells: time | event | from → to | gap | (Zoom button)
    const gap = Number(/\| (\d+(?:\.\d+)?) s \|/.exec(failover)?.[1]);
    assert.ok(Math.abs(gap - measured.gapSeconds!) <= 1, `drawn gap ${gap}s vs measured ${measured.gapSeconds}s`);
    // The connection's Activity Log is on the gateway's timeline: resource, operation, status, caller.
    await until(() => api.panelStats(panel).rendered.some((events) => events.some((e) => /configChange/.test(e))), 'the connection reset drawn as a configuration change');
    const change = api.panelStats(panel).rendered.flat().find((e) => /configChange/.test(e))!;
    assert.match(change, /connection vpn-gw-to-paris: Microsoft\.Network\/connections\/resetconnection\/action Succeeded by gateway-lab/);
    assert.deepEqual(api.panelStats(panel).rejected, []);
  });

  it('opens for an Azure gateway from the palette (the lab\'s endpoint added as an Azure-like source) and reads the failover through the signed-in credential', async () => {
    // The lab's own endpoint serves ARM, diagnostic settings, Log Analytics and metrics behind one token.
    const endpoint = (api.lab.dataSource as { labEndpoint?: LabEndpointInfo } | undefined)?.labEndpoint;
    assert.ok(endpoint, 'the lab endpoint');
    await api.azureHooks.useArmEndpoint(endpoint.baseUrl, endpoint.token, [LAB_SUBSCRIPTION_ID]);
    await api.azureHooks.whenLoaded();
    const vpn = gatewayId('vpn-gw');
    // The Azure gateway row carries the context value the Timeline's menu entry matches.
    const findRow = (): TreeNode | undefined => api.trees.gateways.rootNodes.find((n) => n.id === 'source:azure')?.children?.find((n) => n.label === 'vpn-gw');
    await api.trees.refresh();
    await until(() => findRow() !== undefined, 'the Azure source\'s vpn-gw row');
    const azureRow = findRow()!;
    assert.equal(azureRow.contextValue, ContextValue.azureGateway);
    const menus = (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string }[]> } }).contributes.menus['view/item/context']!;
    const entry = menus.find((m) => m.command === 'gatewayLens.openTimeline');
    const pattern = /viewItem =~ \/(.*?)\//.exec(entry?.when ?? '')?.[1];
    assert.ok(pattern && new RegExp(pattern).test(ContextValue.azureGateway), `menu ${entry?.when}`);
    // The palette offers the Azure gateway next to the lab's.
    let offered: string[] = [];
    await withQuickPick(
      api,
      (items) => {
        offered = items.map((i) => `${i.label} (${i.description ?? ''})`);
        return undefined;
      },
      () => vscode.commands.executeCommand('gatewayLens.openTimeline'),
    );
    assert.ok(offered.some((o) => /^vpn-gw \(Azure/.test(o)), offered.join(', '));
    // From the Azure row, at the time of the lab's run (the lab's clock is not today's).
    const controller = api.lab.requireController();
    const endMs = Date.parse(controller.snapshot().takenAt);
    const range = { from: new Date(endMs - controller.timeSeconds * 1000).toISOString(), to: new Date(endMs).toISOString() };
    await vscode.commands.executeCommand('gatewayLens.openTimeline', { ...azureRow, ...range });
    const panel = api.panels.timelines().find((p) => p.sourceId === 'azure' && p.gatewayId === vpn);
    assert.ok(panel, `an Azure Timeline panel for vpn-gw (offered: ${offered.join(', ')})`);
    await until(() => api.panelStats(panel).rendered.some((events) => events.some((e) => /failover/.test(e))), 'the Azure timeline to draw the failover event');
    const failover = api.panelStats(panel).rendered.find((events) => events.some((e) => /failover/.test(e)))!.find((e) => /failover/.test(e))!;
    assert.match(failover, /IN_0 → IN_1/);
    assert.deepEqual(api.panelStats(panel).rejected, []);
  });

  it('moves the lab through time from the Timeline and Lab panels (cursor, jump target, next event, live)', async () => {
    const controller = api.lab.requireController();
    const timeline = api.panels.timelines().find((p) => p.sourceId === 'lab');
    assert.ok(timeline, 'the lab Timeline panel from the first test');
    // What the webview posts when the cursor is dropped at 2:30: the host runs Go to Lab Moment.
    await timeline.receive({ type: 'timeTravel', action: 'goTo', atMs: 150_000 });
    await until(() => controller.momentSeconds === 150, 'the lab shown at 2:30');
    await timeline.receive({ type: 'timeTravel', action: 'next' });
    await until(() => (controller.momentSeconds ?? 0) > 150, 'the lab at the next event after 2:30');
    const lab = api.panels.openLabPanel();
    await until(() => api.panelStats(lab).ready > 0, 'the Lab panel\'s webview');
    await lab.receive({ type: 'timeTravel', action: 'live' });
    await until(() => controller.momentSeconds === undefined, 'the live lab again');
    assert.deepEqual(api.panelStats(timeline).rejected, []);
    assert.deepEqual(api.panelStats(lab).rejected, []);
  });
});
