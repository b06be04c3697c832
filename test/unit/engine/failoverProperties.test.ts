// Property-based: random fault schedules on an active/passive pair. Safety: never two serving
// instances (nor two lease holders). Liveness: whenever a healthy instance exists, one serves
// within lease duration + retry interval + tunnel setup time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type Lab } from '../../../src/engine/lab';
import { createLab } from '../../../src/engine/createLab';
import { takeoverBoundSeconds } from '../../../src/engine/timing';
import { scenario } from './fixtures';
import type { Scenario } from '../../../src/engine/scenario/types';
import { MemoryLeaseStore } from '../../../src/engine/lease/memoryLeaseStore';
import type { SyncLeaseStore } from '../../../src/engine/lease/leaseStore';

const DURATION = 900;
const RUNS = 1000;

const instance = fc.constantFrom<'IN_0' | 'IN_1'>('IN_0', 'IN_1');
const at = fc.integer({ min: 0, max: DURATION - 1 });
const event = fc.oneof(
  fc.record({ at, action: fc.constantFrom('crash', 'reboot', 'hang', 'plannedMaintenance', 'storagePartition'), gateway: fc.constant('gw'), instance }),
  fc.record({ at, action: fc.constant('gatewayReset'), gateway: fc.constant('gw') }),
  fc.record({ at, action: fc.constant('restore'), gateway: fc.constant('gw'), instance }),
  fc.record({ at, action: fc.constant('restore') }),
);
const schedule = fc.record({ seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }), timeline: fc.array(event, { maxLength: 10 }) });

function build(timeline: unknown[], seed: number): Scenario {
  return scenario({ seed, duration: DURATION, probes: [], timeline });
}

describe('failover properties (fast-check)', () => {
  it(`${RUNS} random fault schedules: no split brain, and a healthy instance serves within the bound`, () => {
    let runs = 0;
    let failoversSeen = 0;
    fc.assert(
      fc.property(schedule, ({ seed, timeline }) => {
        runs++;
        const sc = build(timeline, seed);
        const lab = createLab(sc, { recordEvents: false });
        const g = () => lab.gateways.get('gw')!;
        let maxHolders = 0;
        lab.onAfterChange(() => {
          const holders = Object.values(g().instances).filter((i) => i.holdsLease).length;
          maxHolders = Math.max(maxHolders, holders);
        });
        lab.runUntil(DURATION);
        const inv = lab.invariants.report();
        failoversSeen += g().failovers.length;
        assert.equal(inv.splitBrainSeconds, 0, 'split brain');
        assert.ok(inv.maxServingActivePassive <= 1, `${inv.maxServingActivePassive} serving at once`);
        assert.ok(maxHolders <= 1, `${maxHolders} instances believed they held the lease`);
        const bound = takeoverBoundSeconds(sc.timing);
        assert.ok(inv.maxHealthyUnservedSeconds <= bound, `a healthy instance waited ${inv.maxHealthyUnservedSeconds}s > ${bound}s to serve`);
        assert.ok(inv.maxHealthyWithoutTunnelsSeconds <= bound, `a healthy instance waited ${inv.maxHealthyWithoutTunnelsSeconds}s > ${bound}s for a serving instance with its tunnel up`);
      }),
      // A fresh random seed each run widens coverage over time; fast-check prints it on failure for replay.
      { numRuns: RUNS },
    );
    assert.equal(runs >= RUNS, true);
    // The generator must actually exercise failovers, or the property says little.
    assert.ok(failoversSeen > RUNS / 2, `only ${failoversSeen} failovers in ${RUNS} runs`);
  });

  it('skipping futile standby retries (in-memory store) changes no outcome: 300 schedules vs a store without the shortcut', () => {
    fc.assert(
      fc.property(schedule, ({ seed, timeline }) => {
        const sc = build(timeline, seed);
        const fast = createLab(sc);
        fast.runUntil(DURATION);
        const inner = new MemoryLeaseStore(() => slow.scheduler.now());
        // Same store without nextAcquirableAt/onLeaseFreed: the standby retries on every tick.
        const plain: SyncLeaseStore = {
          kind: 'memory',
          ensureBlob: (b) => inner.ensureBlob(b),
          execute: (b, op) => inner.execute(b, op),
          inspect: (b) => inner.inspect(b),
          dispose: () => inner.dispose(),
          executeSync: (b, op) => inner.executeSync(b, op),
          inspectSync: (b) => inner.inspectSync(b),
        };
        const slow: Lab = createLab(sc, { store: plain });
        slow.runUntil(DURATION);
        // Events of one virtual instant are concurrent: the shortcut schedules retries at other
        // moments, so the scheduler's tie-break order within an instant may differ (never the set).
        const sameInstantCanonical = (l: Lab): string[] =>
          l.events
            .filter((e) => e.kind !== 'probe')
            .map((e) => ({ t: e.t, text: JSON.stringify(e) }))
            .sort((a, b) => a.t - b.t || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
            .map((e) => e.text);
        const view = (l: Lab): string => JSON.stringify({ failovers: l.gateways.get('gw')!.failovers, inv: l.invariants.report(), events: sameInstantCanonical(l) });
        assert.equal(view(fast), view(slow));
      }),
      {
        numRuns: 300,
        // Found by CI: a boot ending at the same instant as the other instance's retry.
        examples: [
          [{ seed: 0, timeline: [{ at: 723, action: 'crash', gateway: 'gw', instance: 'IN_1' }, { at: 299, action: 'gatewayReset', gateway: 'gw' }, { at: 764, action: 'restore' }] }],
          // Found by a run: both instances retry the lease at the same instant (810 s); who won
          // depended on whether the standby had been parked, until simultaneous lease ticks got a rank.
          [{ seed: 0, timeline: [{ at: 0, action: 'gatewayReset', gateway: 'gw' }, { at: 15, action: 'gatewayReset', gateway: 'gw' }, { at: 791, action: 'restore' }, { at: 741, action: 'storagePartition', gateway: 'gw', instance: 'IN_0' }] }],
        ],
      },
    );
  });

  it('the properties catch a broken fence (sanity check that the test can fail)', () => {
    // A fence margin of 0 with a slow standby is still safe; a *negative* margin is not expressible,
    // so break the model directly: the hung active keeps serving past its lease.
    const sc = build([{ at: 100, action: 'hang', gateway: 'gw', instance: 'IN_0' }], 1);
    const lab = createLab(sc, { recordEvents: false });
    const inst = lab.gateways.get('gw')!.instances.IN_0;
    lab.runUntil(140);
    inst.holdsLease = false; // the fence timer now thinks there is nothing to fence
    lab.runUntil(DURATION);
    assert.ok(lab.invariants.report().splitBrainSeconds > 0, 'a disabled fence must show up as split brain');
  });
});
