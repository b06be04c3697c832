// Scenario expectations of type "findings": every bundled scenario states the findings it must
// yield at its key moments (before its first fault, after each timeline event), and they hold
// when judged by the diagnostics rules (the CLI's judge); a wrong list fails naming what was
// found; a run without a judge says it did not judge; bad lists are refused with the JSON path.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import schema from '../../../schemas/gwlab.schema.json';
import { CLI_JUDGES } from '../../../src/cli/findingsJudge';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { FINDING_RULE_IDS } from '../../../src/diagnostics/registry';
import { createLab } from '../../../src/engine/createLab';
import { runScenario } from '../../../src/engine/report';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { validateScenario } from '../../../src/engine/scenario/validateScenario';
import { ScenarioError } from '../../../src/engine/scenario/validationError';
import type { Expectation } from '../../../src/engine/scenario/types';

const dir = join(__dirname, '..', '..', '..', 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.gwlab.json')).sort();
type FindingsExpectation = Extract<Expectation, { type: 'findings' }>;
const findingsOf = (es: Expectation[]): FindingsExpectation[] => es.filter((e): e is FindingsExpectation => e.type === 'findings');

describe('findings expectations', () => {
  for (const file of files) {
    it(`${file}: states its findings before the first fault and after every timeline event, and they hold`, async () => {
      const scenario = await loadScenario(join(dir, file));
      const stated = findingsOf(scenario.expectations);
      assert.ok(stated.length >= 1, 'states the findings of at least one moment');
      const events = scenario.timeline.map((e) => e.at);
      if (events.length > 0) {
        assert.ok(stated.some((e) => e.at < events[0]!), `a moment before the first event (t=${events[0]} s)`);
        events.forEach((t, i) => {
          const next = events[i + 1] ?? Infinity;
          assert.ok(stated.some((e) => e.at > t && e.at < next), `a moment after the event at t=${t} s (before the next one)`);
        });
      }
      const report = runScenario(scenario, { judges: CLI_JUDGES });
      const results = report.expectations.filter((e) => e.type === 'findings');
      assert.equal(results.length, stated.length);
      assert.deepEqual(results.filter((e) => !e.pass).map((e) => `${e.description}: ${e.detail}`), []);
    });
  }

  it('a wrong list fails and names what was found; a duplicate finding would fail too', async () => {
    const scenario = await loadScenario(join(dir, 'coex-er-vpn-session-down.gwlab.json'));
    scenario.expectations = [
      { type: 'findings', at: 180, exactly: ['coexistence-bgp-break', 'bgp-peer-not-connected'] },
      { type: 'findings', at: 180, exactly: ['coexistence-bgp-break', 'coexistence-bgp-break'] },
      { type: 'findings', at: 180, exactly: ['coexistence-bgp-break'] },
    ];
    const [withPeer, twice, right] = runScenario(scenario, { judges: CLI_JUDGES }).expectations;
    assert.equal(withPeer!.pass, false);
    assert.match(withPeer!.detail, /^found coexistence-bgp-break \(error: ER gateway er-gw lacks 1 prefix/);
    assert.equal(twice!.pass, false);
    assert.equal(right!.pass, true, right!.detail);
  });

  it('without a judge (the engine alone may not import the rules) the result says it was not judged', async () => {
    const scenario = await loadScenario(join(dir, 'coex-healthy.gwlab.json'));
    const results = runScenario(scenario).expectations.filter((e) => e.type === 'findings');
    assert.ok(results.length > 0);
    for (const r of results) {
      assert.equal(r.pass, false);
      assert.match(r.detail, /^not judged: findings come from the diagnostics rules/);
    }
  });

  it('validation: an unknown rule id, a missing list or a time after the end is refused with its JSON path', () => {
    const base = JSON.parse(readFileSync(join(dir, 'coex-healthy.gwlab.json'), 'utf8')) as { expectations: unknown[] };
    for (const [bad, pattern] of [
      [{ type: 'findings', at: '1m', exactly: ['no-such-rule'] }, /\$\.expectations\[\d+\]\.exactly\[0\]/],
      [{ type: 'findings', at: '1m' }, /\$\.expectations\[\d+\].*exactly/],
      [{ type: 'findings', at: '99m', exactly: [] }, /\$\.expectations\[\d+\]\.at: .*after the end/],
    ] as const) {
      const json = { ...base, expectations: [...base.expectations, bad] };
      assert.throws(() => validateScenario(json, 'x.gwlab.json'), (e: unknown) => e instanceof ScenarioError && pattern.test(e.message), JSON.stringify(bad));
    }
  });

  it("the schema's rule ids are exactly the ones findings carry, and every finding of the bundled scenarios has one", async () => {
    const items = (schema as { properties: { expectations: { items: { oneOf: { properties: { type: { const?: string }; exactly?: { items: { enum: string[] } } } }[] } } } }).properties.expectations.items;
    const branch = items.oneOf.find((b) => b.properties.type.const === 'findings');
    assert.deepEqual([...branch!.properties.exactly!.items.enum].sort(), [...FINDING_RULE_IDS].sort());
    for (const file of files) {
      const scenario = await loadScenario(join(dir, file));
      const lab = createLab(scenario, { recordEvents: false });
      for (let t = 0; t <= scenario.durationSeconds; t += 30) {
        lab.runUntil(t);
        for (const f of diagnose(lab.snapshot())) assert.ok(FINDING_RULE_IDS.includes(f.ruleId), `${scenario.name} t=${t}: ${f.ruleId}`);
      }
    }
  });
});
