// The diagnostics throttle: a cheap refresh follows every change, a costly one keeps to its share
// of a core. Mocked timers and a fake clock, so the test checks behaviour, not the machine's speed.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { costThrottle } from '../../../src/host/costThrottle';

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('costThrottle', () => {
  it('runs at once while runs are free, and coalesces requests made during a run into one', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const clock = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const fn = (): Promise<void> => {
      runs++;
      return new Promise<void>((resolve) => (release = resolve));
    };
    const throttled = costThrottle(fn, { share: 0.1, now: () => clock });
    throttled();
    assert.equal(runs, 1, 'first request runs at once');
    throttled();
    throttled();
    assert.equal(runs, 1, 'requests during a run wait for it');
    release();
    await settle();
    assert.equal(runs, 2, 'one follow-up run for the requests made meanwhile (the run cost 0 ms)');
    release();
    await settle();
    assert.equal(runs, 2, 'nothing more was asked for');
  });

  it('after a run that cost 300 ms at a 10% share, waits 2.7 s before the next', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let clock = 0;
    let runs = 0;
    const throttled = costThrottle(
      () => {
        runs++;
        clock += 300; // the run takes 300 ms of the fake clock
      },
      { share: 0.1, now: () => clock },
    );
    throttled();
    await settle();
    assert.equal(runs, 1);
    for (let i = 0; i < 20; i++) throttled();
    t.mock.timers.tick(2699);
    await settle();
    assert.equal(runs, 1, 'still inside the budget window');
    t.mock.timers.tick(1);
    await settle();
    assert.equal(runs, 2, 'twenty requests became one run');
  });

  it('caps the wait and stops after cancel', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    let clock = 0;
    let runs = 0;
    const throttled = costThrottle(
      () => {
        runs++;
        clock += 60_000;
      },
      { share: 0.1, maxDelayMs: 5000, now: () => clock },
    );
    throttled();
    await settle();
    throttled();
    t.mock.timers.tick(5000);
    await settle();
    assert.equal(runs, 2, 'a one-minute run still allows the next after the 5 s cap');
    throttled();
    throttled.cancel();
    t.mock.timers.tick(10_000);
    await settle();
    assert.equal(runs, 2, 'cancelled: no further run');
  });
});
