// The BGP table panel (host side): one panel per gateway, restored after a reload by its
// serializer, fed by BgpTableData, live-updated from the lab. Every webview message passes
// parseBgpTableMessage first; anything else is logged and ignored.
import * as vscode from 'vscode';
import type { GatewayDataSource } from '../../azure/gatewayDataSource';
import { idKey } from '../../model/armShapes';
import { COLUMNS, TAB_LABELS, type BgpTab } from '../protocol/bgpTableColumns';
import {
  BGP_TABLE_VIEW_TYPE,
  parseBgpTableMessage,
  parseBgpTableState,
  type BgpTableContext,
  type BgpTableReveal,
  type BgpTableRequest,
  type BgpTableResult,
  type BgpTableToHost,
  type HostToBgpTable,
} from '../protocol/bgpTableProtocol';
import { describe } from '../protocol/guards';
import type { DisposableStore } from '../../host/disposables';
import { PanelHost, PanelRegistry, adoptRestoredPanel, createWebviewPanel, registerPanelKind, type PanelHostDeps, type PanelKind } from '../panelHost';
import { BgpTableData } from './bgpTableData';
import { rowToTsv, rowsToCsv, rowsToJson } from './tableExport';
import { writeFileAtomic } from './atomicWrite';
import type { Prompts } from '../../host/prompts';
import { SourceId } from '../../model/sourceId';

export interface BgpTablePanelDeps extends PanelHostDeps {
  /** The data source with this id ("lab", "azure"), starting it if needed; undefined if unknown. */
  getDataSource(sourceId: string): Promise<GatewayDataSource | undefined>;
  /** Asks where to save exports. */
  prompts: Pick<Prompts, 'showSaveDialog'>;
}

const KIND: PanelKind<BgpTableToHost> = {
  viewType: BGP_TABLE_VIEW_TYPE,
  bundle: 'bgpTable',
  title: 'BGP table',
  logName: 'BGP table panel',
  parse: parseBgpTableMessage,
  // Lab changes may come every 250 ms (the session's debounce): the table reloads at most this often.
  redrawMs: 500,
  // The webview reloads its table itself when shown again ("ready" brings the context back).
  redrawWhenShown: false,
};

export class BgpTablePanel extends PanelHost<BgpTableToHost> {
  static readonly viewType = BGP_TABLE_VIEW_TYPE;
  private static readonly registry = new PanelRegistry<BgpTablePanel>();

  private data: BgpTableData | undefined;
  private context: BgpTableContext | undefined;
  /** Why the last context could not be sent, if it could not. */
  private contextError: string | undefined;
  /** The table the webview shows, refreshed on lab changes. */
  private watched: { tab: BgpTab; peer: string } | undefined;
  private pendingReveal: BgpTableReveal | undefined;

  /** Opens (or reveals) the panel of a gateway. */
  static async createOrShow(deps: BgpTablePanelDeps, sourceId: string, gatewayId: string, column?: vscode.ViewColumn): Promise<BgpTablePanel> {
    return BgpTablePanel.registry.reveal(panelKey(sourceId, gatewayId)) ?? new BgpTablePanel(createWebviewPanel(KIND, deps, column), deps, sourceId, gatewayId);
  }

  /** Rebuilds a panel VS Code restored after a reload, from the state its webview saved. */
  static revive(panel: vscode.WebviewPanel, deps: BgpTablePanelDeps, state: unknown): BgpTablePanel | undefined {
    const parsed = parseBgpTableState(state);
    if (!parsed.ok) {
      deps.log.warn(`BGP table panel not restored: ${parsed.error}`);
      panel.dispose();
      return undefined;
    }
    const existing = BgpTablePanel.registry.reveal(panelKey(parsed.value.sourceId, parsed.value.gatewayId));
    if (existing) {
      panel.dispose();
      return existing;
    }
    return new BgpTablePanel(adoptRestoredPanel(panel, deps), deps, parsed.value.sourceId, parsed.value.gatewayId);
  }

  /** Registers the serializer in the extension's store. */
  static register(store: DisposableStore, deps: BgpTablePanelDeps): void {
    registerPanelKind(store, KIND.viewType, BgpTablePanel.registry, (panel, state) => void BgpTablePanel.revive(panel, deps, state));
  }

  /** The table the webview last loaded (tab and advertised-routes peer): "Copy az CLI Command" copies the command for it. */
  get shownTable(): { tab: BgpTab; peer: string } | undefined {
    return this.watched;
  }

  /** Open panels, for tests and for disposing at deactivation. */
  static all(): BgpTablePanel[] {
    return BgpTablePanel.registry.all();
  }

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly tableDeps: BgpTablePanelDeps,
    readonly sourceId: string,
    readonly gatewayId: string,
  ) {
    super(panel, tableDeps, KIND, BgpTablePanel.registry, panelKey(sourceId, gatewayId));
    // A lab table follows the lab from the start: live updates, and a table restored after a
    // reload before the lab runs appears once it does (see redraw).
    if (sourceId === SourceId.lab) this.followLab();
  }

  /**
   * Shows a tab with a row filtered and selected (a route path hop's link). Sent now if the
   * webview is up, else right after its context; the latest reveal wins.
   */
  reveal(target: BgpTableReveal): void {
    this.pendingReveal = target;
    if (this.isReady && this.context && this.panel.visible) this.flushReveal();
  }

  /** Kept until the webview says "revealed": a hidden panel's webview is recreated and says "ready" again. */
  private flushReveal(): void {
    const r = this.pendingReveal;
    if (r) this.post({ type: 'reveal', ...r } satisfies HostToBgpTable);
  }

  protected async onMessage(message: BgpTableToHost): Promise<void> {
    if (message.type === 'ready') {
      await this.sendContext();
      this.flushReveal();
      return;
    }
    if (message.type === 'revealed') {
      this.pendingReveal = undefined;
      this.deps.observer?.(this, { kind: 'revealed', tab: message.tab, shown: message.shown, selected: message.selected });
      return;
    }
    try {
      const result = await this.handle(message.request);
      this.post({ type: 'reply', id: message.id, ok: true, result } satisfies HostToBgpTable);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.deps.log.warn(`BGP table ${message.request.method} failed for ${this.gatewayId}: ${error}`);
      this.post({ type: 'reply', id: message.id, ok: false, error } satisfies HostToBgpTable);
    }
  }

  /** Sent on every "ready": the webview loads again after it was hidden or reloaded. */
  private async sendContext(): Promise<void> {
    try {
      const data = await this.tableData();
      this.context = await data.context();
      this.contextError = undefined;
      this.panel.title = `BGP: ${this.context.gatewayName}`;
      this.post({ type: 'context', context: this.context } satisfies HostToBgpTable);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      // Retried on every lab change until it works (see redraw): logged once per reason.
      if (error !== this.contextError) this.deps.log.error(`BGP table panel for ${this.gatewayId}: ${error}`);
      this.contextError = error;
      this.post({ type: 'error', message: error } satisfies HostToBgpTable);
    }
  }

  private async tableData(): Promise<BgpTableData> {
    const source = await this.tableDeps.getDataSource(this.sourceId);
    if (!source) throw new Error(`data source "${this.sourceId}" is not available`);
    // A lab started again (or another sign-in) brings a new source: read through that one.
    if (this.data?.source !== source) this.data = new BgpTableData(source, this.gatewayId, () => this.deps.getLabController());
    return this.data;
  }

  private async handle(request: BgpTableRequest): Promise<BgpTableResult> {
    const data = await this.tableData();
    switch (request.method) {
      case 'load': {
        if (request.tab === 'effective' && !data.isLab) throw new Error('VNet effective routes are shown for lab gateways only');
        const { data: table, wire } = await data.load(request.tab, request.peer);
        this.watched = { tab: request.tab, peer: request.peer };
        this.deps.observer?.(this, { kind: 'loaded', tab: request.tab, peer: request.peer, rows: table.rows.length, version: table.version });
        return { method: 'load', data: wire };
      }
      case 'export':
        return this.exportRows(data, request);
      case 'copyRow': {
        const table = this.current(data, request.tab, request.peer, request.version);
        const row = table.rows[request.index];
        if (!row) throw new Error(`row ${request.index} does not exist (the table has ${table.rows.length})`);
        await vscode.env.clipboard.writeText(rowToTsv(COLUMNS[request.tab], row));
        return { method: 'copyRow', copied: true };
      }
    }
  }

  /** The cached table the webview's indices refer to; refuses indices of an older version. */
  private current(data: BgpTableData, tab: BgpTab, peer: string, version: number) {
    const table = data.cached(tab, peer);
    if (!table) throw new Error(`${TAB_LABELS[tab]} are not loaded`);
    if (table.version !== version) throw new Error('the table changed while you were looking at it; try again');
    return table;
  }

  private async exportRows(data: BgpTableData, request: Extract<BgpTableRequest, { method: 'export' }>): Promise<BgpTableResult> {
    const table = this.current(data, request.tab, request.peer, request.version);
    const bad = request.order.find((i) => i >= table.rows.length);
    if (bad !== undefined) throw new Error(`row ${bad} does not exist (the table has ${table.rows.length})`);
    const name = this.context?.gatewayName ?? 'gateway';
    const suggested = safeFileName(`${name}-${request.tab}${request.peer ? `-${request.peer}` : ''}.${request.format}`);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await this.tableDeps.prompts.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, suggested) : undefined,
      filters: request.format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      saveLabel: 'Export',
      title: `Export ${TAB_LABELS[request.tab].toLowerCase()} of ${name}`,
    });
    if (!target) return { method: 'export', saved: false, rows: 0 };
    const columns = COLUMNS[request.tab];
    const content =
      request.format === 'csv'
        ? rowsToCsv(columns, table.rows, request.order)
        : rowsToJson(
            { gatewayId: this.gatewayId, gatewayName: name, tab: request.tab, peer: request.peer, exportedAt: new Date().toISOString() },
            columns,
            table.rows,
            request.order,
          );
    if (target.scheme === 'file') await writeFileAtomic(target.fsPath, content);
    else await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    this.deps.log.info(`Exported ${request.order.length} rows of ${request.tab} for ${name} to ${target.toString()}`);
    return { method: 'export', saved: true, path: target.scheme === 'file' ? target.fsPath : target.toString(), rows: request.order.length };
  }

  /** A lab change: reload the shown table and push it if it changed. */
  protected async redraw(): Promise<void> {
    if (this.isDisposed || !this.panel.visible || !this.isReady) return;
    // The context never came (the lab was not running yet): try again now that the lab changed.
    if (!this.context) {
      await this.sendContext();
      return;
    }
    const watched = this.watched;
    if (!watched) return;
    try {
      const data = await this.tableData();
      const { wire, changed } = await data.load(watched.tab, watched.peer);
      if (changed) {
        this.deps.observer?.(this, { kind: 'updated' });
        this.post({ type: 'update', data: wire } satisfies HostToBgpTable);
      }
    } catch (err) {
      this.deps.log.warn(`BGP table live update for ${this.gatewayId}: ${err instanceof Error ? err.message : describe(err)}`);
    }
  }
}

function panelKey(sourceId: string, gatewayId: string): string {
  return `${sourceId}\u0000${idKey(gatewayId)}`;
}

/** A file name from a gateway name that may hold any characters (markup, slashes). */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 120) || 'export';
}
