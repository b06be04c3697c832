// The extension activates in a real extension host and contributes what package.json promises.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../../src/commands/commandIds';
import { activateExtension } from './extensionUnderTest';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

describe('activation and contributions', () => {
  it('activates and returns its API', async () => {
    const { extension, api } = await activateExtension();
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.trees.refresh, 'function');
    assert.equal(api.lab.status, 'stopped');
  });

  it('registers every contributed command, and contributes every command it registers', async () => {
    const { extension } = await activateExtension();
    const contributed = (extension.packageJSON.contributes.commands as ContributedCommand[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], 'contributed but not registered');
    const notContributed = Object.values(CommandId).filter((id) => !contributed.includes(id));
    assert.deepEqual(notContributed, [], 'registered but not in package.json');
  });

  it('puts every command under the "Gateway Lens" category', async () => {
    const { extension } = await activateExtension();
    const commands = extension.packageJSON.contributes.commands as ContributedCommand[];
    assert.ok(commands.length >= 20);
    for (const c of commands) assert.equal(c.category, 'Gateway Lens', c.command);
  });

  it('hides lab controls and faults from the palette while no lab runs, and Azure account commands that do not fit the sign-in state', async () => {
    const { extension } = await activateExtension();
    const palette = new Map(
      (extension.packageJSON.contributes.menus.commandPalette as { command: string; when: string }[]).map((m) => [m.command, m.when]),
    );
    const labRunning = /gatewayLens\.lab\.status == (running|paused)/;
    const needsLab = Object.values(CommandId).filter((id) => id.startsWith('gatewayLens.fault.') || /\.lab\.(stop|pause|resume|step|setSpeed|reset)$/.test(id));
    assert.ok(needsLab.length >= 15, needsLab.join(', '));
    for (const id of [...needsLab, 'gatewayLens.lab.copyArmEndpoint']) {
      assert.match(palette.get(id) ?? '(always shown)', labRunning, id);
      assert.doesNotMatch(palette.get(id) ?? '', /stopped/, id);
    }
    assert.equal(palette.get('gatewayLens.azure.signIn'), '!gatewayLens.azure.signedIn');
    assert.equal(palette.get('gatewayLens.azure.signOut'), 'gatewayLens.azure.signedIn');
    // Starting the lab is always possible.
    assert.equal(palette.has(CommandId.labStart), false);
  });

  it('contributes the scenario schema for *.gwlab.json files', async () => {
    const { extension } = await activateExtension();
    const validation = extension.packageJSON.contributes.jsonValidation as { fileMatch: string; url: string }[];
    const entry = validation.find((v) => v.fileMatch === '*.gwlab.json');
    assert.ok(entry, 'no jsonValidation entry for *.gwlab.json');
    const schema = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, entry.url))).toString('utf8'));
    assert.equal(schema.type, 'object');
    assert.ok(Array.isArray(schema.required) && schema.required.includes('topology'));
  });

  it('shows the Gateway Lens container and an empty Gateways tree (welcome content) while the lab is stopped', async () => {
    const { api } = await activateExtension();
    await vscode.commands.executeCommand('workbench.view.extension.gatewayLens');
    await api.trees.refresh();
    assert.deepEqual(api.trees.gateways.getChildren(), []);
    assert.deepEqual(api.trees.connections.getChildren(), []);
  });

  it('refuses lab controls while no lab runs, without throwing into the caller', async () => {
    const { api } = await activateExtension();
    const result = await vscode.commands.executeCommand(CommandId.labPause);
    assert.equal(result, undefined);
    assert.equal(api.lab.status, 'stopped');
    await vscode.commands.executeCommand(CommandId.labSetSpeed, 9999);
    assert.equal(api.lab.status, 'stopped');
  });

  it('keeps the lab stopped when asked to start a scenario file that does not exist', async () => {
    const { api } = await activateExtension();
    await vscode.commands.executeCommand(CommandId.labStart, '/nonexistent/missing.gwlab.json');
    assert.equal(api.lab.status, 'stopped');
    assert.equal(api.lab.controller, undefined);
  });
});
