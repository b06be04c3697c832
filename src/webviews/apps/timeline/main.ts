// The Timeline panel's webview: range presets, classified events (Enter or click shows their raw
// rows; "Zoom" narrows to them), lanes per instance / tunnel / BGP peer, log counts and metrics as
// small charts (Chart.js draws on canvas, no inline styles or eval, so it runs under the strict CSP),
// the Activity Log, problems, CSV/JSON export. Every value is set as text.
import { Chart, LineController, LineElement, PointElement, LinearScale, CategoryScale, BarController, BarElement, Tooltip } from 'chart.js';
import type { HostToTimeline, TimelineEventView, TimelinePanelData, TimelineToHost } from '../../protocol/timelineProtocol';
import { HostBridge } from '../shared/hostBridge';
import { el } from '../shared/dom';
import { isCursorBusy, renderLaneChart, type ChartLane, type ChartMarker, type LaneChartModel } from '../shared/timeline/laneChart';
import { parseCustomRange, toInputValue } from '../shared/timeline/customRange';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, BarController, BarElement, Tooltip);

interface TimelineUiState {
  sourceId: string;
  gatewayId: string;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function shortTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
}

const TONES = { up: 'ok', primary: 'ok', standby: 'standby', down: 'bad' } as const;
const GROUPS = { instance: 'Instances', tunnel: 'Tunnels', bgp: 'BGP peers' } as const;

/** The Timeline panel's data as the shared lane chart draws it (epoch ms on the axis). */
export function timelineChartModel(d: TimelinePanelData): LaneChartModel {
  const startMs = Date.parse(d.zoom?.from ?? d.from);
  const endMs = Date.parse(d.zoom?.to ?? d.to);
  const lanes: ChartLane[] = d.lanes.map((l) => ({ group: GROUPS[l.kind], label: l.label, segments: l.segments.map((s) => ({ from: Date.parse(s.from), to: Date.parse(s.to), text: s.state, tone: TONES[s.state] })) }));
  const travel = d.travel;
  const markers: ChartMarker[] = [
    ...(travel?.faults ?? []).map((f) => ({ atMs: travel!.originMs + f.atMs, label: f.label, kind: 'fault' as const })),
    ...d.events.map((e) => ({ atMs: Date.parse(e.at), label: `${e.kind}: ${e.title}`, kind: 'event' as const })),
  ];
  return {
    startMs,
    endMs,
    lanes,
    markers,
    format: (ms) => (endMs - startMs <= 86_400_000 ? new Date(ms).toISOString().slice(11, 19) : shortTime(new Date(ms).toISOString()).slice(5, 16)),
    ...(travel ? { travel: { cursorMs: travel.originMs + travel.atMs, live: travel.live } } : {}),
    ariaLabel: `Lanes from ${shortTime(d.zoom?.from ?? d.from)} to ${shortTime(d.zoom?.to ?? d.to)}: ${lanes.length} lanes, ${markers.length} markers`,
  };
}

class TimelineApp {
  private readonly bridge: HostBridge<TimelineUiState, never, never, HostToTimeline>;
  private readonly title = el('h1', { className: 'title', text: 'Timeline' });
  private readonly range = el('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Time range' } });
  private readonly message = el('div', { className: 'status', attrs: { id: 'timeline-message', role: 'status' } });
  private readonly problems = el('ul', { className: 'problems', attrs: { id: 'timeline-problems', 'aria-label': 'What could not be read' } });
  private readonly events = el('tbody', { attrs: { id: 'timeline-events' } });
  private readonly detail = el('div', { attrs: { id: 'timeline-detail', 'aria-live': 'polite' } });
  private readonly lanes = el('div', { className: 'diagram', attrs: { id: 'timeline-lanes' } });
  private readonly charts = el('div', { className: 'charts', attrs: { id: 'timeline-charts' } });
  private readonly activity = el('ul', { attrs: { id: 'timeline-activity' } });
  private readonly note = el('p', { className: 'muted', attrs: { id: 'timeline-note' } });
  private chartObjects: Chart[] = [];
  private fromInput: HTMLInputElement | undefined;
  private toInput: HTMLInputElement | undefined;
  private data: TimelinePanelData | undefined;

  constructor() {
    this.bridge = new HostBridge((m) => this.onMessage(m));
    document.body.classList.add('timeline-panel');
    for (const [preset, label] of [['run', 'Whole run'], ['hour', 'Last hour'], ['day', 'Last day'], ['week', 'Last week']] as const) {
      const b = el('button', { text: label, attrs: { type: 'button', 'data-preset': preset } });
      b.addEventListener('click', () => this.send({ type: 'range', preset }));
      this.range.append(b);
    }
    // Custom range: two UTC date-time fields, checked here (the error names the field) and again by the host.
    const fromInput = el('input', { attrs: { type: 'datetime-local', id: 'range-from', 'aria-label': 'From (UTC)', 'aria-describedby': 'range-error' } });
    const toInput = el('input', { attrs: { type: 'datetime-local', id: 'range-to', 'aria-label': 'To (UTC)', 'aria-describedby': 'range-error' } });
    const apply = el('button', { text: 'Apply range', attrs: { type: 'button', id: 'range-apply', 'data-preset': 'custom' } });
    const rangeError = el('span', { className: 'range-error', attrs: { id: 'range-error', role: 'alert' } });
    const applyCustom = (): void => {
      const r = parseCustomRange(fromInput.value, toInput.value, Date.now());
      for (const i of [fromInput, toInput]) i.removeAttribute('aria-invalid');
      if (!r.ok) {
        rangeError.textContent = r.error;
        const bad = r.field === 'from' ? fromInput : toInput;
        bad.setAttribute('aria-invalid', 'true');
        bad.focus();
        return;
      }
      rangeError.textContent = '';
      this.send({ type: 'customRange', from: r.from, to: r.to });
    };
    apply.addEventListener('click', applyCustom);
    for (const i of [fromInput, toInput]) i.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        applyCustom();
      }
    });
    this.fromInput = fromInput;
    this.toInput = toInput;
    this.range.append(el('label', { text: 'From (UTC) ', attrs: { for: 'range-from' } }), fromInput, el('label', { text: 'To (UTC) ', attrs: { for: 'range-to' } }), toInput, apply, rangeError);
    const unzoom = el('button', { text: 'Reset zoom', attrs: { type: 'button', id: 'timeline-unzoom' } });
    unzoom.addEventListener('click', () => this.send({ type: 'unzoom' }));
    const csv = el('button', { text: 'Export CSV', attrs: { type: 'button' } });
    csv.addEventListener('click', () => this.send({ type: 'export', format: 'csv' }));
    const json = el('button', { text: 'Export JSON', attrs: { type: 'button' } });
    json.addEventListener('click', () => this.send({ type: 'export', format: 'json' }));
    this.range.append(unzoom, csv, json);
    const head = el('tr', {}, ['Time', 'Event', 'From → to', 'Gap', ''].map((h) => el('th', { text: h, attrs: { scope: 'col' } })));
    document.body.append(
      el('header', { className: 'header' }, [this.title]),
      this.range,
      this.message,
      this.problems,
      el('section', { attrs: { 'aria-labelledby': 'h-events' } }, [el('h2', { text: 'Events', attrs: { id: 'h-events' } }), el('table', { className: 'failover-table' }, [el('thead', {}, [head]), this.events]), this.detail]),
      el('section', { attrs: { 'aria-labelledby': 'h-lanes' } }, [el('h2', { text: 'Lanes', attrs: { id: 'h-lanes' } }), this.lanes]),
      el('section', { attrs: { 'aria-labelledby': 'h-charts' } }, [el('h2', { text: 'Log counts and metrics', attrs: { id: 'h-charts' } }), this.charts]),
      el('section', { attrs: { 'aria-labelledby': 'h-activity' } }, [el('h2', { text: 'Activity Log', attrs: { id: 'h-activity' } }), this.activity]),
      this.note,
    );
    document.addEventListener('keydown', (e) => this.onKey(e));
    this.bridge.ready();
  }

  private send(m: TimelineToHost): void {
    this.bridge.send(m);
  }

  private onMessage(m: HostToTimeline): void {
    if (m.type === 'message') {
      this.message.textContent = m.text;
      this.message.hidden = false;
      return;
    }
    if (m.type === 'timeline') this.render(m.data);
  }

  private onKey(e: KeyboardEvent): void {
    const rows = [...this.events.querySelectorAll('tr')];
    const i = rows.indexOf(document.activeElement as HTMLTableRowElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const next = rows[Math.max(0, Math.min(rows.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
      next?.focus();
      e.preventDefault();
    } else if (e.key === 'Escape' && this.data?.zoom) {
      this.send({ type: 'unzoom' });
    }
  }

  private render(d: TimelinePanelData): void {
    this.data = d;
    this.bridge.saveState({ sourceId: d.source, gatewayId: d.gatewayId });
    this.message.hidden = true;
    this.title.textContent = `Timeline: ${d.gateway}`;
    for (const b of this.range.querySelectorAll('button[data-preset]')) b.setAttribute('aria-pressed', String(b.getAttribute('data-preset') === d.preset));
    // The fields show the range drawn, unless the user is typing in them.
    if (this.fromInput && document.activeElement !== this.fromInput && document.activeElement !== this.toInput) {
      this.fromInput.value = toInputValue(d.from);
      if (this.toInput) this.toInput.value = toInputValue(d.to);
    }
    this.problems.replaceChildren(...d.problems.map((p) => el('li', { className: 'warning', text: p })));
    this.renderEvents(d);
    this.renderLanes(d);
    this.renderCharts(d);
    this.activity.replaceChildren(...(d.activity.length ? d.activity.map((a) => el('li', { text: `${shortTime(a.eventTimestamp)}  ${resourcePath(a.resourceId)}  ${a.operationName}  ${a.status}  by ${a.caller}` })) : [el('li', { className: 'muted', text: 'No control-plane operations in this range.' })]));
    this.note.textContent = `${d.note} Range ${shortTime(d.from)} – ${shortTime(d.to)}${d.zoom ? `, zoomed to ${shortTime(d.zoom.from)} – ${shortTime(d.zoom.to)}` : ''}.`;
    // Cells joined with " | " (a row's textContent would run the gap into the Zoom button's label).
    this.send({ type: 'rendered', events: [...this.events.querySelectorAll('tr')].map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent ?? '').join(' | ')) });
  }

  private renderEvents(d: TimelinePanelData): void {
    if (d.events.length === 0) {
      this.events.replaceChildren(el('tr', {}, [el('td', { className: 'muted', text: d.zoom || d.preset !== 'run' ? 'No events in this window.' : 'No events.', attrs: { colspan: '5' } })]));
      return;
    }
    this.events.replaceChildren(
      ...d.events.map((e) => {
        const zoom = el('button', { text: 'Zoom', attrs: { type: 'button', 'aria-label': `Zoom to ${e.kind} at ${shortTime(e.at)}` } });
        zoom.addEventListener('click', (ev) => {
          ev.stopPropagation();
          const at = Date.parse(e.at);
          this.send({ type: 'zoom', from: new Date(at - 120_000).toISOString(), to: new Date(at + 300_000).toISOString() });
        });
        const row = el('tr', { className: `event event-${e.kind}`, attrs: { tabindex: '0', 'data-kind': e.kind } }, [
          el('td', { text: shortTime(e.at) }),
          el('td', { text: `${e.kind}: ${e.title}` }),
          el('td', { text: e.fromInstance ? `${e.fromInstance} → ${e.toInstance ?? '?'}` : '' }),
          el('td', { text: e.gapSeconds === undefined ? '' : e.gapSeconds === null ? 'open' : `${e.gapSeconds} s` }),
          el('td', {}, [zoom]),
        ]);
        const show = (): void => this.showRows(e);
        row.addEventListener('click', show);
        row.addEventListener('keydown', (k) => {
          if (k.key === 'Enter' || k.key === ' ') {
            show();
            k.preventDefault();
          }
        });
        return row;
      }),
    );
  }

  private showRows(e: TimelineEventView): void {
    const cols = ['TimeGenerated', 'Category', 'OperationName', 'instance_s', 'remoteIP_s', 'Message'] as const;
    this.detail.replaceChildren(
      el('h3', { text: `Raw rows of ${e.kind} at ${shortTime(e.at)}` }),
      // An Activity Log event has no log rows: the resource, who changed it and how it ended.
      ...(e.resourceId !== undefined ? [el('p', { className: 'activity-detail', text: `${e.resourceId} · ${e.status ?? ''} · by ${e.caller ?? ''}` })] : []),
      el('table', { className: 'rows-table' }, [el('thead', {}, [el('tr', {}, cols.map((c) => el('th', { text: c, attrs: { scope: 'col' } })))]), el('tbody', {}, e.rows.map((r) => el('tr', {}, cols.map((c) => el('td', { text: String(r[c] ?? '') })))))]),
    );
  }

  private renderLanes(d: TimelinePanelData): void {
    if (isCursorBusy(this.lanes)) return;
    const focused = document.activeElement?.id;
    const model = timelineChartModel(d);
    const travel = d.travel;
    this.lanes.replaceChildren(
      d.lanes.length || travel
        ? renderLaneChart(
            model,
            travel
              ? {
                  goTo: (chartMs) => this.send({ type: 'timeTravel', action: 'goTo', atMs: Math.max(0, Math.round(chartMs - travel.originMs)) }),
                  step: (direction) => this.send({ type: 'timeTravel', action: direction }),
                  live: () => this.send({ type: 'timeTravel', action: 'live' }),
                }
              : undefined,
          )
        : el('p', { className: 'muted', text: 'No tunnel, role or BGP rows in this window.' }),
    );
    if (focused) document.getElementById(focused)?.focus();
  }

  private renderCharts(d: TimelinePanelData): void {
    for (const c of this.chartObjects) c.destroy();
    this.chartObjects = [];
    const fg = cssVar('--vscode-foreground', '#888');
    const accent = cssVar('--vscode-charts-blue', '#3794ff');
    const add = (title: string, labels: string[], values: (number | null)[], type: 'bar' | 'line', onPick?: (index: number) => void): void => {
      const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': title, width: '400', height: '120' } });
      this.charts.append(el('figure', {}, [canvas, el('figcaption', { text: title })]));
      this.chartObjects.push(
        new Chart(canvas, {
          type,
          data: { labels, datasets: [{ label: title, data: values, borderColor: accent, backgroundColor: accent, pointRadius: 0 }] },
          options: {
            animation: false,
            responsive: false,
            plugins: { tooltip: { enabled: true } },
            scales: { x: { ticks: { color: fg, maxTicksLimit: 6 } }, y: { ticks: { color: fg }, beginAtZero: true } },
            ...(onPick ? { onClick: (_e: unknown, elements: { index: number }[]) => elements[0] && onPick(elements[0].index) } : {}),
          },
        }),
      );
    };
    this.charts.replaceChildren();
    // A bar is a bin Log Analytics counted; clicking it zooms there, where the raw rows are read.
    const zoomToBin = (i: number): void => {
      const bin = d.bins[i];
      if (bin && d.binSeconds > 0) this.send({ type: 'zoom', from: new Date(Date.parse(bin.start)).toISOString(), to: new Date(Date.parse(bin.start) + d.binSeconds * 1000).toISOString() });
    };
    if (d.bins.length) add(`Log rows per ${d.binSeconds} s (counted by Log Analytics; click a bar to zoom into it)`, d.bins.map((b) => shortTime(b.start)), d.bins.map((b) => b.count), 'bar', zoomToBin);
    for (const m of d.metrics.slice(0, 8)) {
      add(`${m.name} ${Object.values(m.dimensions).join(' ')}`, m.points.map((p) => shortTime(p.timeStamp)), m.points.map((p) => p.value), 'line');
    }
  }
}

new TimelineApp();

/** "routeTables/GatewaySubnet-rt/routes/r1" from an ARM id: the part after the provider, readable in a list. */
function resourcePath(id: string): string {
  const parts = id.split('/');
  const p = parts.findIndex((x) => x.toLowerCase() === 'providers');
  return p >= 0 ? parts.slice(p + 2).join('/') : id;
}
