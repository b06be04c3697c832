// The Route Path panel (host side): one panel per traced path (source, from, to). It traces on
// the lab's current snapshot (again on every lab change, throttled) or on the Azure snapshot the
// command read, asks Network Watcher for the first hop through the ARM client, and posts the
// path with, per hop, where its table row is. Opening a hop's row is done here: the webview
// only names the hop. Export writes the JSON `gateway-lab path --json` prints, or Markdown.
import * as vscode from 'vscode';
import type { GatewayDataSource } from '../../azure/gatewayDataSource';
import type { DisposableStore } from '../../host/disposables';
import type { Prompts } from '../../host/prompts';
import type { NetworkSnapshot } from '../../model/snapshot';
import { SourceId } from '../../model/sourceId';
import type { RoutePathResult } from '../../routePath/routePathTypes';
import type { BgpTableReveal } from '../protocol/bgpTableProtocol';
import { ROUTE_PATH_VIEW_TYPE, parseRoutePathMessage, parseRoutePathState, type HopList, type HostToRoutePath, type RoutePathIds, type RoutePathToHost } from '../protocol/routePathProtocol';
import { PanelHost, PanelRegistry, adoptRestoredPanel, createWebviewPanel, registerPanelKind, type PanelHostDeps, type PanelKind } from '../panelHost';
import { writeFileAtomic } from '../bgpTable/atomicWrite';
import { safeFileName } from '../bgpTable/bgpTablePanel';
import { hopLinks, linkView, type HopLink } from './hopLinks';

export interface RoutePathPanelDeps extends PanelHostDeps {
  /** What to trace on: the lab's snapshot now; Azure's last read (undefined when there is none). */
  snapshotFor(sourceId: string): NetworkSnapshot | undefined;
  /** The ARM data source that asks Network Watcher (the lab's endpoint, or Azure). */
  dataSourceFor(sourceId: string): GatewayDataSource | undefined;
  /** Opens (or reveals) a gateway's BGP table beside this panel. */
  openBgpTable(sourceId: string, gatewayId: string): Promise<{ reveal(target: BgpTableReveal): void }>;
  prompts: Pick<Prompts, 'showSaveDialog'>;
}

const KIND: PanelKind<RoutePathToHost> = {
  viewType: ROUTE_PATH_VIEW_TYPE,
  bundle: 'routePath',
  title: 'Route Path',
  logName: 'Route path panel',
  parse: parseRoutePathMessage,
  // A trace plus a Network Watcher read per redraw: once a second is plenty while a lab runs.
  redrawMs: 1000,
  redrawWhenShown: true,
};

interface Traced {
  result: RoutePathResult;
  notChecked?: string;
  links: { hops: HopLink[]; returnHops: HopLink[] };
}

function keyOf(ids: RoutePathIds): string {
  return `${ids.sourceId}|${ids.from}|${ids.to}`;
}

export class RoutePathPanel extends PanelHost<RoutePathToHost> {
  static readonly viewType = ROUTE_PATH_VIEW_TYPE;
  private static readonly registry = new PanelRegistry<RoutePathPanel>();
  private last: Traced | undefined;
  private tracing: Promise<Traced | undefined> | undefined;
  private readonly abort = new AbortController();
  /** Traces started and the newest one finished: an older trace finishing late never replaces a newer one. */
  private started = 0;
  private finished = 0;

  /** Opens (or reveals) the panel of a path; `snapshot` fixes what it traces on (an Azure read). */
  static createOrShow(deps: RoutePathPanelDeps, ids: RoutePathIds, snapshot?: NetworkSnapshot): RoutePathPanel {
    const existing = RoutePathPanel.registry.reveal(keyOf(ids));
    if (existing) {
      if (snapshot) existing.fixed = snapshot;
      existing.last = undefined;
      void existing.redraw();
      return existing;
    }
    return new RoutePathPanel(createWebviewPanel(KIND, deps), deps, ids, snapshot);
  }

  static register(store: DisposableStore, deps: RoutePathPanelDeps): void {
    registerPanelKind(store, KIND.viewType, RoutePathPanel.registry, (panel, state) => {
      const ids = parseRoutePathState(state);
      if (!ids.ok) {
        deps.log.warn(`Route path panel not restored: ${ids.error}`);
        panel.dispose();
      } else if (RoutePathPanel.registry.reveal(keyOf(ids.value))) panel.dispose();
      else new RoutePathPanel(adoptRestoredPanel(panel, deps), deps, ids.value, undefined);
    });
  }

  static all(): RoutePathPanel[] {
    return RoutePathPanel.registry.all();
  }

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly pathDeps: RoutePathPanelDeps,
    readonly ids: RoutePathIds,
    private fixed: NetworkSnapshot | undefined,
  ) {
    super(panel, pathDeps, KIND, RoutePathPanel.registry, keyOf(ids));
    panel.title = `Route path ${ids.from} → ${ids.to}`;
    if (ids.sourceId === SourceId.lab) this.followLab();
    this.disposables.add({ dispose: () => this.abort.abort() });
  }

  /** The path as last traced (tracing it now if it never was); undefined when there is nothing to trace on. */
  async latest(): Promise<RoutePathResult | undefined> {
    return (this.last ?? (await (this.tracing ?? this.trace())))?.result;
  }

  private get live(): boolean {
    return this.ids.sourceId === SourceId.lab && this.fixed === undefined;
  }

  private trace(): Promise<Traced | undefined> {
    const n = ++this.started;
    const run = (async (): Promise<Traced | undefined> => {
      const snapshot = this.fixed ?? this.pathDeps.snapshotFor(this.ids.sourceId);
      if (!snapshot) return undefined;
      const [{ traceRoutePath }, { checkFirstHop }] = await Promise.all([
        import(/* webpackChunkName: "routePath" */ '../../routePath/traceRoutePath'),
        import(/* webpackChunkName: "azure" */ '../../azure/firstHopReader'),
      ]);
      const traced = traceRoutePath(snapshot, this.ids.from, this.ids.to);
      const { result, notChecked } = await checkFirstHop(this.pathDeps.dataSourceFor(this.ids.sourceId), snapshot, traced, this.abort.signal);
      return { result, ...(notChecked ? { notChecked } : {}), links: hopLinks(result, snapshot, this.ids.sourceId) };
    })();
    this.tracing = run;
    return run.then(
      (t) => {
        if (this.tracing === run) this.tracing = undefined;
        if (!t) return t;
        if (n < this.finished) return this.last;
        this.finished = n;
        this.last = t;
        return t;
      },
      (err: unknown) => {
        if (this.tracing === run) this.tracing = undefined;
        throw err;
      },
    );
  }

  protected async onMessage(m: RoutePathToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
      case 'retrace':
        await this.redraw();
        break;
      case 'openHop':
        await this.openHop(m.list, m.index);
        break;
      case 'export':
        await this.export(m.format);
        break;
      case 'rendered':
        this.deps.observer?.(this, { kind: 'rendered', events: m.hops });
        break;
    }
  }

  protected async redraw(): Promise<void> {
    if (this.isDisposed || !this.isReady) return;
    let traced: Traced | undefined;
    try {
      traced = await this.trace();
    } catch (err) {
      this.show({ type: 'message', text: `The trace failed: ${err instanceof Error ? err.message : String(err)}`, ids: this.ids });
      return;
    }
    if (!traced) {
      this.show({
        type: 'message',
        ids: this.ids,
        text: this.ids.sourceId === SourceId.lab ? 'The lab is not running: start a scenario to trace this path.' : 'No Azure data to trace on (Azure reads are not kept across a reload): run Trace Route Path again.',
      });
      return;
    }
    const label = this.ids.sourceId === SourceId.lab ? 'Lab' : 'Azure';
    const { firstHopLine } = await import(/* webpackChunkName: "routePath" */ '../../routePath/firstHopCheck');
    this.deps.observer?.(this, { kind: 'pushed' });
    this.show({
      type: 'path',
      data: {
        ids: this.ids,
        sourceLabel: label,
        result: traced.result,
        firstHopLine: firstHopLine(traced.result, traced.notChecked),
        links: { hops: traced.links.hops.map(linkView), returnHops: traced.links.returnHops.map(linkView) },
        live: this.live,
      },
    });
  }

  private show(m: HostToRoutePath): void {
    this.post(m);
  }

  /** Opens the table row of hop `index` of `list` (also what tests call through receive()). */
  private async openHop(list: HopList, index: number): Promise<void> {
    const link = this.last?.links[list][index];
    if (!link) {
      this.show({ type: 'status', text: `There is no hop ${index} on the ${list === 'hops' ? 'forward' : 'return'} path.` });
      return;
    }
    if (link.kind === 'none') {
      this.show({ type: 'status', text: `No table for this hop: ${link.reason}.` });
      return;
    }
    if (link.kind === 'document') {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: link.markdown });
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return;
    }
    const table = await this.pathDeps.openBgpTable(link.sourceId, link.gatewayId);
    table.reveal({ tab: link.tab, peer: link.peer, filter: link.filter, lookup: link.lookup });
  }

  private async export(format: 'json' | 'markdown'): Promise<void> {
    const last = this.last;
    if (!last) return;
    const ext = format === 'json' ? 'json' : 'md';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${safeFileName(`route-path-${this.ids.from}-to-${this.ids.to}`)}.${ext}`;
    const target = await this.pathDeps.prompts.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: format === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
      saveLabel: 'Export',
      title: `Export route path ${this.ids.from} → ${this.ids.to}`,
    });
    if (!target) return;
    const { routePathMarkdown } = await import(/* webpackChunkName: "routePath" */ '../../routePath/routePathMarkdown');
    // The same JSON as `gateway-lab path --json`.
    const content = format === 'json' ? JSON.stringify(last.result, null, 2) : routePathMarkdown(last.result, last.notChecked);
    await writeFileAtomic(target.fsPath, content);
    this.show({ type: 'status', text: `Exported to ${target.fsPath}.` });
  }
}
