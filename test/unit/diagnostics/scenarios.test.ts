// Every bundled scenario, run in the real lab engine: its finding appears at the fault moment,
// nothing above info before the first fault, and split brain never fires at any moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { Lab } from '../../../src/engine/lab';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { scenarioSnapshotAt } from '../../../src/cli/commands/diagnose';

const dir = join(__dirname, '..', '..', '..', 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.gwlab.json')).sort();

/** What each fault scenario must show, `after` seconds past its first fault. */
const EXPECTED: Record<string, { after: number; rules: string[] }> = {
  'aa-instance-loss': { after: 5, rules: ['active-active-tunnel-down', 'gateway-failover'] },
  'ap-planned-maintenance': { after: 5, rules: ['gateway-failover', 'connection-not-connected'] },
  'ap-storage-partition': { after: 5, rules: ['gateway-failover'] },
  'ap-unplanned-crash': { after: 5, rules: ['connection-not-connected', 'gateway-failover'] },
  'gateway-reset': { after: 5, rules: ['connection-not-connected', 'gateway-failover'] },
};

test('there are bundled scenarios to check', () => {
  assert.ok(files.length >= 5, files.join(', '));
});

for (const f of files) {
  test(`scenario ${f}: healthy before the first fault, its finding at the fault, never split brain`, async () => {
    const scenario = await loadScenario(join(dir, f));
    const firstFault = scenario.timeline.find((e) => e.fault.kind !== 'restore')?.at;
    const healthyAt = firstFault === undefined ? scenario.durationSeconds : Math.max(0, firstFault - 1);
    const before = diagnose(scenarioSnapshotAt(scenario, healthyAt)).filter((x) => x.severity !== 'info');
    assert.deepEqual(before.map((x) => x.id), [], `nothing above info at t=${healthyAt}`);
    if (firstFault === undefined) return;

    const want = EXPECTED[scenario.name];
    const at = firstFault + (want?.after ?? 30);
    const found = diagnose(scenarioSnapshotAt(scenario, at));
    const rules = new Set(found.filter((x) => x.severity !== 'info').map((x) => x.ruleId));
    if (want) {
      for (const r of want.rules) assert.ok(rules.has(r), `${scenario.name} at t=${at}: expected ${r}, got ${[...rules].join(', ')}`);
    } else {
      // A scenario added after this table: at least its fault must be visible.
      assert.ok(rules.size > 0, `${scenario.name} at t=${at}: no finding above info`);
    }

    const lab = new Lab(scenario, { recordEvents: false });
    for (let t = 0; t <= scenario.durationSeconds; t += 5) {
      lab.runUntil(t);
      const sb = diagnose(lab.snapshot()).filter((x) => x.ruleId === 'split-brain');
      assert.deepEqual(sb.map((x) => x.title), [], `split brain at t=${t}`);
    }
  });
}
