// Every bundled scenario, run once in the real lab engine: each failover the engine measured
// appears in the history as exactly one classified failover with the same instances and a gap that
// agrees with the probe-measured gap (within 1 s, or within the probe interval where probes are
// sparser than that), planned maintenance is classified as maintenance, a reset as a reset; and
// recording history does not change the run.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLab, labHistory } from '../../../src/engine/createLab';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { historyUntil } from '../../../src/engine/history/labHistory';
import { classifyHistory } from '../../../src/diagnostics/history/classifyHistory';
import { DIAGNOSTIC_CATEGORIES, LOG_COLUMNS } from '../../../src/model/gatewayHistory';

const dir = join(__dirname, '..', '..', '..', 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.gwlab.json')).sort();

describe('lab history of every bundled scenario', () => {
  for (const file of files) {
    it(file, async () => {
      const scenario = await loadScenario(join(dir, file));
      const lab = createLab(scenario);
      lab.runUntil(scenario.durationSeconds);
      const view = historyUntil(labHistory(lab)!);
      assert.ok(view.rows.length > 0, 'the lab wrote rows');
      for (const r of view.rows) {
        assert.ok(DIAGNOSTIC_CATEGORIES.includes(r.Category), `category ${r.Category}`);
        for (const k of Object.keys(r)) assert.ok(LOG_COLUMNS.includes(k as never), `column ${k} is in LOG_COLUMNS`);
        if (r.instance_s !== undefined) assert.match(r.instance_s, /^GatewayTenantWorker_IN_[01]$/);
        assert.ok(!Number.isNaN(Date.parse(r.TimeGenerated)));
      }
      const events = classifyHistory(view.rows, view.activity);
      const failovers = [...lab.gateways.values()].flatMap((g) => g.failovers);
      const classified = events.filter((e) => e.kind === 'failover');
      assert.equal(classified.length, failovers.length, `failovers: engine ${JSON.stringify(failovers)}, classified ${JSON.stringify(classified.map((e) => e.title))}`);
      const probeInterval = Math.max(0, ...scenario.probes.map((p) => p.intervalSeconds));
      for (const f of failovers) {
        const match = classified.filter((e) => e.gateway.toLowerCase() === f.gateway.toLowerCase() && e.fromInstance === f.fromInstance && e.toInstance === f.toInstance);
        assert.equal(match.length, 1, `one classified failover ${f.gateway} ${f.fromInstance}->${f.toInstance}`);
        const e = match[0]!;
        assert.ok(f.gapSeconds !== null && e.gapSeconds !== null && e.gapSeconds !== undefined);
        const tolerance = Math.max(1, probeInterval);
        assert.ok(Math.abs(e.gapSeconds - f.gapSeconds) <= tolerance, `gap: classified ${e.gapSeconds}s, measured ${f.gapSeconds}s (tolerance ${tolerance}s)`);
      }
      const faults = scenario.timeline.map((t) => t.fault.kind);
      assert.equal(events.filter((e) => e.kind === 'maintenance').length, faults.filter((k) => k === 'plannedMaintenance').length, 'maintenance');
      assert.equal(events.filter((e) => e.kind === 'reset').length, faults.filter((k) => k === 'gatewayReset').length, 'reset');
      if (faults.includes('plannedMaintenance')) assert.ok(classified.every((e) => e.reason === 'planned maintenance'));
      if (faults.includes('gatewayReset')) assert.ok(classified.every((e) => e.reason === 'gateway reset'));

      // Recording history only observes: the same run without it measures the same failovers.
      const quiet = createLab(scenario, { recordEvents: false });
      quiet.runUntil(scenario.durationSeconds);
      assert.deepEqual([...quiet.gateways.values()].flatMap((g) => g.failovers), failovers);
      assert.equal(labHistory(quiet), undefined);
    });
  }
});
