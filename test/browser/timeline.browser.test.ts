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
import { parseTimelineMessage, type HostToTimeline, type TimelinePanelData, type TimelineToHost } from '../../src/webviews/protocol/timelineProtocol';

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

  it('checks a custom range before sending it, and moves the lab time cursor by keys, jump targets and buttons', async () => {
    const sent: TimelineToHost[] = [];
    const origin = Date.parse(data.from);
    const failover = data.events.find((e) => e.kind === 'failover')!;
    const travelData: TimelinePanelData = { ...data, travel: { originMs: origin, atMs: 60_000, liveMs: 360_000, live: false, faults: [{ atMs: 120_000, label: 'crash IN_0' }] } };
    const w = await browser.open('timeline', {
      onMessage: async (raw, send) => {
        const m = parseTimelineMessage(raw);
        assert.ok(m.ok, m.ok ? '' : m.error);
        if (m.value.type === 'ready') await send({ type: 'timeline', data: travelData } satisfies HostToTimeline);
        else if (m.value.type !== 'rendered') sent.push(m.value);
      },
    });
    /** The message the webview posts after `action`. */
    const postedAfter = async (what: string, action: () => Promise<void>): Promise<TimelineToHost> => {
      const n = sent.length;
      await action();
      const deadline = Date.now() + 5000;
      while (sent.length === n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(sent.length > n, `a message after ${what}`);
      return sent[sent.length - 1]!;
    };
    try {
      await waitUntil(w.page, 'document.querySelector("#time-cursor") !== null');
      // Custom range: To before From is refused in words, nothing is sent; a good range is sent as ISO times.
      await w.page.fill('#range-from', '2026-01-01T00:10');
      await w.page.fill('#range-to', '2026-01-01T00:05');
      await w.page.click('#range-apply');
      assert.match(await w.page.locator('#range-error').innerText(), /at least a minute after From/);
      assert.equal(await w.page.locator('#range-to').getAttribute('aria-invalid'), 'true');
      await w.page.fill('#range-from', '');
      await w.page.locator('#range-to').press('Enter');
      assert.match(await w.page.locator('#range-error').innerText(), /From is empty/);
      assert.equal(sent.filter((m) => m.type === 'customRange').length, 0);
      await w.page.fill('#range-from', '2026-01-01T00:01');
      await w.page.fill('#range-to', '2026-01-01T00:04');
      assert.deepEqual(await postedAfter('a valid custom range', () => w.page.locator('#range-to').press('Enter')), { type: 'customRange', from: '2026-01-01T00:01:00.000Z', to: '2026-01-01T00:04:00.000Z' });
      assert.equal(await w.page.locator('#range-error').innerText(), '');

      // The cursor is a slider at the moment shown; arrows step (5 s over 6 min), Home/End go to the ends.
      const cursor = w.page.locator('#time-cursor');
      assert.equal(await cursor.getAttribute('role'), 'slider');
      assert.equal(await cursor.getAttribute('aria-valuenow'), String(origin + 60_000));
      await cursor.focus();
      assert.deepEqual(await postedAfter('ArrowRight', () => w.page.keyboard.press('ArrowRight')), { type: 'timeTravel', action: 'goTo', atMs: 65_000 });
      assert.deepEqual(await postedAfter('Home', () => w.page.keyboard.press('Home')), { type: 'timeTravel', action: 'goTo', atMs: 0 });
      assert.deepEqual(await postedAfter('End', () => w.page.keyboard.press('End')), { type: 'timeTravel', action: 'goTo', atMs: 360_000 });
      // Jump targets: the fault by keyboard, the classified failover by a click.
      await w.page.locator('.fault-marker.jump-target').focus();
      assert.deepEqual(await postedAfter('Enter on the fault marker', () => w.page.keyboard.press('Enter')), { type: 'timeTravel', action: 'goTo', atMs: 120_000 });
      const eventMarker = w.page.locator('.event-marker.jump-target', { has: w.page.locator('title', { hasText: /failover/ }) });
      await eventMarker.focus();
      assert.deepEqual(await postedAfter('Space on the failover marker', () => w.page.keyboard.press(' ')), { type: 'timeTravel', action: 'goTo', atMs: Date.parse(failover.at) - origin });
      assert.deepEqual(await postedAfter('Next event', () => w.page.click('#travel-next')), { type: 'timeTravel', action: 'next' });
      assert.deepEqual(await postedAfter('Previous event', () => w.page.click('#travel-previous')), { type: 'timeTravel', action: 'previous' });
      assert.deepEqual(await postedAfter('Live', () => w.page.click('#travel-live')), { type: 'timeTravel', action: 'live' });
      // The host answers with the snapshot's time: the cursor is drawn there.
      await w.send({ type: 'timeline', data: { ...travelData, travel: { ...travelData.travel!, atMs: 200_000 } } } satisfies HostToTimeline);
      await waitUntil(w.page, `document.querySelector("#time-cursor").getAttribute("aria-valuenow") === "${origin + 200_000}"`);
      assert.match(await w.page.locator('#travel-moment').innerText(), /past/);
      await w.page.screenshot({ path: join(OUT, 'timeline-travel-dark.png'), fullPage: true });
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });

  it('draws the failover, its raw rows on Enter, lanes and charts, with no CSP violation', async () => {
    // A failed route write on the VNet's route table, as the host sends an Activity Log event.
    const id = `${networkResourceId('routeTables', 'GatewaySubnet-rt')}/routes/r1`;
    const at = '2026-01-01T00:05:00.000Z';
    const withChange: TimelinePanelData = {
      ...data,
      events: [...data.events, { kind: 'configChange', at, title: 'route table GatewaySubnet-rt: write Failed by bob', resourceId: id, resource: 'GatewaySubnet-rt', caller: 'bob', status: 'Failed', rows: [] }],
      activity: [...data.activity, { eventTimestamp: at, operationName: 'Microsoft.Network/routeTables/routes/write', resourceId: id, status: 'Failed', caller: 'bob', level: 'Error', correlationId: 'c9' }],
    };
    const received: string[] = [];
    const rendered: string[][] = [];
    const w = await browser.open('timeline', {
      onMessage: async (raw, send) => {
        const m = parseTimelineMessage(raw);
        assert.ok(m.ok, m.ok ? '' : m.error);
        received.push(m.value.type);
        if (m.value.type === 'ready') await send({ type: 'timeline', data: withChange } satisfies HostToTimeline);
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
      assert.ok((await w.page.locator('#timeline-lanes .segment').count()) >= 3);
      // An Azure (or any non-lab) timeline has no time cursor.
      assert.equal(await w.page.locator('#time-cursor').count(), 0);
      assert.ok((await w.page.locator('#timeline-charts canvas').count()) >= 2, 'log counts and at least one metric chart');
      await waitUntil(w.page, 'true');
      assert.ok(rendered.some((events) => events.some((e) => /failover/.test(e))));
      // An Activity Log event (no log rows): the list names the resource; Enter shows its id, status and caller.
      assert.match(await w.page.locator('#timeline-activity').innerText(), /routeTables\/GatewaySubnet-rt\/routes\/r1\s+Microsoft\.Network\/routeTables\/routes\/write\s+Failed\s+by bob/);
      const change = w.page.locator('#timeline-events tr.event-configChange');
      await change.focus();
      await w.page.keyboard.press('Enter');
      await waitUntil(w.page, 'document.querySelector("#timeline-detail .activity-detail") !== null');
      assert.match(await w.page.locator('#timeline-detail .activity-detail').innerText(), /routeTables\/GatewaySubnet-rt\/routes\/r1 · Failed · by bob/);
      await w.page.screenshot({ path: join(OUT, 'timeline-dark.png'), fullPage: true });
      assert.deepEqual(w.problems, []);
    } finally {
      await w.close();
    }
  });
});
