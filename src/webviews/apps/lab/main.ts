// The Lab panel's webview: scenario status, failover gaps as numbers, the topology diagram and
// the timeline chart, redrawn on each update from the host.
import type { HostToLab, LabPanelData, LabToHost } from '../../protocol/labProtocol';
import { HostBridge } from '../shared/hostBridge';
import { el } from '../shared/dom';
import { renderTopology } from './topologyView';
import { labChartModel } from '../shared/timeline/labChart';
import { isCursorBusy, renderLaneChart } from '../shared/timeline/laneChart';
import { formatSeconds } from '../shared/timeline/labLanes';

interface LabUiState {
  open: true;
}

class LabApp {
  private readonly bridge: HostBridge<LabUiState, never, never, HostToLab>;
  private readonly title = el('h1', { className: 'title', text: 'Lab' });
  private readonly status = el('span', { className: 'subtitle', attrs: { id: 'lab-status' } });
  private readonly message = el('div', { className: 'status', attrs: { id: 'lab-message', role: 'status' } });
  private readonly failovers = el('div', { className: 'failovers', attrs: { id: 'failovers' } });
  private readonly topology = el('div', { className: 'diagram', attrs: { id: 'topology' } });
  private readonly brokenList = el('ul', { className: 'broken-list', attrs: { id: 'broken-links', 'aria-label': 'Broken links' } });
  private readonly timeline = el('div', { className: 'diagram', attrs: { id: 'timeline' } });

  constructor() {
    this.bridge = new HostBridge((m) => this.onMessage(m));
    document.body.classList.add('lab-panel');
    document.body.append(
      el('header', { className: 'header' }, [this.title, this.status]),
      this.message,
      el('section', { attrs: { 'aria-labelledby': 'h-failovers' } }, [el('h2', { text: 'Failover gaps', attrs: { id: 'h-failovers' } }), this.failovers]),
      el('section', { attrs: { 'aria-labelledby': 'h-topology' } }, [el('h2', { text: 'Topology', attrs: { id: 'h-topology' } }), this.topology, this.brokenList]),
      el('section', { attrs: { 'aria-labelledby': 'h-timeline' } }, [el('h2', { text: 'Timeline', attrs: { id: 'h-timeline' } }), this.timeline]),
    );
    this.bridge.saveState({ open: true });
    this.bridge.ready();
  }

  private send(m: LabToHost): void {
    this.bridge.send(m);
  }

  private onMessage(m: HostToLab): void {
    if (m.type === 'noLab') {
      this.title.textContent = 'Lab';
      this.status.textContent = '';
      this.message.textContent = m.message;
      this.message.hidden = false;
      return;
    }
    if (m.type === 'lab') this.render(m.data);
  }

  private render(d: LabPanelData): void {
    this.message.hidden = true;
    this.title.textContent = `Lab: ${d.scenario}`;
    this.status.textContent = `t = ${formatSeconds(d.timeSeconds)} · ${d.paused ? 'paused' : `running at ${d.speed}x`}`;
    this.renderFailovers(d);
    this.topology.replaceChildren(renderTopology(d.topology));
    const broken = d.topology.links.filter((l) => !l.up);
    this.brokenList.replaceChildren(
      ...(broken.length
        ? broken.map((l) => el('li', { className: 'broken', text: `✕ ${l.label}: ${l.stateText}` }))
        : [el('li', { className: 'all-up', text: '✓ All links up' })]),
    );
    // A cursor being dragged or stepped keeps its place until the user lets go (the lab redraws often).
    if (isCursorBusy(this.timeline)) return;
    const focused = document.activeElement?.id;
    this.timeline.replaceChildren(
      renderLaneChart(labChartModel(d), {
        goTo: (atMs) => this.send({ type: 'timeTravel', action: 'goTo', atMs: Math.max(0, Math.round(atMs)) }),
        step: (direction) => this.send({ type: 'timeTravel', action: direction }),
        live: () => this.send({ type: 'timeTravel', action: 'live' }),
      }),
    );
    if (focused) document.getElementById(focused)?.focus();
  }

  private renderFailovers(d: LabPanelData): void {
    if (d.failovers.length === 0) {
      this.failovers.replaceChildren(el('p', { className: 'muted', text: 'No failover yet.' }));
      return;
    }
    const head = el('tr', {}, ['Gateway', 'From → to', 'Fault at', 'Takeover at', 'Traffic back at', 'Gap'].map((h) => el('th', { text: h, attrs: { scope: 'col' } })));
    const rows = d.failovers.map((f) =>
      el('tr', {}, [
        el('td', { text: f.gateway }),
        el('td', { text: `${f.fromInstance ?? '—'} → ${f.toInstance}` }),
        el('td', { text: formatSeconds(f.faultAt) }),
        el('td', { text: formatSeconds(f.takeoverAt) }),
        el('td', { text: f.trafficRestoredAt === null ? 'not yet' : formatSeconds(f.trafficRestoredAt) }),
        el('td', { className: 'gap', text: f.gapSeconds === null ? 'open' : `${f.gapSeconds.toFixed(f.gapSeconds % 1 ? 1 : 0)} s` }),
      ]),
    );
    this.failovers.replaceChildren(el('table', { className: 'failover-table' }, [el('thead', {}, [head]), el('tbody', {}, rows)]));
  }
}

new LabApp();
