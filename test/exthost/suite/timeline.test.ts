// The Timeline panel inside a real extension host: the crash scenario runs past its failover, the
// Timeline opens for vpn-gw from its tree node, reads the lab's history through the Monitor SDKs
// on the lab's endpoint, and the webview (its own bundle under the CSP) draws the failover event.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GatewayLensTestApi } from '../../../src/testApi';
import { gatewayId, node, startBundled, stepFor } from './labHelpers';

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
  });
  after(async () => {
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
    assert.deepEqual(api.panelStats(panel).rejected, []);
  });
});
