// The history client with the real @azure/arm-monitor, @azure/monitor-query-logs and
// @azure/monitor-query-metrics against the lab's endpoint: diagnostic settings -> workspace,
// binned counts and raw rows, metrics, the Activity Log, missing columns, partial results, 429,
// unsupported KQL and the per-run token.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createLab, labHistory } from '../../../src/engine/createLab';
import type { Lab } from '../../../src/engine/lab';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { startArmEndpoint, type ArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import { LAB_WORKSPACE_ID, LOGS_PATH, type MonitorRoutesOptions } from '../../../src/engine/arm/monitorRoutes';
import { labHistorySource } from '../../../src/engine/history/labHistorySource';
import { historyUntil } from '../../../src/engine/history/labHistory';
import { GatewayHistoryClient } from '../../../src/azure/history/gatewayHistoryClient';
import { binSecondsFor, readGatewayTimeline } from '../../../src/azure/history/gatewayTimeline';
import { StaticTokenCredential } from '../../../src/azure/staticTokenCredential';
import { AzureRequestError } from '../../../src/azure/azureErrors';
import { classifyHistory } from '../../../src/diagnostics/history/classifyHistory';
import { networkResourceId } from '../../../src/model/resourceIds';

const scenarios = join(__dirname, '..', '..', '..', 'scenarios');

async function ranLab(name: string): Promise<Lab> {
  const s = await loadScenario(join(scenarios, `${name}.gwlab.json`));
  const lab = createLab(s);
  lab.runUntil(s.durationSeconds);
  return lab;
}

async function serve(lab: Lab, monitor: Partial<MonitorRoutesOptions> = {}): Promise<ArmEndpoint> {
  return startArmEndpoint({ snapshot: () => lab.snapshot(), monitor: { source: () => labHistorySource(lab), ...monitor } });
}

function client(ep: ArmEndpoint, maxRetries = 2, token = ep.token): GatewayHistoryClient {
  return new GatewayHistoryClient({
    armEndpoint: ep.baseUrl,
    logsEndpoint: `${ep.baseUrl}${LOGS_PATH}`,
    metricsEndpoint: ep.baseUrl,
    credential: new StaticTokenCredential(token),
    retry: { maxRetries, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
  });
}

const start = new Date('2026-01-01T00:00:00Z');
const end = new Date('2026-01-01T01:00:00Z');
const gw = networkResourceId('virtualNetworkGateways', 'vpn-gw');

describe('history client against the lab endpoint (real SDKs)', () => {
  let lab: Lab;
  let ep: ArmEndpoint;
  before(async () => {
    lab = await ranLab('gateway-reset');
    ep = await serve(lab);
  });
  after(() => ep.close());

  it('finds the workspace through the gateway\'s diagnostic settings and reads the rows the lab wrote', async () => {
    const c = client(ep);
    const ws = await c.findWorkspace(gw);
    assert.ok(ws);
    assert.equal(ws.workspaceId, LAB_WORKSPACE_ID);
    assert.equal(ws.destination, 'AzureDiagnostics');
    assert.deepEqual(ws.categories, ['GatewayDiagnosticLog', 'TunnelDiagnosticLog', 'RouteDiagnosticLog', 'IKEDiagnosticLog']);
    const got = await c.rows(ws, gw, start, end);
    const expected = historyUntil(labHistory(lab)!).rows;
    assert.deepEqual(got.missingColumns, []);
    assert.equal(got.partial, undefined);
    assert.equal(got.rows.length, expected.length);
    assert.deepEqual(got.rows.map((r) => [r.TimeGenerated, r.OperationName, r.instance_s ?? '']), expected.map((r) => [r.TimeGenerated, r.OperationName, r.instance_s ?? '']));
    // Classified from the rows that came through the SDK: the same failover as the engine measured.
    const activity = await c.activity(gw, [], start, end);
    const events = classifyHistory(got.rows, activity);
    assert.deepEqual(events.map((e) => e.kind), ['reset', 'failover']);
    const f = lab.gateways.get('vpn-gw')!.failovers[0]!;
    assert.equal(events[1]!.fromInstance, f.fromInstance);
    assert.ok(Math.abs(events[1]!.gapSeconds! - f.gapSeconds!) <= 1);
  });

  it('a window narrower than the run returns only its rows', async () => {
    const c = client(ep);
    const ws = (await c.findWorkspace(gw))!;
    const got = await c.rows(ws, gw, new Date('2026-01-01T00:00:30Z'), new Date('2026-01-01T00:01:30Z'));
    assert.ok(got.rows.length > 0);
    assert.ok(got.rows.every((r) => r.TimeGenerated >= '2026-01-01T00:00:30' && r.TimeGenerated < '2026-01-01T00:01:30'));
  });

  it('bins: Log Analytics counts per bin; the counts add up to the rows', async () => {
    const c = client(ep);
    const ws = (await c.findWorkspace(gw))!;
    const b = await c.bins(ws, gw, start, end, 60);
    const total = b.bins.reduce((n, x) => n + x.count, 0);
    assert.equal(total, historyUntil(labHistory(lab)!).rows.length);
    const disconnects = b.bins.filter((x) => x.operation === 'TunnelDisconnected');
    assert.deepEqual(disconnects.map((x) => [x.start, x.instance, x.count]), [['2026-01-01T00:01:00.000Z', 'GatewayTenantWorker_IN_0', 1]]);
  });

  it('the Activity Log holds the reset as the control plane logs it', async () => {
    const a = await client(ep).activity(gw, [], start, end);
    assert.deepEqual(a.map((e) => [e.operationName, e.status]), [
      ['Microsoft.Network/virtualNetworkGateways/reset/action', 'Started'],
      ['Microsoft.Network/virtualNetworkGateways/reset/action', 'Succeeded'],
    ]);
    assert.equal(a[0]!.eventTimestamp, '2026-01-01T00:01:00.000Z');
  });

  it('a gateway without a diagnostic setting has no workspace', async () => {
    assert.equal(await client(ep).findWorkspace(networkResourceId('virtualNetworkGateways', 'not-there')), undefined);
  });

  it('429 with Retry-After is retried; throttling that outlasts the retries is a clear "throttled" error', async () => {
    ep.setFaults({ failures: [{ status: 429, count: 1, retryAfterSeconds: 0, pathIncludes: '/query' }] });
    const c = client(ep);
    const ws = (await c.findWorkspace(gw))!;
    const ok = await c.rows(ws, gw, start, end);
    assert.ok(ok.rows.length > 0);
    ep.setFaults({ failures: [{ status: 429, count: 10, retryAfterSeconds: 0, pathIncludes: '/query' }] });
    await assert.rejects(client(ep, 1).rows(ws, gw, start, end), (e: unknown) => e instanceof AzureRequestError && e.kind === 'throttled' && /429/.test(e.message));
    ep.setFaults({});
  });

  it('the wrong token is a 401, said as such', async () => {
    await assert.rejects(client(ep, 0, 'nope').findWorkspace(gw), (e: unknown) => e instanceof AzureRequestError && e.kind === 'unauthorized');
  });

  it('KQL outside the subset is a 400 naming the operator', async () => {
    const res = await fetch(`${ep.baseUrl}${LOGS_PATH}/workspaces/${LAB_WORKSPACE_ID}/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ep.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'AzureDiagnostics | join kind=inner (AzureActivity) on ResourceId' }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: string; message: string; innererror: { code: string } } };
    assert.equal(body.error.code, 'BadArgumentError');
    assert.match(body.error.message, /'join' operator/);
  });
});

describe('history client: missing columns, partial results, resource-specific tables, metrics', () => {
  it('a workspace without status_s: rows still come, and the client says which column is missing', async () => {
    const lab = await ranLab('ap-unplanned-crash');
    const ep = await serve(lab, { missingColumns: ['status_s', 'stateChangeReason_s'] });
    try {
      const c = client(ep);
      const ws = (await c.findWorkspace(gw))!;
      const got = await c.rows(ws, gw, start, end);
      assert.deepEqual(got.missingColumns.sort(), ['stateChangeReason_s', 'status_s']);
      assert.ok(got.rows.length > 0);
      assert.ok(got.rows.every((r) => r.status_s === undefined));
      assert.deepEqual(classifyHistory(got.rows).map((e) => e.kind), ['failover']);
      // The documented query shape that names the column directly fails as Log Analytics does.
      const res = await fetch(`${ep.baseUrl}${LOGS_PATH}/workspaces/${LAB_WORKSPACE_ID}/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ep.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'AzureDiagnostics | where Category == "TunnelDiagnosticLog" | project TimeGenerated, status_s' }),
      });
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { error: { message: string } }).error.message, /Failed to resolve scalar expression named 'status_s'/);
    } finally {
      await ep.close();
    }
  });

  it('more rows than the workspace returns: a partial result, said so', async () => {
    const lab = await ranLab('coex-vpn-failover-bgp');
    const ep = await serve(lab, { maxRows: 10 });
    try {
      const c = client(ep);
      const ws = (await c.findWorkspace(gw))!;
      const got = await c.rows(ws, gw, start, end);
      assert.ok(historyUntil(labHistory(lab)!).rows.filter((r) => r.Resource === 'VPN-GW').length > 10);
      assert.equal(got.rows.length, 10);
      assert.match(got.partial ?? '', /partial|limit/);
    } finally {
      await ep.close();
    }
  });

  it('resource-specific tables the workspace does not have: a bad-request error naming the table (the timeline shows it as a problem)', async () => {
    const lab = await ranLab('ap-unplanned-crash');
    const ep = await serve(lab);
    try {
      const c = client(ep);
      const ws = { ...(await c.findWorkspace(gw))!, destination: 'Dedicated' as const };
      await assert.rejects(c.rows(ws, gw, start, end), (e: unknown) => e instanceof AzureRequestError && e.kind === 'badRequest' && /TunnelDiagnosticLog|GatewayDiagnosticLog/.test(e.message));
    } finally {
      await ep.close();
    }
  });

  it('metrics: BGP peer status and routes learned per peer and instance, tunnel bytes per connection', async () => {
    const lab = await ranLab('coex-vpn-failover-bgp');
    const ep = await serve(lab);
    try {
      const series = await client(ep).metricSeries(gw, ['BgpPeerStatus', 'BgpRoutesLearned', 'TunnelEgressBytes'], start, new Date('2026-01-01T00:10:00Z'), 'PT1M');
      const status = series.filter((s) => s.name === 'BgpPeerStatus');
      assert.ok(status.length >= 2, JSON.stringify(series.map((s) => [s.name, s.dimensions])));
      const site = status.find((s) => s.dimensions.BgpPeerAddress === '192.168.255.1' && s.dimensions.Instance === 'IN_0');
      assert.ok(site, JSON.stringify(status.map((s) => s.dimensions)));
      // IN_0 crashed at 2m: its session to the site is up before, down after.
      assert.equal(site.points[1]!.value, 1);
      assert.equal(site.points[3]!.value, 0);
      assert.equal(site.points.length, 8, 'no points past the lab\'s now (8 min)');
      const bytes = series.filter((s) => s.name === 'TunnelEgressBytes');
      assert.equal(bytes.length, 1);
      assert.equal(bytes[0]!.dimensions.ConnectionName, 'vpn-gw-to-paris');
      assert.ok(bytes[0]!.points[0]!.value! > 0);
      assert.equal(bytes[0]!.points[2]!.value, 0, 'nothing goes through while the tunnel is down (2m-3m)');
    } finally {
      await ep.close();
    }
  });
});

describe('readGatewayTimeline: one call, every part, problems instead of failure', () => {
  it('the crash scenario: a failover event, bins over the range, metrics, no problems', async () => {
    const lab = await ranLab('ap-unplanned-crash');
    const ep = await serve(lab);
    try {
      const t = await readGatewayTimeline(client(ep), { gatewayId: gw, from: start, to: end });
      assert.deepEqual(t.problems, []);
      assert.deepEqual(t.events.map((e) => [e.kind, e.fromInstance, e.toInstance]), [['failover', 'IN_0', 'IN_1']]);
      assert.ok(t.bins && t.bins.bins.length > 0);
      assert.equal(t.bins.binSeconds, 60);
      assert.ok(t.metrics.length > 0);
    } finally {
      await ep.close();
    }
  });

  it('metrics failing (5xx beyond retries) and a missing column: still the events, with two problems saying what is missing', async () => {
    const lab = await ranLab('ap-unplanned-crash');
    const ep = await serve(lab, { missingColumns: ['stateChangeReason_s'] });
    ep.setFaults({ failures: [{ status: 503, count: 20, pathIncludes: 'metrics:getBatch' }] });
    try {
      const t = await readGatewayTimeline(client(ep, 1), { gatewayId: gw, from: start, to: end });
      assert.deepEqual(t.events.map((e) => e.kind), ['failover']);
      assert.deepEqual(t.problems.map((p) => p.part).sort(), ['logs', 'metrics']);
      assert.match(t.problems.find((p) => p.part === 'logs')!.message, /no stateChangeReason_s column/);
      assert.match(t.problems.find((p) => p.part === 'metrics')!.message, /503/);
    } finally {
      await ep.close();
    }
  });

  it('a gateway without diagnostic settings: a workspace problem, not an exception', async () => {
    const lab = await ranLab('ap-unplanned-crash');
    const ep = await serve(lab);
    try {
      const t = await readGatewayTimeline(client(ep), { gatewayId: networkResourceId('virtualNetworkGateways', 'ghost'), from: start, to: end });
      assert.equal(t.events.length, 0);
      assert.match(t.problems[0]!.message, /no diagnostic setting/);
    } finally {
      await ep.close();
    }
  });

  it('binSecondsFor: about 200 bins', () => {
    assert.equal(binSecondsFor(start, end), 60);
    assert.equal(binSecondsFor(start, new Date(start.getTime() + 30 * 86_400_000)), 6 * 3600);
  });
});
