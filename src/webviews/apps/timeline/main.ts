// The Timeline panel's webview: range presets, classified events (Enter or click shows their raw
// rows; "Zoom" narrows to them), lanes per instance / tunnel / BGP peer, log counts and metrics as
// small charts (Chart.js draws on canvas, no inline styles or eval, so it runs under the strict CSP),
// the Activity Log, problems, CSV/JSON export. Every value is set as text.
import { Chart, LineController, LineElement, PointElement, LinearScale, CategoryScale, BarController, BarElement, Tooltip } from 'chart.js';
import type { HostToTimeline, TimelineEventView, TimelinePanelData, TimelineToHost } from '../../protocol/timelineProtocol';
import { HostBridge } from '../shared/hostBridge';
import { el, svg } from '../shared/dom';

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
  private data: TimelinePanelData | undefined;

  constructor() {
    this.bridge = new HostBridge((m) => this.onMessage(m));
    document.body.classList.add('timeline-panel');
    for (const [preset, label] of [['run', 'Whole run'], ['hour', 'Last hour'], ['day', 'Last day'], ['week', 'Last week']] as const) {
      const b = el('button', { text: label, attrs: { type: 'button', 'data-preset': preset } });
      b.addEventListener('click', () => this.send({ type: 'range', preset }));
      this.range.append(b);
    }
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
    this.problems.replaceChildren(...d.problems.map((p) => el('li', { className: 'warning', text: p })));
    this.renderEvents(d);
    this.renderLanes(d);
    this.renderCharts(d);
    this.activity.replaceChildren(...(d.activity.length ? d.activity.map((a) => el('li', { text: `${shortTime(a.eventTimestamp)}  ${a.operationName}  ${a.status}  by ${a.caller}` })) : [el('li', { className: 'muted', text: 'No control-plane operations in this range.' })]));
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
      el('table', { className: 'rows-table' }, [el('thead', {}, [el('tr', {}, cols.map((c) => el('th', { text: c, attrs: { scope: 'col' } })))]), el('tbody', {}, e.rows.map((r) => el('tr', {}, cols.map((c) => el('td', { text: String(r[c] ?? '') })))))]),
    );
  }

  private renderLanes(d: TimelinePanelData): void {
    const from = Date.parse(d.zoom?.from ?? d.from);
    const to = Date.parse(d.zoom?.to ?? d.to);
    const width = 800;
    const labelW = 220;
    const rowH = 18;
    const x = (iso: string): number => labelW + ((Date.parse(iso) - from) / Math.max(1, to - from)) * (width - labelW);
    const root = svg('svg', { width, height: Math.max(1, d.lanes.length) * rowH + 4, role: 'img', 'aria-label': 'Lanes: instance roles, tunnels and BGP sessions over time' });
    d.lanes.forEach((lane, i) => {
      const y = i * rowH + 2;
      const label = svg('text', { x: 0, y: y + 12, class: 'lane-label' });
      label.textContent = lane.label;
      root.append(label);
      for (const s of lane.segments) {
        const rect = svg('rect', { x: x(s.from), y, width: Math.max(1, x(s.to) - x(s.from)), height: rowH - 4, class: `seg seg-${s.state}` });
        const tip = svg('title', {});
        tip.textContent = `${lane.label}: ${s.state} ${shortTime(s.from)} – ${shortTime(s.to)}`;
        rect.append(tip);
        root.append(rect);
      }
    });
    this.lanes.replaceChildren(d.lanes.length ? root : el('p', { className: 'muted', text: 'No tunnel, role or BGP rows in this window.' }));
  }

  private renderCharts(d: TimelinePanelData): void {
    for (const c of this.chartObjects) c.destroy();
    this.chartObjects = [];
    const fg = cssVar('--vscode-foreground', '#888');
    const accent = cssVar('--vscode-charts-blue', '#3794ff');
    const add = (title: string, labels: string[], values: (number | null)[], type: 'bar' | 'line'): void => {
      const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': title, width: '400', height: '120' } });
      this.charts.append(el('figure', {}, [canvas, el('figcaption', { text: title })]));
      this.chartObjects.push(
        new Chart(canvas, {
          type,
          data: { labels, datasets: [{ label: title, data: values, borderColor: accent, backgroundColor: accent, pointRadius: 0 }] },
          options: { animation: false, responsive: false, plugins: { tooltip: { enabled: true } }, scales: { x: { ticks: { color: fg, maxTicksLimit: 6 } }, y: { ticks: { color: fg }, beginAtZero: true } } },
        }),
      );
    };
    this.charts.replaceChildren();
    if (d.bins.length) add(`Log rows per ${d.binSeconds} s (counted by Log Analytics)`, d.bins.map((b) => shortTime(b.start)), d.bins.map((b) => b.count), 'bar');
    for (const m of d.metrics.slice(0, 8)) {
      add(`${m.name} ${Object.values(m.dimensions).join(' ')}`, m.points.map((p) => shortTime(p.timeStamp)), m.points.map((p) => p.value), 'line');
    }
  }
}

new TimelineApp();
