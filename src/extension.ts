// Entry point: wiring only. Builds the services, registers views and commands; the lab engine
// and the Azure SDK load on first use (see host/labBackendFactory.ts). Outside Production mode
// (extension-host tests, the bench, F5) activate() returns the test API (src/testApi.ts); in a
// user's VS Code it returns nothing.
import { bundleEvaluationStart } from './host/loadClock';
import * as vscode from 'vscode';
import { DisposableStore } from './host/disposables';
import { LabSession, type LabStatus } from './host/labSession';
import { createLabBackend } from './host/labBackendFactory';
import { readSettings } from './host/settings';
import { errorMessage } from './host/errors';
import { CommandRunner } from './commands/commandRunner';
import { CommandId } from './commands/commandIds';
import { autoStartLab, registerLabCommands } from './commands/labCommands';
import { registerFaultCommands } from './commands/faultCommands';
import { TreeRefresher } from './views/treeRefresher';
import type { LabBackendFactory } from './host/labBackend';
import { ReplaceablePrompts } from './host/prompts';
import { registerDiagnostics } from './commands/diagnosticsCommands';
import { AzureSession, type AzureSessionTestHooks } from './azure/azureSession';
import { registerAzureCommands } from './commands/azureCommands';
import { registerPanels } from './webviews/registerPanels';
import { SourceId } from './model/sourceId';
import { TestRecorder, type GatewayLensTestApi } from './testApi';
import { registerRealRouterCommands } from './commands/realRouterCommands';
import { registerTimeTravelCommands } from './commands/timeTravelCommands';
import { LabMomentStatusBar } from './views/labMomentStatusBar';
import type { LabMomentState } from './host/labSession';
import { CheckedDeviceConfigs } from './host/checkedDeviceConfigs';

export type { GatewayLensTestApi } from './testApi';

let store: DisposableStore | undefined;

export function activate(context: vscode.ExtensionContext): GatewayLensTestApi | undefined {
  return activateWith(context, createLabBackend);
}

export function activateWith(context: vscode.ExtensionContext, factory: LabBackendFactory): GatewayLensTestApi | undefined {
  const started = performance.now();
  store = new DisposableStore();
  context.subscriptions.push(store);
  const log = store.add(vscode.window.createOutputChannel('Gateway Lens', { log: true }));
  const settings = readSettings(log);
  // Test hooks exist only outside Production mode: nothing below installs them otherwise.
  const recorder = context.extensionMode !== vscode.ExtensionMode.Production ? new TestRecorder() : undefined;
  const prompts = new ReplaceablePrompts();

  const lab = store.add(new LabSession(factory, log, settings.refreshDelayMs));
  const trees = store.add(new TreeRefresher(lab, log, settings.groupConnectionsBy));
  const gatewaysView = store.add(vscode.window.createTreeView('gatewayLens.gateways', { treeDataProvider: trees.gateways, showCollapseAll: true }));
  const connectionsView = store.add(vscode.window.createTreeView('gatewayLens.connections', { treeDataProvider: trees.connections, showCollapseAll: true }));

  const runner = new CommandRunner(store, log, recorder?.onCommandFailure);
  runner.register(CommandId.showLog, () => log.show(true));
  const setGrouping = (grouping: 'gateway' | 'status') => async () => {
    trees.setConnectionGrouping(grouping);
    await setContext('gatewayLens.connections.groupBy', grouping);
  };
  runner.register(CommandId.groupConnectionsByGateway, setGrouping('gateway'));
  runner.register(CommandId.groupConnectionsByStatus, setGrouping('status'));
  registerLabCommands(runner, lab, context.extensionUri, log, prompts);
  registerFaultCommands(runner, lab, trees, log, prompts);
  registerRealRouterCommands(runner, lab);
  registerTimeTravelCommands(runner, lab, prompts);
  // Azure: nothing loads until sign-in.
  let azureHooks: AzureSessionTestHooks | undefined;
  const azure = store.add(new AzureSession(log, recorder ? (hooks) => (azureHooks = hooks) : undefined));
  store.add(registerAzureCommands(runner, azure, prompts, () => lab.dataSource));
  store.add(azure.onDidChange(() => void trees.refresh()));
  // Refresh also asks Azure again (the trees otherwise reuse its inventory for a minute).
  runner.register(CommandId.refresh, () => {
    azure.refresh();
    // Azure findings, once diagnosed, follow Refresh too (the lab's follow every lab change).
    void diagnostics.refreshAzure();
    return trees.refresh();
  });
  // Device configurations checked in the IKE panel: diagnostics re-checks them (masked lines only).
  const checkedConfigs = new CheckedDeviceConfigs(context.workspaceState);
  const diagnostics = registerDiagnostics({
    store, runner, lab, trees, gatewaysView, log, prompts, azureSource: () => azure.dataSource, onDidChangeAzure: azure.onDidChange, checkedConfigs,
    // A lab path follows the lab; an Azure path stays on the read it was traced on.
    showRoutePath: (ids, snapshot) => panels.openRoutePath(ids, ids.sourceId === SourceId.lab ? undefined : snapshot).latest(),
  });
  const panels = registerPanels(store, {
    extensionUri: context.extensionUri,
    log,
    getDataSource: (id) => (id === SourceId.lab ? lab.dataSource : id === SourceId.azure ? azure.dataSource : undefined),
    getHistoryAccess: (id) => (id === SourceId.azure ? azure.historyAccess() : undefined),
    getLabController: () => lab.controller,
    onDidChangeLab: lab.onDidChangeData,
    registerCommand: (id, handler) => runner.register(id, handler),
    prompts,
    checkedConfigs,
    azureSnapshot: () => diagnostics.service.azure?.snapshot,
    ...(recorder ? { observer: recorder.onPanelEvent } : {}),
  });
  trees.addSource((signal) => azure.inventory(signal));

  // Palette entries for sign-in/sign-out/subscriptions show only when they make sense.
  const publishAzure = (): void => void setContext('gatewayLens.azure.signedIn', azure.dataSource !== undefined);
  store.add(azure.onDidChange(publishAzure));
  publishAzure();
  const publishStatus = (status: LabStatus): void => void setContext('gatewayLens.lab.status', status);
  store.add(lab.onDidChangeStatus(publishStatus));
  publishStatus(lab.status);
  // Time travel: the status bar item and the context keys its commands' menus read.
  const momentBar = store.add(new LabMomentStatusBar());
  const publishMoment = (m: LabMomentState | undefined): void => {
    momentBar.update(m);
    void setContext('gatewayLens.lab.moment', m ? (m.past ? 'past' : 'live') : 'none');
    void setContext('gatewayLens.lab.timeTravel', m?.travel === true);
    void setContext('gatewayLens.lab.finished', m?.finished === true);
  };
  store.add(lab.onDidChangeMoment(publishMoment));
  publishMoment(lab.moment);
  const publishChecked = (): void => void setContext('gatewayLens.ike.hasCheckedConfigs', checkedConfigs.all().length > 0);
  store.add(checkedConfigs.onDidChange(publishChecked));
  publishChecked();
  void setContext('gatewayLens.connections.groupBy', settings.groupConnectionsBy);
  store.add(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gatewayLens.connections.groupBy')) trees.setConnectionGrouping(readSettings(log).groupConnectionsBy);
    }),
  );

  void trees.refresh();
  autoStartLab(lab, context.extensionUri, log).catch((error: unknown) => {
    log.error(`auto-start failed: ${errorMessage(error)}`);
    void vscode.window.showErrorMessage(`Gateway Lens: auto-start of the lab failed: ${errorMessage(error)}`);
  });
  const activationMs = performance.now() - Math.min(started, bundleEvaluationStart);
  log.info(`activated in ${activationMs.toFixed(1)} ms (activate() alone ${(performance.now() - started).toFixed(1)} ms)`);
  if (!recorder || !azureHooks) return undefined;
  return {
    lab,
    trees,
    diagnostics,
    azure,
    azureHooks,
    panels,
    views: { gateways: gatewaysView, connections: connectionsView },
    activationMs,
    replacePrompts: (p) => prompts.replaceWith(p),
    commandFailures: recorder.commandFailures,
    panelStats: (panel) => recorder.panelStats(panel),
    momentStatusText: () => momentBar.text,
  };
}

function setContext(key: string, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}

export function deactivate(): void {
  store?.dispose();
  store = undefined;
}
