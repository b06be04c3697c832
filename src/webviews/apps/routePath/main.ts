// The Route Path panel's webview: source -> destination, the verdict, every hop with its status
// (icon and word, never colour alone), kind, resource, the rule that decided it and its evidence
// rows, the first broken hop highlighted with its fix, then the return hops. Each hop links to
// its table row through the host. Arrow keys move between hops, Enter opens a hop's row.
import type { HopEvidence, HopLinkView, HopList, HostToRoutePath, RoutePathHop, RoutePathIds, RoutePathView } from '../../protocol/routePathProtocol';
import { HostBridge } from '../shared/hostBridge';
import { el } from '../shared/dom';

interface RoutePathUiState {
  ids?: RoutePathIds;
}

const STATUS: Record<RoutePathHop['status'], { icon: string; word: string }> = {
  ok: { icon: '✔', word: 'ok' },
  broken: { icon: '✖', word: 'broken' },
  unknown: { icon: '?', word: 'unknown' },
};

/** Evidence tables show this many rows; the hop's link opens the whole table. */
const MAX_ROWS = 20;

class RoutePathApp {
  private readonly bridge: HostBridge<RoutePathUiState, never, never, HostToRoutePath>;
  private readonly title = el('h1', { className: 'title', text: 'Route Path' });
  private readonly subtitle = el('span', { className: 'subtitle', attrs: { id: 'rp-subtitle' } });
  private readonly verdict = el('p', { className: 'rp-verdict', attrs: { id: 'rp-verdict', role: 'status', 'aria-live': 'polite' } });
  private readonly firstHop = el('p', { className: 'rp-first-hop', attrs: { id: 'rp-first-hop' } });
  private readonly status = el('div', { className: 'status', attrs: { id: 'rp-status', role: 'status' } });
  private readonly body = el('div', { attrs: { id: 'rp-body' } });

  constructor() {
    this.bridge = new HostBridge((m) => this.onMessage(m));
    document.body.classList.add('rp-panel');
    const button = (id: string, text: string, title: string, send: () => void): HTMLButtonElement => {
      const b = el('button', { className: 'rp-button', text, attrs: { id, type: 'button', title } });
      b.addEventListener('click', send);
      return b;
    };
    document.body.append(
      el('header', { className: 'header' }, [this.title, this.subtitle]),
      el('div', { className: 'rp-toolbar', attrs: { role: 'toolbar', 'aria-label': 'Route path actions' } }, [
        button('rp-retrace', 'Trace Again', 'Trace the path again on the current data', () => this.bridge.send({ type: 'retrace' })),
        button('rp-export-json', 'Export JSON', 'The same JSON as gateway-lab path --json', () => this.bridge.send({ type: 'export', format: 'json' })),
        button('rp-export-md', 'Export Markdown', 'The path as a Markdown document', () => this.bridge.send({ type: 'export', format: 'markdown' })),
      ]),
      this.verdict,
      this.firstHop,
      this.status,
      this.body,
    );
    this.status.hidden = true;
    document.addEventListener('keydown', (e) => this.onKey(e));
    this.bridge.ready();
  }

  private onMessage(m: HostToRoutePath): void {
    if (m.type === 'path') {
      this.bridge.saveState({ ids: m.data.ids });
      this.render(m.data);
    } else if (m.type === 'message') {
      this.bridge.saveState({ ids: m.ids });
      this.title.textContent = `Route path ${m.ids.from} → ${m.ids.to}`;
      this.verdict.textContent = m.text;
      this.verdict.className = 'rp-verdict';
      this.firstHop.textContent = '';
      this.body.replaceChildren();
      this.bridge.send({ type: 'rendered', hops: [] });
    } else {
      this.status.textContent = m.text;
      this.status.hidden = false;
    }
  }

  private render(d: RoutePathView): void {
    const r = d.result;
    this.title.textContent = `Route path ${r.from} → ${r.to}`;
    document.title = this.title.textContent;
    this.subtitle.textContent = `${d.sourceLabel} data of ${r.takenAt}${d.live ? ' · follows the lab' : ''}`;
    this.verdict.className = `rp-verdict ${r.delivered ? 'ok' : r.firstBroken !== null ? 'broken' : 'unknown'}`;
    this.verdict.textContent = `${r.delivered ? '✔' : r.firstBroken !== null ? '✖' : '?'} delivered: ${r.delivered} — ${r.verdict}`;
    this.firstHop.textContent = d.firstHopLine;
    this.firstHop.classList.toggle('broken', r.firstHopCheck?.agrees === false);
    const returnState = r.returnDelivered === null ? 'not fully known' : r.returnDelivered ? 'ok' : 'broken';
    // What the webview drew, for the host's log and tests: the verdict, then one line per hop.
    const lines: string[] = [this.verdict.textContent];
    this.body.replaceChildren(
      el('section', { attrs: { 'aria-labelledby': 'rp-h-hops' } }, [
        el('h2', { text: `Path: ${r.hops.length} hop${r.hops.length === 1 ? '' : 's'}`, attrs: { id: 'rp-h-hops' } }),
        this.hopList('hops', r.hops, d.links.hops, r.firstBroken, lines),
      ]),
      el('section', { attrs: { 'aria-labelledby': 'rp-h-return' } }, [
        el('h2', { text: `Return path: ${returnState}`, attrs: { id: 'rp-h-return' } }),
        r.returnHops.length ? this.hopList('returnHops', r.returnHops, d.links.returnHops, null, lines) : el('p', { className: 'muted', text: 'No return hops: the path did not reach an owner of the destination.' }),
      ]),
      ...(r.notes.length ? [el('section', { className: 'rp-notes' }, r.notes.map((n) => el('p', { className: 'muted', text: n })))] : []),
    );
    this.bridge.send({ type: 'rendered', hops: lines });
  }

  private hopList(list: HopList, hops: RoutePathHop[], links: HopLinkView[], firstBroken: number | null, lines: string[]): HTMLElement {
    const ol = el('ol', { className: 'rp-hops', attrs: { id: `rp-${list}`, 'aria-label': list === 'hops' ? 'Hops from source to destination' : 'Return hops' } });
    hops.forEach((h, i) => {
      const first = i === firstBroken;
      const s = STATUS[h.status];
      const link = links[i] ?? { kind: 'none', reason: 'no table' };
      const li = el('li', {
        className: `rp-hop ${h.status}${first ? ' first-broken' : ''}${h.consequenceOf !== undefined ? ' consequence' : ''}`,
        attrs: { tabindex: list === 'hops' && i === 0 ? '0' : '-1', 'data-list': list, 'data-index': String(i), 'aria-label': `${list === 'hops' ? 'hop' : 'return hop'} ${i}: ${s.word}, ${h.kind} ${h.name}${first ? ', first broken hop' : ''}` },
      });
      li.append(
        el('div', { className: 'rp-hop-head' }, [
          el('span', { className: `rp-status ${h.status}`, text: `${s.icon} ${s.word}` }),
          el('span', { className: 'rp-kind', text: h.kind }),
          el('strong', { className: 'rp-name', text: h.name }),
          ...(first ? [el('span', { className: 'rp-first-label', text: '◀ first broken hop' })] : []),
        ]),
        el('p', { className: 'rp-summary', text: h.summary }),
        ...(h.rule ? [el('p', { className: 'rp-rule', text: `Rule: ${h.rule}` })] : []),
        ...(h.consequenceOf !== undefined ? [el('p', { className: 'muted', text: `Broken because of hop ${h.consequenceOf}.` })] : []),
        ...(h.fix && h.status !== 'ok' && h.consequenceOf === undefined ? [el('p', { className: 'rp-fix', text: `Fix: ${h.fix}` })] : []),
        ...(h.warnings ?? []).map((w) => el('p', { className: 'rp-warning', text: `⚠ ${w}` })),
        ...h.evidence.map((e) => this.evidence(e)),
        this.linkElement(list, i, link),
        el('p', { className: 'rp-id muted', text: h.id }),
      );
      li.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && e.target === li && link.kind === 'table') {
          e.preventDefault();
          this.open(list, i);
        }
      });
      ol.append(li);
      lines.push(`${list === 'hops' ? '' : 'return '}${i}. ${s.icon} ${s.word} ${h.kind} ${h.name}${first ? ' — first broken hop' : ''}${h.fix && first ? ` — fix: ${h.fix}` : ''} — ${link.kind === 'table' ? `open ${link.label}` : `no table: ${link.reason}`}`);
    });
    return ol;
  }

  private linkElement(list: HopList, index: number, link: HopLinkView): HTMLElement {
    if (link.kind === 'none') return el('p', { className: 'rp-no-table muted', text: `No table: ${link.reason}.` });
    const b = el('button', { className: 'rp-link', text: `Open ${link.label}`, attrs: { type: 'button', 'data-list': list, 'data-index': String(index) } });
    b.addEventListener('click', () => this.open(list, index));
    return b;
  }

  private open(list: HopList, index: number): void {
    this.bridge.send({ type: 'openHop', list, index });
  }

  private evidence(e: HopEvidence): HTMLElement {
    const caption = `${e.table}${e.qualifier ? ` (${e.qualifier})` : ''}`;
    if (e.rows.length === 0) return el('p', { className: 'rp-evidence-empty muted', text: `${caption}: no rows` });
    const head = el('tr', {}, e.columns.map((c) => el('th', { text: c, attrs: { scope: 'col' } })));
    const rows = e.rows.slice(0, MAX_ROWS).map((row) => el('tr', {}, row.map((c) => el('td', { text: c }))));
    return el('div', { className: 'rp-evidence' }, [
      el('table', {}, [el('caption', { text: caption }), el('thead', {}, [head]), el('tbody', {}, rows)]),
      ...(e.rows.length > MAX_ROWS ? [el('p', { className: 'muted', text: `… ${e.rows.length - MAX_ROWS} more rows (open the table)` })] : []),
    ]);
  }

  /** Up/Down (and Home/End) move between hops of both lists, as one list; one hop is in the tab order. */
  private onKey(e: KeyboardEvent): void {
    const hops = [...document.querySelectorAll<HTMLElement>('li.rp-hop')];
    const at = hops.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    const next = e.key === 'ArrowDown' ? Math.min(hops.length - 1, at + 1) : e.key === 'ArrowUp' ? Math.max(0, at - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? hops.length - 1 : undefined;
    if (next === undefined) return;
    e.preventDefault();
    for (const h of hops) h.tabIndex = -1;
    hops[next]!.tabIndex = 0;
    hops[next]!.focus();
  }
}

new RoutePathApp();
