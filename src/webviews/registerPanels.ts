// Wires the panels into the extension: serializers in the extension's store (so panels come
// back after a reload) and the commands that open them. extension.ts calls registerPanels once
// with what the panels need injected; the returned API lets extension-host tests look inside.
import * as vscode from 'vscode';
import type { GatewayDataSource } from '../azure/gatewayDataSource';
import type { LabController } from '../engine/labApi';
import { isRecord, isShortString } from './protocol/guards';
import type { PanelLogger } from './panelLogger';
import type { DisposableStore } from '../host/disposables';
import type { Prompts } from '../host/prompts';
import type { PanelObserver } from './panelObserver';
import { CommandId } from '../commands/commandIds';
import { SourceId } from '../model/sourceId';
import { BgpTablePanel, type BgpTablePanelDeps } from './bgpTable/bgpTablePanel';
import { LabPanel, type LabPanelDeps } from './lab/labPanel';
import { TimelinePanel, type TimelinePanelDeps } from './timeline/timelinePanel';
import { IkeCheckPanel, type IkeCheckPanelDeps, type IkeCheckTarget } from './ikeCheck/ikeCheckPanel';
import type { NetworkSnapshot } from '../model/snapshot';
import type { CheckedDeviceConfigs } from '../host/checkedDeviceConfigs';
import { resourceName } from '../model/armShapes';
import type { HistoryAccess } from '../azure/history/historyAccess';

/** Reads that end within this show no notification (a flash of progress is noise), as the ARM client's. */
const PROGRESS_DELAY_MS = 1500;

/** A cancellable progress notification once a read takes more than a moment; Cancel aborts it. */
const delayedProgress: TimelinePanelDeps['progress'] = {
  show: async (title, abort, run) => {
    const running = run(abort.signal);
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
        const sub = token.onCancellationRequested(() => abort.abort());
        return running.catch(() => undefined).finally(() => sub.dispose());
      });
    }, PROGRESS_DELAY_MS);
    try {
      await running;
    } finally {
      settled = true;
      clearTimeout(timer);
    }
  },
};
import { RoutePathPanel, type RoutePathPanelDeps } from './routePath/routePathPanel';
import type { RoutePathIds } from './protocol/routePathProtocol';

export interface PanelServices {
  extensionUri: vscode.Uri;
  log: PanelLogger;
  /** "lab" or "azure"; undefined while that source is not available. */
  getDataSource(sourceId: string): GatewayDataSource | undefined;
  getLabController(): LabController | undefined;
  /** Fires when the lab starts, stops or changes (debounced by the caller is fine). */
  onDidChangeLab?: vscode.Event<unknown>;
  /** Registers a command through the extension's logging wrapper. */
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): void;
  prompts: Prompts;
  /** Device configurations checked in the IKE panel, which diagnostics re-checks. */
  checkedConfigs?: CheckedDeviceConfigs;
  /** Hears what crosses each panel's boundary (extension-host tests only). */
  observer?: PanelObserver;
  /** The signed-in Azure source's endpoint and credential for history reads (the Timeline). */
  getHistoryAccess?(sourceId: string): HistoryAccess | undefined;
  /** The last Azure snapshot read (Diagnose, Trace Route Path), for a Route Path panel of Azure data. */
  azureSnapshot?(): NetworkSnapshot | undefined;
}

export interface PanelsApi {
  openBgpTable(sourceId: string, gatewayId: string): Promise<BgpTablePanel>;
  openLabPanel(): LabPanel;
  bgpTables(): BgpTablePanel[];
  labPanel(): LabPanel | undefined;
  openTimeline(sourceId: string, gatewayId: string, range?: { from: string; to: string }): TimelinePanel;
  timelines(): TimelinePanel[];
  openIkeCheck(target: IkeCheckTarget): IkeCheckPanel;
  ikeChecks(): IkeCheckPanel[];
  /** Opens the Route Path panel of a path (Trace Route Path); `snapshot` fixes the data it traces on. */
  openRoutePath(ids: RoutePathIds, snapshot?: NetworkSnapshot): RoutePathPanel;
  routePaths(): RoutePathPanel[];
}

/** A connection from a command argument: a Connections/Gateways tree node (`ref`) or the ids directly. */
export function connectionTarget(arg: unknown): IkeCheckTarget | undefined {
  const candidate = isRecord(arg) && isRecord(arg.ref) ? arg.ref : arg;
  if (!isRecord(candidate)) return undefined;
  const { sourceId, connectionId, connectionName } = candidate;
  return isShortString(sourceId, 100) && isShortString(connectionId, 1000) && connectionId !== '' && isShortString(connectionName, 200)
    ? { sourceId, connectionId, connectionName }
    : undefined;
}

/**
 * A gateway from a command argument: a tree node whose `ref` has sourceId and gatewayId, or
 * `{ sourceId, gatewayId }` directly. Anything can reach a command, so it is checked.
 */
export function gatewayTarget(arg: unknown): { sourceId: string; gatewayId: string } | undefined {
  const candidate = isRecord(arg) && isRecord(arg.ref) ? arg.ref : arg;
  if (!isRecord(candidate)) return undefined;
  const { sourceId, gatewayId } = candidate;
  return isShortString(sourceId, 100) && isShortString(gatewayId, 1000) && gatewayId !== '' ? { sourceId, gatewayId } : undefined;
}

export function registerPanels(store: DisposableStore, services: PanelServices): PanelsApi {
  const labDeps: LabPanelDeps = {
    extensionUri: services.extensionUri,
    log: services.log,
    getLabController: () => services.getLabController(),
    onDidChangeLab: services.onDidChangeLab,
    ...(services.observer ? { observer: services.observer } : {}),
  };
  const deps: BgpTablePanelDeps = { ...labDeps, getDataSource: async (id) => services.getDataSource(id), prompts: services.prompts };
  BgpTablePanel.register(store, deps);
  LabPanel.register(store, labDeps);
  const checked = services.checkedConfigs;
  const ikeDeps: IkeCheckPanelDeps = {
    ...labDeps,
    snapshotFor: (target) => connectionSnapshot(services, target),
    ...(checked ? { rememberCheck: (config) => checked.remember(config) } : {}),
  };
  IkeCheckPanel.register(store, ikeDeps);
  services.registerCommand(CommandId.checkOnPremVpnConfig, async (arg: unknown) => {
    const target = connectionTarget(arg) ?? (await pickConnection(services));
    if (target) IkeCheckPanel.createOrShow(ikeDeps, target);
  });
  services.registerCommand(CommandId.forgetCheckedVpnConfig, async (arg: unknown) => {
    if (!checked) return false;
    let connectionId = connectionTarget(arg)?.connectionId;
    if (!connectionId) {
      const items = checked.all().map((c) => ({ label: resourceName(c.connectionId), description: `${c.origin}, checked ${c.checkedAt}`, connectionId: c.connectionId }));
      if (items.length === 0) {
        void vscode.window.showInformationMessage('Gateway Lens: no checked on-premises VPN configuration is remembered.');
        return false;
      }
      connectionId = (await services.prompts.showQuickPick(items, { title: 'Forget the checked on-premises VPN configuration of…' }))?.connectionId;
      if (!connectionId) return false;
    }
    const forgotten = await checked.forget(connectionId);
    if (!forgotten) void vscode.window.showInformationMessage(`Gateway Lens: no checked configuration is remembered for ${resourceName(connectionId)}.`);
    return forgotten;
  });

  services.registerCommand(CommandId.openBgpTable, async (arg: unknown) => {
    const target = gatewayTarget(arg) ?? (await pickGateway(services));
    if (target) await BgpTablePanel.createOrShow(deps, target.sourceId, target.gatewayId);
  });
  services.registerCommand(CommandId.openLabPanel, () => void LabPanel.createOrShow(labDeps));
  const timelineDeps: TimelinePanelDeps = {
    ...labDeps,
    getDataSource: (id) => services.getDataSource(id),
    prompts: services.prompts,
    getHistoryAccess: (id) => services.getHistoryAccess?.(id),
    progress: delayedProgress,
  };
  TimelinePanel.register(store, timelineDeps);
  services.registerCommand(CommandId.openTimeline, async (arg: unknown) => {
    const target = gatewayTarget(arg) ?? (await pickGateway(services, 'Open the timeline of…'));
    if (target) TimelinePanel.createOrShow(timelineDeps, target.sourceId, target.gatewayId, timelineRange(arg));
  });

  const routePathDeps: RoutePathPanelDeps = {
    ...labDeps,
    prompts: services.prompts,
    snapshotFor: (id) => (id === SourceId.lab ? services.getLabController()?.snapshot() : id === SourceId.azure ? services.azureSnapshot?.() : undefined),
    dataSourceFor: (id) => services.getDataSource(id),
    openBgpTable: (sourceId, gatewayId) => BgpTablePanel.createOrShow(deps, sourceId, gatewayId, vscode.ViewColumn.Beside),
  };
  RoutePathPanel.register(store, routePathDeps);

  return {
    openRoutePath: (ids, snapshot) => RoutePathPanel.createOrShow(routePathDeps, ids, snapshot),
    routePaths: () => RoutePathPanel.all(),
    openBgpTable: (sourceId, gatewayId) => BgpTablePanel.createOrShow(deps, sourceId, gatewayId),
    openLabPanel: () => LabPanel.createOrShow(labDeps),
    bgpTables: () => BgpTablePanel.all(),
    labPanel: () => LabPanel.instance,
    openTimeline: (sourceId, gatewayId, range) => TimelinePanel.createOrShow(timelineDeps, sourceId, gatewayId, range),
    timelines: () => TimelinePanel.all(),
    openIkeCheck: (target) => IkeCheckPanel.createOrShow(ikeDeps, target),
    ikeChecks: () => IkeCheckPanel.all(),
  };
}

/**
 * An optional range on the Timeline command's argument (`from`/`to`, ISO times): a caller that
 * knows when something happened (a finding, a ticket's time) opens the timeline there.
 */
export function timelineRange(arg: unknown): { from: string; to: string } | undefined {
  if (!isRecord(arg) || typeof arg.from !== 'string' || typeof arg.to !== 'string') return undefined;
  const from = Date.parse(arg.from);
  const to = Date.parse(arg.to);
  return Number.isNaN(from) || Number.isNaN(to) || from >= to ? undefined : { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** From the palette: choose among the gateways of the sources that are available. */
async function pickGateway(services: PanelServices, title = 'Open the BGP table of…'): Promise<{ sourceId: string; gatewayId: string } | undefined> {
  const items: (vscode.QuickPickItem & { target: { sourceId: string; gatewayId: string } })[] = [];
  for (const id of Object.values(SourceId)) {
    const source = services.getDataSource(id);
    if (!source) continue;
    for (const g of await source.listGateways()) {
      items.push({ label: g.name, description: `${source.label} · ${g.gatewayType}`, target: { sourceId: source.id, gatewayId: g.id } });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Gateway Lens: no gateways to show. Start a lab scenario or sign in to Azure first.');
    return undefined;
  }
  return (await services.prompts.showQuickPick(items, { title }))?.target;
}

/**
 * What the IKE check needs about a connection: the lab's own snapshot (VNet and site prefixes
 * included), or for Azure the connections and gateways the data source reads.
 */
async function connectionSnapshot(services: PanelServices, target: IkeCheckTarget): Promise<NetworkSnapshot> {
  const lab = target.sourceId === SourceId.lab ? services.getLabController() : undefined;
  if (lab) return lab.snapshot();
  const source = services.getDataSource(target.sourceId);
  if (!source) throw new Error(`the ${target.sourceId} source is not available (sign in or start the lab)`);
  const [connections, gateways] = await Promise.all([source.listConnections(), source.listGateways()]);
  return { source: SourceId.azure, takenAt: new Date().toISOString(), connections, gateways: gateways.map((gateway) => ({ gateway })), localNetworkGateways: [], virtualNetworks: [] };
}

/** From the palette: choose among the IPsec connections of the available sources. */
async function pickConnection(services: PanelServices): Promise<IkeCheckTarget | undefined> {
  const items: (vscode.QuickPickItem & { target: IkeCheckTarget })[] = [];
  for (const id of Object.values(SourceId)) {
    const source = services.getDataSource(id);
    if (!source) continue;
    for (const c of await source.listConnections()) {
      if (c.connectionType !== 'IPsec') continue;
      items.push({ label: c.name, description: `${source.label} · ${c.connectionStatus}`, target: { sourceId: source.id, connectionId: c.id, connectionName: c.name } });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Gateway Lens: no IPsec connections to check. Start a lab scenario or sign in to Azure first.');
    return undefined;
  }
  return (await services.prompts.showQuickPick(items, { title: 'Check the on-premises VPN configuration of…' }))?.target;
}
