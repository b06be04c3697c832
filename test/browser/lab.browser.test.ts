// The Lab panel webview in Chromium with data from a real LabRuntime (ap-unplanned-crash).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, WebviewBrowser, ensureWebviewBundles, waitUntil } from './browserHarness';
import { loadScenario } from '../../src/engine/scenario/loadScenario';
import { LabRuntime } from '../../src/engine/labRuntime';
import { labPanelData } from '../../src/webviews/lab/labPanelData';
import { parseLabMessage, type HostToLab, type LabToHost } from '../../src/webviews/protocol/labProtocol';

const OUT = join(ROOT, 'test-output', 'webview');

describe('Lab panel webview in Chromium', () => {
  let browser: WebviewBrowser;
  let lab: LabRuntime;

  before(async () => {
    ensureWebviewBundles(['lab']);
    mkdirSync(OUT, { recursive: true });
    browser = await WebviewBrowser.start();
    lab = await LabRuntime.create(await loadScenario(join(ROOT, 'scenarios', 'ap-unplanned-crash.gwlab.json')), { speed: 600, paused: true });
  });
  after(async () => {
    lab?.dispose();
    await browser?.stop();
  });

  it('shows a broken tunnel as broken in words, the failover gap as a number and the timeline', async () => {
    const rejected: string[] = [];
    let ready = 0;
    const w = await browser.open('lab', {
      onMessage: async (raw, send) => {
        const m = parseLabMessage(raw);
        if (!m.ok) {
          rejected.push(m.error);
          return;
        }
        ready++;
        while (lab.timeSeconds < 150) lab.step();
        await send({ type: 'lab', data: labPanelData(lab) } satisfies HostToLab);
      },
    });
    try {
      await waitUntil(w.page, 'document.querySelector("#topology svg") !== null');
      assert.equal(ready, 1);
      assert.deepEqual(rejected, []);
      assert.match(await w.page.locator('h1').innerText(), /ap-unplanned-crash/);
      const brokenText = await w.page.locator('#broken-links').innerText();
      assert.match(brokenText, /✕ vpn-gw-to-paris: (NotConnected|Connecting)/);
      assert.equal(await w.page.locator('.link-tunnel.link-down').count(), 1);
      assert.match((await w.page.locator('.link-tunnel .link-label').first().textContent()) ?? '', /^✕ vpn-gw-to-paris/);
      assert.ok((await w.page.locator('#timeline .segment').count()) > 4);
      assert.equal(await w.page.locator('#timeline .fault-marker').count(), 1);
      assert.match((await w.page.locator('.fault-label').first().textContent()) ?? '', /crash IN_0/);
      // A/P: the standby's tunnel is neutral with words, the crashed active's tunnel red.
      const tunnelTitles = await w.page.locator('#timeline .segment title').allTextContents();
      assert.ok(tunnelTitles.some((t) => t.startsWith('vpn-gw-to-paris IN_1: standby (no tunnel)')), tunnelTitles.join('\n'));
      assert.equal(await w.page.locator('#timeline .segment.tone-bad', { has: w.page.locator('title', { hasText: /^vpn-gw-to-paris IN_1: / }) }).count(), 0);
      assert.ok((await w.page.locator('#timeline .segment.tone-bad', { has: w.page.locator('title', { hasText: /^vpn-gw-to-paris IN_0: NotConnected/ }) }).count()) > 0);
      await w.page.screenshot({ path: join(OUT, 'lab-during-gap-dark.png'), fullPage: true });

      // Later: traffic is back, the gap is a number and every link is up again.
      while (lab.timeSeconds < 300) lab.step();
      await w.send({ type: 'lab', data: labPanelData(lab) } satisfies HostToLab);
      await waitUntil(w.page, 'document.querySelector("#broken-links").textContent.includes("All links up")');
      const gap = await w.page.locator('.failover-table td.gap').innerText();
      assert.match(gap, /^\d+(\.\d)? s$/);
      assert.equal(await w.page.locator('.failover-table tbody tr td').nth(1).innerText(), 'IN_0 → IN_1');
      await w.page.screenshot({ path: join(OUT, 'lab-after-failover-dark.png'), fullPage: true });
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  it('is the shared timeline: a time cursor at the moment shown, the fault as a jump target, previous/next/live', async () => {
    while (lab.timeSeconds < 300) lab.step();
    const asked: LabToHost[] = [];
    const w = await browser.open('lab', {
      onMessage: async (raw, send) => {
        const m = parseLabMessage(raw);
        assert.ok(m.ok, m.ok ? '' : m.error);
        if (m.value.type === 'ready') await send({ type: 'lab', data: labPanelData(lab) } satisfies HostToLab);
        else asked.push(m.value);
      },
    });
    try {
      await waitUntil(w.page, 'document.querySelector("#timeline #time-cursor") !== null');
      assert.equal(await w.page.locator('#time-cursor').getAttribute('aria-valuenow'), String(Math.round(lab.timeSeconds * 1000)));
      const fault = lab.timeline().faults[0]!;
      await w.page.locator('#timeline .fault-marker.jump-target').first().focus();
      await w.page.keyboard.press('Enter');
      await w.page.click('#travel-previous');
      await w.page.click('#travel-live');
      await w.page.locator('#time-cursor').focus();
      await w.page.keyboard.press('Home');
      await waitUntil(w.page, 'true');
      const deadline = Date.now() + 5000;
      while (asked.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(asked, [
        { type: 'timeTravel', action: 'goTo', atMs: Math.round(fault.t * 1000) },
        { type: 'timeTravel', action: 'previous' },
        { type: 'timeTravel', action: 'live' },
        { type: 'timeTravel', action: 'goTo', atMs: 0 },
      ]);
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  it('renders in the light theme and says so when no lab runs', async () => {
    const w = await browser.open(
      'lab',
      { onMessage: async (_m, send) => send({ type: 'lab', data: labPanelData(lab) } satisfies HostToLab) },
      { theme: 'light' },
    );
    try {
      await waitUntil(w.page, 'document.querySelector("#timeline svg") !== null');
      await w.page.screenshot({ path: join(OUT, 'lab-light.png'), fullPage: true });
      await w.send({ type: 'noLab', message: 'The lab is not running.' } satisfies HostToLab);
      await waitUntil(w.page, 'document.querySelector("#lab-message").textContent === "The lab is not running."');
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  /** Lowest WCAG contrast of the words printed in timeline bars, per tone, against the bar's blended colour. */
  const SEGMENT_CONTRASTS = `(() => {
    const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number).slice(0, 3);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
    const page = rgb(getComputedStyle(document.body).backgroundColor);
    const out = {};
    for (const seg of document.querySelectorAll('#timeline .segment')) {
      const label = seg.querySelector('.segment-label');
      if (!label) continue;
      const box = getComputedStyle(seg.querySelector('.segment-box'));
      const a = Number(box.fillOpacity);
      const fill = rgb(box.fill).map((v, i) => v * a + page[i] * (1 - a));
      const x = lum(rgb(getComputedStyle(label).fill)); const y = lum(fill);
      const ratio = Math.round(((Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)) * 10) / 10;
      const tone = [...seg.classList].find((c) => c.startsWith('tone-'));
      out[tone] = Math.min(out[tone] ?? 99, ratio);
    }
    return out;
  })()`;

  it('prints bar words readable on every tone in dark, light and high-contrast themes (>= 4.5:1)', async (t) => {
    while (lab.timeSeconds < 150) lab.step();
    for (const theme of ['dark', 'light', 'high-contrast'] as const) {
      const w = await browser.open('lab', { onMessage: async (_m, send) => send({ type: 'lab', data: labPanelData(lab) } satisfies HostToLab) }, { theme });
      try {
        await waitUntil(w.page, 'document.querySelector("#timeline svg") !== null');
        const ratios = (await w.page.evaluate(SEGMENT_CONTRASTS)) as Record<string, number>;
        t.diagnostic(`${theme}: ${JSON.stringify(ratios)}`);
        assert.ok(['tone-ok', 'tone-standby', 'tone-bad'].every((k) => k in ratios), JSON.stringify(ratios));
        for (const [tone, ratio] of Object.entries(ratios)) assert.ok(ratio >= 4.5, `${theme}: ${tone} ${ratio}:1`);
        await w.page.screenshot({ path: join(OUT, `lab-theme-${theme}.png`), fullPage: true });
        assert.deepEqual(w.problems, []);
      } finally {
        await w.close();
      }
    }
  });
});
