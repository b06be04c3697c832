// Finds scenario files: the ones bundled with the extension and any *.gwlab.json in the workspace.
import * as vscode from 'vscode';
import { UserFacingError } from '../host/errors';
import type { Prompts } from '../host/prompts';

export interface ScenarioChoice {
  uri: vscode.Uri;
  label: string;
  bundled: boolean;
}

export const SCENARIO_GLOB = '**/*.gwlab.json';

export async function bundledScenarios(extensionUri: vscode.Uri): Promise<ScenarioChoice[]> {
  const dir = vscode.Uri.joinPath(extensionUri, 'scenarios');
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return [];
  }
  return entries
    .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.gwlab.json'))
    .map(([name]) => ({ uri: vscode.Uri.joinPath(dir, name), label: name.replace(/\.gwlab\.json$/, ''), bundled: true }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export async function workspaceScenarios(): Promise<ScenarioChoice[]> {
  const uris = await vscode.workspace.findFiles(SCENARIO_GLOB, '**/node_modules/**', 500);
  return uris
    .map((uri) => ({ uri, label: vscode.workspace.asRelativePath(uri), bundled: false }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * Resolves the `gatewayLens.lab.defaultScenario` setting: a bundled scenario's name, or a path
 * (absolute or relative to the first workspace folder).
 */
export async function resolveScenarioSetting(value: string, extensionUri: vscode.Uri): Promise<vscode.Uri> {
  const bundled = (await bundledScenarios(extensionUri)).find((s) => s.label === value || `${s.label}.gwlab.json` === value);
  if (bundled) return bundled.uri;
  const folder = vscode.workspace.workspaceFolders?.[0];
  const uri = value.startsWith('/') || !folder ? vscode.Uri.file(value) : vscode.Uri.joinPath(folder.uri, value);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    throw new UserFacingError(
      `Setting gatewayLens.lab.defaultScenario is "${value}": that is neither a bundled scenario nor an existing file (${uri.fsPath}).`,
    );
  }
  return uri;
}

export async function pickScenario(prompts: Prompts, extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const [bundled, inWorkspace] = await Promise.all([bundledScenarios(extensionUri), workspaceScenarios()]);
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
  const items: Item[] = [];
  if (inWorkspace.length > 0) items.push({ label: 'Workspace', kind: vscode.QuickPickItemKind.Separator });
  for (const s of inWorkspace) items.push({ label: s.label, iconPath: new vscode.ThemeIcon('file'), uri: s.uri });
  if (bundled.length > 0) items.push({ label: 'Bundled', kind: vscode.QuickPickItemKind.Separator });
  for (const s of bundled) items.push({ label: s.label, description: 'bundled scenario', iconPath: new vscode.ThemeIcon('beaker'), uri: s.uri });
  if (items.length === 0) throw new UserFacingError('No scenario found: neither bundled scenarios nor *.gwlab.json files in the workspace.');
  const picked = await prompts.showQuickPick(items, { title: 'Start a lab scenario', placeHolder: 'Scenario to run' });
  return picked?.uri;
}
