// Trace Route Path in a real extension host: on the coexistence break the first broken hop is the
// ER gateway's learned routes; on a healthy scenario the path is delivered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../../src/commands/commandIds';
import type { RoutePathResult } from '../../../src/routePath/routePathTypes';
import { labels, startBundled, stepFor } from './labHelpers';
import { ContextValue } from '../../../src/views/contextValues';
import type { TreeNode } from '../../../src/views/model/treeNode';
import { withPrompts } from './testPrompts';

async function trace(api: Awaited<ReturnType<typeof startBundled>>, to: string): Promise<RoutePathResult> {
  const result = await withPrompts(
    api,
    [
      { kind: 'quickPick', choose: (items) => items.find((i) => i.label === '10.10.1.4') },
      { kind: 'inputBox', value: to },
    ],
    () => vscode.commands.executeCommand<RoutePathResult>(CommandId.traceRoutePath),
  );
  assert.ok(result, 'the command returned the route path');
  return result;
}

describe('Trace Route Path', () => {
  after(async () => {
    await vscode.commands.executeCommand(CommandId.labStop);
  });

  it('on the coexistence break names the ER gateway\'s learned routes as the first broken hop', async () => {
    const api = await startBundled('coex-udr-trigger');
    await stepFor(api, 280);
    const r = await trace(api, '192.168.10.20');
    assert.equal(r.delivered, false);
    const hop = r.hops[r.firstBroken!]!;
    assert.deepEqual([hop.kind, hop.name], ['plumbing', 'er-gw']);
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.languageId, 'markdown');
    assert.match(doc!.getText(), /er-gw — \*\*first broken hop\*\*/);
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

  it('on a healthy scenario the path is delivered', async () => {
    const api = await startBundled('coex-healthy');
    await stepFor(api, 90);
    const r = await trace(api, '192.168.10.20');
    assert.equal(r.delivered, true, r.verdict);
    assert.equal(r.firstBroken, null);
  });
});
