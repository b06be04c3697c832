// Trace Route Path in a real extension host: on the coexistence break the first broken hop is the
// ER gateway's learned routes; on a healthy scenario the path is delivered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../../src/commands/commandIds';
import type { RoutePathResult } from '../../../src/routePath/routePathTypes';
import { startBundled, stepFor } from './labHelpers';
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

  it('on a healthy scenario the path is delivered', async () => {
    const api = await startBundled('coex-healthy');
    await stepFor(api, 90);
    const r = await trace(api, '192.168.10.20');
    assert.equal(r.delivered, true, r.verdict);
    assert.equal(r.firstBroken, null);
  });
});
