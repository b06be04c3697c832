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
import type { HistoryAccess } from '../../azure/history/historyAccess';
import type { LabController } from '../../engine/labApi';
import { runTimeTravel } from '../timeTravel/labTimeTravel';
import { shownMoment } from '../timeTravel/shownMoment';

export interface TimelinePanelDeps extends PanelHostDeps {
  getDataSource(sourceId: string): GatewayDataSource | undefined;
  /** Save dialogs go through the extension's prompts (tests replace them). */
  prompts: Prompts;
  /** The signed-in source's endpoint and credential for its history (Azure); undefined when not signed in. */
  getHistoryAccess(sourceId: string): HistoryAccess | undefined;
  /** A cancellable progress notification for reads that take more than a moment (Azure). */
  progress: TimelineProgress;
}

/** Shows `title` with a Cancel button (aborting `abort`) while `run` runs, once it takes more than a moment. */
export interface TimelineProgress {
  show(title: string, abort: AbortController, run: (signal: AbortSignal) => Promise<void>): Promise<void>;
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

const PRESET_MS: Record<Exclude<RangePreset, 'run' | 'custom'>, number> = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };
export const LAB_HISTORY_NOTE = 'Lab history: the lab writes these rows as Azure would; the message text is the lab\'s model (Azure documents columns and operation names, not the text).';

export class TimelinePanel extends PanelHost<TimelineToHost> {
  private static readonly registry = new PanelRegistry<TimelinePanel>();
  private preset: RangePreset;
  private custom: { from: string; to: string } | undefined;
  private zoom: { from: string; to: string } | null = null;
  private last: { data: TimelinePanelData; rows: GatewayLogRow[] } | undefined;

  /** `range`: open at that custom range (ISO from/to) instead of the default one. */
  static createOrShow(deps: TimelinePanelDeps, sourceId: string, gatewayId: string, range?: { from: string; to: string }): TimelinePanel {
    const key = `${sourceId}|${gatewayId.toLowerCase()}`;
    const existing = TimelinePanel.registry.reveal(key);
    const panel = existing ?? new TimelinePanel(createWebviewPanel(KIND, deps), deps, sourceId, gatewayId);
    if (range) {
      panel.preset = 'custom';
      panel.custom = range;
      panel.zoom = null;
      if (existing) void panel.redraw();
    }
    return panel;
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
    // A lab run is minutes long: the whole run; an Azure gateway: the last day.
    this.preset = sourceId === SourceId.lab ? 'run' : 'day';
    if (sourceId === SourceId.lab) this.followLab();
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
      case 'customRange':
        this.preset = 'custom';
        this.custom = { from: m.from, to: m.to };
        this.zoom = null;
        await this.redraw();
        break;
      case 'timeTravel':
        if (this.sourceId === SourceId.lab) await runTimeTravel(m, this.deps.log);
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

  /** The redraw under way; a newer one (or closing the panel) cancels it. */
  private reading: AbortController | undefined;

  override dispose(): void {
    this.reading?.abort();
    super.dispose();
  }

  protected async redraw(): Promise<void> {
    if (this.isDisposed || !this.isReady) return;
    const isLab = this.sourceId === SourceId.lab;
    const lab = isLab ? this.deps.getLabController() : undefined;
    let access: HistoryAccess | undefined;
    if (isLab) {
      const endpoint = this.labEndpoint();
      if (endpoint) {
        const { StaticTokenCredential } = await import(/* webpackChunkName: "history" */ '../../azure/staticTokenCredential');
        access = { armEndpoint: endpoint.baseUrl, credential: new StaticTokenCredential(endpoint.token) };
      }
    } else {
      access = this.timelineDeps.getHistoryAccess(this.sourceId);
    }
    if (!access) {
      this.post({ type: 'message', text: isLab ? 'The lab is not running: start a scenario to see its timeline.' : 'Not signed in to Azure: run "Gateway Lens: Sign in to Azure", then open the Timeline again.' });
      return;
    }
    this.reading?.abort();
    const abort = new AbortController();
    this.reading = abort;
    const read = (signal: AbortSignal): Promise<void> => this.read(access, lab, signal);
    try {
      if (isLab) await read(abort.signal);
      else {
        this.post({ type: 'message', text: `Reading the history of ${parseResourceId(this.gatewayId)?.name ?? this.gatewayId} from Azure Monitor…` });
        await this.timelineDeps.progress.show(`Gateway Lens: reading the history of ${parseResourceId(this.gatewayId)?.name ?? this.gatewayId}`, abort, read);
      }
    } catch (err) {
      if (abort.signal.aborted) {
        if (this.reading === abort) this.post({ type: 'message', text: 'Cancelled: choose a range to read again.' });
        return;
      }
      const text = err instanceof Error ? err.message : String(err);
      this.deps.log.error(`Timeline panel: ${text}`);
      this.post({ type: 'message', text: `Could not read the history: ${text}` });
    } finally {
      if (this.reading === abort) this.reading = undefined;
    }
  }

  /** The range asked for, in epoch ms: lab times come from the lab's own clock. */
  private range(nowMs: number, runStartMs: number): { from: number; to: number } {
    if (this.preset === 'custom' && this.custom) return { from: Date.parse(this.custom.from), to: Date.parse(this.custom.to) };
    const preset = this.preset === 'custom' ? 'day' : this.preset;
    const from = preset === 'run' ? runStartMs : nowMs - PRESET_MS[preset];
    return { from, to: Math.max(nowMs, from + 60_000) };
  }

  private async read(access: HistoryAccess, lab: LabController | undefined, signal: AbortSignal): Promise<void> {
    const [{ GatewayHistoryClient }, { readGatewayTimeline }, { historyClientOptions }, { historyLanes }, { readTimelineRelatedIds }] = await Promise.all([
      import(/* webpackChunkName: "history" */ '../../azure/history/gatewayHistoryClient'),
      import(/* webpackChunkName: "history" */ '../../azure/history/gatewayTimeline'),
      import(/* webpackChunkName: "history" */ '../../azure/history/historyAccess'),
      import(/* webpackChunkName: "history" */ '../../diagnostics/history/historyLanes'),
      import(/* webpackChunkName: "history" */ '../../azure/history/timelineResources'),
    ]);
    // The Activity Log of the gateway's connections, local network gateways and VNet route tables
    // too, found through the same data source (lab or Azure); if that read fails, the gateway's own still shows.
    const source = this.timelineDeps.getDataSource(this.sourceId);
    const related = source
      ? await readTimelineRelatedIds(source, this.gatewayId, signal).catch((err: unknown) => ({ ids: [] as string[], problems: [`related resources not read (only the gateway's Activity Log is shown): ${err instanceof Error ? err.message : String(err)}`] }))
      : { ids: [] as string[], problems: [] as string[] };
    // Azure serves metrics per region: the gateway's location chooses the host.
    const location = access.cloud ? ((await this.timelineDeps.getDataSource(this.sourceId)?.listGateways(signal))?.find((g) => g.id.toLowerCase() === this.gatewayId.toLowerCase())?.location ?? '') : '';
    const client = new GatewayHistoryClient(historyClientOptions(access, location, access.cloud ? undefined : { maxRetries: 2, retryDelayInMs: 50, maxRetryDelayInMs: 500 }));
    let travel: TimelinePanelData['travel'];
    let nowMs = Date.now();
    let runStart = nowMs - 3_600_000;
    if (lab) {
      const moment = shownMoment(lab);
      // The snapshot's time is the moment shown; the run's origin is that time less the moment.
      const originMs = Date.parse(lab.snapshot().takenAt) - moment.atMs;
      nowMs = originMs + moment.liveMs;
      runStart = originMs;
      travel = { originMs, atMs: moment.atMs, liveMs: moment.liveMs, live: moment.live, faults: lab.timeline().faults.map((f) => ({ atMs: Math.round(f.t * 1000), label: f.label })) };
    }
    const range = this.range(nowMs, runStart);
    const from = new Date(range.from);
    const to = new Date(range.to);
    const zoom = this.zoom ? { from: new Date(this.zoom.from), to: new Date(this.zoom.to) } : undefined;
    const t = await readGatewayTimeline(client, { gatewayId: this.gatewayId, relatedIds: related.ids, from, to, ...(zoom ? { zoom } : {}) }, signal);
    if (signal.aborted || this.isDisposed) return;
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
      events: t.events.map((e) => ({
        kind: e.kind,
        at: e.at,
        title: e.title,
        ...(e.fromInstance ? { fromInstance: e.fromInstance } : {}),
        ...(e.toInstance ? { toInstance: e.toInstance } : {}),
        ...(e.gapSeconds !== undefined ? { gapSeconds: e.gapSeconds } : {}),
        ...(e.resourceId !== undefined ? { resourceId: e.resourceId, resource: e.resource ?? '', caller: e.caller ?? '', status: e.status ?? 'Succeeded' } : {}),
        rows: e.rows.map((i) => rows[i]!).filter((r) => r !== undefined),
      })),
      lanes: historyLanes(rows, viewFrom, viewTo),
      bins: [...totals].map(([start, count]) => ({ start, count })).sort((a, b) => (a.start < b.start ? -1 : 1)),
      binSeconds: t.bins?.binSeconds ?? 0,
      metrics: t.metrics,
      activity: t.activity,
      problems: [...t.problems.map((p) => `${p.part}: ${p.message}`), ...related.problems.map((p) => `activity: ${p}`)],
      note: lab ? LAB_HISTORY_NOTE : '',
      ...(travel ? { travel } : {}),
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
