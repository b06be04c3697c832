// The Azure source inside a real extension host: the lab's ARM endpoint added as an "Azure-like"
// source through the test API (AzureSessionTestHooks), read through the same client Azure uses; sign-in failure.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { CommandId } from '../../../src/commands/commandIds';
import { startArmEndpoint, type ArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import { LAB_SUBSCRIPTION_ID } from '../../../src/model/resourceIds';
import { buildGatewaysTree } from '../../../src/views/model/gatewaysTree';
import { ContextValue } from '../../../src/views/contextValues';
import { activateExtension } from './extensionUnderTest';
import { withPrompts, type PickItem } from './testPrompts';
import { gatewayId, startBundled, stepFor } from './labHelpers';
import { AZURE_CLOUDS } from '../../../src/azure/azureClouds';
import { NotSignedInError, VscodeAuthCredential } from '../../../src/azure/vscodeAuthCredential';
import type { BgpTablePanel } from '../../../src/webviews/bgpTable/bgpTablePanel';
import type { TreeNode } from '../../../src/views/model/treeNode';

/** A subscription the endpoint lists with nothing in it, so the filter has a choice. */
const EMPTY_SUBSCRIPTION = '11111111-2222-4333-8444-555555555555';
/** When the first Azure inventory was in (for the age label). */
let firstLoadAt = 0;

/** The output channel's log files of this run (code-server's user-data-dir sits next to HOME). */
function logFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 8) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.name === 'Gateway Lens.log') found.push(p);
    }
  };
  walk(dirname(process.env.HOME ?? '/nonexistent'), 0);
  return found;
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.ok(check(), what);
}

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
    endpoint = await startArmEndpoint({ snapshot: () => controller.snapshot(), lro: { pollsBeforeDone: 0, retryAfterSeconds: 0 }, subscriptionId: EMPTY_SUBSCRIPTION });
    await api.azureHooks.useArmEndpoint(endpoint.baseUrl, endpoint.token, [LAB_SUBSCRIPTION_ID]);
    assert.ok(api.azure.dataSource, 'the Azure source is set');
    // The first read answers at once (loading); gateways, then BGP peers, load in the background.
    const first = await api.azure.inventory();
    assert.ok(first, 'a first inventory');
    await api.azureHooks.whenLoaded();
    firstLoadAt = Date.now();
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
    while (!(api.panelStats(panel).ready >= 1 && api.panelStats(panel).loads.length >= 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(api.panelStats(panel).loads.length >= 1, 'the webview loaded a table');
    const expected = await api.azure.dataSource!.getBgpPeerStatus(er);
    assert.deepEqual([api.panelStats(panel).loads[0]!.tab, api.panelStats(panel).loads[0]!.rows], ['peers', expected.length]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the Azure source in both views, answering from its cache while Azure is asked again', async () => {
    const { api } = await activateExtension();
    await api.trees.refresh();
    const source = api.trees.gateways.rootNodes.find((n) => n.id === 'source:azure');
    assert.ok(source, `an Azure source in the Gateways view; roots: ${api.trees.gateways.rootNodes.map((n) => n.id).join(', ')}`);
    assert.ok(source.children.some((n) => n.label === 'er-gw'));
    assert.ok(api.trees.connections.rootNodes.some((n) => n.id.startsWith('azure/')), 'Azure connections in the Connections view');
    // An inventory older than 5 s is labelled with its age.
    while (Date.now() - firstLoadAt < 5_500) await new Promise((r) => setTimeout(r, 250));
    await api.trees.refresh();
    const description = (): string => api.trees.gateways.rootNodes.find((n) => n.id === 'source:azure')?.description ?? '';
    assert.match(description(), /updated \d+ s ago/);
    // Refresh with a slow Azure: the trees are rebuilt at once from the last inventory, saying it is being refreshed.
    const before = endpoint!.stats().byRoute.resourceGraph ?? 0;
    endpoint!.setFaults({ latencyMs: 1_500 });
    try {
      await vscode.commands.executeCommand(CommandId.refresh);
      assert.match(description(), /refreshing…/);
      assert.ok(api.trees.gateways.rootNodes.find((n) => n.id === 'source:azure')?.children.some((n) => n.label === 'er-gw'), 'the last inventory still shows');
      await api.azureHooks.whenLoaded();
    } finally {
      endpoint!.setFaults({});
    }
    assert.equal((endpoint!.stats().byRoute.resourceGraph ?? 0) - before, 1, 'one Resource Graph query for the Refresh');
    // Lab ticks refresh the trees without asking Azure again.
    await stepFor(api, 5);
    await api.trees.refresh();
    assert.equal((endpoint!.stats().byRoute.resourceGraph ?? 0) - before, 1, 'no Resource Graph query per lab tick');
  });

  it('loads learned and advertised routes of an Azure gateway in its BGP table; no token reaches the webview', async () => {
    const { api } = await activateExtension();
    const er = gatewayId('er-gw');
    await vscode.commands.executeCommand('gatewayLens.openBgpTable', { sourceId: 'azure', gatewayId: er });
    const panel = api.panels.bgpTables().find((p) => p.sourceId === 'azure' && p.gatewayId === er) as BgpTablePanel;
    const sent: string[] = [];
    const webview = panel.panel.webview;
    const post = webview.postMessage.bind(webview);
    webview.postMessage = (message: unknown) => {
      sent.push(JSON.stringify(message));
      return post(message);
    };
    await until(() => api.panelStats(panel).ready >= 1 && api.panelStats(panel).loads.length >= 1, 'the webview loaded its first table');
    const source = api.azure.dataSource!;
    const peers = await source.getBgpPeerStatus(er);
    await panel.receive({ type: 'request', id: 9001, request: { method: 'load', tab: 'learned', peer: '' } });
    await panel.receive({ type: 'request', id: 9002, request: { method: 'load', tab: 'advertised', peer: peers[0]!.neighbor } });
    const [learned, advertised] = api.panelStats(panel).loads.slice(-2);
    assert.deepEqual([learned!.tab, learned!.rows], ['learned', (await source.getLearnedRoutes(er)).length]);
    assert.deepEqual([advertised!.tab, advertised!.rows], ['advertised', (await source.getAdvertisedRoutes(er, peers[0]!.neighbor)).length]);
    assert.ok(sent.some((m) => m.includes('"tab":"learned"')), 'the learned routes went to the webview');
    const labToken = (api.lab.dataSource as { labEndpoint?: { token: string } } | undefined)?.labEndpoint?.token;
    for (const token of [endpoint!.token, labToken].filter((t): t is string => typeof t === 'string')) {
      assert.equal(sent.some((m) => m.includes(token)), false, 'no bearer token in any webview message');
      assert.equal(webview.html.includes(token), false, 'no bearer token in the webview HTML');
    }
    // Copy az CLI Command from the panel's title bar: the command for the table shown.
    panel.panel.reveal();
    await until(() => panel.panel.active, 'the panel is active');
    const command = await vscode.commands.executeCommand<string>(CommandId.azureCopyAzCliCommand);
    assert.equal(command, `az network vnet-gateway list-advertised-routes --name er-gw --resource-group ${er.split('/')[4]} --subscription ${LAB_SUBSCRIPTION_ID} --peer ${peers[0]!.neighbor} --output table`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('writes no bearer token to the log', async () => {
    const { api } = await activateExtension();
    let text = '';
    await until(() => {
      text = logFiles().map((f) => readFileSync(f, 'utf8')).join('\n');
      return text.includes(`azure: using ${endpoint!.baseUrl}`);
    }, `the Gateway Lens log (found: ${logFiles().join(', ') || 'none'}) shows the Azure source`);
    assert.equal(text.includes(endpoint!.token), false);
    const labToken = (api.lab.dataSource as { labEndpoint?: { token: string } } | undefined)?.labEndpoint?.token;
    assert.ok(labToken, 'the lab has a token');
    assert.equal(text.includes(labToken), false);
  });

  it('the subscription filter command writes the setting and the source follows it', async () => {
    const { api } = await activateExtension();
    let offered: string[] = [];
    const chooseEmpty = (items: PickItem[]): PickItem[] => {
      offered = items.map((i) => i.description ?? '');
      return items.filter((i) => i.description === EMPTY_SUBSCRIPTION);
    };
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('gatewayLens.azure');
    try {
      await withPrompts(api, [{ kind: 'quickPickMany', choose: chooseEmpty }], () => vscode.commands.executeCommand(CommandId.azureSelectSubscriptions));
      assert.deepEqual(offered.sort(), [LAB_SUBSCRIPTION_ID, EMPTY_SUBSCRIPTION].sort());
      assert.deepEqual(config().get('subscriptions'), [EMPTY_SUBSCRIPTION]);
      // The source follows: one subscription, in which the lab has no gateway.
      const azure = (): TreeNode | undefined => api.trees.gateways.rootNodes.find((n) => n.id === 'source:azure');
      await until(() => /1 subscription\(s\)/.test(azure()?.description ?? '') && !(azure()?.children ?? []).some((n) => n.label === 'er-gw'), 'the Azure source shows only the chosen (empty) subscription');
    } finally {
      await config().update('subscriptions', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('VS Code\'s Microsoft account: not signed in, or a sovereign cloud set up for another cloud, says so', async () => {
    const scope = AZURE_CLOUDS.AzureCloud.scope;
    await assert.rejects(new VscodeAuthCredential(AZURE_CLOUDS.AzureCloud).getToken(scope), (e: unknown) => e instanceof NotSignedInError && /AzureCloud/.test(e.message));
    const sovereign = vscode.workspace.getConfiguration('microsoft-sovereign-cloud');
    await sovereign.update('environment', 'ChinaCloud', vscode.ConfigurationTarget.Global);
    try {
      await assert.rejects(new VscodeAuthCredential(AZURE_CLOUDS.AzureUSGovernment).getToken(AZURE_CLOUDS.AzureUSGovernment.scope), (e: unknown) => {
        assert.ok(e instanceof NotSignedInError);
        assert.match(e.message, /microsoft-sovereign-cloud\.environment/);
        assert.match(e.message, /"USGovernment"/);
        return true;
      });
    } finally {
      await sovereign.update('environment', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('copies the running lab\'s ARM endpoint, which answers with that token only', async () => {
    const url = await vscode.commands.executeCommand<string>(CommandId.labCopyArmEndpoint);
    const info = JSON.parse(await vscode.env.clipboard.readText()) as { baseUrl: string; subscriptionId: string; token: string };
    assert.equal(info.baseUrl, url);
    assert.equal(info.subscriptionId, LAB_SUBSCRIPTION_ID);
    const ok = await fetch(`${info.baseUrl}/subscriptions?api-version=2022-12-01`, { headers: { authorization: `Bearer ${info.token}` } });
    assert.equal(ok.status, 200);
    assert.equal((await fetch(`${info.baseUrl}/subscriptions?api-version=2022-12-01`)).status, 401);
  });

  it('copies the az CLI command for a gateway table', async () => {
    const command = await vscode.commands.executeCommand<string>(CommandId.azureCopyAzCliCommand, { resourceId: gatewayId('vpn-gw'), table: 'learnedRoutes' });
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
    assert.equal(await vscode.commands.executeCommand(CommandId.azureSignIn), undefined);
  });
});
