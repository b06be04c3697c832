// The IKE/IPsec check panel's webview: open or paste a device configuration, then the verdict,
// both directions, the 24 h rekey timeline and the findings with the lines to change. Every
// value is set as text.
import type { HostToIkeCheck, IkeReportData, IkeReportEvent } from '../../protocol/ikeCheckProtocol';
import { HostBridge } from '../shared/hostBridge';
import { el } from '../shared/dom';

interface IkeUiState {
  ids?: { sourceId: string; connectionId: string; connectionName: string };
}

const DAY = 86_400;

class IkeCheckApp {
  private readonly bridge: HostBridge<IkeUiState, never, never, HostToIkeCheck>;
  private readonly title = el('h1', { className: 'title', text: 'IKE/IPsec Check' });
  private readonly subtitle = el('span', { className: 'subtitle', attrs: { id: 'ike-target' } });
  private readonly message = el('div', { className: 'status', attrs: { id: 'ike-message', role: 'status' } });
  private readonly input = el('textarea', { className: 'ike-input', attrs: { id: 'ike-config', rows: '8', spellcheck: 'false', 'aria-label': 'Paste the on-premises VPN device configuration', placeholder: 'Paste a strongSwan (swanctl.conf, ipsec.conf), Cisco IOS/ASA or Juniper SRX configuration here' } });
  private readonly report = el('div', { attrs: { id: 'ike-report' } });

  constructor() {
    this.bridge = new HostBridge((m) => this.onMessage(m));
    document.body.classList.add('ike-panel');
    const open = el('button', { text: 'Open File…', attrs: { id: 'ike-open', type: 'button' } });
    open.addEventListener('click', () => this.bridge.send({ type: 'openFile' }));
    const check = el('button', { text: 'Check Pasted Configuration', attrs: { id: 'ike-check', type: 'button' } });
    check.addEventListener('click', () => {
      this.message.textContent = 'Checking…';
      this.message.hidden = false;
      this.bridge.send({ type: 'check', text: this.input.value });
    });
    document.body.append(
      el('header', { className: 'header' }, [this.title, this.subtitle]),
      el('section', { className: 'ike-source', attrs: { 'aria-label': 'Device configuration' } }, [this.input, el('div', { className: 'ike-buttons' }, [check, open])]),
      this.message,
      this.report,
    );
    this.message.hidden = true;
    this.bridge.ready();
  }

  private onMessage(m: HostToIkeCheck): void {
    if (m.type === 'target') {
      this.title.textContent = `IKE/IPsec Check: ${m.connection}`;
      this.subtitle.textContent = `${m.source} connection`;
      this.bridge.saveState({ ids: m.ids });
    } else if (m.type === 'error') {
      this.message.textContent = m.message;
      this.message.hidden = false;
    } else {
      this.message.hidden = true;
      this.render(m.data);
    }
  }

  private render(d: IkeReportData): void {
    const verdict = el('p', { className: `ike-verdict ${d.established ? 'ok' : 'bad'}`, attrs: { id: 'ike-verdict' }, text: `${d.established ? '✓' : '✕'} ${d.verdict} (${d.device})` });
    const head = el('tr', {}, ['Initiator', 'IKE SA', 'CHILD SA', 'Result'].map((h) => el('th', { text: h, attrs: { scope: 'col' } })));
    const rows = d.directions.map((r) =>
      el('tr', {}, [
        el('td', { text: `${r.initiator} initiates${r.applicable ? '' : ' (not used: connectionMode)'}` }),
        el('td', { text: r.ikeSa }),
        el('td', { text: r.childSa }),
        el('td', { className: r.ok ? 'ok' : 'bad', text: r.ok ? '✓ established' : '✕ fails' }),
      ]),
    );
    const directions = el('table', { className: 'ike-directions', attrs: { id: 'ike-directions' } }, [el('thead', {}, [head]), el('tbody', {}, rows)]);
    this.report.replaceChildren(
      verdict,
      el('section', { attrs: { 'aria-labelledby': 'h-dir' } }, [el('h2', { text: 'Both directions', attrs: { id: 'h-dir' } }), directions]),
      el('section', { attrs: { 'aria-labelledby': 'h-rekey' } }, [el('h2', { text: 'Rekeys over 24 hours', attrs: { id: 'h-rekey' } }), this.timeline(d.timeline)]),
      el('section', { attrs: { 'aria-labelledby': 'h-find' } }, [el('h2', { text: 'Findings and lines to change', attrs: { id: 'h-find' } }), this.findings(d)]),
    );
  }

  private timeline(events: IkeReportEvent[]): HTMLElement {
    if (events.length === 0) return el('p', { className: 'muted', text: 'No SA comes up, so nothing is rekeyed.' });
    const bar = el('div', { className: 'ike-bar', attrs: { role: 'img', 'aria-label': `${events.length} rekey events over 24 hours` } });
    for (const e of events) {
      const mark = el('span', { className: `ike-mark ${e.ok ? 'ok' : 'bad'} ${e.sa.toLowerCase()}`, attrs: { title: `${e.at} ${e.sa} ${e.kind} by ${e.by}: ${e.note}` } });
      mark.style.left = `${Math.min(100, (e.atSeconds / DAY) * 100)}%`;
      bar.append(mark);
    }
    const notable = events.filter((e) => !e.ok || e.kind !== 'rekey');
    const shown = notable.length ? notable : events.slice(0, 6);
    const list = el('ul', { className: 'ike-events', attrs: { id: 'ike-events' } }, shown.map((e) => el('li', { className: e.ok ? '' : 'bad', text: `${e.at}  ${e.sa} ${e.kind} by ${e.by}${e.ok ? '' : ' ✕'}: ${e.note}` })));
    const more = events.length - shown.length;
    return el('div', {}, [bar, el('div', { className: 'ike-axis' }, ['0 h', '6 h', '12 h', '18 h', '24 h'].map((t) => el('span', { text: t }))), list, ...(more > 0 ? [el('p', { className: 'muted', text: `${more} routine rekey(s) not listed.` })] : [])]);
  }

  private findings(d: IkeReportData): HTMLElement {
    const items = d.findings.map((f) =>
      el('li', { className: `ike-finding ${f.severity}` }, [
        el('strong', { text: `[${f.severity}] ${f.title}` }),
        ...(f.detail ? [el('p', { text: f.detail })] : []),
        ...f.lines.map((l) => el('pre', { className: 'ike-line', text: `line ${l.line}: ${l.text}` })),
        ...(f.fixDevice ? [el('p', { className: 'fix', text: `Fix on the device: ${f.fixDevice}` })] : []),
        ...(f.fixAzure ? [el('p', { className: 'fix', text: `Fix on Azure: ${f.fixAzure}` })] : []),
      ]),
    );
    const list = items.length ? el('ul', { className: 'ike-findings', attrs: { id: 'ike-findings' } }, items) : el('p', { className: 'muted', text: 'No findings.' });
    const extra = d.notEvaluated.length
      ? [el('h3', { text: 'Lines the check does not evaluate' }), el('ul', {}, d.notEvaluated.map((u) => el('li', { text: `${u.line > 0 ? `line ${u.line}: ${u.text} — ` : ''}${u.reason}` })))]
      : [];
    const ignored = d.ignoredLines ? [el('p', { className: 'muted', text: `${d.ignoredLines} line(s) outside IKE/IPsec ignored (interfaces, routing, …).` })] : [];
    return el('div', {}, [list, ...extra, ...ignored]);
  }
}

new IkeCheckApp();
