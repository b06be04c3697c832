// Azure commands: sign in/out, the subscription filter, "copy the az CLI command" and "copy the
// lab's ARM endpoint".
import * as vscode from 'vscode';
import type { CommandRunner } from './commandRunner';
import type { Prompts } from '../host/prompts';
import { CommandId } from './commandIds';
import { UserFacingError } from '../host/errors';
import type { AzureSession } from '../azure/azureSession';
import type { GatewayTable } from '../azure/azCliCommand';
import { BgpTablePanel } from '../webviews/bgpTable/bgpTablePanel';
import type { BgpTab } from '../webviews/protocol/bgpTableColumns';


const TABLES: readonly GatewayTable[] = ['bgpPeers', 'learnedRoutes', 'advertisedRoutes', 'gateways', 'connections'];

/** A panel passes {resourceId, table?, peer?}; a tree node passes itself (TreeNode with `ref`). */
function tableArgs(arg: unknown): { resourceId: string; table?: GatewayTable; peer?: string } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as { resourceId?: unknown; gatewayId?: unknown; table?: unknown; peer?: unknown; ref?: { gatewayId?: unknown; neighbor?: unknown } };
  const id = [a.resourceId, a.gatewayId, a.ref?.gatewayId].find((v): v is string => typeof v === 'string');
  if (!id) return undefined;
  const table = TABLES.find((t) => t === a.table);
  const peer = [a.peer, a.ref?.neighbor].find((v): v is string => typeof v === 'string');
  return { resourceId: id, ...(table ? { table } : {}), ...(peer ? { peer } : {}) };
}

const TABLE_OF_TAB: Record<BgpTab, GatewayTable | undefined> = {
  peers: 'bgpPeers',
  learned: 'learnedRoutes',
  advertised: 'advertisedRoutes',
  effective: undefined,
};

/** From the BGP table panel's title bar: the gateway and the table it shows. */
function activePanelArgs(): { resourceId: string; table?: GatewayTable; peer?: string } | undefined {
  const panel = BgpTablePanel.all().find((p) => p.panel.active);
  if (!panel) return undefined;
  const shown = panel.shownTable;
  if (shown?.tab === 'effective') {
    throw new UserFacingError('VNet effective routes are the lab\'s own model; az has no command for a gateway\'s effective routes (az network nic show-effective-route-table shows a VM NIC\'s).');
  }
  const table = shown ? TABLE_OF_TAB[shown.tab] : undefined;
  return { resourceId: panel.gatewayId, ...(table ? { table } : {}), ...(shown?.peer ? { peer: shown.peer } : {}) };
}

/**
 * `labDataSource`: the running lab's data source, whose ARM endpoint other local tools may use.
 * Returns what to dispose with the extension (the sign-in offer's listener).
 */
export function registerAzureCommands(runner: CommandRunner, session: AzureSession, prompts: Prompts, labDataSource: () => unknown = () => undefined): vscode.Disposable {
  runner.register(CommandId.labCopyArmEndpoint, async () => {
    const info = (labDataSource() as { labEndpoint?: { baseUrl: string; subscriptionId: string; token: string } } | undefined)?.labEndpoint;
    if (!info) throw new UserFacingError('The lab is not running. Start a scenario first (Gateway Lens: Start Lab Scenario).');
    // The same JSON line as `gateway-lab serve`; the token goes to the clipboard only, never to a message or a log.
    await vscode.env.clipboard.writeText(JSON.stringify({ baseUrl: info.baseUrl, subscriptionId: info.subscriptionId, token: info.token }));
    void vscode.window.showInformationMessage(`Gateway Lens: copied the lab's ARM endpoint ${info.baseUrl} and its bearer token (JSON) to the clipboard.`);
    return info.baseUrl;
  });

  runner.register(CommandId.azureSignIn, () =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Gateway Lens: signing in to Azure…' }, async () => {
      try {
        const account = await session.signIn();
        void vscode.window.showInformationMessage(`Gateway Lens: signed in to Azure as ${account}.`);
      } catch (err) {
        // Already a message for users (toAzureError / settings validation): no "failed:" wrapper.
        throw new UserFacingError(err instanceof Error ? err.message : String(err));
      }
    }),
  );
  runner.register(CommandId.azureSignOut, () => session.signOut());
  // Signed out because the cloud, credential or tenant changed: offer Sign In with the new setting.
  const offerSignIn = session.onDidSignOutForSettings((change) => {
    void prompts
      .showInformationMessage(`Gateway Lens: signed out of Azure because ${change}. Sign in again to use the new setting.`, {}, 'Sign In')
      .then((choice) => (choice ? vscode.commands.executeCommand(CommandId.azureSignIn) : undefined));
  });

  runner.register(CommandId.azureSelectSubscriptions, async () => {
    const subs = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Listing Azure subscriptions' }, () => session.listSubscriptions());
    if (subs.length === 0) throw new UserFacingError('The signed-in account sees no Azure subscription.');
    const config = vscode.workspace.getConfiguration('gatewayLens.azure');
    const current = new Set(config.get<string[]>('subscriptions', []));
    const picked = await prompts.showQuickPickMany(
      subs.map((s) => ({ label: s.displayName, description: s.subscriptionId, picked: current.size === 0 || current.has(s.subscriptionId) })),
      { title: 'Subscriptions to show (none = all)' },
    );
    if (!picked) return;
    const ids = picked.length === subs.length ? [] : picked.map((p) => p.description);
    await config.update('subscriptions', ids, vscode.ConfigurationTarget.Global);
  });

  runner.register(CommandId.azureCopyAzCliCommand, async (arg: unknown) => {
    const args = tableArgs(arg) ?? activePanelArgs();
    if (!args) throw new UserFacingError('Choose a gateway (or open its BGP table) to copy an az CLI command for.');
    let table = args.table;
    if (!table) {
      const pick = await prompts.showQuickPick(
        [
          { label: 'BGP peers', table: 'bgpPeers' as const },
          { label: 'Learned routes', table: 'learnedRoutes' as const },
          { label: 'Advertised routes', table: 'advertisedRoutes' as const },
        ],
        { title: 'Which table?' },
      );
      if (!pick) return;
      table = pick.table;
    }
    let peer = args.peer;
    if (table === 'advertisedRoutes' && !peer) {
      peer = await prompts.showInputBox({ title: 'BGP peer address for the advertised routes', validateInput: (v) => (v.trim() ? undefined : 'Enter the peer IP address') });
      if (!peer) return;
    }
    const { azCliCommand } = await import('../azure/azCliCommand');
    const command = azCliCommand(table, args.resourceId, peer);
    await vscode.env.clipboard.writeText(command);
    void vscode.window.showInformationMessage(`Gateway Lens: copied "${command}"`);
    return command;
  });

  return offerSignIn;
}
