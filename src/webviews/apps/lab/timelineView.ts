// Draws the lab timeline as an SVG chart: one lane per instance, tunnel, BGP session and probe,
// coloured by state with the state's name printed in the segment, and fault markers as
// labelled vertical lines.
import type { LabTimeline } from '../../../model/labTimeline';
import { svg } from '../shared/dom';
import { buildLanes, formatSeconds, tickStep } from './timelineLanes';

const WIDTH = 960;
const LABEL_W = 200;
const LANE_H = 18;
const LANE_GAP = 4;
const GROUP_H = 18;
const TOP = 34;

export function renderTimeline(timeline: LabTimeline, now: number, connectionGateways: Readonly<Record<string, string>> = {}): SVGSVGElement {
  const lanes = buildLanes(timeline, now, connectionGateways);
  const start = timeline.samples[0]?.t ?? 0;
  const end = Math.max(now, start + 1);
  const chartW = WIDTH - LABEL_W - 10;
  const x = (t: number): number => LABEL_W + ((t - start) / (end - start)) * chartW;

  let y = TOP;
  const rows: { lane: (typeof lanes)[number]; y: number }[] = [];
  const groups: { name: string; y: number }[] = [];
  let group = '';
  for (const lane of lanes) {
    if (lane.group !== group) {
      group = lane.group;
      groups.push({ name: group, y });
      y += GROUP_H;
    }
    rows.push({ lane, y });
    y += LANE_H + LANE_GAP;
  }
  const height = y + 22;
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, class: 'timeline', role: 'img', width: '100%' });
  root.setAttribute('aria-label', `Timeline from ${formatSeconds(start)} to ${formatSeconds(now)}: ${lanes.length} lanes, ${timeline.faults.length} faults`);

  const step = tickStep(end - start);
  const axis = svg('g', { class: 'axis' });
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
    axis.appendChild(svg('line', { x1: x(t), x2: x(t), y1: TOP - 4, y2: height - 18, class: 'grid-line' }));
    axis.appendChild(svg('text', { x: x(t), y: height - 4, 'text-anchor': 'middle', class: 'axis-label' }, formatSeconds(t)));
  }
  root.appendChild(axis);

  for (const g of groups) root.appendChild(svg('text', { x: 4, y: g.y + 13, class: 'group-label' }, g.name));
  for (const { lane, y: ly } of rows) {
    const g = svg('g', { class: 'lane' });
    g.appendChild(svg('text', { x: 12, y: ly + 13, class: 'lane-label' }, clip(lane.label, 28)));
    for (const seg of lane.segments) {
      const x1 = x(seg.from);
      const w = Math.max(1, x(seg.to) - x1);
      const s = svg('g', { class: `segment tone-${seg.tone}` });
      s.appendChild(svg('title', {}, `${lane.label}: ${seg.text} (${formatSeconds(seg.from)}–${formatSeconds(seg.to)})`));
      s.appendChild(svg('rect', { x: x1, y: ly, width: w, height: LANE_H, class: 'segment-box' }));
      // The state's words go in the bar when they fit; the title has them in any case.
      if (w > seg.text.length * 6 + 6) s.appendChild(svg('text', { x: x1 + 4, y: ly + 13, class: 'segment-label' }, seg.text));
      g.appendChild(s);
    }
    root.appendChild(g);
  }

  timeline.faults.forEach((f, i) => {
    if (f.t < start || f.t > end) return;
    const g = svg('g', { class: 'fault-marker' });
    g.appendChild(svg('title', {}, `${formatSeconds(f.t)} ${f.label}`));
    g.appendChild(svg('line', { x1: x(f.t), x2: x(f.t), y1: 6 + (i % 2) * 12, y2: height - 18, class: 'fault-line' }));
    g.appendChild(svg('text', { x: x(f.t) + 3, y: 14 + (i % 2) * 12, class: 'fault-label' }, `⚡ ${clip(f.label, 40)}`));
    root.appendChild(g);
  });
  root.appendChild(svg('line', { x1: x(now), x2: x(now), y1: TOP - 4, y2: height - 18, class: 'now-line' }));
  return root;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
