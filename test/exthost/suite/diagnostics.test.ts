// The Diagnostics view in a real extension host: a fault run in the lab shows its finding,
// Show Finding opens the evidence, Save Snapshot writes a file the CLI's loader accepts, and
// restoring clears everything above informational.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandId } from '../../../src/commands/commandIds';
import type { GatewayLensTestApi } from '../../../src/testApi';
import type { DiagNode } from '../../../src/views/findings/findingsTree';
import { findResourceNode } from '../../../src/views/findings/revealTarget';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { parseSnapshotJson, readSnapshotFile } from '../../../src/diagnostics/snapshotFile';
import { waitFor } from './extensionUnderTest';
import { gatewayId, startBundled, stepFor } from './labHelpers';
import { withPrompts } from './testPrompts';
import { startArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import { LAB_SUBSCRIPTION_ID } from '../../../src/model/resourceIds';

/** Findings shown in the Diagnostics view, walked through the provider as VS Code does. */
interface Shown {
  ruleId: string;
  severity: string;
  id: string;
  title: string;
  source: string;
}

function shown(api: GatewayLensTestApi): Shown[] {
  const out: Shown[] = [];
  const walk = (nodes: readonly DiagNode[]): void => {
    for (const n of nodes) {
      if (n.kind === 'finding') out.push({ ruleId: n.finding.ruleId, severity: n.finding.severity, id: n.finding.id, title: n.finding.title, source: n.source });
      walk(api.diagnostics.provider.getChildren(n));
    }
  };
  walk(api.diagnostics.provider.getChildren());
  return out;
}

const aboveInfo = (api: GatewayLensTestApi) => shown(api).filter((f) => f.severity !== 'info');

/**
 * Steps the paused lab 10 virtual seconds at a time (event by event, never the paced driver, so a
 * busy machine cannot overshoot) and re-diagnoses, until `check` holds or `maxSeconds` passed.
 */
async function stepUntil(api: GatewayLensTestApi, check: () => boolean, maxSeconds: number, what: string): Promise<void> {
  for (let s = 0; s <= maxSeconds; s += 10) {
    await api.diagnostics.service.refresh();
    if (check()) return;
    await stepFor(api, 10);
  }
  throw new Error(`after ${maxSeconds} s of lab time: ${what}`);
}

describe('Diagnostics view', () => {
  after(async () => {
    await vscode.commands.executeCommand(CommandId.labStop);
  });

  it('shows the failover finding when the active instance crashes, opens its evidence, and clears after restore', async () => {
    const api = await startBundled('ap-unplanned-crash');
    await stepFor(api, 30);
    await api.diagnostics.service.refresh();
    assert.deepEqual(aboveInfo(api), [], 'healthy before the fault');

    // Through the lab API rather than the Gateways tree's context menu: this suite tests diagnostics, not the tree.
    api.lab.requireController().inject({ kind: 'crash', gateway: 'vpn-gw', instance: 'IN_0' });
    await stepFor(api, 5);
    await waitFor(api, () => shown(api).some((f) => f.ruleId === 'gateway-failover' && f.severity === 'warning'), 'the failover finding in the Diagnostics view');
    const finding = shown(api).find((f) => f.ruleId === 'gateway-failover')!;
    assert.match(finding.title, /IN_0 crashed/);

    await vscode.commands.executeCommand(CommandId.showFinding, finding.id);
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.languageId, 'markdown');
    assert.match(doc!.getText(), /\| IN_0 \| down \| crashed \|/, 'evidence table in the opened document');

    const dir = mkdtempSync(join(tmpdir(), 'gwl-snap-'));
    const file = join(dir, 'lab.json');
    // Only the lab is a source here: no "lab or Azure?" question, just the save dialog.
    await withPrompts(api, [{ kind: 'saveDialog', uri: vscode.Uri.file(file) }], () => vscode.commands.executeCommand(CommandId.saveSnapshot));
    assert.ok(existsSync(file));
    const saved = parseSnapshotJson(readFileSync(file, 'utf8'), file);
    assert.ok(diagnose(saved).some((f) => f.id === finding.id), 'the saved snapshot diagnoses the same finding offline');

    api.lab.requireController().inject({ kind: 'restore', gateway: 'vpn-gw', instance: 'IN_0' });
    await stepUntil(api, () => aboveInfo(api).length === 0, 240, `findings did not clear (still: ${JSON.stringify(aboveInfo(api))})`);
  });

  it('coexistence: the ER<->VPN session break shows the coexistence finding on the ER gateway, and restoring the session clears it', async () => {
    const api = await startBundled('coex-healthy');
    for (let i = 0; i < 3; i++) await stepFor(api, 30);
    await api.diagnostics.service.refresh();
    assert.deepEqual(aboveInfo(api), [], 'healthy coexistence');

    api.lab.requireController().inject({ kind: 'bgpSessionDown', gateway: 'er-gw', peer: 'vpn-gw' });
    await stepFor(api, 5);
    await waitFor(api, () => shown(api).some((f) => f.ruleId === 'coexistence-bgp-break'), 'the coexistence finding in the Diagnostics view');
    const finding = shown(api).find((f) => f.ruleId === 'coexistence-bgp-break')!;
    assert.equal(finding.severity, 'error');
    assert.match(finding.title, /^ER gateway er-gw lacks 1 prefix/);
    // The view groups it under Errors > er-gw: the resource to look at.
    const errors = api.diagnostics.provider.getChildren().find((n) => n.kind === 'severity' && n.severity === 'error');
    assert.ok(errors);
    assert.deepEqual(api.diagnostics.provider.getChildren(errors).map((n) => (n.kind === 'resource' ? n.label : n.kind)), ['er-gw']);

    // Selecting the finding (its row's command) reveals the ER gateway in the Gateways view and opens the evidence.
    const errorsNode = api.diagnostics.provider.getChildren(errors)[0]!;
    const row = api.diagnostics.provider.getTreeItem(api.diagnostics.provider.getChildren(errorsNode)[0]!);
    assert.ok(row.command, 'the row runs a command on selection (mouse or Enter)');
    const revealed = await vscode.commands.executeCommand(row.command.command, ...(row.command.arguments ?? []));
    assert.equal(revealed, gatewayId('er-gw'), 'the ER gateway node was revealed in the Gateways view');
    const evidence = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(evidence, /### ERROR: ER gateway er-gw lacks 1 prefix/);
    assert.match(evidence, /\| prefix \| in vpn-gw learned routes \| in er-gw learned routes \|/, 'the evidence table');
    assert.match(evidence, /\(\[docs\]\(https:\/\/learn\.microsoft\.com\//, 'actions link to Microsoft Learn');

    // Diagnose Gateway (as from the gateway's context menu): a report of that gateway's findings only.
    const count = await vscode.commands.executeCommand(CommandId.diagnoseGateway, gatewayId('er-gw'));
    const gwReport = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(gwReport, /^# Gateway Lens diagnostics: gateway er-gw/);
    assert.match(gwReport, /### ERROR: ER gateway er-gw lacks 1 prefix/);
    assert.ok(typeof count === 'number' && count >= 1);
    assert.equal(gwReport.match(/^### /gm)?.length, count, 'one section per finding of er-gw');
    assert.doesNotMatch(gwReport, /IN_0 crashed/, 'other gateways\' findings are left out');

    api.lab.requireController().inject({ kind: 'restore', gateway: 'er-gw', peer: 'vpn-gw' });
    await stepUntil(api, () => aboveInfo(api).length === 0, 150, `findings did not clear (still: ${JSON.stringify(aboveInfo(api))})`);
  });

  it('Diagnose All on an Azure source (the lab ARM endpoint through the Azure client) finds the same coexistence break', async () => {
    const api = await startBundled('coex-healthy');
    for (let i = 0; i < 3; i++) await stepFor(api, 30);
    const controller = api.lab.requireController();
    controller.inject({ kind: 'bgpSessionDown', gateway: 'er-gw', peer: 'vpn-gw' });
    await stepFor(api, 5);
    const endpoint = await startArmEndpoint({ snapshot: () => controller.snapshot(), lro: { pollsBeforeDone: 0, retryAfterSeconds: 0 } });
    try {
      await api.azureHooks.useArmEndpoint(endpoint.baseUrl, endpoint.token, [LAB_SUBSCRIPTION_ID]);
      await vscode.commands.executeCommand(CommandId.diagnoseAll);
      const azure = api.diagnostics.service.azure;
      assert.ok(azure, 'Azure was diagnosed');
      assert.equal(azure.snapshot.source, 'azure');
      assert.deepEqual(azure.problems, []);
      const f = azure.findings.find((x) => x.ruleId === 'coexistence-bgp-break');
      assert.equal(f?.severity, 'error');
      assert.equal(f!.resources[0]!.toLowerCase(), gatewayId('er-gw').toLowerCase());
      const coex = shown(api).filter((x) => x.ruleId === 'coexistence-bgp-break');
      assert.deepEqual(coex.map((x) => x.source).sort(), ['azure', 'lab'], 'lab and Azure findings both in the view');
      const opened = await vscode.commands.executeCommand(CommandId.showFinding, f!.id, 'azure');
      assert.equal(String(opened).toLowerCase(), gatewayId('er-gw').toLowerCase(), 'the Azure finding reveals the gateway of the Azure source');

      // The exported report holds both sources' findings with their evidence.
      const reportFile = join(mkdtempSync(join(tmpdir(), 'gwl-report-')), 'report.md');
      assert.equal(await withPrompts(api, [{ kind: 'saveDialog', uri: vscode.Uri.file(reportFile) }], () => vscode.commands.executeCommand(CommandId.exportReport)), reportFile);
      const report = readFileSync(reportFile, 'utf8');
      assert.match(report, /^# Gateway Lens diagnostics: lab scenario coex-healthy at t=\d+ s and Azure/);
      assert.equal(report.match(/### ERROR: ER gateway er-gw lacks/g)?.length, 2, 'lab and Azure finding');
      assert.match(report, /\| 192\.168\.\d+\.0\/24 \| yes \| no \|/);

      // Diagnose Gateway from a gateway's context menu: the node says lab or Azure, so no question is asked
      // (a quick pick here would leave the command waiting and the test timing out).
      await waitFor(api, () => (['lab', 'azure'] as const).every((src) => findResourceNode(api.trees.gateways.rootNodes, [gatewayId('er-gw')], src)), 'both er-gw nodes in the Gateways view');
      for (const src of ['lab', 'azure'] as const) {
        const node = findResourceNode(api.trees.gateways.rootNodes, [gatewayId('er-gw')], src)!;
        await vscode.commands.executeCommand(CommandId.diagnoseGateway, node);
        const text = vscode.window.activeTextEditor?.document.getText() ?? '';
        assert.match(text, /^# Gateway Lens diagnostics: gateway er-gw/, src);
        assert.match(text, new RegExp(`^Data: ${src}, taken at`, 'm'), `the ${src} node is diagnosed from ${src} data`);
      }

      // Save Snapshot from Azure: a file the offline CLI path reads, with the same finding.
      const azureFile = join(mkdtempSync(join(tmpdir(), 'gwl-snap-')), 'azure.json');
      let sources: string[] = [];
      const saved = await withPrompts(
        api,
        [
          {
            kind: 'quickPick',
            choose: (items) => {
              sources = items.map((i) => i.label);
              return items.find((i) => i.label === 'Azure');
            },
          },
          { kind: 'saveDialog', uri: vscode.Uri.file(azureFile) },
        ],
        () => vscode.commands.executeCommand(CommandId.saveSnapshot),
      );
      assert.deepEqual(sources, ['Lab', 'Azure'], 'with both sources, Save Snapshot asks which');
      assert.equal(saved, azureFile);
      const savedAzure = await readSnapshotFile(azureFile);
      assert.equal(savedAzure.source, 'azure');
      assert.ok(diagnose(savedAzure).some((x) => x.ruleId === 'coexistence-bgp-break' && x.severity === 'error'), 'the saved Azure snapshot diagnoses the break offline');

      // Refresh reads Azure again: once the session is restored, the Azure finding clears.
      controller.inject({ kind: 'restore', gateway: 'er-gw', peer: 'vpn-gw' });
      await stepUntil(api, () => !shown(api).some((x) => x.source === 'lab' && x.ruleId === 'coexistence-bgp-break'), 150, 'the lab finding to clear');
      await vscode.commands.executeCommand(CommandId.refresh);
      await waitFor(api, () => !shown(api).some((x) => x.source === 'azure' && x.ruleId === 'coexistence-bgp-break'), 'the Azure finding to clear after Refresh');
      assert.ok(api.diagnostics.service.azure, 'Azure is still diagnosed, just with fresh data');

      // Signing out takes the Azure findings out of the view; the lab's stay.
      await vscode.commands.executeCommand(CommandId.azureSignOut);
      await waitFor(api, () => !shown(api).some((x) => x.source === 'azure'), 'Azure findings to leave the view after sign-out');
      assert.equal(api.diagnostics.service.azure, undefined);
      const after = api.diagnostics.service.state;
      assert.deepEqual(after.kind === 'ready' ? after.results.map((r) => r.source) : after.kind, ['lab']);
      assert.equal(await vscode.commands.executeCommand(CommandId.showFinding, f!.id, 'azure'), undefined, 'an Azure finding no longer applies');
    } finally {
      api.azure.signOut();
      await endpoint.close();
    }
  });

  it('bgp-prefix-limit: the view shows the prefix-limit error the CLI finds (the engine snapshot carries the session errors)', async () => {
    const api = await startBundled('bgp-prefix-limit');
    await stepFor(api, 90);
    await api.diagnostics.service.refresh();
    const errors = shown(api).filter((f) => f.severity === 'error');
    assert.ok(
      errors.some((f) => f.ruleId === 'bgp-prefix-limit' && /^BGP peer 192\.168\.255\.1 of vpn-gw sends 4001 prefixes, over the 4000 limit: session dropped$/.test(f.title)),
      `the prefix-limit error in the Diagnostics view (shown: ${JSON.stringify(shown(api).map((f) => f.title))})`,
    );
    // Save Snapshot writes the same complete snapshot: offline it gives the same error.
    const file = join(mkdtempSync(join(tmpdir(), 'gwl-snap-')), 'prefix-limit.json');
    await withPrompts(api, [{ kind: 'saveDialog', uri: vscode.Uri.file(file) }], () => vscode.commands.executeCommand(CommandId.saveSnapshot));
    const saved = await readSnapshotFile(file);
    assert.ok(saved.lab?.bgpSessions?.some((s) => s.lastError.startsWith('prefix limit exceeded')), 'the saved snapshot holds the session error');
    assert.ok(diagnose(saved).some((f) => f.ruleId === 'bgp-prefix-limit' && f.severity === 'error'), 'the saved snapshot diagnoses the same error offline');
  });

  it('Diagnose All without a lab says what to do instead of failing', async () => {
    await vscode.commands.executeCommand(CommandId.labStop);
    const { api } = await import('./extensionUnderTest').then((m) => m.activateExtension());
    await api.diagnostics.service.refresh();
    assert.equal(api.diagnostics.service.state.kind, 'noData');
    assert.equal(await vscode.commands.executeCommand(CommandId.diagnoseAll), undefined, 'the command runner turns the error into a message');
  });
});
