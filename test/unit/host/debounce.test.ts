// The views' debounce: a burst of lab change events becomes one redraw per window, never zero.
// Mocked timers, so the test checks the behaviour and not the clock.
import { describe, it, mock } from 'node:test';
import * as assert from 'node:assert/strict';
import { debounce } from '../../../src/host/debounce';

describe('debounce', () => {
  it('coalesces a burst into one trailing call per window and keeps firing during a long run of events', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const fn = mock.fn();
    const d = debounce(fn, 250);
    for (let i = 0; i < 100; i++) d();
    assert.equal(fn.mock.callCount(), 0, 'nothing before the window ends');
    t.mock.timers.tick(249);
    assert.equal(fn.mock.callCount(), 0);
    t.mock.timers.tick(1);
    assert.equal(fn.mock.callCount(), 1, 'one call for the burst');
    // A lab running at 600x fires continuously: the view still redraws once per window (no starvation).
    for (let w = 0; w < 4; w++) {
      for (let i = 0; i < 10; i++) {
        d();
        t.mock.timers.tick(25);
      }
    }
    assert.equal(fn.mock.callCount(), 5);
    t.mock.timers.tick(1000);
    assert.equal(fn.mock.callCount(), 5, 'no call without events');
  });

  it('flush runs a pending call at once (a user action shows now) and cancel drops it', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const fn = mock.fn();
    const d = debounce(fn, 250);
    d.flush();
    assert.equal(fn.mock.callCount(), 0, 'flush with nothing pending does nothing');
    d();
    d.flush();
    assert.equal(fn.mock.callCount(), 1);
    t.mock.timers.tick(500);
    assert.equal(fn.mock.callCount(), 1, 'the flushed call does not run again');
    d();
    d.cancel();
    t.mock.timers.tick(500);
    assert.equal(fn.mock.callCount(), 1);
  });
});
