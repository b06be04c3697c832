// The trees' refresh: one run at a time, calls during a run share one queued run, and every call
// settles after a run that started after it. Runs are released by hand: no timing involved.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { serialRefresh } from '../../../src/host/serialRefresh';

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A refresh whose runs end when the test says so; `started` counts runs, `ended` finished ones. */
function manualRuns(failFirst = false) {
  const releases: (() => void)[] = [];
  const state = { started: 0, ended: 0, concurrent: 0, maxConcurrent: 0 };
  const run = (): Promise<void> => {
    const n = ++state.started;
    state.concurrent++;
    state.maxConcurrent = Math.max(state.maxConcurrent, state.concurrent);
    return new Promise<void>((resolve, reject) => {
      releases.push(() => {
        state.concurrent--;
        state.ended++;
        if (failFirst && n === 1) reject(new Error('first run failed'));
        else resolve();
      });
    });
  };
  return { run, state, release: (i: number) => releases[i]!() };
}

describe('serialRefresh', () => {
  it('never runs twice at once and lets calls during a run share one following run', async () => {
    const m = manualRuns();
    const refresh = serialRefresh(m.run);
    const first = refresh();
    const during = [refresh(), refresh(), refresh()];
    await settle();
    assert.equal(m.state.started, 1, 'calls during a run wait for it');
    assert.equal(during[0], during[2], 'calls made during one run share the queued run');
    let duringSettled = false;
    void Promise.all(during).then(() => (duringSettled = true));
    m.release(0);
    await first;
    await settle();
    assert.equal(m.state.started, 2, 'one run follows the calls made during the first');
    assert.equal(duringSettled, false, 'those calls settle only after a run that began after them');
    m.release(1);
    await Promise.all(during);
    assert.equal(m.state.maxConcurrent, 1);
    // Idle again: the next call starts a run at once.
    const later = refresh();
    assert.equal(m.state.started, 3);
    m.release(2);
    await later;
  });

  it('still runs the queued refresh when the one under way fails, and reports the failure to its callers', async () => {
    const m = manualRuns(true);
    const refresh = serialRefresh(m.run);
    const first = refresh();
    const queued = refresh();
    m.release(0);
    await assert.rejects(first, /first run failed/);
    await settle();
    assert.equal(m.state.started, 2);
    m.release(1);
    await queued;
  });
});
