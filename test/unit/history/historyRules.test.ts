// Findings from history: on the lab's own rows (bundled scenarios) and on rows shaped like the
// troubleshooting article's examples.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createLab, labHistory } from '../../../src/engine/createLab';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { historyUntil } from '../../../src/engine/history/labHistory';
import { diagnoseHistory, HISTORY_RULES } from '../../../src/diagnostics/history/historyRules';
import type { GatewayLogRow } from '../../../src/model/gatewayHistory';

async function labRows(name: string): Promise<ReturnType<typeof historyUntil>> {
  const s = await loadScenario(join(__dirname, '..', '..', '..', 'scenarios', `${name}.gwlab.json`));
  const lab = createLab(s);
  lab.runUntil(s.durationSeconds);
  return historyUntil(labHistory(lab)!);
}

const T0 = Date.parse('2021-03-15T03:00:00Z');
const tunnel = (s: number, op: string, inst: 0 | 1): GatewayLogRow => ({ TimeGenerated: new Date(T0 + s * 1000).toISOString(), Category: 'TunnelDiagnosticLog', OperationName: op, Resource: 'VPNGW01', ResourceGroup: 'RG', ResourceId: '/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK/VIRTUALNETWORKGATEWAYS/VPNGW01', Level: 'Informational', Message: op, instance_s: `GatewayTenantWorker_IN_${inst}`, remoteIP_s: '203.0.113.10' });

describe('diagnoseHistory', () => {
  it('planned maintenance: one info finding explaining the disconnect, nothing above info', async () => {
    const h = await labRows('ap-planned-maintenance');
    const f = diagnoseHistory(h.rows, h.activity);
    assert.deepEqual(f.map((x) => [x.ruleId, x.severity]), [[HISTORY_RULES.maintenance, 'info']]);
    assert.match(f[0]!.title, /planned maintenance \(IN_0 -> IN_1/);
  });

  it('prefix limit: the route log shows the drop (error) and the session flapping as it retries', async () => {
    const h = await labRows('bgp-prefix-limit');
    const f = diagnoseHistory(h.rows, h.activity);
    const drop = f.find((x) => x.ruleId === HISTORY_RULES.prefixLimitDrop);
    assert.ok(drop);
    assert.equal(drop.severity, 'error');
    assert.match(drop.title, /192\.168\.255\.1 dropped for exceeding the prefix limit \(3x\)/);
    assert.match(drop.explanation, /Idle peer with 0 routes/);
    assert.ok(f.some((x) => x.ruleId === HISTORY_RULES.bgpFlaps && x.severity === 'warning'));
  });

  it('a crash: one failover is not "recurring"; no finding', async () => {
    const h = await labRows('ap-unplanned-crash');
    assert.deepEqual(diagnoseHistory(h.rows, h.activity), []);
  });

  it('tunnel flapping: three disconnects within the hour on one instance', () => {
    const rows = [tunnel(0, 'TunnelDisconnected', 0), tunnel(10, 'TunnelConnected', 0), tunnel(600, 'TunnelDisconnected', 0), tunnel(610, 'TunnelConnected', 0), tunnel(1200, 'TunnelDisconnected', 0), tunnel(1210, 'TunnelConnected', 0)];
    const f = diagnoseHistory(rows);
    assert.deepEqual(f.map((x) => x.ruleId), [HISTORY_RULES.tunnelFlapping]);
    assert.equal(f[0]!.evidence[0]!.rows.length, 3);
    assert.equal(diagnoseHistory(rows.slice(0, 4)).length, 0, 'two are not flapping');
    assert.equal(diagnoseHistory(rows, [], { flapWindowSeconds: 300 }).length, 0, 'not within a 5-minute window');
  });

  it('recurring unplanned failovers: a warning listing them', () => {
    const rows = [tunnel(0, 'TunnelDisconnected', 0), tunnel(70, 'TunnelConnected', 1), tunnel(7200, 'TunnelDisconnected', 1), tunnel(7280, 'TunnelConnected', 0)];
    const f = diagnoseHistory(rows);
    assert.deepEqual(f.map((x) => [x.ruleId, x.severity]), [[HISTORY_RULES.recurringFailovers, 'warning']]);
    assert.deepEqual(f[0]!.evidence[0]!.rows.map((r) => [r[1], r[2], r[3]]), [['IN_0', 'IN_1', 70], ['IN_1', 'IN_0', 80]]);
  });
});
