// Time travel for a running lab: the lab is deterministic (seeded scheduler, in-memory lease
// store on the virtual clock), so its state at any past moment is the state of a second lab built
// from the same scenario and driven to that moment, with the user's operations (faults injected
// from the UI) applied exactly where they happened. Where is counted in events run, not only in
// time: a user may step one event of an instant and inject before the rest of that instant ran.
// Speed and pauses do not matter (virtual time only). Snapshots of moments already visited are
// kept (a few dozen) so stepping back and forth costs nothing after the first visit.
import type { Lab } from './lab';
import type { LabFault } from './labApi';
import type { NetworkSnapshot } from '../model/snapshot';

/** A fault the user injected: the live scheduler's event count and clock when it was applied. */
export interface RecordedOperation {
  executed: number;
  nowMs: number;
  fault: LabFault;
}

/** A lab built exactly as the live one was (same scenario, options and bookkeeping events), not started by a timer. */
export interface ReplayInstance {
  readonly lab: Lab;
  dispose(): void;
}

const SNAPSHOT_CACHE_SIZE = 32;

export class LabReplay {
  private readonly ops: RecordedOperation[] = [];
  private current: { instance: ReplayInstance; applied: number } | undefined;
  /** Moment (virtual ms) -> snapshot, oldest visit first (a small LRU). */
  private readonly snapshots = new Map<number, NetworkSnapshot>();
  private disposed = false;
  /** Replays run one at a time (building a replay lab awaits its lease store). */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly build: () => Promise<ReplayInstance>) {}

  get operations(): readonly RecordedOperation[] {
    return this.ops;
  }

  /** Call after the live lab applied a user fault (not the scenario's own timeline: that replays by itself). */
  record(live: Lab, fault: LabFault): void {
    const op: RecordedOperation = { executed: live.scheduler.executed, nowMs: live.scheduler.now(), fault: structuredClone(fault) };
    this.ops.push(op);
    // Moments at or after the operation now read differently; a replay standing there cannot go back.
    for (const t of [...this.snapshots.keys()]) if (t >= op.nowMs) this.snapshots.delete(t);
    if (this.current && this.current.instance.lab.scheduler.now() >= op.nowMs) this.dropReplay();
  }

  /** The lab's snapshot at `atMs` (virtual ms, at most the live lab's now). */
  snapshotAt(atMs: number): Promise<NetworkSnapshot> {
    const run = this.chain.then(() => this.compute(atMs));
    this.chain = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    this.disposed = true;
    this.dropReplay();
    this.snapshots.clear();
  }

  private async compute(atMs: number): Promise<NetworkSnapshot> {
    if (this.disposed) throw new Error('the lab has been stopped');
    const cached = this.snapshots.get(atMs);
    if (cached) {
      this.snapshots.delete(atMs);
      this.snapshots.set(atMs, cached);
      return cached;
    }
    // Forward from where the replay stands; backward means starting over from time 0.
    if (!this.current || this.current.instance.lab.scheduler.now() > atMs) {
      this.dropReplay();
      const instance = await this.build();
      if (this.disposed) {
        instance.dispose();
        throw new Error('the lab has been stopped');
      }
      this.current = { instance, applied: 0 };
    }
    const lab = this.current.instance.lab;
    const s = lab.scheduler;
    while (this.current.applied < this.ops.length && this.ops[this.current.applied]!.nowMs <= atMs) {
      const op = this.ops[this.current.applied]!;
      while (s.executed < op.executed) {
        if (!s.runNext()) throw new Error(`replay ran out of events before the operation at ${op.nowMs} ms (${op.executed} events expected, ${s.executed} ran)`);
      }
      if (s.executed !== op.executed) throw new Error(`replay diverged from the live lab at ${op.nowMs} ms (${s.executed} events ran, the live lab had run ${op.executed})`);
      s.advanceClock(op.nowMs);
      lab.inject(op.fault);
      this.current.applied++;
    }
    s.runUntil(atMs);
    lab.invariants.observe();
    const snapshot = lab.snapshot();
    this.snapshots.set(atMs, snapshot);
    if (this.snapshots.size > SNAPSHOT_CACHE_SIZE) this.snapshots.delete(this.snapshots.keys().next().value!);
    return snapshot;
  }

  private dropReplay(): void {
    this.current?.instance.dispose();
    this.current = undefined;
  }
}
