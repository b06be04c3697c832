// The webview panels inside a real extension host: the BGP table opens for a gateway (from its
// tree node), its webview loads under the CSP, says "ready" and receives the gateway's rows;
// malformed messages are rejected without harm; the Lab panel opens and gets the lab's data.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GatewayLensTestApi } from '../../../src/testApi';
import { connectionId, gatewayId, node, startBundled, stepFor } from './labHelpers';
import { findResourceNode } from '../../../src/views/findings/revealTarget';
import { SourceId } from '../../../src/model/sourceId';
import { CommandId } from '../../../src/commands/commandIds';
import { withPrompts } from './testPrompts';
import type { Finding } from '../../../src/diagnostics/finding';
import type { DiagNode } from '../../../src/views/findings/findingsTree';

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('webview panels', () => {
  let api: GatewayLensTestApi;

  before(async () => {
    api = await startBundled('coex-healthy');
  });
  after(async () => {
    // The IKE checks below are remembered in the workspace state: later suites must not see them.
    await vscode.commands.executeCommand(CommandId.forgetCheckedVpnConfig, { sourceId: SourceId.lab, connectionId: connectionId('vpn-gw-to-paris'), connectionName: 'vpn-gw-to-paris' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens the BGP table for a gateway node; the webview loads and receives that gateway\'s peers', async () => {
    const vpn = gatewayId('vpn-gw');
    await vscode.commands.executeCommand('gatewayLens.openBgpTable', node(api, vpn));
    const panel = api.panels.bgpTables().find((p) => p.gatewayId === vpn);
    assert.ok(panel, 'a BGP table panel for vpn-gw');
    assert.equal(panel.panel.title.startsWith('BGP'), true);
    // "ready" and the first load come from the webview's own bundle running under the CSP.
    await until(() => api.panelStats(panel).ready >= 1 && api.panelStats(panel).loads.length >= 1, 'the webview to say ready and load a table');
    const expected = await api.lab.dataSource!.getBgpPeerStatus(vpn);
    assert.ok(expected.length > 0, 'the coexistence scenario has BGP peers');
    assert.deepEqual(api.panelStats(panel).loads[0], { ...api.panelStats(panel).loads[0], tab: 'peers', peer: '', rows: expected.length });
    assert.deepEqual(api.panelStats(panel).rejected, []);
  });

  it('answers a learned-routes request with exactly the gateway\'s learned routes', async () => {
    const vpn = gatewayId('vpn-gw');
    const panel = api.panels.bgpTables().find((p) => p.gatewayId === vpn)!;
    const before = api.panelStats(panel).loads.length;
    await panel.receive({ type: 'request', id: 90_001, request: { method: 'load', tab: 'learned', peer: '' } });
    const learned = await api.lab.dataSource!.getLearnedRoutes(vpn);
    assert.ok(learned.length > 0);
    assert.deepEqual(api.panelStats(panel).loads.slice(before).map((l) => [l.tab, l.rows]), [['learned', learned.length]]);
  });

  it('pushes a live update to the open table when the lab changes it (ER<->VPN session down)', async () => {
    const panel = api.panels.bgpTables().find((p) => p.gatewayId === gatewayId('vpn-gw'))!;
    await panel.receive({ type: 'request', id: 90_020, request: { method: 'load', tab: 'peers', peer: '' } });
    const before = api.panelStats(panel).updates;
    const lab = api.lab.controller!;
    lab.inject({ kind: 'bgpSessionDown', gateway: 'vpn-gw', peer: 'er-gw' });
    for (let i = 0; i < 20; i++) lab.step(); // the lab is paused in this suite
    try {
      await until(() => api.panelStats(panel).updates > before, 'a live update of the peers table');
    } finally {
      lab.inject({ kind: 'restore' });
    }
  });

  it('an open lab table follows the lab when it is stopped and started again (reads through the new lab)', async () => {
    const vpn = gatewayId('vpn-gw');
    const panel = api.panels.bgpTables().find((p) => p.gatewayId === vpn)!;
    await panel.receive({ type: 'request', id: 90_030, request: { method: 'load', tab: 'learned', peer: '' } });
    const oldSource = api.lab.dataSource;
    await vscode.commands.executeCommand(CommandId.labStop);
    api = await startBundled('coex-healthy');
    assert.notEqual(api.lab.dataSource, oldSource, 'a new lab has a new endpoint');
    const before = api.panelStats(panel).updates;
    await stepFor(api, 120);
    await until(() => api.panelStats(panel).updates > before, 'a live update read through the new lab');
  });

  it('copies a row to the clipboard as tab-separated text in column order', async () => {
    const vpn = gatewayId('vpn-gw');
    const panel = api.panels.bgpTables().find((p) => p.gatewayId === vpn)!;
    await panel.receive({ type: 'request', id: 90_010, request: { method: 'load', tab: 'learned', peer: '' } });
    const load = api.panelStats(panel).loads[api.panelStats(panel).loads.length - 1]!;
    const learned = await api.lab.dataSource!.getLearnedRoutes(vpn);
    const index = learned.findIndex((r) => r.network === '192.168.10.0/24');
    assert.ok(index >= 0, 'the branch prefix is learned');
    const r = learned[index]!;
    await vscode.env.clipboard.writeText('');
    await panel.receive({ type: 'request', id: 90_011, request: { method: 'copyRow', tab: 'learned', peer: '', version: load.version, index } });
    assert.equal(await vscode.env.clipboard.readText(), [r.network, r.nextHop, r.sourcePeer, r.origin, r.asPath, r.weight, r.localAddress].join('\t'));
  });

  it('exports the shown rows, in the shown order, to CSV and JSON through the save dialog', async () => {
    const vpn = gatewayId('vpn-gw');
    const panel = api.panels.bgpTables().find((p) => p.gatewayId === vpn)!;
    await panel.receive({ type: 'request', id: 90_030, request: { method: 'load', tab: 'learned', peer: '' } });
    const load = api.panelStats(panel).loads[api.panelStats(panel).loads.length - 1]!;
    const learned = await api.lab.dataSource!.getLearnedRoutes(vpn);
    const order = learned.map((_, i) => i).reverse().slice(0, Math.max(1, learned.length - 1));
    const dir = mkdtempSync(join(tmpdir(), 'gwl-export-'));
    try {
      for (const format of ['csv', 'json'] as const) {
        const target = vscode.Uri.file(join(dir, `out.${format}`));
        await withPrompts(api, [{ kind: 'saveDialog', uri: target }], () =>
          panel.receive({ type: 'request', id: 90_031, request: { method: 'export', format, tab: 'learned', peer: '', version: load.version, order } }),
        );
        const text = readFileSync(target.fsPath, 'utf8');
        if (format === 'csv') {
          const lines = text.trim().split(/\r?\n/);
          assert.match(lines[0]!, /^"?Network"?,"?Next hop"?/);
          assert.equal(lines.length, order.length + 1);
          assert.ok(lines[1]!.includes(learned[order[0]!]!.network), lines[1]);
        } else {
          const doc = JSON.parse(text) as { gatewayName: string; rows: Record<string, unknown>[] };
          assert.equal(doc.gatewayName, 'vpn-gw');
          assert.equal(doc.rows.length, order.length);
          assert.equal(Object.values(doc.rows[0]!).includes(learned[order[0]!]!.network), true, JSON.stringify(doc.rows[0]));
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves the webview under a default-src none CSP with a nonce, from the built webview assets only', () => {
    const panel = api.panels.bgpTables().find((p) => p.gatewayId === gatewayId('vpn-gw'))!;
    // The CSP sits in an attribute, its quotes escaped.
    const html = panel.panel.webview.html.replace(/&#39;/g, "'");
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce && nonce.length >= 16, html);
    assert.match(html, /default-src 'none'/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(html.includes(`<script nonce="${nonce}" src="`));
    assert.doesNotMatch(html, /\son[a-z]+=|javascript:|<script>/i);
    const roots = (panel.panel.webview.options.localResourceRoots ?? []).map((u) => u.path.replace(/.*\/(dist\/webview|media)$/, '$1')).sort();
    assert.deepEqual(roots, ['dist/webview', 'media']);
  });

  it('rejects malformed and unknown messages from the webview and keeps working', async () => {
    const panel = api.panels.bgpTables().find((p) => p.gatewayId === gatewayId('vpn-gw'))!;
    const rejectedBefore = api.panelStats(panel).rejected.length;
    const bad: unknown[] = [
      'ready',
      null,
      { type: 'runCommand', command: 'workbench.action.quit' },
      { type: 'request', id: 1, request: { method: 'load', tab: 'secrets', peer: '' } },
      { type: 'request', id: -5, request: { method: 'load', tab: 'peers', peer: '' } },
      { type: 'request', id: 2, request: { method: 'export', format: 'exe', tab: 'peers', peer: '', version: 1, order: [] } },
      { type: 'request', id: 3, request: { method: 'copyRow', tab: 'peers', peer: '', version: 1, index: 'x' } },
    ];
    for (const m of bad) await panel.receive(m);
    assert.equal(api.panelStats(panel).rejected.length - rejectedBefore, bad.length, api.panelStats(panel).rejected.join('\n'));
    const loads = api.panelStats(panel).loads.length;
    await panel.receive({ type: 'request', id: 90_002, request: { method: 'load', tab: 'peers', peer: '' } });
    assert.equal(api.panelStats(panel).loads.length, loads + 1, 'a valid request still works afterwards');
  });

  it('answers a well-formed request for a stale table version with an error reply, not an exception', async () => {
    const panel = api.panels.bgpTables().find((p) => p.gatewayId === gatewayId('vpn-gw'))!;
    const rejected = api.panelStats(panel).rejected.length;
    // Well-formed but wrong: version mismatch is answered with an error reply, not an exception.
    await panel.receive({ type: 'request', id: 90_003, request: { method: 'copyRow', tab: 'peers', peer: '', version: 999_999, index: 0 } });
    assert.equal(api.panelStats(panel).rejected.length, rejected);
  });

  it('opens the Lab panel, whose webview gets the running scenario', async () => {
    await vscode.commands.executeCommand('gatewayLens.openLabPanel');
    const lab = api.panels.labPanel();
    assert.ok(lab, 'the Lab panel is open');
    await until(() => api.panelStats(lab).ready >= 1 && api.panelStats(lab).pushed >= 1, 'the lab webview to say ready and receive data');
    lab.receive({ type: 'inject', fault: { kind: 'crash', gateway: 'vpn-gw', instance: 'IN_0' } });
    assert.equal(api.panelStats(lab).rejected.length, 1);
    assert.equal(api.lab.controller?.snapshot().lab?.gateways[0]?.instances.every((i) => i.health === 'healthy'), true, 'no fault injected by a webview message');
  });
  it('Check On-Premises VPN Config on a connection node: the webview loads, a pasted config gets a report, a malformed message is refused', async () => {
    const id = connectionId('vpn-gw-to-paris');
    // Connection rows carry their gateway's folder in their tree id: find the row by its resource.
    const row = findResourceNode(api.trees.gateways.getChildren(), [id], SourceId.lab);
    assert.ok(row, 'the vpn-gw-to-paris row in the Gateways view');
    await vscode.commands.executeCommand(CommandId.checkOnPremVpnConfig, row);
    const panel = api.panels.ikeChecks().find((p) => p.target.connectionId === id);
    assert.ok(panel, 'an IKE check panel for vpn-gw-to-paris');
    await until(() => api.panelStats(panel).ready >= 1, 'the IKE check webview to say ready');
    const config = 'connections {\n  az {\n    remote_addrs = 198.51.100.20\n    proposals = aes256-sha256-modp2048\n    children { net { local_ts = 0.0.0.0/0\n remote_ts = 0.0.0.0/0\n esp_proposals = aes256-sha256 } }\n  }\n}\nsecrets { ike-1 { secret = "TopSecretKey" } }\n';
    await panel.receive({ type: 'check', text: config });
    const report = panel.lastReport;
    assert.ok(report, 'a report');
    assert.equal(report.established, false, 'DH group 14 against Azure\'s documented group 2 defaults');
    assert.equal(report.findings[0]?.lines[0]?.line, 4);
    assert.ok(!JSON.stringify(report).includes('TopSecretKey'));
    const rejected = api.panelStats(panel).rejected.length;
    await panel.receive({ type: 'check', text: 42 });
    await panel.receive({ type: 'runCommand', id: 'workbench.action.quit' });
    assert.equal(api.panelStats(panel).rejected.length, rejected + 2);
  });

  it('a checked device config reaches the Diagnostics view with its device lines; a matching one clears it; Forget removes it', async () => {
    const id = connectionId('vpn-gw-to-paris');
    const panel = api.panels.ikeChecks().find((p) => p.target.connectionId === id) ?? api.panels.openIkeCheck({ sourceId: SourceId.lab, connectionId: id, connectionName: 'vpn-gw-to-paris' });
    const device = (dh: string): string =>
      `connections {\n  az {\n    remote_addrs = 198.51.100.20\n    proposals = aes256-sha256-${dh}\n    dpd_delay = 10s\n    children { net { local_ts = 0.0.0.0/0\n remote_ts = 0.0.0.0/0\n esp_proposals = aes256-sha256 } }\n  }\n}\nsecrets { ike-1 { secret = "TopSecretKey" } }\n`;
    // What the Diagnostics view shows: its finding rows, walked from the roots the provider holds.
    const shown = (): Finding[] => {
      const out: Finding[] = [];
      const walk = (nodes: readonly DiagNode[]): void => nodes.forEach((n) => (n.kind === 'finding' ? out.push(n.finding) : walk(n.children)));
      walk(api.diagnostics.provider.rootNodes);
      return out.filter((f) => f.ruleId === 'ike-device-config-mismatch' && f.resources[0] === id);
    };
    await panel.check(device('modp2048'), 'branch.conf');
    await until(() => shown().length === 1, 'the checked configuration\'s finding in the Diagnostics view');
    const finding = shown()[0]!;
    assert.equal(finding.severity, 'error');
    const cells = finding.evidence.flatMap((t) => t.rows.flat()).map(String);
    assert.ok(cells.some((c) => c.includes('4: proposals = aes256-sha256-modp2048')), cells.join(' | '));
    assert.ok(!JSON.stringify(finding).includes('TopSecretKey'));
    // Matching proposals and DPD on (without DPD the rule rightly keeps a warning).
    await panel.check(device('modp1024'), 'branch.conf');
    assert.equal(panel.lastReport?.established, true);
    await until(() => shown().length === 0, 'the finding to clear after a matching configuration');
    await panel.check(device('modp2048'), 'branch.conf');
    await until(() => shown().length === 1, 'the finding again');
    const row = findResourceNode(api.trees.gateways.getChildren(), [id], SourceId.lab);
    assert.equal(await vscode.commands.executeCommand(CommandId.forgetCheckedVpnConfig, row), true);
    await until(() => shown().length === 0, 'the finding to go with the forgotten configuration');
    assert.equal(await vscode.commands.executeCommand(CommandId.forgetCheckedVpnConfig, row), false, 'nothing left to forget');
  });
});
