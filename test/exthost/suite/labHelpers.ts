// Helpers for suites that drive the lab through the extension's own commands.
import * as vscode from 'vscode';
import type { GatewayLensTestApi } from '../../../src/testApi';
import { CommandId } from '../../../src/commands/commandIds';
import { findNode, type TreeNode } from '../../../src/views/model/treeNode';
import { networkResourceId } from '../../../src/model/resourceIds';
import { activateExtension, waitFor } from './extensionUnderTest';
import { withPrompts, type PickItem } from './testPrompts';

export function gatewayId(name: string): string {
  return networkResourceId('virtualNetworkGateways', name);
}

export function connectionId(name: string): string {
  return networkResourceId('connections', name);
}

/** The fixture scenario of test/exthost/workspace: no scripted faults, 30 minutes, a name with markup. */
export const STEADY_NAME = 'steady <b>lab</b> <img src=x onerror="alert(1)">';

export async function startSteady(options: { paused?: boolean; speed?: number } = {}): Promise<GatewayLensTestApi> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suites need the test/exthost/workspace folder open');
  return startFile(vscode.Uri.joinPath(folder.uri, 'steady.gwlab.json'), STEADY_NAME, options);
}

/** Starts a bundled scenario through the Start command (paused unless told otherwise) and waits for the tree. */
export async function startBundled(name: string, options: { paused?: boolean; speed?: number } = {}): Promise<GatewayLensTestApi> {
  const { extension } = await activateExtension();
  return startFile(vscode.Uri.joinPath(extension.extensionUri, 'scenarios', `${name}.gwlab.json`), name, options);
}

async function startFile(file: vscode.Uri, name: string, options: { paused?: boolean; speed?: number }): Promise<GatewayLensTestApi> {
  const { api } = await activateExtension();
  await vscode.commands.executeCommand(CommandId.labStart, file, { paused: options.paused ?? true, speed: options.speed ?? 600 });
  if (api.lab.controller?.scenarioName !== name) throw new Error(`lab did not start ${name}: status ${api.lab.status}`);
  await api.trees.refresh();
  await waitFor(api, () => api.trees.gateways.getChildren().length > 0 && api.trees.gateways.getChildren()[0]!.children.length > 0, 'gateways in the tree');
  return api;
}

export function node(api: GatewayLensTestApi, id: string): TreeNode {
  const found = findNode(api.trees.gateways.getChildren(), id);
  if (!found) throw new Error(`no tree node ${id}; tree has: ${JSON.stringify(labels(api.trees.gateways.getChildren()))}`);
  return found;
}

export function labels(nodes: readonly TreeNode[]): unknown[] {
  return nodes.map((n) => (n.children.length > 0 ? { [`${n.label} — ${n.description ?? ''}`]: labels(n.children) } : `${n.label} — ${n.description ?? ''}`));
}

/**
 * Moves the paused lab `seconds` of virtual time on through its own commands: resume at 120x
 * (the driver ticks every 100 ms, so 12 virtual seconds per tick), pause short of the target,
 * then single steps, so the scenario never runs past the target by more than one event.
 */
export async function stepFor(api: GatewayLensTestApi, seconds: number): Promise<void> {
  const controller = api.lab.requireController();
  const target = controller.timeSeconds + seconds;
  if (seconds > 30) {
    await vscode.commands.executeCommand(CommandId.labSetSpeed, 120);
    await vscode.commands.executeCommand(CommandId.labResume);
    const deadline = Date.now() + 20_000;
    while (controller.timeSeconds < target - 25 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await vscode.commands.executeCommand(CommandId.labPause);
  }
  let guard = 0;
  while (controller.timeSeconds < target && guard++ < 5000) await vscode.commands.executeCommand(CommandId.labStep);
  if (controller.timeSeconds < target) throw new Error(`lab stuck at ${controller.timeSeconds} s, wanted ${target} s`);
  await api.trees.refresh();
}

/**
 * Runs `action` while the one quick pick it shows answers with `choose(items)` (undefined = the
 * user dismissed it), as a palette user would. Anything but exactly one picker fails the test.
 */
export async function withQuickPick<T>(api: GatewayLensTestApi, choose: (items: PickItem[]) => PickItem | undefined, action: () => Thenable<T>): Promise<T> {
  return withPrompts(api, [{ kind: 'quickPick', choose }], action);
}
