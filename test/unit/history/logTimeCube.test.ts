// The lab's Log Analytics endpoint answers `summarize count() by bin(TimeGenerated, ...)` from its
// time cubes (hour counts) plus the rows at the range's edges: for any rows, range and bin
// size the answer is the one a scan of every row gives (the same query with a time condition the
// cubes cannot take runs as a scan).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MonitorRoutes, LAB_WORKSPACE_ID, LOGS_PATH, type MonitorHistorySource } from '../../../src/engine/arm/monitorRoutes';
import type { GatewayLogRow } from '../../../src/model/gatewayHistory';

const START = Date.parse('2026-01-01T00:00:00Z');
const SPAN = 3 * 86_400_000;
const GATEWAYS = ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/A', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/B'];

function source(rows: GatewayLogRow[]): MonitorHistorySource {
  return { rows: () => rows, activity: () => [], metrics: () => [], nowMs: () => START + SPAN, gatewayIds: () => GATEWAYS };
}

function ask(routes: MonitorRoutes, query: string, from: number, to: number): unknown[][] {
  const parts = [...LOGS_PATH.slice(1).split('/'), 'workspaces', LAB_WORKSPACE_ID, 'query'];
  const reply = routes.route('POST', new URL(`http://127.0.0.1/${parts.join('/')}`), parts, parts.map((p) => p.toLowerCase()), JSON.stringify({ query, timespan: `${new Date(from).toISOString()}/${new Date(to).toISOString()}` }));
  assert.equal(reply?.status, 200, JSON.stringify(reply?.body));
  const rows = (reply!.body as { tables: { rows: unknown[][] }[] }).tables[0]!.rows;
  return rows.map((r) => r.map(String)).sort((a, b) => (a.join('|') < b.join('|') ? -1 : 1));
}

const row = fc.record({
  t: fc.integer({ min: 0, max: SPAN - 1 }),
  gw: fc.constantFrom(...GATEWAYS),
  category: fc.constantFrom('GatewayDiagnosticLog', 'TunnelDiagnosticLog', 'RouteDiagnosticLog'),
  op: fc.constantFrom('TunnelConnected', 'TunnelDisconnected', 'BgpRouteUpdate', 'GatewayTenantPrimaryChanged'),
  instance: fc.constantFrom('GatewayTenantWorker_IN_0', 'GatewayTenantWorker_IN_1'),
});

describe('lab Log Analytics: summarize from time cubes', () => {
  it('gives the counts a scan of every row gives, for any rows, range and bin', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 70, maxLength: 400 }),
        fc.integer({ min: -3_600_000, max: SPAN }),
        fc.integer({ min: 60_000, max: SPAN + 3_600_000 }),
        fc.constantFrom(60, 90, 300, 3600, 6 * 3600, 86400),
        fc.constantFrom('', `| where ResourceId =~ "${GATEWAYS[0]!.toUpperCase()}" | where Category in ("TunnelDiagnosticLog", "GatewayDiagnosticLog")`),
        (raw, a, len, binSeconds, where) => {
          const rows: GatewayLogRow[] = raw
            .sort((x, y) => x.t - y.t)
            .map((r) => ({ TimeGenerated: new Date(START + r.t).toISOString(), Category: r.category, OperationName: r.op, ResourceId: r.gw, Resource: r.gw.split('/').pop()!, instance_s: r.instance }) as unknown as GatewayLogRow);
          const routes = new MonitorRoutes({ source: () => source(rows) });
          const tail = `| extend instance_s = column_ifexists("instance_s", "") | summarize count() by bin(TimeGenerated, ${binSeconds}s), Category, OperationName, instance_s`;
          const from = START + a;
          const to = from + len;
          const cubed = ask(routes, `AzureDiagnostics ${where} ${tail}`, from, to);
          // A time condition is not a cube dimension: this one runs as a scan of the rows.
          const scanned = ask(routes, `AzureDiagnostics ${where} | where TimeGenerated >= datetime(2000-01-01) ${tail}`, from, to);
          assert.deepEqual(cubed, scanned);
        },
      ),
      { numRuns: 150 },
    );
  });
});
