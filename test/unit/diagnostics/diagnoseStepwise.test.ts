// diagnoseStepwise: the diagnosis the extension runs one rule at a time (yielding to its event loop
// in between) gives exactly diagnose's findings, in one step per rule.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { diagnose, diagnoseStepwise } from '../../../src/diagnostics/diagnose';
import { RULES } from '../../../src/diagnostics/registry';
import { LabRuntime } from '../../../src/engine/labRuntime';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';

const SCENARIOS = join(__dirname, '..', '..', '..', 'scenarios');

describe('diagnoseStepwise', () => {
  for (const [name, at] of [
    ['coex-er-vpn-session-down', 200],
    ['bgp-prefix-limit', 90],
    ['ap-unplanned-crash', 150],
  ] as const) {
    it(`${name} at ${at} s: one step per rule, then diagnose's findings`, async () => {
      const rt = await LabRuntime.create(await loadScenario(join(SCENARIOS, `${name}.gwlab.json`)), { paused: true });
      try {
        rt.lab.scheduler.runUntil(at * 1000);
        const snapshot = rt.snapshot();
        const steps = diagnoseStepwise(snapshot);
        let yields = 0;
        let step = steps.next();
        while (!step.done) {
          yields++;
          step = steps.next();
        }
        assert.equal(yields, RULES.length);
        const expected = diagnose(snapshot);
        assert.ok(expected.length > 0, 'the moment has findings');
        assert.deepEqual(step.value, expected);
      } finally {
        rt.dispose();
      }
    });
  }
});
