// The timeline chart both the Lab panel and the Timeline panel draw: lanes (instances, tunnels,
// BGP peers, probes) as SVG segments coloured by tone with the state's words printed in them,
// fault markers and classified events as labelled vertical lines, and, for the lab, a time cursor
// (a slider: drag it, or arrows / PageUp / PageDown / Home / End; Enter goes there) with the
// markers as jump targets and previous / next event / live buttons. The chart only reports what
// the user asked for (TravelActions); the host moves the lab and the next drawing puts the cursor
// at the snapshot's own time.
import { el, svg } from '../../shared/dom';
import { cursorAfterKey, cursorStepMs } from './timeCursor';
import type { Tone } from './labLanes';

export interface ChartSegment {
  from: number;
  to: number;
  text: string;
  tone: Tone;
}

export interface ChartLane {
  group: string;
  label: string;
  segments: ChartSegment[];
}

export interface ChartMarker {
  atMs: number;
  label: string;
  /** A lab fault or a classified event (failover, flap, ...). */
  kind: 'fault' | 'event';
}

export interface LaneChartModel {
  /** Chart times are milliseconds on one axis (the lab's virtual ms, or epoch ms). */
  startMs: number;
  endMs: number;
  lanes: ChartLane[];
  markers: ChartMarker[];
  /** Axis and tooltip text for a time. */
  format(ms: number): string;
  /** A vertical "now" line (the live end of a running lab). */
  nowMs?: number;
  /** Lab time travel: the moment shown (the snapshot's time) and whether it is live. */
  travel?: { cursorMs: number; live: boolean };
  ariaLabel: string;
}

export interface TravelActions {
  /** Chart ms of the moment asked for. */
  goTo(atMs: number): void;
  step(direction: 'next' | 'previous'): void;
  live(): void;
}

const WIDTH = 960;
const LABEL_W = 200;
const LANE_H = 18;
const LANE_GAP = 4;
const GROUP_H = 18;
const TOP = 34;

/** Round tick spacing (ms) for a span, about `target` ticks. */
export function tickStepMs(spanMs: number, target = 8): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400].map((s) => s * 1000);
  return steps.find((s) => spanMs / s <= target) ?? 7 * 86_400_000;
}

const BUSY = 'cursor-busy';

/** True while the user drags or steps the cursor of a chart inside `container` (a redraw would undo the move). */
export function isCursorBusy(container: Element): boolean {
  return container.querySelector(`.${BUSY}`) !== null;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The chart (and, with `travel`, its time-travel bar); `actions` hears the user's moves. */
export function renderLaneChart(model: LaneChartModel, actions?: TravelActions): HTMLElement {
  const start = model.startMs;
  const end = Math.max(model.endMs, start + 1);
  const chartW = WIDTH - LABEL_W - 10;
  const x = (t: number): number => LABEL_W + ((Math.min(end, Math.max(start, t)) - start) / (end - start)) * chartW;
  const timeAt = (px: number): number => start + ((Math.min(LABEL_W + chartW, Math.max(LABEL_W, px)) - LABEL_W) / chartW) * (end - start);

  let y = TOP;
  const rows: { lane: ChartLane; y: number }[] = [];
  const groups: { name: string; y: number }[] = [];
  let group = '';
  for (const lane of model.lanes) {
    if (lane.group !== group) {
      group = lane.group;
      groups.push({ name: group, y });
      y += GROUP_H;
    }
    rows.push({ lane, y });
    y += LANE_H + LANE_GAP;
  }
  const height = y + 22;
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, class: 'timeline', role: 'group', width: '100%' });
  root.setAttribute('aria-label', model.ariaLabel);

  const step = tickStepMs(end - start);
  const axis = svg('g', { class: 'axis', 'aria-hidden': 'true' });
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
    axis.appendChild(svg('line', { x1: x(t), x2: x(t), y1: TOP - 4, y2: height - 18, class: 'grid-line' }));
    axis.appendChild(svg('text', { x: x(t), y: height - 4, 'text-anchor': 'middle', class: 'axis-label' }, model.format(t)));
  }
  root.appendChild(axis);

  for (const g of groups) root.appendChild(svg('text', { x: 4, y: g.y + 13, class: 'group-label' }, g.name));
  for (const { lane, y: ly } of rows) {
    const g = svg('g', { class: 'lane' });
    g.appendChild(svg('text', { x: 12, y: ly + 13, class: 'lane-label' }, clip(lane.label, 28)));
    for (const seg of lane.segments) {
      if (seg.to < start || seg.from > end) continue;
      const x1 = x(seg.from);
      const w = Math.max(1, x(seg.to) - x1);
      const s = svg('g', { class: `segment tone-${seg.tone}` });
      s.appendChild(svg('title', {}, `${lane.label}: ${seg.text} (${model.format(seg.from)}–${model.format(seg.to)})`));
      s.appendChild(svg('rect', { x: x1, y: ly, width: w, height: LANE_H, class: 'segment-box' }));
      // The state's words go in the bar when they fit; the title has them in any case.
      if (w > seg.text.length * 6 + 6) s.appendChild(svg('text', { x: x1 + 4, y: ly + 13, class: 'segment-label' }, seg.text));
      g.appendChild(s);
    }
    root.appendChild(g);
  }

  const travel = model.travel && actions ? { ...model.travel, actions } : undefined;
  model.markers.forEach((m, i) => {
    if (m.atMs < start || m.atMs > end) return;
    const g = svg('g', { class: m.kind === 'fault' ? 'fault-marker' : 'event-marker', 'data-at': m.atMs });
    g.appendChild(svg('title', {}, `${model.format(m.atMs)} ${m.label}`));
    g.appendChild(svg('line', { x1: x(m.atMs), x2: x(m.atMs), y1: 6 + (i % 2) * 12, y2: height - 18, class: m.kind === 'fault' ? 'fault-line' : 'event-line' }));
    g.appendChild(svg('text', { x: x(m.atMs) + 3, y: 14 + (i % 2) * 12, class: m.kind === 'fault' ? 'fault-label' : 'event-label' }, `${m.kind === 'fault' ? '⚡' : '◆'} ${clip(m.label, 40)}`));
    if (travel) {
      // A jump target: focusable, Enter/Space or a click goes to its moment.
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', `Go to ${m.label} at ${model.format(m.atMs)}`);
      g.classList.add('jump-target');
      const go = (): void => travel.actions.goTo(m.atMs);
      g.addEventListener('click', go);
      g.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          go();
        }
      });
    }
    root.appendChild(g);
  });
  if (model.nowMs !== undefined && !travel) root.appendChild(svg('line', { x1: x(model.nowMs), x2: x(model.nowMs), y1: TOP - 4, y2: height - 18, class: 'now-line' }));

  if (!travel) return el('div', { className: 'lane-chart' }, [root]);

  // The cursor: a slider over the chart. It moves locally while dragged or stepped; the moment is
  // asked for when the drag ends or after keys settle, and the next drawing shows the lab's time.
  let cursorMs = Math.min(end, Math.max(start, travel.cursorMs));
  const line = svg('line', { x1: x(cursorMs), x2: x(cursorMs), y1: TOP - 8, y2: height - 18, class: 'cursor-line' });
  const handle = svg('rect', { x: x(cursorMs) - 5, y: TOP - 16, width: 10, height: 10, class: 'cursor-handle' });
  const cursor = svg('g', { class: `time-cursor${travel.live ? ' live' : ''}`, tabindex: '0', role: 'slider', 'aria-orientation': 'horizontal', 'aria-label': 'Moment shown (lab time travel)', 'aria-valuemin': start, 'aria-valuemax': end, id: 'time-cursor' });
  cursor.append(line, handle);
  const place = (ms: number): void => {
    cursorMs = Math.min(end, Math.max(start, ms));
    line.setAttribute('x1', String(x(cursorMs)));
    line.setAttribute('x2', String(x(cursorMs)));
    handle.setAttribute('x', String(x(cursorMs) - 5));
    cursor.setAttribute('aria-valuenow', String(Math.round(cursorMs)));
    cursor.setAttribute('aria-valuetext', `${model.format(cursorMs)}${cursorMs === travel.cursorMs && travel.live ? ' (live)' : ''}`);
  };
  place(cursorMs);
  let pending: ReturnType<typeof setTimeout> | undefined;
  const ask = (delayMs: number): void => {
    if (pending !== undefined) clearTimeout(pending);
    root.classList.add(BUSY);
    pending = setTimeout(() => {
      pending = undefined;
      root.classList.remove(BUSY);
      travel.actions.goTo(Math.round(cursorMs));
    }, delayMs);
  };
  const stepMs = cursorStepMs(end - start);
  cursor.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      ask(0);
      return;
    }
    const next = cursorAfterKey(e.key, e.shiftKey, cursorMs, start, end, stepMs);
    if (next === undefined) return;
    e.preventDefault();
    place(next);
    // Holding an arrow key asks once the keys settle, not at every step.
    ask(250);
  });
  let dragging = false;
  const pointerMs = (e: PointerEvent): number => {
    const box = root.getBoundingClientRect();
    return timeAt(((e.clientX - box.left) / Math.max(1, box.width)) * WIDTH);
  };
  root.addEventListener('pointerdown', (e) => {
    if ((e.target as Element).closest('.jump-target')) return;
    const px = ((e.clientX - root.getBoundingClientRect().left) / Math.max(1, root.getBoundingClientRect().width)) * WIDTH;
    if (px < LABEL_W) return;
    dragging = true;
    root.classList.add(BUSY);
    root.setPointerCapture?.(e.pointerId);
    place(pointerMs(e));
    (cursor as unknown as HTMLElement).focus?.();
  });
  root.addEventListener('pointermove', (e) => {
    if (dragging) place(pointerMs(e));
  });
  const drop = (e: PointerEvent): void => {
    if (!dragging) return;
    dragging = false;
    place(pointerMs(e));
    ask(0);
  };
  root.addEventListener('pointerup', drop);
  root.addEventListener('pointercancel', () => {
    dragging = false;
    root.classList.remove(BUSY);
  });
  root.appendChild(cursor);

  const button = (text: string, id: string, label: string, run: () => void): HTMLButtonElement => {
    const b = el('button', { text, attrs: { type: 'button', id, 'aria-label': label } });
    b.addEventListener('click', run);
    return b;
  };
  const bar = el('div', { className: 'toolbar travel-bar', attrs: { role: 'toolbar', 'aria-label': 'Lab time travel' } }, [
    button('◀ Previous event', 'travel-previous', 'Step to the previous event', () => travel.actions.step('previous')),
    button('Next event ▶', 'travel-next', 'Step to the next event', () => travel.actions.step('next')),
    button('● Live', 'travel-live', 'Back to live', () => travel.actions.live()),
    el('span', { className: 'travel-moment', text: travel.live ? `Live: ${model.format(travel.cursorMs)}` : `Showing ${model.format(travel.cursorMs)} (past)`, attrs: { id: 'travel-moment', role: 'status' } }),
  ]);
  return el('div', { className: 'lane-chart' }, [bar, root]);
}
