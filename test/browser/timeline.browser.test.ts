// The Timeline panel webview in Chromium under the real CSP, with a real lab history read through
// the Monitor SDKs from the lab's endpoint (ap-unplanned-crash): the failover event, its raw rows on
// Enter, lanes, Chart.js charts on canvas, and no CSP violation or console error.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, WebviewBrowser, ensureWebviewBundles, waitUntil } from './browserHarness';
import { loadScenario } from '../../src/engine/scenario/loadScenario';
import { createLab } from '../../src/engine/createLab';
import { startArmEndpoint, type ArmEndpoint } from '../../src/engine/arm/armEndpoint';
import { LOGS_PATH } from '../../src/engine/arm/monitorRoutes';
import { labHistorySource } from '../../src/engine/history/labHistorySource';
import { GatewayHistoryClient } from '../../src/azure/history/gatewayHistoryClient';
import { readGatewayTimeline } from '../../src/azure/history/gatewayTimeline';
import { StaticTokenCredential } from '../../src/azure/staticTokenCredential';
import { historyLanes } from '../../src/diagnostics/history/historyLanes';
import { networkResourceId } from '../../src/model/resourceIds';
import { parseTimelineMessage, type HostToTimeline, type TimelinePanelData } from '../../src/webviews/protocol/timelineProtocol';

const OUT = join(ROOT, 'test-output', 'webview');

describe('Timeline panel webview in Chromium', () => {
  let browser: WebviewBrowser;
  let ep: ArmEndpoint;
  let data: TimelinePanelData;

  before(async () => {
    ensureWebviewBundles(['timeline']);
    mkdirSync(OUT, { recursive: true });
    const scenario = await loadScenario(join(ROOT, 'scenarios', 'ap-unplanned-crash.gwlab.json'));
    const lab = createLab(scenario);
    lab.runUntil(scenario.durationSeconds);
    ep = await startArmEndpoint({ snapshot: () => lab.snapshot(), monitor: { source: () => labHistorySource(lab) } });
    const gw = networkResourceId('virtualNetworkGateways', 'vpn-gw');
    const client = new GatewayHistoryClient({ armEndpoint: ep.baseUrl, logsEndpoint: `${ep.baseUrl}${LOGS_PATH}`, metricsEndpoint: ep.baseUrl, credential: new StaticTokenCredential(ep.token) });
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2026-01-01T00:06:00Z');
    const t = await readGatewayTimeline(client, { gatewayId: gw, from, to });
    const rows = t.logs?.rows ?? [];
    data = {
      gateway: 'vpn-gw',
      gatewayId: gw,
      source: 'lab',
      preset: 'run',
      from: from.toISOString(),
      to: to.toISOString(),
      zoom: null,
      events: t.events.map((e) => ({ kind: e.kind, at: e.at, title: e.title, fromInstance: e.fromInstance, toInstance: e.toInstance, gapSeconds: e.gapSeconds, rows: e.rows.map((i) => rows[i]!) })),
      lanes: historyLanes(rows, from.toISOString(), to.toISOString()),
      bins: (t.bins?.bins ?? []).map((b) => ({ start: b.start, count: b.count })),
      binSeconds: t.bins?.binSeconds ?? 60,
      metrics: t.metrics,
      activity: t.activity,
      problems: t.problems.map((p) => p.message),
      note: 'lab',
    };
    browser = await WebviewBrowser.start();
  });
  after(async () => {
    await ep?.close();
    await browser?.stop();
  });

  it('draws the failover, its raw rows on Enter, lanes and charts, with no CSP violation', async () => {
    const received: string[] = [];
    const rendered: string[][] = [];
    const w = await browser.open('timeline', {
      onMessage: async (raw, send) => {
        const m = parseTimelineMessage(raw);
        assert.ok(m.ok, m.ok ? '' : m.error);
        received.push(m.value.type);
        if (m.value.type === 'ready') await send({ type: 'timeline', data } satisfies HostToTimeline);
        if (m.value.type === 'rendered') rendered.push(m.value.events);
      },
    });
    try {
      await waitUntil(w.page, 'document.querySelectorAll("#timeline-events tr.event").length > 0');
      const row = w.page.locator('#timeline-events tr.event-failover');
      assert.equal(await row.count(), 1);
      assert.match(await row.innerText(), /IN_0 → IN_1/);
      await row.focus();
      await w.page.keyboard.press('Enter');
      await waitUntil(w.page, 'document.querySelector("#timeline-detail table") !== null');
      assert.match(await w.page.locator('#timeline-detail').innerText(), /TunnelDisconnected[\s\S]*TunnelConnected/);
      assert.ok((await w.page.locator('#timeline-lanes rect.seg').count()) >= 3);
      assert.ok((await w.page.locator('#timeline-charts canvas').count()) >= 2, 'log counts and at least one metric chart');
      await waitUntil(w.page, 'true');
      assert.ok(rendered.some((events) => events.some((e) => /failover/.test(e))));
      await w.page.screenshot({ path: join(OUT, 'timeline-dark.png'), fullPage: true });
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });
});
