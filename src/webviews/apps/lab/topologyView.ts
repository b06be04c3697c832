// Draws the lab topology as SVG built with DOM APIs: sites and circuits on the left, gateways
// (with their instances) in the middle, VNets on the right. A broken link is dashed, red and
// labelled "✕ <state>", so it reads as broken without colour.
import type { Topology, TopologyLink, TopologyNode } from '../../protocol/labProtocol';
import { svg } from '../shared/dom';

const WIDTH = 960;
// Wide gaps between the columns leave room for the link labels.
const COL_X = { left: 10, middle: 380, right: 780 };
const BOX_W = { left: 190, middle: 240, right: 170 };
const NODE_H = 48;
const GATEWAY_HEAD = 62;
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
    const h = n.kind === 'gateway' ? GATEWAY_HEAD + instances(n.id).length * (INSTANCE_H + 4) + 4 : NODE_H;
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
    ly = (y1 + y2) / 2 - 8;
  }
  g.appendChild(svg('path', { d: path, class: 'link-line' }));
  // Attachments never break and their words would sit on the BGP arc's: hover gives them.
  if (link.kind === 'attachment') return g;
  // Two short lines (name, then state) fit between the columns.
  const anchor = link.kind === 'bgp' ? 'start' : 'middle';
  g.appendChild(svg('text', { x: lx, y: ly - 6, class: 'link-label', 'text-anchor': anchor }, `${link.up ? '✓' : '✕'} ${clip(link.label, 28)}`));
  g.appendChild(svg('text', { x: lx, y: ly + 7, class: 'link-label link-state', 'text-anchor': anchor }, clip(link.stateText, 32)));
  return g;
}

function drawNode(n: TopologyNode, box: Box, instances: TopologyNode[]): SVGGElement {
  const g = svg('g', { class: `node node-${n.kind} health-${n.health}`, 'data-node': n.id });
  g.appendChild(svg('title', {}, `${n.label} (${n.kind}): ${n.detail}; ${n.healthText}`));
  g.appendChild(svg('rect', { x: box.x, y: box.y, width: box.w, height: box.h, rx: 4, class: 'node-box' }));
  g.appendChild(svg('text', { x: box.x + 8, y: box.y + 18, class: 'node-label' }, clip(n.label, 28)));
  const healthMark = n.health === 'ok' ? '' : n.health === 'down' ? '✕ ' : '⚠ ';
  g.appendChild(svg('text', { x: box.x + 8, y: box.y + 35, class: 'node-detail' }, clip(n.detail, 38)));
  if (n.kind === 'gateway') {
    g.appendChild(svg('text', { x: box.x + 8, y: box.y + 52, class: 'node-detail node-health' }, clip(`${healthMark}${n.healthText}`, 38)));
    instances.forEach((inst, i) => {
      const y = box.y + GATEWAY_HEAD + i * (INSTANCE_H + 4);
      const ig = svg('g', { class: `node node-instance health-${inst.health}`, 'data-node': inst.id });
      ig.appendChild(svg('title', {}, `${inst.label}: ${inst.detail}`));
      ig.appendChild(svg('rect', { x: box.x + 8, y, width: box.w - 16, height: INSTANCE_H, rx: 3, class: 'node-box' }));
      const mark = inst.health === 'down' ? '✕ ' : inst.health === 'degraded' ? '⚠ ' : '';
      ig.appendChild(svg('text', { x: box.x + 14, y: y + 16, class: 'node-detail' }, clip(`${mark}${inst.label} · ${inst.detail}`, 40)));
      g.appendChild(ig);
    });
  }
  return g;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
