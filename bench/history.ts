// Benchmark: a gateway's history over 30 days holding 1,000,000 lab log records, read through the
// real @azure/monitor-query-logs client from the lab's Log Analytics endpoint:
// - server-side binning (summarize count() by bin(TimeGenerated, 6h), ...): bytes and time;
// - pulling the raw rows instead (30 one-day queries, as Log Analytics caps one answer at 500,000
//   rows / 64 MB): bytes and time, and the ratio;
// - time to the first timeline: findWorkspace + bins + metrics + Activity Log for the 30 days,
//   classified (the host side of the Timeline panel; the webview's own paint is not included).
// The records are the rows the lab wrote for ap-unplanned-crash, repeated across the 30 days.
import { join } from 'node:path';
import { createLab, labHistory } from '../src/engine/createLab';
import { loadScenario } from '../src/engine/scenario/loadScenario';
import { startArmEndpoint } from '../src/engine/arm/armEndpoint';
import { LAB_WORKSPACE_ID, LOGS_PATH, type MonitorHistorySource } from '../src/engine/arm/monitorRoutes';
import { GatewayHistoryClient } from '../src/azure/history/gatewayHistoryClient';
import { readGatewayTimeline } from '../src/azure/history/gatewayTimeline';
import { binsQuery, rowsQuery } from '../src/azure/history/historyQueries';
import { StaticTokenCredential } from '../src/azure/staticTokenCredential';
import { networkResourceId } from '../src/model/resourceIds';
import type { GatewayLogRow } from '../src/model/gatewayHistory';

const RECORDS = 1_000_000;
const DAYS = 30;
const GOAL_FIRST_TIMELINE_MS = 1000;

export async function run(): Promise<void> {
  const scenario = await loadScenario(join(__dirname, '..', 'scenarios', 'ap-unplanned-crash.gwlab.json'));
  const lab = createLab(scenario);
  lab.runUntil(scenario.durationSeconds);
  const base = labHistory(lab)!.rows.filter((r) => r.Resource === 'VPN-GW');
  const startMs = Date.parse('2026-01-01T00:00:00Z');
  const spanMs = DAYS * 86_400_000;
  const copies = Math.ceil(RECORDS / base.length);
  const step = spanMs / copies;
  const rows: GatewayLogRow[] = [];
  for (let c = 0; c < copies && rows.length < RECORDS; c++) {
    for (const r of base) {
      if (rows.length >= RECORDS) break;
      const t = startMs + c * step + (Date.parse(r.TimeGenerated) - startMs) / 60; // a 6-minute run squeezed into its slot
      rows.push({ ...r, TimeGenerated: new Date(t).toISOString() });
    }
  }
  rows.sort((a, b) => (a.TimeGenerated < b.TimeGenerated ? -1 : 1));
  const source: MonitorHistorySource = {
    rows: () => rows,
    activity: () => [],
    metrics: () => [],
    nowMs: () => startMs + spanMs,
    gatewayIds: () => [networkResourceId('virtualNetworkGateways', 'vpn-gw')],
  };
  const ep = await startArmEndpoint({ snapshot: () => lab.snapshot(), monitor: { source: () => source, maxRows: 500_000 } });
  const gw = networkResourceId('virtualNetworkGateways', 'vpn-gw');
  const client = new GatewayHistoryClient({ armEndpoint: ep.baseUrl, logsEndpoint: `${ep.baseUrl}${LOGS_PATH}`, metricsEndpoint: ep.baseUrl, credential: new StaticTokenCredential(ep.token), maxRows: 500_000 });
  const from = new Date(startMs);
  const to = new Date(startMs + spanMs);
  const categories = ['GatewayDiagnosticLog', 'TunnelDiagnosticLog', 'RouteDiagnosticLog', 'IKEDiagnosticLog'] as const;
  const bytesOf = async (query: string, a: Date, b: Date): Promise<number> => {
    const res = await fetch(`${ep.baseUrl}${LOGS_PATH}/workspaces/${LAB_WORKSPACE_ID}/query`, { method: 'POST', headers: { authorization: `Bearer ${ep.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, timespan: `${a.toISOString()}/${b.toISOString()}` }) });
    return (await res.arrayBuffer()).byteLength;
  };
  try {
    const ws = (await client.findWorkspace(gw))!;
    // Warm the endpoint's table (the lab converts its rows once and builds its hour time cube) so both measurements see the same server.
    let t0 = performance.now();
    await client.bins(ws, gw, from, to, 6 * 3600);
    const warmMs = performance.now() - t0;

    t0 = performance.now();
    const bins = await client.bins(ws, gw, from, to, 6 * 3600);
    const binMs = performance.now() - t0;
    const binBytes = await bytesOf(binsQuery(gw, categories, 6 * 3600), from, to);

    let rawRows = 0;
    let rawBytes = 0;
    t0 = performance.now();
    for (let d = 0; d < DAYS; d++) {
      const a = new Date(startMs + d * 86_400_000);
      const b = new Date(startMs + (d + 1) * 86_400_000);
      rawRows += (await client.rows(ws, gw, a, b)).rows.length;
    }
    const rawMs = performance.now() - t0;
    for (let d = 0; d < DAYS; d++) {
      const a = new Date(startMs + d * 86_400_000);
      const b = new Date(startMs + (d + 1) * 86_400_000);
      rawBytes += await bytesOf(rowsQuery(gw, categories, a, b, 500_000), a, b);
    }

    const fresh = new GatewayHistoryClient({ armEndpoint: ep.baseUrl, logsEndpoint: `${ep.baseUrl}${LOGS_PATH}`, metricsEndpoint: ep.baseUrl, credential: new StaticTokenCredential(ep.token) });
    t0 = performance.now();
    const timeline = await readGatewayTimeline(fresh, { gatewayId: gw, from, to });
    const firstMs = performance.now() - t0;

    const total = bins.bins.reduce((n, b) => n + b.count, 0);
    console.log(`history: ${rows.length.toLocaleString('en-US')} lab log records over ${DAYS} days (ap-unplanned-crash's rows repeated), through @azure/monitor-query-logs`);
    console.log(`  endpoint's first read (rows converted, hour time cube built, once per run): ${warmMs.toFixed(0)} ms`);
    console.log(`  server-side bins (6 h x category x operation x instance): ${bins.bins.length} bins counting ${total.toLocaleString('en-US')} rows, ${(binBytes / 1024).toFixed(1)} KB, ${binMs.toFixed(0)} ms`);
    console.log(`  raw rows (30 one-day queries): ${rawRows.toLocaleString('en-US')} rows, ${(rawBytes / 1024 / 1024).toFixed(1)} MB, ${rawMs.toFixed(0)} ms`);
    console.log(`  ratio raw/binned: ${(rawBytes / binBytes).toFixed(0)}x bytes, ${(rawMs / binMs).toFixed(0)}x time`);
    console.log(`  first timeline (workspace + bins + metrics + Activity Log, 30 days): ${firstMs.toFixed(0)} ms (goal < ${GOAL_FIRST_TIMELINE_MS} ms: ${firstMs < GOAL_FIRST_TIMELINE_MS ? 'met' : 'NOT met'}); ${timeline.problems.length} problems`);
  } finally {
    await ep.close();
  }
}
