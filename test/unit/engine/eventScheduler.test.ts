import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventScheduler, createRng } from '../../../src/engine/eventScheduler';
import { PacedDriver } from '../../../src/engine/pacedDriver';

describe('EventScheduler', () => {
  it('runs events in time order and advances the clock', () => {
    const s = new EventScheduler(1);
    const seen: string[] = [];
    s.at(5, 'c', () => seen.push(`c@${s.now()}`));
    s.at(1, 'a', () => seen.push(`a@${s.now()}`));
    s.after(3, 'b', () => seen.push(`b@${s.now()}`));
    s.runUntil(10);
    assert.deepEqual(seen, ['a@1', 'b@3', 'c@5']);
    assert.equal(s.now(), 10);
  });

  it('keeps scheduling order for equal times, including many entries', () => {
    const s = new EventScheduler(1);
    const seen: number[] = [];
    for (let i = 0; i < 200; i++) s.at(i % 3, `e${i}`, () => seen.push(i));
    s.runUntil(5);
    const expected = [0, 1, 2].flatMap((r) => Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 3 === r));
    assert.deepEqual(seen, expected);
  });

  it('cancels timers and counts pending ones', () => {
    const s = new EventScheduler(1);
    const seen: string[] = [];
    const id = s.at(2, 'x', () => seen.push('x'));
    s.at(3, 'y', () => seen.push('y'));
    assert.equal(s.pending, 2);
    s.cancel(id);
    s.cancel(id);
    assert.equal(s.pending, 1);
    s.runUntil(10);
    assert.deepEqual(seen, ['y']);
    assert.equal(s.pending, 0);
  });

  it('lets actions schedule more events, and never goes back in time', () => {
    const s = new EventScheduler(1);
    const times: number[] = [];
    const tick = (): void => {
      times.push(s.now());
      if (s.now() < 4000) s.after(1000, 'tick', tick);
    };
    s.at(0, 'tick', tick);
    s.at(2500, 'late', () => s.at(1000, 'past', () => times.push(-s.now())));
    s.runUntil(10_000);
    assert.deepEqual(times, [0, 1000, 2000, -2500, 3000, 4000]);
  });

  it('keeps time in whole milliseconds: fractional times are refused, runUntil rounds down', () => {
    const s = new EventScheduler(1);
    assert.throws(() => s.at(0.5, 'half', () => undefined), /time for "half" must be whole milliseconds \(got 0\.5\)/);
    assert.throws(() => s.after(1e-9, 'ulp', () => undefined), /whole milliseconds/);
    s.runUntil(2.9);
    assert.equal(s.now(), 2);
    s.at(3, 'x', () => undefined);
    s.runUntil(3);
    assert.equal(s.now(), 3);
  });

  it('rejects negative delays and non-finite times with a clear message', () => {
    const s = new EventScheduler(1);
    assert.throws(() => s.after(-1, 'neg', () => undefined), /delay for "neg" must be >= 0/);
    assert.throws(() => s.at(Number.NaN, 'nan', () => undefined), /not a finite number/);
  });

  it('a timer re-arming itself at the same instant fails with a clear error instead of spinning forever', () => {
    const s = new EventScheduler(1, 1000);
    const rearm = (): void => void s.at(s.now(), 'bgp x hold', rearm);
    s.at(361_127, 'bgp x hold', rearm);
    assert.throws(() => s.runUntil(400_000), /lab engine stuck: more than 1,000 events at t=361\.127 s \(last "bgp x hold"\)/);
    // Many events at one instant are fine below the limit, and the count starts over at each instant.
    const t = new EventScheduler(1, 1000);
    for (let i = 0; i < 999; i++) t.at(5, 'burst', () => undefined);
    for (let i = 0; i < 999; i++) t.at(6, 'burst', () => undefined);
    t.runUntil(10);
    assert.equal(t.executed, 1998);
  });

  it('runNext and peekTime step one event at a time', () => {
    const s = new EventScheduler(1);
    s.at(4, 'a', () => undefined);
    s.at(7, 'b', () => undefined);
    assert.equal(s.peekTime(), 4);
    assert.deepEqual(s.runNext(), { time: 4, label: 'a' });
    assert.equal(s.now(), 4);
    assert.deepEqual(s.runNext(), { time: 7, label: 'b' });
    assert.equal(s.runNext(), undefined);
  });
});

describe('createRng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 20 }, () => a.next());
    const sb = Array.from({ length: 20 }, () => b.next());
    const sc = Array.from({ length: 20 }, () => c.next());
    assert.deepEqual(sa, sb);
    assert.notDeepEqual(sa, sc);
    for (const v of sa) assert.ok(v >= 0 && v < 1);
  });

  it('between() stays in range', () => {
    const r = createRng(7);
    for (let i = 0; i < 1000; i++) {
      const v = r.between(10, 15);
      assert.ok(v >= 10 && v <= 15, `out of range: ${v}`);
    }
  });
});

describe('PacedDriver', () => {
  it('advances speed x wall time, pauses, steps and stops at the end', () => {
    let wall = 0;
    const s = new EventScheduler(1);
    const seen: number[] = [];
    // Virtual time is in ms: events each virtual second.
    for (let t = 1; t <= 100; t++) s.at(t * 1000, 't', () => seen.push(t));
    const d = new PacedDriver(s, { speed: 10, endTime: 50_000, nowMs: () => wall, tickMs: 1000 });
    assert.equal(d.paused, true);
    assert.deepEqual(d.step(), { time: 1000, label: 't' });
    d.resume();
    wall += 1000; // one real second at 10x
    d.tick();
    assert.equal(s.now(), 11_000);
    d.setSpeed(20);
    wall += 500;
    d.tick();
    assert.equal(s.now(), 21_000);
    d.pause();
    wall += 5000;
    d.tick();
    assert.equal(s.now(), 21_000, 'paused driver must not advance');
    assert.equal(d.step()?.time, 22_000);
    d.resume();
    wall += 100_000;
    d.tick();
    assert.equal(s.now(), 50_000);
    assert.equal(d.finished, true);
    assert.equal(d.paused, true);
    assert.equal(seen.at(-1), 50);
    d.dispose();
  });

  it('a simulation that throws on the timer stops the driver and reports, instead of an uncaught exception', async () => {
    const s = new EventScheduler(1, 100);
    const rearm = (): void => void s.at(s.now(), 'stuck', rearm);
    s.at(500, 'stuck', rearm);
    const errors: unknown[] = [];
    const d = new PacedDriver(s, { speed: 600, tickMs: 5, onError: (e) => errors.push(e) });
    d.resume();
    for (let i = 0; i < 500 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 30)); // a stopped driver ticks no more
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /lab engine stuck: more than 100 events at t=0\.5 s/);
    assert.equal(d.paused, true);
    d.dispose();
  });

  it('rejects speeds outside 1..600', () => {
    const d = new PacedDriver(new EventScheduler(1));
    assert.throws(() => d.setSpeed(0), /between 1 and 600/);
    assert.throws(() => d.setSpeed(601), /between 1 and 600/);
    d.dispose();
  });
});
