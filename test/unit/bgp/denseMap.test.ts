// DenseMap: a Map while sparse, an array once dense; the same answers and key order either way,
// checked against a plain Map on random operations.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DenseMap } from '../../../src/engine/bgp/denseMap';

test('random sets and deletes answer like a Map, iterating in key order, sparse or dense', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 5000 })), { maxLength: 400 }),
      fc.integer({ min: 0, max: 200 }),
      (ops, denseRun) => {
        const m = new DenseMap<string>();
        const ref = new Map<number, string>();
        // A run of consecutive keys makes the map dense part of the time.
        for (let k = 0; k < denseRun; k++) {
          m.set(k, `d${k}`);
          ref.set(k, `d${k}`);
        }
        for (const [isSet, k] of ops) {
          if (isSet) {
            m.set(k, `v${k}`);
            ref.set(k, `v${k}`);
          } else {
            assert.equal(m.delete(k), ref.delete(k));
          }
        }
        assert.equal(m.size, ref.size);
        const keys = [...ref.keys()].sort((a, b) => a - b);
        assert.deepEqual([...m.keys()], keys);
        assert.deepEqual([...m.values()], keys.map((k) => ref.get(k)));
        for (const k of [0, 1, 17, 4999, 5000, 6000]) assert.equal(m.get(k), ref.get(k));
      },
    ),
    { numRuns: 200 },
  );
});

test('two entries with keys near a million stay small; clear() starts over', () => {
  const m = new DenseMap<number>();
  m.set(999_999, 1);
  m.set(1_000_000, 2);
  assert.deepEqual([...m.keys()], [999_999, 1_000_000]);
  assert.equal(m.get(999_999), 1);
  assert.equal(m.has(5), false);
  m.clear();
  assert.equal(m.size, 0);
  assert.deepEqual([...m.values()], []);
});
