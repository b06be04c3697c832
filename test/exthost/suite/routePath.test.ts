// Trace Route Path in a real extension host: the command opens the Route Path panel, whose webview
// (its own bundle under the CSP) draws the path; what it drew comes back through the test API. On
// the coexistence break the first broken hop is the ER gateway's learned routes; on a healthy
// scenario the path is delivered; a hop's link opens the gateway's BGP table on the learned
// routes tab with the row filtered and selected.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../../src/commands/commandIds';
import type { RoutePathResult } from '../../../src/routePath/routePathTypes';
import type { GatewayLensTestApi } from '../../../src/testApi';
import type { RoutePathPanel } from '../../../src/webviews/routePath/routePathPanel';
import { gatewayId, labels, startBundled, stepFor } from './labHelpers';
import { ContextValue } from '../../../src/views/contextValues';
import type { TreeNode } from '../../../src/views/model/treeNode';
import { withPrompts } from './testPrompts';

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function trace(api: GatewayLensTestApi, to: string): Promise<{ result: RoutePathResult; panel: RoutePathPanel; drawn: () => string[] }> {
  const result = await withPrompts(
    api,
    [
      { kind: 'quickPick', choose: (items) => items.find((i) => i.label === '10.10.1.4') },
      { kind: 'inputBox', value: to },
    ],
    () => vscode.commands.executeCommand<RoutePathResult>(CommandId.traceRoutePath),
  );
  assert.ok(result, 'the command returned the route path');
  const panel = api.panels.routePaths().find((p) => p.ids.from === '10.10.1.4' && p.ids.to === to);
  assert.ok(panel, 'a Route Path panel for the path');
  assert.equal(panel.panel.title, `Route path 10.10.1.4 → ${to}`);
  assert.equal(api.panels.routePaths().length, 1, 'a new panel (the previous test\'s was closed)');
  const drawn = (): string[] => api.panelStats(panel).rendered.at(-1) ?? [];
  await until(() => drawn().length > 1, 'the webview to draw the path');
  return { result, panel, drawn };
}

describe('Trace Route Path', () => {
  // Each test gets its own panel: both trace the same addresses, and an open panel is reused.
  beforeEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(CommandId.labStop);
  });

  it('on the coexistence break the panel shows the ER gateway\'s learned routes as the first broken hop', async () => {
    const api = await startBundled('coex-er-vpn-session-down');
    await stepFor(api, 180);
    const { result, panel, drawn } = await trace(api, '192.168.10.20');
    assert.equal(result.delivered, false);
    const hop = result.hops[result.firstBroken!]!;
    assert.deepEqual([hop.kind, hop.name], ['plumbing', 'er-gw']);
    assert.match(drawn()[0]!, /^✖ delivered: false — not delivered: first broken hop/);
    const first = drawn().filter((l) => /first broken hop/.test(l) && !/^✖ delivered/.test(l));
    assert.equal(first.length, 1, drawn().join('\n'));
    assert.match(first[0]!, /^\d+\. ✖ broken plumbing er-gw — first broken hop — fix: Restore BGP between er-gw and vpn-gw.* — open learned routes of er-gw, lookup 192\.168\.10\.20$/);
    assert.deepEqual(api.panelStats(panel).rejected, []);
  });

  it('from the Virtual networks rows: every row renders, and Trace Route Path on a NIC row starts at its IP with the site prefilled', async () => {
    const api = await startBundled('coex-healthy');
    await stepFor(api, 90);
    await api.trees.refresh();
    const source = api.trees.gateways.getChildren()[0]!;
    const group = source.children.find((n) => n.contextValue === ContextValue.networksFolder);
    assert.ok(group, `no Virtual networks group under ${source.label}: ${JSON.stringify(labels(source.children))}`);
    const rows: TreeNode[] = [];
    const walk = (nodes: readonly TreeNode[]): void => {
      for (const n of nodes) {
        rows.push(n);
        walk(api.trees.gateways.getChildren(n));
      }
    };
    walk([group]);
    const items = rows.map((n) => api.trees.gateways.getTreeItem(n));
    assert.equal(new Set(items.map((i) => i.id)).size, items.length, 'tree item ids are unique');
    const kinds = new Set(items.map((i) => i.contextValue));
    for (const k of [ContextValue.vnet, ContextValue.subnet, ContextValue.nic]) assert.ok(kinds.has(k), `a ${k} row`);
    const nicRow = rows.find((n) => n.contextValue === ContextValue.nic)!;
    const r = await withPrompts(api, [{ kind: 'inputBox', prefilled: '192.168.10.4', value: '192.168.10.20' }], () =>
      vscode.commands.executeCommand<RoutePathResult>(CommandId.traceRoutePath, nicRow),
    );
    assert.ok(r, 'the command returned the route path');
    assert.deepEqual([r.from, r.to, r.delivered], ['10.10.1.4', '192.168.10.20', true], r.verdict);
  });

  it('on a healthy scenario the path is delivered, and a learned-route hop opens the BGP table with its row', async () => {
    const api = await startBundled('coex-healthy');
    await stepFor(api, 90);
    const { result, panel, drawn } = await trace(api, '192.168.10.20');
    assert.equal(result.delivered, true, result.verdict);
    assert.equal(result.firstBroken, null);
    assert.match(drawn()[0]!, /^✔ delivered: true — delivered/);
    assert.ok(drawn().slice(1).every((l) => /✔ ok/.test(l)), drawn().join('\n'));
    // The link of the VPN gateway's learned route: the BGP table of vpn-gw, learned routes, the row of 192.168.10.0/24.
    const index = result.hops.findIndex((h) => h.kind === 'learnedRoute' && h.name === 'vpn-gw');
    assert.ok(index > 0);
    await panel.receive({ type: 'openHop', list: 'hops', index });
    const vpn = gatewayId('vpn-gw');
    await until(() => api.panels.bgpTables().some((t) => t.gatewayId === vpn), 'the BGP table of vpn-gw');
    const table = api.panels.bgpTables().find((t) => t.gatewayId === vpn)!;
    await until(() => api.panelStats(table).revealed.length > 0, 'the BGP table webview to show the row');
    const shown = api.panelStats(table).revealed[0]!;
    assert.equal(shown.tab, 'learned');
    assert.ok(shown.shown >= 1, 'the filter keeps the row');
    assert.match(shown.selected, /^192\.168\.10\.0\/24 /, 'the selected row is the learned route');
    assert.equal(table.shownTable?.tab, 'learned');
  });
});
