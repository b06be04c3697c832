// The Azure source inside a real extension host: the lab's ARM endpoint added as an "Azure-like"
// source through the test-only command, read through the same client Azure uses; sign-in failure.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../../src/commands/commandIds';
import { AzureCommandId } from '../../../src/azure/azureCommands';
import { startArmEndpoint, type ArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import { LAB_SUBSCRIPTION_ID } from '../../../src/engine/model/resourceIds';
import { buildGatewaysTree } from '../../../src/views/model/gatewaysTree';
import { ContextValue } from '../../../src/views/contextValues';
import { activateExtension } from './extensionUnderTest';
import { gatewayId, startBundled, stepFor } from './labHelpers';

describe('Azure source', () => {
  let endpoint: ArmEndpoint | undefined;
  after(async () => {
    const { api } = await activateExtension();
    api.azure.signOut();
    await endpoint?.close();
    await vscode.commands.executeCommand(CommandId.labStop);
    await vscode.workspace.getConfiguration('gatewayLens.azure').update('credential', undefined, vscode.ConfigurationTarget.Global);
  });

  it('reads gateways and BGP peers of an ARM endpoint added as an Azure-like source', async () => {
    // Coexistence: the ER gateway speaks BGP, so peers and learned routes exist once sessions are up.
    const api = await startBundled('coex-healthy');
    await stepFor(api, 120);
    const controller = api.lab.requireController();
    endpoint = await startArmEndpoint({ snapshot: () => controller.snapshot(), lro: { pollsBeforeDone: 0, retryAfterSeconds: 0 } });
    await vscode.commands.executeCommand(AzureCommandId.testUseArmEndpoint, endpoint.baseUrl, endpoint.token, [LAB_SUBSCRIPTION_ID]);
    assert.ok(api.azure.dataSource, 'the Azure source is set');
    // The first read answers at once (loading); gateways, then BGP peers, load in the background.
    const first = await api.azure.inventory();
    assert.ok(first, 'a first inventory');
    await api.azure.whenLoaded();
    const inv = await api.azure.inventory();
    assert.ok(inv, 'an inventory');
    assert.equal(inv.error, undefined);
    assert.equal(inv.sourceId, 'azure');
    const gw = inv.gateways.find((g) => g.gateway.id === gatewayId('er-gw'));
    assert.ok(gw, `er-gw listed; got ${inv.gateways.map((g) => g.gateway.name).join(', ')}`);
    assert.equal(gw.peersError, undefined);
    assert.ok(Array.isArray(gw.peers));
    // The tree model the Gateways view renders, built from this inventory.
    const [source] = buildGatewaysTree([inv]);
    assert.equal(source!.contextValue, ContextValue.azureSource);
    assert.ok(source!.children.some((n) => n.contextValue === ContextValue.azureGateway && n.label === 'er-gw'));
    // The BGP table's data, through the Azure path, equals the lab's own state (the lab is paused).
    const lab = controller.snapshot().gateways.find((g) => g.gateway.name === 'er-gw');
    assert.deepEqual(await api.azure.dataSource!.getBgpPeerStatus(gatewayId('er-gw')), lab?.bgpPeers ?? []);
    assert.deepEqual(await api.azure.dataSource!.getLearnedRoutes(gatewayId('er-gw')), lab?.learnedRoutes ?? []);
    assert.ok((lab?.bgpPeers ?? []).length > 0, 'the ER gateway has BGP peers in this scenario');
  });

  it('opens the BGP table of an Azure gateway through the Azure data source', async () => {
    const { api } = await activateExtension();
    const er = gatewayId('er-gw');
    await vscode.commands.executeCommand('gatewayLens.openBgpTable', { sourceId: 'azure', gatewayId: er });
    const panel = api.panels.bgpTables().find((p) => p.sourceId === 'azure' && p.gatewayId === er);
    assert.ok(panel, 'a BGP table panel for the Azure er-gw');
    const deadline = Date.now() + 30_000;
    while (!(panel.stats.ready >= 1 && panel.stats.loads.length >= 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(panel.stats.loads.length >= 1, 'the webview loaded a table');
    const expected = await api.azure.dataSource!.getBgpPeerStatus(er);
    assert.deepEqual([panel.stats.loads[0]!.tab, panel.stats.loads[0]!.rows], ['peers', expected.length]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('copies the running lab\'s ARM endpoint, which answers with that token only', async () => {
    const url = await vscode.commands.executeCommand<string>(AzureCommandId.copyLabArmEndpoint);
    const info = JSON.parse(await vscode.env.clipboard.readText()) as { baseUrl: string; subscriptionId: string; token: string };
    assert.equal(info.baseUrl, url);
    assert.equal(info.subscriptionId, LAB_SUBSCRIPTION_ID);
    const ok = await fetch(`${info.baseUrl}/subscriptions?api-version=2022-12-01`, { headers: { authorization: `Bearer ${info.token}` } });
    assert.equal(ok.status, 200);
    assert.equal((await fetch(`${info.baseUrl}/subscriptions?api-version=2022-12-01`)).status, 401);
  });

  it('copies the az CLI command for a gateway table', async () => {
    const command = await vscode.commands.executeCommand<string>(AzureCommandId.copyAzCliCommand, { resourceId: gatewayId('vpn-gw'), table: 'learnedRoutes' });
    assert.match(command ?? '', /^az network vnet-gateway list-learned-routes --name vpn-gw /);
    assert.equal(await vscode.env.clipboard.readText(), command);
  });

  it('a sign-in that cannot get a token fails with a message naming the credential', async () => {
    const { api } = await activateExtension();
    await vscode.workspace.getConfiguration('gatewayLens.azure').update('credential', 'environment', vscode.ConfigurationTarget.Global);
    await assert.rejects(api.azure.signIn(), (err: Error) => {
      assert.match(err.message, /^Not signed in to Azure \(Sign-in to AzureCloud with the environment credential\)/);
      assert.match(err.message, /Gateway Lens: Sign in to Azure/);
      return true;
    });
    // Through the command: the runner shows the message and never rejects.
    assert.equal(await vscode.commands.executeCommand(AzureCommandId.signIn), undefined);
  });
});
