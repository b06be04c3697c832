// Time travel (LabRuntime.goTo, labReplay.ts): the lab at a past moment is the lab the CLI builds
// for that moment (`gateway-lab snapshot <scenario> --at t`), user-injected faults replay where
// they happened (even mid-instant, after a single step), and Back to Live shows the live lab.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LabRuntime } from '../../../src/engine/labRuntime';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { scenarioSnapshotAt } from '../../../src/cli/commands/diagnose';
import { serializeSnapshot } from '../../../src/diagnostics/snapshotFormat';
import { msFromSeconds } from '../../../src/engine/scheduler';
import { scenario } from './fixtures';

const SCENARIOS = join(__dirname, '..', '..', '..', 'scenarios');

/** Runs the live lab to its end as the paced driver would (virtual time only). */
function runLiveToEnd(rt: LabRuntime): void {
  rt.lab.scheduler.runUntil(msFromSeconds(rt.scenario.durationSeconds));
}

describe('time travel', () => {
  for (const [name, moments] of [
    ['coex-er-vpn-session-down', [0, 60, 150, 180, 239.5, 300]],
    ['ap-unplanned-crash', [5, 31, 47.25, 90]],
    ['coex-udr-trigger', [45, 200]],
    ['gateway-reset', [20, 61]],
  ] as const) {
    it(`${name}: the snapshot at t equals \`gateway-lab snapshot ${name} --at t\``, async () => {
      const sc = await loadScenario(join(SCENARIOS, `${name}.gwlab.json`));
      const rt = await LabRuntime.create(sc, { paused: true });
      try {
        runLiveToEnd(rt);
        assert.equal(rt.finished, true);
        for (const t of moments) {
          await rt.goTo(msFromSeconds(t));
          assert.equal(rt.momentSeconds, t);
          assert.equal(rt.timeSeconds, t);
          assert.equal(rt.snapshot().lab!.timeSeconds, t, 'the snapshot carries the moment shown');
          assert.equal(serializeSnapshot(rt.snapshot()), serializeSnapshot(scenarioSnapshotAt(sc, t)), `${name} at ${t} s`);
        }
        // Going back in time and forward again reads the same moments.
        await rt.goTo(msFromSeconds(moments[1]));
        assert.equal(serializeSnapshot(rt.snapshot()), serializeSnapshot(scenarioSnapshotAt(sc, moments[1])));
      } finally {
        rt.dispose();
      }
    });
  }

  it('replays user-injected faults where they happened, including after a single step mid-instant', async () => {
    const rt = await LabRuntime.create(scenario({ duration: '5m' }), { paused: true });
    try {
      const seen = new Map<number, string>();
      const look = (): void => void seen.set(rt.lab.scheduler.now(), serializeSnapshot(rt.lab.snapshot()));
      rt.lab.scheduler.runUntil(30_000);
      rt.inject({ kind: 'crash', gateway: 'gw', instance: 'IN_0' });
      look();
      rt.lab.scheduler.runUntil(95_500);
      look();
      // A single step, then a fault before the rest of that instant ran (what Step + a fault command do).
      for (let i = 0; i < 3; i++) rt.step();
      rt.inject({ kind: 'restore' });
      rt.inject({ kind: 'tunnelDown', connection: 'conn' });
      rt.lab.scheduler.runUntil(150_000);
      look();
      rt.lab.scheduler.runUntil(200_000);
      rt.inject({ kind: 'restore', connection: 'conn' });
      rt.lab.scheduler.runUntil(260_000);
      look();
      const live = serializeSnapshot(rt.snapshot());
      assert.match(live, /"role": "down"|"active"/);
      // Backwards, so every visit but the first starts a replay over.
      for (const t of [...seen.keys()].sort((a, b) => b - a)) {
        await rt.goTo(t);
        assert.equal(serializeSnapshot(rt.snapshot()), seen.get(t), `moment ${t} ms`);
      }
      // The same moments without the user's faults read differently: the replay did apply them.
      const plain = await LabRuntime.create(scenario({ duration: '5m' }), { paused: true });
      plain.lab.scheduler.runUntil(150_000);
      assert.notEqual(serializeSnapshot(plain.lab.snapshot()), seen.get(150_000));
      plain.dispose();

      assert.throws(() => rt.inject({ kind: 'restore' }), /looking at the lab at 0:30 \(past\).*now 4:20.*Back to Live/);
      rt.backToLive();
      assert.equal(rt.momentSeconds, undefined);
      assert.equal(serializeSnapshot(rt.snapshot()), live, 'back to live shows the live lab');
    } finally {
      rt.dispose();
    }
  });

  it('tells listeners when the moment changes; the present or later is live; bad moments are refused', async () => {
    const rt = await LabRuntime.create(scenario({ duration: '2m' }), { paused: true });
    try {
      rt.lab.scheduler.runUntil(30_000);
      rt.inject({ kind: 'crash', gateway: 'gw', instance: 'IN_0' });
      rt.lab.scheduler.runUntil(60_000);
      await new Promise((r) => setImmediate(r)); // the run's own change notification
      let changes = 0;
      rt.onDidChange(() => changes++);
      await rt.goTo(10_000);
      assert.equal(changes, 1);
      assert.equal(rt.liveTimeSeconds, 60);
      assert.equal(rt.history()!.nowMs() - Date.parse(rt.scenario.startTime), 10_000, 'the logs endpoint reads the moment too');
      assert.ok(rt.history({ live: true })!.rows().length > rt.history()!.rows().length, 'rows after the moment are hidden');
      await rt.goTo(90_000);
      assert.equal(rt.momentSeconds, undefined, 'a moment not yet reached is the live lab');
      assert.equal(changes, 2);
      await assert.rejects(rt.goTo(-1), /at or after the scenario's start/);
      await assert.rejects(rt.goTo(Number.NaN), /number of virtual milliseconds/);
      // A later request wins over a slower earlier one.
      const first = rt.goTo(5_000);
      await rt.goTo(20_000);
      await first;
      assert.equal(rt.momentSeconds, 20);
      rt.blockTimeTravel('real routers are attached');
      assert.equal(rt.momentSeconds, undefined, 'blocking returns to live');
      await assert.rejects(rt.goTo(1_000), /not available: real routers are attached/);
    } finally {
      rt.dispose();
    }
  });
});
