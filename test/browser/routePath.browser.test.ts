// The Route Path panel webview in Chromium under the real CSP, with a real trace of the
// coexistence break (coex-er-vpn-session-down at 3m): every hop with its status in words, the
// first broken hop (the ER gateway's learned routes) highlighted with its fix, keyboard moves
// between hops and Enter opens the focused hop's row, links and exports post the right messages,
// the path survives a reload through the saved state, in dark, light and high-contrast themes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, WebviewBrowser, ensureWebviewBundles, waitUntil, type Theme } from './browserHarness';
import { loadScenario } from '../../src/engine/scenario/loadScenario';
import { createLab } from '../../src/engine/createLab';
import { traceRoutePath } from '../../src/routePath/traceRoutePath';
import { firstHopCheck, firstHopLine } from '../../src/routePath/firstHopCheck';
import { hopLinks, linkView } from '../../src/webviews/routePath/hopLinks';
import { parseRoutePathMessage, type HostToRoutePath, type RoutePathToHost, type RoutePathView } from '../../src/webviews/protocol/routePathProtocol';

const OUT = join(ROOT, 'test-output', 'webview');

describe('Route Path panel webview in Chromium', () => {
  let browser: WebviewBrowser;
  let view: RoutePathView;

  before(async () => {
    ensureWebviewBundles(['routePath']);
    mkdirSync(OUT, { recursive: true });
    const lab = createLab(await loadScenario(join(ROOT, 'scenarios', 'coex-er-vpn-session-down.gwlab.json')), { recordEvents: false });
    lab.runUntil(180);
    const snapshot = lab.snapshot();
    await lab.dispose();
    const traced = traceRoutePath(snapshot, '10.10.1.4', '192.168.10.20');
    // Network Watcher said something else: the panel must say they disagree.
    const result = { ...traced, firstHopCheck: firstHopCheck(traced, { nextHopType: 'VirtualNetworkGateway', nextHopIpAddress: '10.10.255.4', routeTableId: 'System Route' }) };
    const links = hopLinks(result, snapshot, 'lab');
    view = { ids: { sourceId: 'lab', from: result.from, to: result.to }, sourceLabel: 'Lab', result, firstHopLine: firstHopLine(result, undefined), links: { hops: links.hops.map(linkView), returnHops: links.returnHops.map(linkView) }, live: true };
    browser = await WebviewBrowser.start();
  });
  after(async () => {
    await browser?.stop();
  });

  async function open(theme: Theme, state?: unknown) {
    const received: RoutePathToHost[] = [];
    const rejected: string[] = [];
    const w = await browser.open(
      'routePath',
      {
        onMessage: async (raw, send) => {
          const m = parseRoutePathMessage(raw);
          if (!m.ok) {
            rejected.push(m.error);
            return;
          }
          received.push(m.value);
          if (m.value.type === 'ready') await send({ type: 'path', data: view } satisfies HostToRoutePath);
        },
      },
      { theme, ...(state ? { state } : {}) },
    );
    await waitUntil(w.page, 'document.querySelectorAll("li.rp-hop").length > 0');
    return { w, received, rejected };
  }

  it('shows every hop with its status in words and the first broken hop with its fix; keyboard and links post the right messages', async () => {
    const r = view.result;
    assert.equal(r.delivered, false);
    const fb = r.firstBroken!;
    assert.equal(r.hops[fb]!.kind, 'plumbing', 'the coexistence break: the ER gateway does not learn the branch prefix');
    const { w, received, rejected } = await open('dark');
    try {
      assert.equal(await w.page.locator('li.rp-hop').count(), r.hops.length + r.returnHops.length);
      const first = w.page.locator('li.rp-hop.first-broken');
      assert.equal(await first.count(), 1);
      const text = await first.innerText();
      assert.match(text, /✖ broken/);
      assert.match(text, /plumbing/);
      assert.match(text, /er-gw/);
      assert.match(text, /first broken hop/);
      assert.match(text, /Fix: Restore BGP between er-gw and vpn-gw/);
      assert.match(text, /Open learned routes of er-gw, lookup 192\.168\.10\.20/);
      assert.match(await w.page.locator('#rp-verdict').innerText(), new RegExp(`✖ delivered: false — not delivered: first broken hop #${fb} \\(plumbing er-gw\\)`));
      assert.match(await w.page.locator('#rp-first-hop').innerText(), /Network Watcher disagrees/);
      // Status is never colour alone: each hop head carries the word.
      for (const h of await w.page.locator('li.rp-hop .rp-status').allInnerTexts()) assert.match(h, /^(✔ ok|✖ broken|\? unknown)$/);
      // A hop without a table says so.
      assert.match(await w.page.locator('li.rp-hop[data-index="0"][data-list="hops"]').innerText(), /No table: the source address has no table row/);

      // Keyboard: the first hop is in the tab order; Down moves to the first broken hop; Enter opens its row.
      await w.page.locator('li.rp-hop[data-list="hops"][data-index="0"]').focus();
      for (let i = 0; i < fb; i++) await w.page.keyboard.press('ArrowDown');
      assert.equal(await w.page.evaluate('document.activeElement.dataset.index'), String(fb));
      await w.page.keyboard.press('Enter');
      await waitUntil(w.page, 'true');
      assert.deepEqual(received.filter((m) => m.type === 'openHop'), [{ type: 'openHop', list: 'hops', index: fb }]);
      // End reaches the last return hop; its link button posts the return list.
      await w.page.keyboard.press('End');
      assert.equal(await w.page.evaluate('document.activeElement.dataset.list'), 'returnHops');
      await w.page.locator('li.rp-hop[data-list="returnHops"] button.rp-link').first().click();
      await w.page.locator('#rp-export-json').click();
      await w.page.locator('#rp-export-md').click();
      await waitUntil(w.page, 'true');
      const later = received.filter((m) => m.type === 'openHop' || m.type === 'export').slice(1);
      assert.deepEqual(later, [{ type: 'openHop', list: 'returnHops', index: 0 }, { type: 'export', format: 'json' }, { type: 'export', format: 'markdown' }]);
      const rendered = received.find((m) => m.type === 'rendered');
      assert.ok(rendered && rendered.type === 'rendered' && rendered.hops.some((l) => /plumbing er-gw — first broken hop/.test(l)), 'the webview reports what it drew');
      assert.deepEqual(w.lastState(), { ids: view.ids }, 'the path is saved for a reload');
      await w.page.screenshot({ path: join(OUT, 'routePath-dark.png'), fullPage: true });
      assert.deepEqual(rejected, []);
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  for (const theme of ['light', 'high-contrast'] as const) {
    it(`renders in the ${theme} theme without CSP violations (restored from saved state)`, async () => {
      const { w, rejected } = await open(theme, { ids: view.ids });
      try {
        assert.equal(await w.page.locator('li.rp-hop.first-broken').count(), 1);
        await w.page.screenshot({ path: join(OUT, `routePath-${theme}.png`), fullPage: true });
        assert.deepEqual(rejected, []);
        assert.deepEqual(w.problems, []);
      } finally {
        await w.close();
      }
    });
  }
});
