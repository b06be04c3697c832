// Bounded parallelism used by the per-resource-group listing, and the abortable delay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { abortableDelay, mapWithConcurrency } from '../../../src/azure/concurrency';

test('keeps order and never exceeds the limit', async () => {
  let inFlight = 0;
  let peak = 0;
  const out = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (n) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, n));
    inFlight--;
    return n * 10;
  });
  assert.deepEqual(out, [50, 10, 40, 20, 30, 0]);
  assert.equal(peak, 2);
});

test('the first failure rejects and stops starting new items', async () => {
  const started: number[] = [];
  await assert.rejects(
    mapWithConcurrency([1, 2, 3, 4, 5], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('boom at 2');
      return n;
    }),
    /boom at 2/,
  );
  assert.deepEqual(started, [1, 2]);
});

test('abortableDelay rejects with AbortError when aborted', async () => {
  const c = new AbortController();
  const pending = abortableDelay(10_000, c.signal);
  c.abort();
  await assert.rejects(pending, (e: Error) => e.name === 'AbortError');
  await abortableDelay(1);
});
