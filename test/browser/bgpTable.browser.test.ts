// The BGP table webview in real headless Chromium, under the extension's own HTML and CSP.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, WebviewBrowser, ensureWebviewBundles, waitUntil, type LoadedWebview } from './browserHarness';
import { TableHost, generateRoutes, memorySource } from './tableHost';
import { toWire } from '../../src/webviews/protocol/bgpTableProtocol';

const OUT = join(ROOT, 'test-output', 'webview');
const EVIL_NAME = '<img src=x onerror="document.title=1"><b>vpn-gw</b>';

const rowsInDom = (w: LoadedWebview): Promise<number> => w.page.locator('.grid-row').count();
const countText = (w: LoadedWebview): Promise<string> => w.page.locator('#count').innerText();

describe('BGP table webview in Chromium', () => {
  let browser: WebviewBrowser;
  const big = generateRoutes(100_000);
  // The other checks use a smaller table: moving 15 MB into the page costs seconds on a busy machine.
  const routes = generateRoutes(20_000);

  before(async () => {
    ensureWebviewBundles(['bgpTable']);
    mkdirSync(OUT, { recursive: true });
    browser = await WebviewBrowser.start();
  });
  after(async () => {
    await browser?.stop();
  });

  async function openLearned(
    theme: 'dark' | 'light' | 'high-contrast' = 'dark',
    state?: unknown,
    table = routes,
    width?: number,
    initScript?: string,
  ): Promise<{ w: LoadedWebview; host: TableHost }> {
    const host = new TableHost(memorySource(EVIL_NAME, table));
    const w = await browser.open('bgpTable', host, {
      theme,
      width,
      initScript,
      state: state ?? { sourceId: 'memory', gatewayId: 'x', tab: 'learned', peer: '', filter: '', lookup: '', sort: null, scrollTop: 0 },
    });
    await waitUntil(w.page, `document.querySelector("#count")?.textContent?.endsWith("of ${table.length.toLocaleString('en-US')} rows")`);
    return { w, host };
  }

  it('renders 100,000 rows as a small window of DOM rows, with markup shown as text', async () => {
    const { w, host } = await openLearned('dark', undefined, big);
    try {
      assert.equal(await countText(w), '100,000 of 100,000 rows');
      const n = await rowsInDom(w);
      assert.ok(n > 10 && n < 100, `rows in the DOM: ${n}`);
      // The gateway name with markup is the heading's text; no element was created from it.
      assert.equal(await w.page.locator('h1.title').textContent(), EVIL_NAME);
      assert.equal(await w.page.locator('img, b, script:not([src])').count(), 0);
      assert.notEqual(await w.page.title(), '1');
      // Every message the webview sent passed the host's runtime check.
      assert.deepEqual(host.rejected, []);
      assert.deepEqual(host.received.map((m) => (m.type === 'request' ? m.request.method : m.type)), ['ready', 'load']);
      await w.page.screenshot({ path: join(OUT, 'bgp-table-dark.png') });
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  it('filters, finds the route serving an IP and shows markup rows as text', async () => {
    const { w } = await openLearned('light');
    try {
      await w.page.locator('#filter input').fill('10.17.3.');
      await waitUntil(w.page, 'document.querySelector("#count").textContent.startsWith("1 of")');
      assert.equal(await w.page.locator('.grid-row .grid-cell').first().textContent(), '10.17.3.0/24');

      await w.page.locator('#filter input').fill('alert(1)');
      await waitUntil(w.page, 'document.querySelector("#count").textContent.startsWith("1 of")');
      const cells = await w.page.locator('.grid-row').first().locator('.grid-cell').allTextContents();
      assert.equal(cells[0], '<img src=x onerror="document.title=1">');
      assert.equal(cells[1], '<b>bold</b>');
      assert.equal(cells[4], '<script>alert(1)</script>');
      assert.equal(await w.page.locator('img, b').count(), 0);

      await w.page.locator('#filter input').fill('');
      await w.page.locator('#lookup input').fill('10.0.5.77');
      await w.page.locator('#lookup input').press('Enter');
      await waitUntil(w.page, 'document.querySelector("#lookup-result").textContent.includes("10.0.5.0/24")');
      assert.match(await w.page.locator('#lookup-result').innerText(), /10\.0\.5\.77 → 10\.0\.5\.0\/24 \(1 route\)/);
      const focused = await w.page.evaluate('document.activeElement.querySelector(".grid-cell").textContent');
      assert.equal(focused, '10.0.5.0/24');
      assert.ok((await rowsInDom(w)) < 100);
      await w.page.screenshot({ path: join(OUT, 'bgp-table-light.png') });
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  it('is keyboard accessible: tabs, arrow keys through rows, End, shortcut to the filter', async () => {
    const { w, host } = await openLearned('high-contrast');
    try {
      await w.page.locator('.grid-row').first().click();
      await w.page.keyboard.press('ArrowDown');
      await w.page.keyboard.press('ArrowDown');
      assert.equal(await w.page.evaluate('document.activeElement.getAttribute("aria-rowindex")'), '4');
      await w.page.keyboard.press('End');
      assert.equal(await w.page.evaluate('document.activeElement.getAttribute("aria-rowindex")'), '20001');
      assert.ok((await rowsInDom(w)) < 100);
      await w.page.keyboard.press('Control+c');
      await waitUntil(w.page, 'document.querySelector("#status").textContent === "Row copied."');
      const copy = host.received.find((m) => m.type === 'request' && m.request.method === 'copyRow');
      assert.ok(copy && copy.type === 'request' && copy.request.method === 'copyRow' && copy.request.index === 19_999);

      await w.page.keyboard.press('/');
      assert.equal(await w.page.evaluate('document.activeElement.id'), 'filter');

      await w.page.locator('#tab-learned').focus();
      await w.page.keyboard.press('ArrowLeft');
      await waitUntil(w.page, 'document.querySelector("#count").textContent === "2 of 2 rows"');
      assert.equal(await w.page.locator('#tab-peers').getAttribute('aria-selected'), 'true');
      assert.equal(await w.page.evaluate('document.activeElement.id'), 'tab-peers');
      assert.equal(await w.page.locator('.grid-columnheader').first().textContent(), 'Neighbor');
      // Focus is visible (an outline) on the tab; Space and Enter activate a tab like a click.
      assert.notEqual(await w.page.evaluate('getComputedStyle(document.activeElement).outlineStyle'), 'none');
      await w.page.locator('#tab-advertised').focus();
      await w.page.keyboard.press('Space');
      await waitUntil(w.page, 'document.querySelector("#tab-advertised").getAttribute("aria-selected") === "true"');
      await w.page.locator('#tab-peers').focus();
      await w.page.keyboard.press('Enter');
      await waitUntil(w.page, 'document.querySelector("#count").textContent === "2 of 2 rows"');
      // Tab order: the selected tab, the toolbar's controls, the column headers (sort buttons),
      // then one stop in the grid (the active row).
      const stops: string[] = [];
      for (let i = 0; i < 20; i++) {
        await w.page.keyboard.press('Tab');
        const id = (await w.page.evaluate('(() => { const a = document.activeElement; return a.classList.contains("grid-row") ? "row" : a.classList.contains("grid-sort") ? "sort" : a.id || a.tagName; })()')) as string;
        stops.push(id);
        if (id === 'row') break;
      }
      assert.ok(stops.indexOf('filter') >= 0 && stops.indexOf('filter') < stops.indexOf('export-csv'), stops.join(' > '));
      assert.equal(stops[stops.length - 1], 'row', stops.join(' > '));
      assert.equal(stops.filter((s) => s === 'sort').length, 8, 'one stop per column header');
      assert.ok(!stops.some((s) => s.startsWith('tab-')), `only the selected tab is a tab stop: ${stops.join(' > ')}`);
      assert.notEqual(await w.page.evaluate('getComputedStyle(document.activeElement).outlineStyle'), 'none', 'the focused row shows its focus');
      await w.page.screenshot({ path: join(OUT, 'bgp-table-hc-peers.png') });
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  it('applies a live update without losing filter, sort, scroll or the focused route', async () => {
    const { w, host } = await openLearned('dark');
    try {
      await w.page.locator('#filter input').fill('192.168.1.1');
      await w.page.locator('.grid-sort', { hasText: 'Network' }).click();
      await waitUntil(w.page, 'document.querySelector("#count").textContent === "10,000 of 20,000 rows"');
      await w.page.evaluate('document.querySelector(".grid-viewport").scrollTop = 22 * 3000');
      await waitUntil(w.page, `document.querySelector('.grid-row[aria-rowindex="3002"]') !== null`);
      await w.page.locator('.grid-row[aria-rowindex="3002"]').click();
      const focusedBefore = await w.page.evaluate('document.activeElement.querySelector(".grid-cell").textContent');

      // The lab changed: one more route from 192.168.1.1, the rest unchanged.
      const current = host.data.cached('learned', '')!;
      const rows = [...current.rows, { ...routes[1]!, network: '1.2.3.0/24' }];
      await w.send({ type: 'update', data: toWire({ ...current, version: current.version + 1000, rows }) });
      await waitUntil(w.page, 'document.querySelector("#count").textContent === "10,001 of 20,001 rows"');
      assert.equal(await w.page.locator('#filter input').inputValue(), '192.168.1.1');
      assert.equal(await w.page.locator('[aria-sort=ascending]').innerText(), 'Network ▲');
      const scrollTop = (await w.page.evaluate('document.querySelector(".grid-viewport").scrollTop')) as number;
      assert.equal(scrollTop, 22 * 3000);
      // Sorted by network, the new 1.2.3.0/24 comes first: the focused row is still the same route, one row further down.
      assert.equal(await w.page.evaluate('document.activeElement.querySelector(".grid-cell").textContent'), focusedBefore);
      assert.equal(await w.page.evaluate('document.activeElement.getAttribute("aria-rowindex")'), '3003');
      assert.ok((await rowsInDom(w)) < 100);
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  it('keeps tab, filter and sort across a reload through the saved state', async () => {
    const { w } = await openLearned('dark');
    let saved: unknown;
    try {
      await w.page.locator('#filter input').fill('65149');
      await w.page.locator('.grid-sort', { hasText: 'Weight' }).click();
      await w.page.locator('.grid-sort', { hasText: 'Weight' }).click();
      await waitUntil(w.page, 'document.querySelector("[aria-sort=descending]") !== null');
      saved = w.lastState();
    } finally {
      await w.close();
    }
    const { w: again } = await openLearned('dark', saved);
    try {
      await waitUntil(again.page, 'document.querySelector("#count").textContent === "399 of 20,000 rows"');
      assert.equal(await again.page.locator('#filter input').inputValue(), '65149');
      assert.equal(await again.page.locator('[aria-sort=descending]').innerText(), 'Weight ▼');
      const weight = await again.page.locator('.grid-row[aria-rowindex="2"] .grid-cell').nth(5).textContent();
      assert.equal(weight, '6');
    } finally {
      await again.close();
    }
  });

  // VS Code's webviews draw 10 px scrollbars; headless Chromium overlays them (0 px), which
  // would hide a header/rows misalignment by the scrollbar's width.
  const CLASSIC_SCROLLBARS = `document.addEventListener('DOMContentLoaded', () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('::-webkit-scrollbar { width: 10px; height: 10px; } ::-webkit-scrollbar-thumb { background: gray; }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });`;
  /** Headers whose text does not fit their cell, and header/row column misalignments, in the page. */
  const clippedHeaders = `[...document.querySelectorAll('.grid-sort')].filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent)`;
  const misaligned = `(() => {
    const heads = [...document.querySelectorAll('.grid-columnheader')].map((h) => Math.round(h.getBoundingClientRect().left));
    const cells = [...document.querySelector('.grid-row').querySelectorAll('.grid-cell')].map((c) => Math.round(c.getBoundingClientRect().left));
    return heads.filter((x, i) => Math.abs(x - cells[i]) > 1).length;
  })()`;

  it('shows every column header in full at 1400 px and in a narrow panel (sideways scroll, columns aligned)', async () => {
    for (const width of [1400, 520]) {
      const { w } = await openLearned('dark', undefined, routes.slice(0, 200), width, CLASSIC_SCROLLBARS);
      try {
        assert.equal(await w.page.evaluate('(() => { const v = document.querySelector(".grid-viewport"); return v.offsetWidth - v.clientWidth; })()'), 10, 'rows have a classic scrollbar');
        assert.deepEqual(await w.page.evaluate(clippedHeaders), [], `learned routes at ${width} px`);
        assert.equal(await w.page.evaluate(misaligned), 0, `learned routes header/rows aligned at ${width} px`);
        await w.page.locator('#tab-peers').click();
        await waitUntil(w.page, 'document.querySelector("#count").textContent === "2 of 2 rows"');
        assert.equal(await rowsInDom(w), 2, 'no row of the previous tab lingers');
        assert.deepEqual(await w.page.evaluate(clippedHeaders), [], `peers at ${width} px`);
        for (const label of ['Routes received', 'Messages sent', 'Messages received']) {
          assert.equal(await w.page.locator('.grid-sort', { hasText: label }).innerText(), label);
        }
        if (width < 1000) {
          // Narrow: the rows scroll sideways and the header follows them.
          await w.page.evaluate('document.querySelector(".grid-viewport").scrollLeft = 200');
          await waitUntil(w.page, 'document.querySelector(".grid-head").scrollLeft === document.querySelector(".grid-viewport").scrollLeft && document.querySelector(".grid-viewport").scrollLeft > 0');
        }
        assert.equal(await w.page.evaluate(misaligned), 0, `peers header/rows aligned at ${width} px`);
        await w.page.screenshot({ path: join(OUT, `bgp-table-peers-${width}px.png`) });
        assert.deepEqual(w.problems, []);
      } finally {
        await w.close();
      }
    }
  });

  /** Contrast ratio (WCAG) of each probed element's text against the first opaque background behind it. */
  const CONTRASTS = `(() => {
    const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
    const bg = (e) => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c; } return [255, 255, 255]; };
    const probe = { title: 'h1.title', count: '#count', cell: '.grid-row:not(:focus) .grid-cell', header: '.grid-sort', tab: '.tab[aria-selected=true]', focusedRow: '.grid-row:focus .grid-cell' };
    const out = {};
    for (const [name, sel] of Object.entries(probe)) {
      const e = document.querySelector(sel);
      if (!e) { out[name] = -1; continue; }
      const a = lum(rgb(getComputedStyle(e).color)); const b = lum(bg(e));
      out[name] = Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 10) / 10;
    }
    return out;
  })()`;

  it('reads well in dark, light and high-contrast themes (text contrast at least 4.5:1)', async (t) => {
    for (const theme of ['dark', 'light', 'high-contrast'] as const) {
      const { w } = await openLearned(theme, undefined, routes.slice(0, 100));
      try {
        await w.page.locator('.grid-row').nth(1).click();
        const ratios = (await w.page.evaluate(CONTRASTS)) as Record<string, number>;
        t.diagnostic(`${theme}: ${JSON.stringify(ratios)}`);
        for (const [name, ratio] of Object.entries(ratios)) assert.ok(ratio >= 4.5, `${theme}: ${name} contrast ${ratio}:1 (${JSON.stringify(ratios)})`);
        await w.page.screenshot({ path: join(OUT, `bgp-table-theme-${theme}.png`) });
        assert.deepEqual(w.problems, []);
      } finally {
        await w.close();
      }
    }
  });

  it('a reveal (a route path hop\'s link) switches tab, filters to the row and selects it; a missing route shows the lookup', async () => {
    const host = new TableHost(memorySource('vpn-gw', routes));
    const w = await browser.open('bgpTable', host, { state: { sourceId: 'memory', gatewayId: 'x', tab: 'peers', peer: '', filter: '', lookup: '', sort: null, scrollTop: 0 } });
    try {
      await waitUntil(w.page, 'document.querySelector("#count")?.textContent?.endsWith("of 2 rows")');
      await w.send({ type: 'reveal', tab: 'learned', peer: '', filter: '10.17.3.0/24', lookup: '' });
      await waitUntil(w.page, 'document.querySelector("#count").textContent === "1 of 20,000 rows"');
      assert.equal(await w.page.locator('#tab-learned').getAttribute('aria-selected'), 'true');
      assert.equal(await w.page.evaluate('document.activeElement?.closest(".grid-row")?.querySelector(".grid-cell")?.textContent'), '10.17.3.0/24');
      await w.send({ type: 'reveal', tab: 'learned', peer: '', filter: '', lookup: '203.0.113.9' });
      await waitUntil(w.page, 'document.querySelector("#lookup-result").textContent.includes("No route")');
      const revealed = host.received.filter((m) => m.type === 'revealed');
      assert.equal(revealed.length, 2);
      const r = routes.find((x) => x.network === '10.17.3.0/24')!;
      assert.deepEqual(revealed[0], { type: 'revealed', tab: 'learned', shown: 1, selected: [r.network, r.nextHop, r.sourcePeer, r.origin, r.asPath, r.weight, r.localAddress].join(' ') });
      assert.match(revealed[1]!.type === 'revealed' ? revealed[1]!.selected : '', /No route in this table serves 203\.0\.113\.9/);
      assert.deepEqual(host.rejected, []);
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });
});
