// The shared timeline's controls without a DOM: the custom range's checks (each error names its
// field), the time cursor's keys, and where history is read from (Azure Monitor's hosts per cloud,
// or a loopback endpoint's own paths).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CUSTOM_RANGE_MS, parseCustomRange } from '../../../src/webviews/apps/shared/timeline/customRange';
import { cursorAfterKey, cursorStepMs } from '../../../src/webviews/apps/shared/timeline/timeCursor';
import { historyClientOptions } from '../../../src/azure/history/historyAccess';
import { StaticTokenCredential } from '../../../src/azure/staticTokenCredential';
import { AZURE_CLOUDS } from '../../../src/azure/azureClouds';
import { parseTimelineMessage } from '../../../src/webviews/protocol/timelineProtocol';
import { parseLabMessage } from '../../../src/webviews/protocol/labProtocol';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('custom range', () => {
  it('accepts a datetime-local pair (UTC) and returns ISO times', () => {
    assert.deepEqual(parseCustomRange('2026-02-28T10:00', '2026-02-28T11:30', NOW), { ok: true, from: '2026-02-28T10:00:00.000Z', to: '2026-02-28T11:30:00.000Z' });
  });
  it('says which field is wrong and why', () => {
    const cases: [string, string, 'from' | 'to', RegExp][] = [
      ['', '2026-02-28T11:30', 'from', /From is empty/],
      ['yesterday', '2026-02-28T11:30', 'from', /not a date and time/],
      ['2026-02-30T10:00', '2026-03-01T11:30', 'from', /not a real date/],
      ['2026-02-28T10:00', '2026-02-28T09:00', 'to', /at least a minute after From/],
      ['2026-03-02T10:00', '2026-03-03T09:00', 'from', /future/],
      ['2025-01-01T00:00', '2026-02-28T09:00', 'to', new RegExp(`longer than ${MAX_CUSTOM_RANGE_MS / 86_400_000} days`)],
    ];
    for (const [from, to, field, error] of cases) {
      const r = parseCustomRange(from, to, NOW);
      assert.equal(r.ok, false, `${from} – ${to}`);
      if (!r.ok) {
        assert.equal(r.field, field, `${from} – ${to}`);
        assert.match(r.error, error);
      }
    }
  });
  it('ends a range reaching into the future at now', () => {
    const r = parseCustomRange('2026-03-01T10:00', '2026-03-05T00:00', NOW);
    assert.ok(r.ok);
    if (r.ok) assert.equal(r.to, new Date(NOW).toISOString());
  });
});

describe('time cursor keys', () => {
  it('steps by arrows, ten steps with Shift or PageUp/PageDown, and stays inside the range', () => {
    const step = cursorStepMs(360_000);
    assert.equal(step, 5000);
    assert.equal(cursorAfterKey('ArrowRight', false, 60_000, 0, 360_000, step), 65_000);
    assert.equal(cursorAfterKey('ArrowLeft', true, 60_000, 0, 360_000, step), 10_000);
    assert.equal(cursorAfterKey('PageUp', false, 355_000, 0, 360_000, step), 360_000);
    assert.equal(cursorAfterKey('ArrowLeft', false, 2000, 0, 360_000, step), 0);
    assert.equal(cursorAfterKey('Home', false, 60_000, 0, 360_000, step), 0);
    assert.equal(cursorAfterKey('End', false, 60_000, 0, 360_000, step), 360_000);
    assert.equal(cursorAfterKey('a', false, 60_000, 0, 360_000, step), undefined);
  });
});

describe('timeline messages', () => {
  it('accepts time travel and custom range requests and refuses bad ones', () => {
    assert.deepEqual(parseTimelineMessage({ type: 'timeTravel', action: 'goTo', atMs: 120_000 }), { ok: true, value: { type: 'timeTravel', action: 'goTo', atMs: 120_000 } });
    assert.deepEqual(parseLabMessage({ type: 'timeTravel', action: 'live' }), { ok: true, value: { type: 'timeTravel', action: 'live' } });
    assert.equal(parseTimelineMessage({ type: 'timeTravel', action: 'goTo', atMs: -1 }).ok, false);
    assert.equal(parseTimelineMessage({ type: 'timeTravel', action: 'goTo', atMs: 1.5 }).ok, false);
    assert.equal(parseLabMessage({ type: 'timeTravel', action: 'run', command: 'workbench.action.quit' }).ok, false);
    assert.equal(parseTimelineMessage({ type: 'customRange', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' }).ok, true);
    assert.equal(parseTimelineMessage({ type: 'customRange', from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' }).ok, false);
  });
});

describe('history access', () => {
  const credential = new StaticTokenCredential('secret-token');
  it('reads a loopback endpoint (the lab, or an Azure-like source a test added) under its own base URL', () => {
    const o = historyClientOptions({ armEndpoint: 'http://127.0.0.1:4000/', credential }, '');
    assert.equal(o.armEndpoint, 'http://127.0.0.1:4000');
    assert.equal(o.logsEndpoint, 'http://127.0.0.1:4000/loganalytics/v1');
    assert.equal(o.metricsEndpoint, 'http://127.0.0.1:4000');
  });
  it('reads Azure Monitor of the signed-in cloud: Log Analytics, regional metrics, their scopes', () => {
    const o = historyClientOptions({ armEndpoint: AZURE_CLOUDS.AzureCloud.resourceManager, credential, cloud: AZURE_CLOUDS.AzureCloud }, 'West Europe');
    assert.equal(o.logsEndpoint, 'https://api.loganalytics.io/v1');
    assert.deepEqual(o.logsScopes, ['https://api.loganalytics.io/.default']);
    assert.equal(o.metricsEndpoint, 'https://westeurope.metrics.monitor.azure.com');
    assert.deepEqual(o.armScopes, [AZURE_CLOUDS.AzureCloud.scope]);
    const gov = historyClientOptions({ armEndpoint: AZURE_CLOUDS.AzureUSGovernment.resourceManager, credential, cloud: AZURE_CLOUDS.AzureUSGovernment }, 'usgovvirginia');
    assert.equal(gov.metricsEndpoint, 'https://usgovvirginia.metrics.monitor.azure.us');
    assert.throws(() => historyClientOptions({ armEndpoint: AZURE_CLOUDS.AzureCloud.resourceManager, credential, cloud: AZURE_CLOUDS.AzureCloud }, ''), /no location/);
  });
  it('never prints the token', () => {
    const o = historyClientOptions({ armEndpoint: 'http://127.0.0.1:4000', credential }, '');
    assert.doesNotMatch(JSON.stringify(o), /secret-token/);
    assert.doesNotMatch(String(o.credential), /secret-token/);
  });
});
