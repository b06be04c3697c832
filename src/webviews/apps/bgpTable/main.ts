// The BGP table panel's webview: tabs, filter, IP lookup, sort, virtualized grid, export and
// copy through the host. UI state is kept with setState so the panel comes back as it was
// after being hidden or after a window reload.
import { AGE_LABEL_AFTER_MS, resultAge } from './resultAge';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import {
  BGP_TABS,
  COLUMNS,
  PREFIX_COLUMN,
  cellValue,
  TAB_LABELS,
  type BgpTab,
} from '../../protocol/bgpTableColumns';
import type {
  BgpTableContext,
  BgpTableReveal,
  BgpTableRequest,
  BgpTableResult,
  BgpTableUiState,
  HostToBgpTable,
  TableData,
  WireTableData,
} from '../../protocol/bgpTableProtocol';
import { fromWire } from '../../protocol/bgpTableProtocol';
import { HostBridge } from '../shared/hostBridge';
import { custom, debounce, el } from '../shared/dom';
import { TableModel, type SortSpec } from './tableModel';
import { ROW_HEIGHT, VirtualGrid } from './virtualGrid';

type Bridge = HostBridge<BgpTableUiState, BgpTableRequest, BgpTableResult, HostToBgpTable>;
type TextField = HTMLElement & { value: string };

const numberFormat = new Intl.NumberFormat('en-US');

class BgpTableApp {
  private readonly bridge: Bridge;
  private context: BgpTableContext | undefined;
  private ui: BgpTableUiState;
  private data: TableData | undefined;
  private model: TableModel | undefined;
  private order: number[] = [];
  private restoreScroll: number | undefined;
  private loadSeq = 0;
  /** A reveal waiting for its tab's rows (then the row is selected and the host told). */
  private pendingReveal: BgpTableReveal | undefined;

  private readonly title = el('h1', { className: 'title' });
  private readonly subtitle = el('span', { className: 'subtitle' });
  private readonly tablist = el('div', { className: 'tabs', attrs: { role: 'tablist', 'aria-label': 'BGP tables' } });
  private readonly tabButtons = new Map<BgpTab, HTMLButtonElement>();
  private readonly peerSelect = el('select', { className: 'peer-select', attrs: { 'aria-label': 'Advertised to peer' } });
  private readonly peerLabel = el('label', { className: 'peer-label', text: 'Peer ' }, [this.peerSelect]);
  private readonly filter = custom('vscode-textfield', {
    attrs: { id: 'filter', placeholder: 'Filter rows (/ or Ctrl+F)', label: 'Filter rows' },
  }) as TextField;
  private readonly lookup = custom('vscode-textfield', {
    attrs: { id: 'lookup', placeholder: 'Which route serves IP… (Alt+I)', label: 'Which route serves this IP address' },
  }) as TextField;
  private readonly lookupResult = el('span', { className: 'lookup-result', attrs: { id: 'lookup-result', 'aria-live': 'polite' } });
  private readonly count = el('span', { className: 'count', attrs: { id: 'count', 'aria-live': 'polite' } });
  private readonly age = el('span', { className: 'count', attrs: { id: 'age', title: 'When Azure answered; reload the tab to read it again' } });
  private readonly status = el('div', { className: 'status', attrs: { id: 'status', role: 'status' } });
  private readonly empty = el('div', { className: 'empty', attrs: { id: 'empty' } });
  private readonly grid: VirtualGrid;

  constructor() {
    this.bridge = new HostBridge((m) => this.onMessage(m));
    const saved = this.bridge.state;
    this.ui = {
      sourceId: saved?.sourceId ?? '',
      gatewayId: saved?.gatewayId ?? '',
      tab: saved?.tab ?? 'peers',
      peer: saved?.peer ?? '',
      filter: saved?.filter ?? '',
      lookup: saved?.lookup ?? '',
      sort: saved?.sort ?? null,
      scrollTop: saved?.scrollTop ?? 0,
    };
    this.restoreScroll = this.ui.scrollTop;
    this.grid = new VirtualGrid('BGP table', {
      onSort: (key) => this.toggleSort(key),
      onCopy: (index) => void this.copyRow(index),
      onFocusFilter: () => this.filter.focus(),
    });
    this.build();
    this.bridge.ready();
  }

  private build(): void {
    for (const tab of BGP_TABS) {
      const button = el('button', {
        className: 'tab',
        text: TAB_LABELS[tab],
        attrs: { role: 'tab', type: 'button', id: `tab-${tab}`, 'aria-controls': 'table-panel' },
      });
      button.addEventListener('click', () => this.selectTab(tab));
      button.addEventListener('keydown', (e) => this.onTabKey(e, tab));
      this.tabButtons.set(tab, button);
      this.tablist.appendChild(button);
    }
    this.peerSelect.addEventListener('change', () => {
      this.ui.peer = this.peerSelect.value;
      this.save();
      void this.load();
    });
    this.filter.value = this.ui.filter;
    this.filter.addEventListener('input', () => {
      this.ui.filter = this.filter.value;
      this.refreshView();
      this.save();
    });
    this.filter.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' || e.key === 'ArrowDown') {
        e.preventDefault();
        this.grid.focus();
      }
    });
    this.lookup.value = this.ui.lookup;
    const runLookup = debounce(() => this.runLookup(false), 250);
    this.lookup.addEventListener('input', () => {
      this.ui.lookup = this.lookup.value;
      this.save();
      runLookup();
    });
    this.lookup.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.runLookup(true);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.grid.focus();
      }
    });
    const csv = custom('vscode-button', { text: 'Export CSV', attrs: { id: 'export-csv', secondary: '' } });
    csv.addEventListener('click', () => void this.exportRows('csv'));
    const json = custom('vscode-button', { text: 'Export JSON', attrs: { id: 'export-json', secondary: '' } });
    json.addEventListener('click', () => void this.exportRows('json'));
    const copy = custom('vscode-button', { text: 'Copy row', attrs: { id: 'copy-row', secondary: '', title: 'Copy the focused row (Ctrl+C)' } });
    copy.addEventListener('click', () => {
      const index = this.grid.activeRow;
      if (index !== undefined) void this.copyRow(index);
    });

    const panel = el('div', { className: 'table-panel', attrs: { id: 'table-panel', role: 'tabpanel' } }, [
      el('div', { className: 'toolbar' }, [this.peerLabel, this.filter, this.lookup, this.count, this.age, csv, json, copy]),
      this.lookupResult,
      this.status,
      this.grid.element,
      this.empty,
    ]);
    document.body.append(el('header', { className: 'header' }, [this.title, this.subtitle]), this.tablist, panel);
    const saveScroll = debounce(() => {
      this.ui.scrollTop = this.grid.scrollTop;
      this.save();
    }, 200);
    this.grid.element.querySelector('.grid-viewport')?.addEventListener('scroll', saveScroll);
    document.addEventListener('keydown', (e) => this.onGlobalKey(e));
    this.title.textContent = 'Loading…';
    this.age.hidden = true;
    setInterval(() => this.updateAge(), AGE_LABEL_AFTER_MS);
  }

  /** Azure tables carry their age once it is a few seconds; lab tables update live and carry none. */
  private updateAge(): void {
    const label = this.data && this.context && !this.context.isLab ? resultAge(this.data.loadedAt, Date.now()) : undefined;
    this.age.textContent = label ?? '';
    this.age.hidden = label === undefined;
  }

  private onGlobalKey(e: KeyboardEvent): void {
    const inField = e.composedPath().some((t) => t instanceof HTMLElement && /^(INPUT|SELECT|VSCODE-TEXTFIELD)$/.test(t.tagName));
    if ((e.key === 'f' && (e.ctrlKey || e.metaKey)) || (e.key === '/' && !inField)) {
      e.preventDefault();
      this.filter.focus();
    } else if (e.key === 'i' && e.altKey) {
      e.preventDefault();
      this.lookup.focus();
    }
  }

  private onMessage(message: HostToBgpTable): void {
    switch (message.type) {
      case 'context':
        this.setContext(message.context);
        break;
      case 'update':
        if (this.data && message.data.tab === this.data.tab && message.data.peer === this.data.peer) this.applyWire(message.data);
        break;
      case 'error':
        this.showStatus(message.message, true);
        break;
      case 'reveal':
        this.reveal(message);
        break;
      default:
        break;
    }
  }

  private setContext(context: BgpTableContext): void {
    const first = this.context === undefined;
    this.context = context;
    this.ui.sourceId = context.sourceId;
    this.ui.gatewayId = context.gatewayId;
    this.title.textContent = context.gatewayName;
    this.subtitle.textContent = `${context.sourceLabel} · BGP tables`;
    document.title = `BGP: ${context.gatewayName}`;
    this.tabButtons.get('effective')!.hidden = !context.isLab;
    if (!context.isLab && this.ui.tab === 'effective') this.ui.tab = 'peers';
    this.peerSelect.replaceChildren(...context.peers.map((p) => el('option', { text: p, attrs: { value: p } })));
    if (!context.peers.includes(this.ui.peer)) this.ui.peer = context.peers[0] ?? '';
    this.peerSelect.value = this.ui.peer;
    this.save();
    if (first || !this.data) void this.load();
  }

  /** Another panel points at a row: its tab (and peer), the row filtered, or the lookup of an address no row serves. */
  private reveal(r: BgpTableReveal): void {
    if (r.tab === 'effective' && this.context && !this.context.isLab) {
      this.bridge.send({ type: 'revealed', tab: r.tab, shown: 0, selected: '' });
      return;
    }
    this.ui.tab = r.tab;
    if (r.peer) this.ui.peer = r.peer;
    this.peerSelect.value = this.ui.peer;
    this.ui.filter = r.filter;
    this.filter.value = r.filter;
    this.ui.lookup = r.lookup;
    this.lookup.value = r.lookup;
    this.pendingReveal = r;
    this.save();
    const peer = r.tab === 'advertised' ? this.ui.peer : '';
    if (this.data && this.data.tab === r.tab && this.data.peer === peer) {
      this.updateTabs();
      this.refreshView();
      this.finishReveal();
    } else {
      this.ui.scrollTop = 0;
      this.restoreScroll = 0;
      void this.load();
    }
  }

  private finishReveal(): void {
    const r = this.pendingReveal;
    if (!r || !this.model || !this.data || this.data.tab !== r.tab) return;
    this.pendingReveal = undefined;
    let selected = '';
    if (r.lookup.trim()) {
      this.runLookup(true);
      selected = this.lookupResult.textContent ?? '';
    } else if (this.order.length > 0) {
      this.grid.focusPosition(0);
      const row = this.model.rows[this.order[0]!]!;
      selected = COLUMNS[r.tab].map((c) => String(cellValue(row, c.key))).join(' ');
    }
    this.bridge.send({ type: 'revealed', tab: r.tab, shown: this.order.length, selected });
  }

  private selectTab(tab: BgpTab): void {
    if (tab === this.ui.tab && this.data) return;
    this.ui.tab = tab;
    this.ui.scrollTop = 0;
    this.restoreScroll = 0;
    this.save();
    void this.load();
  }

  private onTabKey(e: KeyboardEvent, tab: BgpTab): void {
    const visible = BGP_TABS.filter((t) => !this.tabButtons.get(t)!.hidden);
    const i = visible.indexOf(tab);
    const next =
      e.key === 'ArrowRight' ? visible[(i + 1) % visible.length]
      : e.key === 'ArrowLeft' ? visible[(i - 1 + visible.length) % visible.length]
      : e.key === 'Home' ? visible[0]
      : e.key === 'End' ? visible[visible.length - 1]
      : undefined;
    if (next === undefined) return;
    e.preventDefault();
    this.tabButtons.get(next)!.focus();
    this.selectTab(next);
  }

  private updateTabs(): void {
    for (const [tab, button] of this.tabButtons) {
      const selected = tab === this.ui.tab;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
    }
    this.peerLabel.hidden = this.ui.tab !== 'advertised';
    this.lookup.hidden = PREFIX_COLUMN[this.ui.tab] === undefined;
    this.lookupResult.hidden = this.lookup.hidden;
  }

  private async load(): Promise<void> {
    this.updateTabs();
    const tab = this.ui.tab;
    const peer = tab === 'advertised' ? this.ui.peer : '';
    if (tab === 'advertised' && peer === '') {
      this.applyData({ tab, peer, version: 0, rows: [], loadedAt: new Date().toISOString() });
      this.showStatus('This gateway has no BGP peers, so nothing is advertised.', false);
      return;
    }
    const seq = ++this.loadSeq;
    this.showStatus('Loading…', false);
    try {
      const result = await this.bridge.request({ method: 'load', tab, peer });
      if (seq !== this.loadSeq || result.method !== 'load') return;
      this.showStatus('', false);
      this.applyWire(result.data);
    } catch (err) {
      if (seq === this.loadSeq) this.showStatus(`Could not load ${TAB_LABELS[tab].toLowerCase()}: ${(err as Error).message}`, true);
    }
  }

  private applyWire(wire: WireTableData): void {
    try {
      this.applyData(fromWire(wire));
    } catch (err) {
      this.showStatus(`Could not read the table: ${(err as Error).message}`, true);
    }
  }

  /** New rows for the current tab; filter, sort, scroll and the focused row are kept. */
  private applyData(data: TableData): void {
    const tabChanged = this.data?.tab !== data.tab;
    const scroll = this.restoreScroll ?? this.grid.scrollTop;
    // The focused row, by content, so it stays selected when an update moves it.
    const active = this.data && !tabChanged && this.grid.activeRow !== undefined ? this.data.rows[this.grid.activeRow] : undefined;
    const activeKey = active ? JSON.stringify(active) : undefined;
    this.restoreScroll = undefined;
    this.data = data;
    this.model = new TableModel(COLUMNS[data.tab], data.rows, PREFIX_COLUMN[data.tab]);
    if (this.ui.sort && !COLUMNS[data.tab].some((c) => c.key === this.ui.sort!.key)) this.ui.sort = null;
    if (tabChanged) this.grid.setColumns(COLUMNS[data.tab], this.ui.sort);
    this.refreshView();
    this.grid.scrollTop = scroll;
    if (activeKey !== undefined) {
      const index = data.rows.findIndex((r) => JSON.stringify(r) === activeKey);
      if (index >= 0) this.grid.keepActiveRow(index);
    }
    if (this.ui.lookup.trim()) this.runLookup(false);
    this.warm(this.model);
    this.updateAge();
    this.finishReveal();
  }

  /** Prepares the filter's search text in slices between frames, so typing stays instant. */
  private warm(model: TableModel): void {
    const slice = (): void => {
      if (model !== this.model) return;
      if (!model.warmSearch(5000)) setTimeout(slice, 0);
    };
    setTimeout(slice, 0);
  }

  private refreshView(): void {
    if (!this.model) return;
    this.order = this.model.view(this.ui.filter, this.ui.sort);
    this.grid.setData(this.model.rows, this.order);
    const total = this.model.size;
    this.count.textContent = `${numberFormat.format(this.order.length)} of ${numberFormat.format(total)} rows`;
    this.empty.textContent =
      total === 0 ? 'No rows.' : this.order.length === 0 ? `No rows match "${this.ui.filter}".` : '';
    this.empty.hidden = this.empty.textContent === '';
  }

  private toggleSort(key: string): void {
    const s = this.ui.sort;
    const next: SortSpec | null = s?.key !== key ? { key, descending: false } : !s.descending ? { key, descending: true } : null;
    this.ui.sort = next;
    if (this.data) this.grid.setColumns(COLUMNS[this.data.tab], next);
    this.refreshView();
    this.save();
  }

  private runLookup(focus: boolean): void {
    const text = this.ui.lookup.trim();
    if (!this.model || text === '') {
      this.lookupResult.textContent = '';
      this.grid.setHighlighted([]);
      return;
    }
    const result = this.model.lookup(text);
    if (!result.ok) {
      this.lookupResult.textContent = result.error;
      this.grid.setHighlighted([]);
      return;
    }
    if (result.matchedPrefix === null) {
      this.lookupResult.textContent = `No route in this table serves ${text}.`;
      this.grid.setHighlighted([]);
      return;
    }
    this.grid.setHighlighted(result.rows);
    const positions = result.rows.map((r) => this.order.indexOf(r)).filter((p) => p >= 0);
    const n = result.rows.length;
    this.lookupResult.textContent =
      `${text} → ${result.matchedPrefix} (${n} ${n === 1 ? 'route' : 'routes'})` +
      (positions.length < n ? `; ${n - positions.length} hidden by the filter` : '');
    if (positions.length > 0) {
      const first = Math.min(...positions);
      if (focus) this.grid.focusPosition(first);
      else this.grid.scrollTop = Math.max(0, (first - 2) * ROW_HEIGHT);
    }
  }

  private async exportRows(format: 'csv' | 'json'): Promise<void> {
    if (!this.data) return;
    try {
      const result = await this.bridge.request({
        method: 'export',
        format,
        tab: this.data.tab,
        peer: this.data.peer,
        version: this.data.version,
        order: this.order,
      });
      if (result.method === 'export' && result.saved) this.showStatus(`Exported ${numberFormat.format(result.rows)} rows to ${result.path ?? 'file'}.`, false);
    } catch (err) {
      this.showStatus(`Export failed: ${(err as Error).message}`, true);
    }
  }

  private async copyRow(index: number): Promise<void> {
    if (!this.data) return;
    try {
      await this.bridge.request({ method: 'copyRow', tab: this.data.tab, peer: this.data.peer, version: this.data.version, index });
      this.showStatus('Row copied.', false);
    } catch (err) {
      this.showStatus(`Copy failed: ${(err as Error).message}`, true);
    }
  }

  private showStatus(text: string, isError: boolean): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', isError);
    this.status.hidden = text === '';
  }

  private save(): void {
    this.bridge.saveState({ ...this.ui });
  }
}

new BgpTableApp();
