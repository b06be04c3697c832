import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LabRuntime } from '../../../src/engine/labRuntime';
import type { LabFault } from '../../../src/engine/labApi';
import { scenario } from './fixtures';

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

describe('LabRuntime (LabController)', () => {
  it('starts paused when asked; step runs one simulation event at a time', async () => {
    const rt = await LabRuntime.create(scenario(), { paused: true });
    assert.equal(rt.paused, true);
    assert.equal(rt.scenarioName, 'test');
    assert.equal(rt.timeSeconds, 0);
    assert.equal(rt.snapshot().lab!.gateways[0]!.leaseHolder, null, 'nothing ran yet');
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      rt.step();
      times.push(rt.timeSeconds);
    }
    // IN_0's first lease attempt at t=0, then the probes at t=1 and t=2 (timeline samples are stepped over).
    assert.deepEqual(times, [0, 1, 2]);
    assert.equal(rt.snapshot().lab!.gateways[0]!.leaseHolder, 'IN_0');
    rt.dispose();
  });

  it('runs paced at the requested speed and notifies listeners', async () => {
    const rt = await LabRuntime.create(scenario(), { speed: 600, tickMs: 10 });
    let changes = 0;
    const sub = rt.onDidChange(() => changes++);
    await new Promise((r) => setTimeout(r, 150));
    rt.pause();
    const t = rt.timeSeconds;
    assert.ok(t > 20, `at 600x, 150 ms should be well over 20 virtual s (got ${t})`);
    assert.ok(changes > 0);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(rt.timeSeconds, t, 'paused: time stands still');
    sub.dispose();
    rt.dispose();
  });

  it('setSpeed validates its range', async () => {
    const rt = await LabRuntime.create(scenario(), { paused: true });
    rt.setSpeed(600);
    assert.equal(rt.speed, 600);
    assert.throws(() => rt.setSpeed(0.5), /between 1 and 600/);
    assert.throws(() => rt.setSpeed(1000), /between 1 and 600/);
    rt.dispose();
  });

  it('inject applies faults and throws clear errors for unknown names', async () => {
    const rt = await LabRuntime.create(scenario(), { paused: true });
    rt.inject({ kind: 'crash', gateway: 'gw', instance: 'IN_0' });
    assert.equal(rt.snapshot().lab!.gateways[0]!.instances[0]!.role, 'down');
    assert.throws(() => rt.inject({ kind: 'gatewayReset', gateway: 'missing' }), /unknown gateway "missing"/);
    assert.throws(() => rt.inject({ kind: 'meteor' } as unknown as LabFault), /unknown fault kind "meteor"/);
    rt.dispose();
    assert.throws(() => rt.inject({ kind: 'restore' }), /stopped/);
  });

  it('keeps a timeline of samples and faults', async () => {
    const rt = await LabRuntime.create(scenario({ timeline: [{ at: 3, action: 'plannedMaintenance', gateway: 'gw', instance: 'IN_0' }] }), { paused: true, maxSamples: 5 });
    for (let i = 0; i < 200 && rt.timeSeconds < 10; i++) rt.step();
    const tl = rt.timeline();
    assert.equal(tl.samples.length, 5, 'capped at maxSamples');
    assert.deepEqual(tl.faults.map((f) => f.t), [3]);
    const last = tl.samples.at(-1)!;
    assert.ok(last.instances.some((i) => i.instance === 'IN_1' && i.role === 'active'));
    assert.ok(last.tunnels.length === 2 && last.probes.length === 1);
    rt.dispose();
  });

  it('finishes at the scenario end, and leaves no timers after dispose', async () => {
    const baseline = activeTimers();
    const rt = await LabRuntime.create(scenario({ duration: '30s' }), { speed: 600, tickMs: 5 });
    await rt.whenFinished();
    assert.equal(rt.timeSeconds, 30);
    assert.equal(rt.finished, true);
    const rt2 = await LabRuntime.create(scenario(), { speed: 1 });
    assert.ok(activeTimers() > baseline, 'a running lab has a timer');
    rt.dispose();
    rt2.dispose();
    assert.equal(activeTimers(), baseline);
  });
});
