// The Azure inventory policy of the trees: reads never wait, Azure is asked again only when the
// value is old, after a failure a little later, or when Refresh asked; age labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StaleWhileRefresh } from '../../../src/azure/staleWhileRefresh';
import { formatAge } from '../../../src/model/age';

interface Harness {
  cache: StaleWhileRefresh<number>;
  fetches: { resolve(v: number): void; reject(e: Error): void; signal: AbortSignal }[];
  fired: number;
  clock: { now: number };
}

function harness(): Harness {
  const h = { fetches: [], fired: 0, clock: { now: 1_000 } } as unknown as Harness;
  h.cache = new StaleWhileRefresh<number>({
    fetch: (signal) => new Promise<number>((resolve, reject) => h.fetches.push({ resolve, reject, signal })),
    maxAgeMs: 60_000,
    errorRetryMs: 30_000,
    onDidFetch: () => h.fired++,
    describeError: (e) => (e instanceof Error ? e.message : String(e)),
    now: () => h.clock.now,
  });
  return h;
}

test('the first read starts one fetch and answers at once with nothing; repeated reads share it', async () => {
  const h = harness();
  assert.deepEqual(h.cache.read(), { current: undefined, fetching: true });
  assert.deepEqual(h.cache.read(), { current: undefined, fetching: true });
  assert.equal(h.fetches.length, 1, 'one fetch for many reads (a lab tick each)');
  h.fetches[0]!.resolve(7);
  await h.cache.settled();
  assert.equal(h.fired, 1, 'views are told once the value is in');
  assert.deepEqual(h.cache.read(), { current: { value: 7, at: 1_000 }, fetching: false });
});

test('a young value is served without asking again; an old one is served while a refresh runs', async () => {
  const h = harness();
  h.cache.read();
  h.fetches[0]!.resolve(1);
  await h.cache.settled();
  h.clock.now += 59_000;
  assert.equal(h.cache.read().current?.value, 1);
  assert.equal(h.fetches.length, 1, 'no request for a value under a minute old');
  h.clock.now += 1_000;
  const stale = h.cache.read();
  assert.deepEqual([stale.current?.value, stale.fetching], [1, true], 'the old value, at once, with a refresh under way');
  assert.equal(h.fetches.length, 2);
  h.fetches[1]!.resolve(2);
  await h.cache.settled();
  assert.equal(h.cache.read().current?.value, 2);
});

test('Refresh (invalidate) fetches again on the next read, whatever the age', async () => {
  const h = harness();
  h.cache.read();
  h.fetches[0]!.resolve(1);
  await h.cache.settled();
  h.cache.invalidate();
  assert.equal(h.cache.read().fetching, true);
  assert.equal(h.fetches.length, 2);
});

test('a failure is kept as a message and retried after errorRetryMs, not on every read', async () => {
  const h = harness();
  h.cache.read();
  h.fetches[0]!.reject(new Error('403 no access'));
  await h.cache.settled();
  assert.deepEqual(h.cache.read().current, { error: '403 no access', at: 1_000 });
  h.clock.now += 29_000;
  h.cache.read();
  assert.equal(h.fetches.length, 1);
  h.clock.now += 1_000;
  h.cache.read();
  assert.equal(h.fetches.length, 2);
});

test('dispose aborts the running fetch and drops its late result', async () => {
  const h = harness();
  h.cache.read();
  h.cache.dispose();
  assert.equal(h.fetches[0]!.signal.aborted, true);
  h.fetches[0]!.resolve(9);
  await new Promise((r) => setImmediate(r));
  assert.equal(h.fired, 0);
  assert.equal(h.cache.read().current, undefined);
  assert.equal(h.fetches.length, 1, 'nothing fetched after dispose');
});

test('ages read as seconds, minutes, hours', () => {
  assert.equal(formatAge(4_999), '4 s ago');
  assert.equal(formatAge(125_000), '2 min ago');
  assert.equal(formatAge(3_780_000), '1 h 3 min ago');
});

test('an initial value (the inventory before a settings change) shows until the forced first fetch replaces it', async () => {
  const fetches: ((v: number) => void)[] = [];
  const cache = new StaleWhileRefresh<number>({
    fetch: () => new Promise<number>((resolve) => fetches.push(resolve)),
    maxAgeMs: 60_000,
    errorRetryMs: 30_000,
    onDidFetch: () => undefined,
    describeError: String,
    initial: { value: 1, at: Date.now() },
  });
  assert.equal(cache.peek()?.value, 1);
  const read = cache.read();
  assert.deepEqual([read.current?.value, read.fetching], [1, true], 'young, yet fetched: it belongs to the old settings');
  fetches[0]!(2);
  await cache.settled();
  assert.equal(cache.read().current?.value, 2);
});
