// The Diagnostics view and its commands: Diagnose all / Diagnose gateway, show a finding
// (reveal its resource in the Gateways view, open its evidence), the Markdown report (open or
// export) and Save snapshot. Registered from extension.ts with one call.
import * as vscode from 'vscode';
import type { Finding } from '../diagnostics/finding';
import { resourceName } from '../model/armShapes';
import type { GatewayDataSource } from '../azure/gatewayDataSource';
import type { CommandRunner } from './commandRunner';
import type { NetworkSnapshot } from '../model/snapshot';
import type { DisposableStore } from '../host/disposables';
import { errorMessage, UserFacingError } from '../host/errors';
import type { LabSession } from '../host/labSession';
import type { Prompts } from '../host/prompts';
import { writeFileAtomic } from '../webviews/bgpTable/atomicWrite';
import type { TreeNode } from '../views/model/treeNode';
import type { TreeRefresher } from '../views/treeRefresher';
import { DiagnosticsProvider } from '../views/findings/findingsProvider';
import { CommandId } from './commandIds';
import { DiagnosticsService } from '../host/diagnosticsService';
import { buildDiagnosticsTree, type DiagnosticsState } from '../views/findings/findingsTree';
import { loadDiagnostics } from '../host/diagnosticsModules';
import { findResourceNode } from '../views/findings/revealTarget';
import { isSourceId, SourceId } from '../model/sourceId';
import { askRoutePathEnds, routePathRef, snapshotSourceOf } from './routePathTargets';
import type { CheckedDeviceConfigs } from '../host/checkedDeviceConfigs';
import type { RoutePathResult } from '../routePath/routePathTypes';

export const DIAGNOSTICS_VIEW = 'gatewayLens.diagnostics';

export interface DiagnosticsDeps {
  /** The signed-in Azure data source, if any (Diagnose All then includes Azure). */
  azureSource?: () => GatewayDataSource | undefined;
  /** Fires on sign-in/out, so Azure findings leave the view with the account. */
  onDidChangeAzure?: vscode.Event<void>;
  store: DisposableStore;
  runner: CommandRunner;
  lab: LabSession;
  trees: TreeRefresher;
  gatewaysView: vscode.TreeView<TreeNode>;
  log: vscode.LogOutputChannel;
  prompts: Prompts;
  /** Device configurations checked against connections, carried into every diagnosed snapshot. */
  checkedConfigs?: CheckedDeviceConfigs;
  /** Opens the Route Path panel of a path traced on `snapshot` and resolves to the path it shows. */
  showRoutePath(ids: { sourceId: SourceId; from: string; to: string }, snapshot: NetworkSnapshot): Promise<RoutePathResult | undefined>;
}

export interface DiagnosticsApi {
  readonly service: DiagnosticsService;
  readonly provider: DiagnosticsProvider;
  /**
   * Reads Azure again if its findings are shown (the Refresh command): the lab's findings follow
   * every lab change, Azure's only an explicit request, since each read is slow. Never rejects.
   */
  refreshAzure(): Promise<void>;
}

async function openMarkdown(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
}

function gatewayIdFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const ref = (arg as Partial<TreeNode> | undefined)?.ref;
  return ref && (ref.kind === 'gateway' || ref.kind === 'instance' || ref.kind === 'bgpPeer' || ref.kind === 'folder') ? ref.gatewayId : undefined;
}

export function registerDiagnostics(deps: DiagnosticsDeps): DiagnosticsApi {
  const { store, runner, lab, trees, gatewaysView, log, prompts } = deps;
  const service = store.add(new DiagnosticsService(lab, log, deps.azureSource, deps.onDidChangeAzure, deps.checkedConfigs));
  const provider = store.add(new DiagnosticsProvider());
  const view = store.add(vscode.window.createTreeView(DIAGNOSTICS_VIEW, { treeDataProvider: provider, showCollapseAll: true }));
  const render = (): void => {
    provider.setRoots(buildDiagnosticsTree(service.state));
    const c = service.findings;
    const errors = c.filter((f) => f.severity === 'error').length;
    view.badge = errors > 0 ? { value: errors, tooltip: `${errors} error finding(s)` } : undefined;
    // What the findings describe and when (Azure results age until read again).
    const state = service.state;
    view.description = state.kind === 'ready' ? state.subject : undefined;
  };
  store.add(service.onDidChange(render));
  render();
  void service.refresh();

  const requireReady = async (): Promise<{ subject: string; findings: readonly Finding[]; snapshot?: NetworkSnapshot }> => {
    const state: DiagnosticsState = await service.refresh();
    if (state.kind === 'noData') throw new UserFacingError('Nothing to diagnose: start a lab scenario, or sign in to Azure and run Diagnose All.');
    if (state.kind === 'failed') throw new UserFacingError(state.message);
    // The report's "Data:" line names one snapshot; with lab and Azure together the subject says both.
    const only = state.results.length === 1 ? state.results[0]!.source : undefined;
    const snapshot = only === SourceId.lab ? service.snapshot : only === SourceId.azure ? service.azure?.snapshot : undefined;
    return { subject: state.subject, findings: service.findings, snapshot };
  };

  const diagnoseAzureWithProgress = (): Thenable<unknown> =>
    vscode.window.withProgress(
      { location: { viewId: DIAGNOSTICS_VIEW }, title: 'Reading BGP peers and routes from Azure', cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await service.diagnoseAzure(abort.signal);
        } catch (error) {
          // Cancelled by the user: the command runner ends quietly instead of showing "aborted".
          if (token.isCancellationRequested) throw new vscode.CancellationError();
          throw error;
        } finally {
          sub.dispose();
        }
      },
    );

  /** The snapshot a command works on: the lab's, Azure's (collected now), or the user's choice when both exist. */
  const pickSnapshot = async (purpose: string, only?: SourceId): Promise<NetworkSnapshot | undefined> => {
    await service.refresh();
    const labSnap = service.snapshot;
    const choices = [
      ...(labSnap && only !== SourceId.azure ? [{ label: 'Lab', description: 'current lab state', id: SourceId.lab }] : []),
      ...(service.hasAzure && only !== SourceId.lab ? [{ label: 'Azure', description: 'reads every gateway now', id: SourceId.azure }] : []),
    ];
    if (choices.length === 0) throw new UserFacingError('Nothing to diagnose: start a lab scenario or sign in to Azure.');
    const choice = choices.length === 1 ? choices[0] : await prompts.showQuickPick(choices, { placeHolder: purpose });
    if (!choice) return undefined;
    if (choice.id === SourceId.lab) return labSnap;
    await diagnoseAzureWithProgress();
    return service.azure?.snapshot;
  };

  runner.register(CommandId.diagnoseAll, async () => {
    if (service.hasAzure) {
      try {
        await diagnoseAzureWithProgress();
      } catch (error) {
        // Azure unreadable (network, permissions): the lab's findings are still worth showing.
        if (error instanceof vscode.CancellationError || !lab.controller) throw error;
        log.warn(`Diagnose All: Azure not read: ${errorMessage(error)}`);
        void vscode.window.showWarningMessage(`Gateway Lens: Azure could not be read (${errorMessage(error)}); showing the lab's findings.`);
      }
    }
    const { findings } = await requireReady();
    await vscode.commands.executeCommand(`${DIAGNOSTICS_VIEW}.focus`);
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    void vscode.window.showInformationMessage(`Gateway Lens: ${errors} error(s), ${warnings} warning(s), ${findings.length - errors - warnings} informational.`);
    return findings.length;
  });

  runner.register(CommandId.diagnoseGateway, async (arg: unknown) => {
    const ref = (arg as Partial<TreeNode> | undefined)?.ref;
    const sourceId = ref !== undefined && 'sourceId' in ref ? ref.sourceId : undefined;
    let snapshot: NetworkSnapshot | undefined;
    if (sourceId !== undefined && sourceId !== SourceId.lab) {
      await diagnoseAzureWithProgress();
      snapshot = service.azure?.snapshot;
    } else {
      // A lab gateway's context menu needs no "lab or Azure?" question.
      snapshot = await pickSnapshot('Diagnose a gateway of', sourceId === SourceId.lab ? SourceId.lab : undefined);
    }
    if (!snapshot) return undefined;
    const { diagnose, report } = await loadDiagnostics();
    let gatewayId = gatewayIdFromArg(arg);
    if (!gatewayId) {
      const pick = await prompts.showQuickPick(
        snapshot.gateways.map((g) => ({ label: g.gateway.name, description: g.gateway.gatewayType, id: g.gateway.id })),
        { placeHolder: 'Gateway to diagnose' },
      );
      if (!pick) return undefined;
      gatewayId = pick.id;
    }
    const findings = diagnose.diagnose(snapshot, { resourceId: gatewayId });
    await openMarkdown(report.reportMarkdown(findings, { subject: `gateway ${resourceName(gatewayId)}`, snapshot }));
    return findings.length;
  });

  runner.register(CommandId.showFinding, async (id: unknown, source: unknown) => {
    const found = typeof id === 'string' ? service.finding(id, isSourceId(source) ? source : undefined) : undefined;
    if (!found) throw new UserFacingError('That finding no longer applies (the data changed); run Diagnose All again.');
    const { finding } = found;
    // Reveal the first resource the Gateways view shows (sites and VNets are not nodes there).
    const node = findResourceNode(trees.gateways.rootNodes, finding.resources, found.source);
    if (node) await gatewaysView.reveal(node, { select: true, focus: false, expand: true });
    await openMarkdown((await loadDiagnostics()).report.findingMarkdown(finding));
    return node?.id;
  });

  runner.register(CommandId.openReport, async () => {
    const { subject, findings, snapshot } = await requireReady();
    const { report } = await loadDiagnostics();
    await openMarkdown(report.reportMarkdown(findings, { subject, snapshot }));
  });

  runner.register(CommandId.exportReport, async () => {
    const { subject, findings, snapshot } = await requireReady();
    const { report } = await loadDiagnostics();
    const target = await prompts.showSaveDialog({ filters: { Markdown: ['md'] }, saveLabel: 'Export report', title: 'Export Gateway Lens diagnostics report' });
    if (!target) return undefined;
    await writeFileAtomic(target.fsPath, report.reportMarkdown(findings, { subject, snapshot }));
    void vscode.window.showInformationMessage(`Gateway Lens: report written to ${target.fsPath}`);
    return target.fsPath;
  });

  runner.register(CommandId.saveSnapshot, async () => {
    const snapshot = await pickSnapshot('Save a snapshot of');
    if (!snapshot) return undefined;
    const { format } = await loadDiagnostics();
    const target = await prompts.showSaveDialog({ filters: { 'Network snapshot': ['json'] }, saveLabel: 'Save snapshot', title: 'Save network snapshot (for gateway-lab diagnose --snapshot)' });
    if (!target) return undefined;
    await writeFileAtomic(target.fsPath, format.serializeSnapshot(snapshot));
    log.info(`snapshot saved to ${target.fsPath}`);
    void vscode.window.showInformationMessage(`Gateway Lens: snapshot saved to ${target.fsPath}`);
    return target.fsPath;
  });

  runner.register(CommandId.traceRoutePath, async (arg?: unknown) => {
    // A row (VNet, subnet, NIC, gateway, connection) picks its source's snapshot and prefills the ends it implies.
    const ref = routePathRef(arg);
    const snapshot = await pickSnapshot('Trace a route path in', snapshotSourceOf(ref));
    if (!snapshot) return undefined;
    const ends = await askRoutePathEnds(prompts, snapshot, ref);
    if (!ends) return undefined;
    const { from, to } = ends;
    // The address parser (ipaddr.js) stays out of the activation bundle.
    const { parseAddress } = await import(/* webpackChunkName: "routePath" */ '../model/prefix');
    for (const address of [from, to]) {
      try {
        parseAddress(address);
      } catch {
        throw new UserFacingError(`Trace Route Path: "${address}" is not an IPv4 or IPv6 address.`);
      }
    }
    // The Route Path panel traces and shows it (following the lab; Azure: on this read).
    return deps.showRoutePath({ sourceId: snapshot.source, from, to }, snapshot);
  });

  const refreshAzure = async (): Promise<void> => {
    if (!service.azure) return;
    try {
      await diagnoseAzureWithProgress();
    } catch (error) {
      if (error instanceof vscode.CancellationError) return;
      log.warn(`diagnostics: Azure not read again: ${errorMessage(error)}`);
      void vscode.window.showWarningMessage(`Gateway Lens: Azure findings not updated (${errorMessage(error)}).`);
    }
  };

  return { service, provider, refreshAzure };
}
