// The Timeline panel (host side): one gateway's history (lab or Azure, through the same Monitor
// client), classified events with their raw rows, lanes, log counts and metrics; range presets,
// zoom, CSV/JSON export. A lab timeline follows the running lab (throttled).
import * as vscode from 'vscode';
import type { GatewayDataSource } from '../../azure/gatewayDataSource';
import type { LabEndpointInfo } from '../../azure/armGatewayDataSource';
import type { DisposableStore } from '../../host/disposables';
import type { Prompts } from '../../host/prompts';
import { PanelHost, PanelRegistry, adoptRestoredPanel, createWebviewPanel, registerPanelKind, type PanelHostDeps, type PanelKind } from '../panelHost';
import { TIMELINE_VIEW_TYPE, parseTimelineMessage, type RangePreset, type TimelinePanelData, type TimelineToHost } from '../protocol/timelineProtocol';
import { parseResourceId } from '../../model/resourceIds';
import { SourceId } from '../../model/sourceId';
import { LOG_COLUMNS, type GatewayLogRow } from '../../model/gatewayHistory';
import { writeFileAtomic } from '../bgpTable/atomicWrite';
import { csvField } from '../bgpTable/tableExport';
import { safeFileName } from '../bgpTable/bgpTablePanel';

export interface TimelinePanelDeps extends PanelHostDeps {
  getDataSource(sourceId: string): GatewayDataSource | undefined;
  /** Save dialogs go through the extension's prompts (tests replace them). */
  prompts: Prompts;
}

const KIND: PanelKind<TimelineToHost> = {
  viewType: TIMELINE_VIEW_TYPE,
  bundle: 'timeline',
  title: 'Gateway Timeline',
  logName: 'Timeline panel',
  parse: parseTimelineMessage,
  redrawMs: 2000,
  redrawWhenShown: true,
};

const PRESET_MS: Record<Exclude<RangePreset, 'run'>, number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };
export const LAB_HISTORY_NOTE = 'Lab history: the lab writes these rows as Azure would; the message text is the lab\'s model (Azure documents columns and operation names, not the text).';

export class TimelinePanel extends PanelHost<TimelineToHost> {
  private static readonly registry = new PanelRegistry<TimelinePanel>();
  private preset: RangePreset = 'run';
  private zoom: { from: string; to: string } | null = null;
  private last: { data: TimelinePanelData; rows: GatewayLogRow[] } | undefined;

  static createOrShow(deps: TimelinePanelDeps, sourceId: string, gatewayId: string): TimelinePanel {
    const key = `${sourceId}|${gatewayId.toLowerCase()}`;
    return TimelinePanel.registry.reveal(key) ?? new TimelinePanel(createWebviewPanel(KIND, deps), deps, sourceId, gatewayId);
  }

  static register(store: DisposableStore, deps: TimelinePanelDeps): void {
    registerPanelKind(store, KIND.viewType, TimelinePanel.registry, (panel, state) => {
      const s = state as { sourceId?: unknown; gatewayId?: unknown } | undefined;
      if (typeof s?.sourceId === 'string' && typeof s.gatewayId === 'string') new TimelinePanel(adoptRestoredPanel(panel, deps), deps, s.sourceId, s.gatewayId);
      else panel.dispose();
    });
  }

  static all(): TimelinePanel[] {
    return TimelinePanel.registry.all();
  }

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly timelineDeps: TimelinePanelDeps,
    readonly sourceId: string,
    readonly gatewayId: string,
  ) {
    super(panel, timelineDeps, KIND, TimelinePanel.registry, `${sourceId}|${gatewayId.toLowerCase()}`);
    panel.title = `Timeline: ${parseResourceId(gatewayId)?.name ?? gatewayId}`;
    if (sourceId === SourceId.lab) this.followLabLifecycle();
  }

  protected async onMessage(m: TimelineToHost): Promise<void> {
    switch (m.type) {
      case 'ready':
        await this.redraw();
        break;
      case 'range':
        this.preset = m.preset;
        this.zoom = null;
        await this.redraw();
        break;
      case 'zoom':
        this.zoom = { from: m.from, to: m.to };
        await this.redraw();
        break;
      case 'unzoom':
        this.zoom = null;
        await this.redraw();
        break;
      case 'export':
        await this.export(m.format);
        break;
      case 'rendered':
        this.deps.observer?.(this, { kind: 'rendered', events: m.events });
        break;
    }
  }

  private labEndpoint(): LabEndpointInfo | undefined {
    const source = this.timelineDeps.getDataSource(this.sourceId) as (GatewayDataSource & { labEndpoint?: LabEndpointInfo }) | undefined;
    return source?.labEndpoint;
  }

  protected async redraw(): Promise<void> {
    if (this.isDisposed || !this.isReady) return;
    if (this.sourceId === SourceId.lab) this.followLab();
    const endpoint = this.labEndpoint();
    if (!endpoint) {
      this.post({ type: 'message', text: this.sourceId === SourceId.lab ? 'The lab is not running: start a scenario to see its timeline.' : 'The Timeline reads Azure gateways through Azure Monitor; this build opens it for lab gateways (Azure: not yet wired to sign-in).' });
      return;
    }
    const [{ GatewayHistoryClient }, { readGatewayTimeline }, { StaticTokenCredential }, { historyLanes }] = await Promise.all([
      import(/* webpackChunkName: "history" */ '../../azure/history/gatewayHistoryClient'),
      import(/* webpackChunkName: "history" */ '../../azure/history/gatewayTimeline'),
      import(/* webpackChunkName: "history" */ '../../azure/staticTokenCredential'),
      import(/* webpackChunkName: "history" */ '../../diagnostics/history/historyLanes'),
    ]);
    const client = new GatewayHistoryClient({ armEndpoint: endpoint.baseUrl, logsEndpoint: `${endpoint.baseUrl}/loganalytics/v1`, metricsEndpoint: endpoint.baseUrl, credential: new StaticTokenCredential(endpoint.token), retry: { maxRetries: 2, retryDelayInMs: 50, maxRetryDelayInMs: 500 } });
    const lab = this.timelineDeps.getLabController();
    const nowMs = lab ? Date.parse(lab.snapshot().takenAt) : Date.now();
    const runStart = lab ? nowMs - Math.round(lab.timeSeconds * 1000) : nowMs - 3_600_000;
    const from = new Date(this.preset === 'run' ? runStart : nowMs - PRESET_MS[this.preset]);
    const to = new Date(Math.max(nowMs, from.getTime() + 60_000));
    const zoom = this.zoom ? { from: new Date(this.zoom.from), to: new Date(this.zoom.to) } : undefined;
    const t = await readGatewayTimeline(client, { gatewayId: this.gatewayId, from, to, ...(zoom ? { zoom } : {}) });
    const rows = t.logs?.rows ?? [];
    const viewFrom = (zoom?.from ?? from).toISOString();
    const viewTo = (zoom?.to ?? to).toISOString();
    const totals = new Map<string, number>();
    for (const b of t.bins?.bins ?? []) totals.set(b.start, (totals.get(b.start) ?? 0) + b.count);
    const data: TimelinePanelData = {
      gateway: parseResourceId(this.gatewayId)?.name ?? this.gatewayId,
      gatewayId: this.gatewayId,
      source: this.sourceId,
      preset: this.preset,
      from: from.toISOString(),
      to: to.toISOString(),
      zoom: this.zoom,
      events: t.events.map((e) => ({ kind: e.kind, at: e.at, title: e.title, ...(e.fromInstance ? { fromInstance: e.fromInstance } : {}), ...(e.toInstance ? { toInstance: e.toInstance } : {}), ...(e.gapSeconds !== undefined ? { gapSeconds: e.gapSeconds } : {}), rows: e.rows.map((i) => rows[i]!).filter((r) => r !== undefined) })),
      lanes: historyLanes(rows, viewFrom, viewTo),
      bins: [...totals].map(([start, count]) => ({ start, count })).sort((a, b) => (a.start < b.start ? -1 : 1)),
      binSeconds: t.bins?.binSeconds ?? 0,
      metrics: t.metrics,
      activity: t.activity,
      problems: t.problems.map((p) => `${p.part}: ${p.message}`),
      note: this.sourceId === SourceId.lab ? LAB_HISTORY_NOTE : '',
    };
    this.last = { data, rows };
    this.deps.observer?.(this, { kind: 'pushed' });
    this.post({ type: 'timeline', data });
  }

  private async export(format: 'csv' | 'json'): Promise<void> {
    const last = this.last;
    if (!last) return;
    const target = await this.timelineDeps.prompts.showSaveDialog({ defaultUri: vscode.Uri.file(`${safeFileName(`${last.data.gateway}-timeline`)}.${format}`), filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] } });
    if (!target) return;
    const content =
      format === 'json'
        ? JSON.stringify({ gateway: last.data.gateway, from: last.data.from, to: last.data.to, events: last.data.events.map(({ rows: _r, ...e }) => e), rows: last.rows, activity: last.data.activity }, null, 2)
        : [LOG_COLUMNS.join(','), ...last.rows.map((r) => LOG_COLUMNS.map((c) => csvField(r[c] ?? '')).join(','))].join('\r\n');
    await writeFileAtomic(target.fsPath, content);
  }
}
