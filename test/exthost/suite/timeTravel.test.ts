// Time travel in a real extension host, as a new user meets it: coex-er-vpn-session-down runs to
// its end (the ER<->VPN session is down from 2 m to 4 m), the lab stays loaded, Go to Moment
// (palette: typed "3m") shows 3:00 in every view (Diagnostics find the coexistence break, the
// trees show what they showed live at that moment, the BGP table the ER gateway's routes then),
// the status bar says "Lab at 3:00 (past)", events step back and forth, Back to Live shows the end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../../src/commands/commandIds';
import type { GatewayLensTestApi } from '../../../src/testApi';
import type { LabRuntime } from '../../../src/engine/labRuntime';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { scenarioSnapshotAt } from '../../../src/cli/commands/diagnose';
import { labels, gatewayId, node, startBundled, stepFor } from './labHelpers';
import { withPrompts } from './testPrompts';
import type { DiagNode } from '../../../src/views/findings/findingsTree';

const COEX_BREAK = 'coexistence-bgp-break';

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Both trees below their source rows (the Lab row's own description names the moment). */
function treeState(api: GatewayLensTestApi): unknown {
  return {
    gateways: api.trees.gateways.getChildren().map((s) => labels(s.children)),
    connections: api.trees.connections.getChildren().map((s) => labels(s.children)),
  };
}

/** Rule ids of the findings the Diagnostics view shows, walked through its provider as VS Code does. */
async function findingRules(api: GatewayLensTestApi): Promise<string[]> {
  await api.diagnostics.service.refresh();
  const out: string[] = [];
  const walk = (nodes: readonly DiagNode[]): void => {
    for (const n of nodes) {
      if (n.kind === 'finding') out.push(n.finding.ruleId);
      walk(api.diagnostics.provider.getChildren(n));
    }
  };
  walk(api.diagnostics.provider.getChildren());
  return out;
}

describe('Lab time travel', () => {
  let api: GatewayLensTestApi;
  let atThree: unknown;
  let atThreeMs: number;
  let atEnd: unknown;

  before(async () => {
    api = await startBundled('coex-er-vpn-session-down');
    // Live at 3:00 (every event of that instant run): what the trees showed then.
    await stepFor(api, 180);
    const runtime = api.lab.controller as LabRuntime;
    runtime.lab.scheduler.runUntil(runtime.lab.scheduler.now());
    atThreeMs = runtime.lab.scheduler.now();
    await api.trees.refresh();
    atThree = treeState(api);
    // Then on to the end at 600x, as a user who let it run.
    await vscode.commands.executeCommand(CommandId.labSetSpeed, 600);
    await vscode.commands.executeCommand(CommandId.labResume);
    await until(() => api.lab.controller!.finished, 'the scenario to end');
    await api.trees.refresh();
    atEnd = treeState(api);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(CommandId.labStop);
  });

  it('keeps a finished scenario loaded and says so', async () => {
    const c = api.lab.controller!;
    assert.equal(c.timeSeconds, 360);
    assert.equal(api.momentStatusText(), '$(debug-stop) Lab ended at 6:00');
    assert.match(api.trees.gateways.getChildren()[0]!.description ?? '', /6:00 · ended, browsable/);
    assert.ok(!(await findingRules(api)).includes(COEX_BREAK), 'the session is back at the end');
  });

  it('goes to 3m from the palette: diagnostics, trees and the BGP table show 3:00', async () => {
    await withPrompts(api, [
      { kind: 'quickPick', choose: (items) => items.find((i) => i.label.includes('Type a moment')) },
      { kind: 'inputBox', value: '3m' },
    ], () => vscode.commands.executeCommand(CommandId.labGoToMoment));
    const c = api.lab.controller!;
    assert.equal(c.momentSeconds, 180);
    assert.equal(c.snapshot().lab!.timeSeconds, 180, 'the snapshot is the moment\'s own');
    assert.equal(api.momentStatusText(), '$(history) Lab at 3:00 (past)');
    assert.ok((await findingRules(api)).includes(COEX_BREAK), 'Diagnostics find the coexistence break at 3:00');

    // The BGP table of the ER gateway reads 3:00 through the lab's ARM endpoint.
    const er = gatewayId('er-gw');
    const expected = scenarioSnapshotAt(await loadScenario(vscode.Uri.joinPath(vscode.extensions.all.find((e) => e.packageJSON.name === 'gateway-lens')!.extensionUri, 'scenarios', 'coex-er-vpn-session-down.gwlab.json').fsPath), 180);
    const erThen = expected.gateways.find((g) => g.gateway.name === 'er-gw')!;
    await api.trees.refresh();
    await vscode.commands.executeCommand(CommandId.openBgpTable, node(api, er));
    const panel = api.panels.bgpTables().find((p) => p.gatewayId === er)!;
    await until(() => api.panelStats(panel).loads.length >= 1, 'the BGP table to load');
    await panel.receive({ type: 'request', id: 91_001, request: { method: 'load', tab: 'learned', peer: '' } });
    const learned = api.panelStats(panel).loads.at(-1)!;
    assert.equal(learned.rows, erThen.learnedRoutes!.length, 'learned routes of er-gw at 3:00');
    const peers = await api.lab.dataSource!.getBgpPeerStatus(er);
    assert.deepEqual(peers.map((p) => p.state), erThen.bgpPeers!.map((p) => p.state));
    assert.ok(peers.some((p) => p.state === 'Idle'), 'the ER<->VPN sessions are down at 3:00');

    // The trees show exactly what they showed when the live lab stood at that moment.
    await vscode.commands.executeCommand(CommandId.labGoToMoment, { atMs: atThreeMs });
    await api.trees.refresh();
    assert.deepEqual(treeState(api), atThree);
    assert.notDeepEqual(atThree, atEnd, 'the moment reads differently from the end');
  });

  it('refuses faults in the past, steps between events, and goes back to live', async () => {
    await vscode.commands.executeCommand(CommandId.labGoToMoment, { atMs: 180_000 });
    const failures = api.commandFailures.length;
    await vscode.commands.executeCommand(CommandId.faultGatewayReset, node(api, gatewayId('vpn-gw')));
    assert.match(api.commandFailures[failures]?.message ?? '', /looking at the lab at 3:00 \(past\).*Back to Live/);

    const c = api.lab.controller!;
    await vscode.commands.executeCommand(CommandId.labStepToNextEvent);
    const next = c.momentSeconds!;
    assert.ok(next > 180 && next < 360, `next event after 3:00 (got ${next})`);
    await vscode.commands.executeCommand(CommandId.labStepToPreviousEvent);
    assert.ok(c.momentSeconds! < next, `previous event before ${next} (got ${c.momentSeconds})`);
    await vscode.commands.executeCommand(CommandId.labGoToMoment, { atMs: 'soon' });
    assert.match(api.commandFailures.at(-1)?.message ?? '', /expects \{ atMs: number \}/);

    await vscode.commands.executeCommand(CommandId.labBackToLive);
    assert.equal(c.momentSeconds, undefined);
    assert.equal(api.momentStatusText(), '$(debug-stop) Lab ended at 6:00');
    await api.trees.refresh();
    assert.deepEqual(treeState(api), atEnd, 'the trees show the end state again');
    assert.ok(!(await findingRules(api)).includes(COEX_BREAK));
  });
});
