// Rules keep what they derive from frozen route arrays (derived.ts), so a running lab's diagnosis
// on every tick does not redo its routes. What must hold: a diagnosis with warm caches equals one
// of the same data in fresh, unfrozen arrays (no cache at all), at every moment of every bundled
// scenario, faults included; and only frozen arrays are cached.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { derivedFrom } from '../../../src/diagnostics/derived';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { LabRuntime } from '../../../src/engine/labRuntime';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import type { NetworkSnapshot } from '../../../src/model/snapshot';

const SCENARIOS = join(__dirname, '..', '..', '..', 'scenarios');

describe('derivedFrom', () => {
  it('computes once per frozen owner and key, and afresh for arrays that may change', () => {
    let runs = 0;
    const count = (routes: readonly number[], key: string) => derivedFrom([routes], key, () => (runs++, routes.filter((n) => n > 1)));
    const frozen = Object.freeze([1, 2, 3]);
    const first = count(frozen, 'a');
    assert.equal(count(frozen, 'a'), first, 'the same frozen array and key give the same result object');
    assert.equal(runs, 1);
    assert.ok(Object.isFrozen(first), 'a derived array is frozen too');
    count(frozen, 'b');
    count(Object.freeze([1, 2, 3]), 'a');
    assert.equal(runs, 3, 'another key or another array computes again');
    const open = [1, 2, 3];
    assert.deepEqual(count(open, 'a'), [2, 3]);
    open.push(4);
    assert.deepEqual(count(open, 'a'), [2, 3, 4], 'an array that is not frozen is never served from the cache');
  });

  it('keys on every owner: the same first array with another second one computes again', () => {
    let runs = 0;
    const a = Object.freeze([1]);
    const pair = (b: readonly number[]) => derivedFrom([a, b], 'pair', () => (runs++, [...a, ...b]));
    const b1 = Object.freeze([2]);
    assert.deepEqual(pair(b1), [1, 2]);
    assert.deepEqual(pair(Object.freeze([3])), [1, 3]);
    assert.deepEqual(pair(b1), [1, 2]);
    assert.equal(runs, 2);
  });
});

/** The same data in ordinary arrays: the rules see no frozen array, so nothing comes from a cache. */
function unfrozen(snapshot: NetworkSnapshot): NetworkSnapshot {
  return JSON.parse(JSON.stringify(snapshot)) as NetworkSnapshot;
}

describe('diagnosis with cached derived data', () => {
  // bgp-external-router needs a real router (its sessions are checked in test/unit/interop).
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.gwlab.json') && f !== 'bgp-external-router.gwlab.json');
  for (const file of files) {
    it(`${file}: findings equal those of the same snapshot without caches, every 10 s`, async () => {
      const sc = await loadScenario(join(SCENARIOS, file));
      const rt = await LabRuntime.create(sc, { paused: true });
      try {
        const end = Math.min(sc.durationSeconds, 900);
        let moments = 0;
        let withFindings = 0;
        for (let at = 0; at <= end; at += 10) {
          rt.lab.scheduler.runUntil(at * 1000);
          const live = rt.snapshot();
          const cached = diagnose(live);
          // Twice: the second diagnosis of the same moment comes from warm caches.
          assert.deepEqual(diagnose(live), cached, `${file} at ${at} s: a second diagnosis differs`);
          assert.deepEqual(JSON.parse(JSON.stringify(cached)), JSON.parse(JSON.stringify(diagnose(unfrozen(live)))), `${file} at ${at} s`);
          moments++;
          if (cached.length > 0) withFindings++;
        }
        assert.ok(moments > 1);
        if (!file.startsWith('coex-healthy')) assert.ok(withFindings > 0, `${file} yields findings at some moment`);
      } finally {
        rt.dispose();
      }
    });
  }
});
