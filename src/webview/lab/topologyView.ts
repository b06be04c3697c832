// Draws the lab topology as SVG built with DOM APIs: sites and circuits on the left, gateways
// (with their instances) in the middle, VNets on the right. A broken link is dashed, red and
// labelled "✕ <state>", so it reads as broken without colour.
import type { Topology, TopologyLink, TopologyNode } from '../../webviews/protocol/labProtocol';
import { svg } from '../shared/dom';

const WIDTH = 960;
const COL_X = { left: 10, middle: 360, right: 730 };
const BOX_W = { left: 220, middle: 270, right: 220 };
const NODE_H = 48;
const INSTANCE_H = 24;
const GAP = 22;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function column(n: TopologyNode): 'left' | 'middle' | 'right' | undefined {
  return n.kind === 'site' || n.kind === 'circuit' ? 'left' : n.kind === 'gateway' ? 'middle' : n.kind === 'vnet' ? 'right' : undefined;
}

export function renderTopology(topology: Topology): SVGSVGElement {
  const boxes = new Map<string, Box>();
  const instances = (gw: string): TopologyNode[] => topology.nodes.filter((n) => n.kind === 'instance' && n.parent === gw);
  const heights = { left: 10, middle: 10, right: 10 };
  for (const n of topology.nodes) {
    const col = column(n);
    if (!col) continue;
    const h = n.kind === 'gateway' ? NODE_H + instances(n.id).length * (INSTANCE_H + 4) + 4 : NODE_H;
    boxes.set(n.id, { x: COL_X[col], y: heights[col], w: BOX_W[col], h });
    heights[col] += h + GAP;
  }
  const height = Math.max(heights.left, heights.middle, heights.right, 80);
  // Centre the shorter columns against the tallest one.
  for (const col of ['left', 'middle', 'right'] as const) {
    const shift = (height - heights[col]) / 2;
    for (const n of topology.nodes) if (column(n) === col) boxes.get(n.id)!.y += shift;
  }

  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, class: 'topology', role: 'img', width: '100%' });
  const broken = topology.links.filter((l) => !l.up);
  root.setAttribute('aria-label', `Topology: ${topology.nodes.length} elements, ${topology.links.length} links, ${broken.length} broken`);
  const linkLayer = svg('g', { class: 'links' });
  const nodeLayer = svg('g', { class: 'nodes' });
  root.append(linkLayer, nodeLayer);

  const bgpOffsets = new Map<string, number>();
  for (const link of topology.links) {
    const a = boxes.get(link.from);
    const b = boxes.get(link.to);
    if (!a || !b) continue;
    linkLayer.appendChild(drawLink(link, a, b, bgpOffsets));
  }
  for (const n of topology.nodes) {
    const box = boxes.get(n.id);
    if (box) nodeLayer.appendChild(drawNode(n, box, instances(n.id)));
  }
  return root;
}

function drawLink(link: TopologyLink, a: Box, b: Box, bgpOffsets: Map<string, number>): SVGGElement {
  const g = svg('g', { class: `link link-${link.kind} ${link.up ? 'link-up' : 'link-down'}`, 'data-link': link.id });
  const text = `${link.up ? '✓' : '✕'} ${link.label}: ${link.stateText}`;
  g.appendChild(svg('title', {}, text));
  let path: string;
  let lx: number;
  let ly: number;
  if (link.kind === 'bgp') {
    // Two gateways in the same column: an arc on their right side.
    const x = a.x + a.w;
    const y1 = a.y + a.h / 2;
    const y2 = b.y + b.h / 2;
    const bulge = 40 + (bgpOffsets.get(`${a.x}`) ?? 0);
    bgpOffsets.set(`${a.x}`, bulge - 40 + 14);
    path = `M ${x} ${y1} C ${x + bulge} ${y1}, ${x + bulge} ${y2}, ${x} ${y2}`;
    lx = x + bulge * 0.75 + 4;
    ly = (y1 + y2) / 2;
  } else {
    const [l, r] = a.x < b.x ? [a, b] : [b, a];
    const x1 = l.x + l.w;
    const y1 = l.y + Math.min(l.h / 2, NODE_H / 2);
    const x2 = r.x;
    const y2 = r.y + Math.min(r.h / 2, NODE_H / 2);
    path = `M ${x1} ${y1} C ${(x1 + x2) / 2} ${y1}, ${(x1 + x2) / 2} ${y2}, ${x2} ${y2}`;
    lx = (x1 + x2) / 2;
    ly = (y1 + y2) / 2 - 6;
  }
  g.appendChild(svg('path', { d: path, class: 'link-line' }));
  const label = svg('text', { x: lx, y: ly, class: 'link-label', 'text-anchor': link.kind === 'bgp' ? 'start' : 'middle' }, text);
  g.appendChild(label);
  return g;
}

function drawNode(n: TopologyNode, box: Box, instances: TopologyNode[]): SVGGElement {
  const g = svg('g', { class: `node node-${n.kind} health-${n.health}`, 'data-node': n.id });
  g.appendChild(svg('title', {}, `${n.label} (${n.kind}): ${n.detail}; ${n.healthText}`));
  g.appendChild(svg('rect', { x: box.x, y: box.y, width: box.w, height: box.h, rx: 4, class: 'node-box' }));
  const icon = { site: '🏢', circuit: '⇄', gateway: '⛩', vnet: '☁', instance: '' }[n.kind];
  g.appendChild(svg('text', { x: box.x + 8, y: box.y + 18, class: 'node-label' }, `${icon} ${clip(n.label, 30)}`));
  const healthMark = n.health === 'ok' ? '' : n.health === 'down' ? '✕ ' : '⚠ ';
  const second = n.kind === 'gateway' ? `${healthMark}${n.healthText}` : n.detail;
  g.appendChild(svg('text', { x: box.x + 8, y: box.y + 36, class: 'node-detail' }, clip(second, 42)));
  if (n.kind === 'gateway') {
    g.appendChild(svg('text', { x: box.x + box.w - 8, y: box.y + 18, class: 'node-detail', 'text-anchor': 'end' }, clip(n.detail, 30)));
    instances.forEach((inst, i) => {
      const y = box.y + NODE_H + i * (INSTANCE_H + 4);
      const ig = svg('g', { class: `node node-instance health-${inst.health}`, 'data-node': inst.id });
      ig.appendChild(svg('title', {}, `${inst.label}: ${inst.detail}`));
      ig.appendChild(svg('rect', { x: box.x + 8, y, width: box.w - 16, height: INSTANCE_H, rx: 3, class: 'node-box' }));
      const mark = inst.health === 'down' ? '✕ ' : inst.health === 'degraded' ? '⚠ ' : '';
      ig.appendChild(svg('text', { x: box.x + 14, y: y + 16, class: 'node-detail' }, clip(`${mark}${inst.label} · ${inst.detail}`, 44)));
      g.appendChild(ig);
    });
  }
  return g;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
