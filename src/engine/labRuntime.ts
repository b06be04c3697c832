// LabController for the extension: a scenario running paced in wall-clock time (1x..600x) with
// pause/resume/step, fault injection, snapshots, a timeline of samples for the lab panel, and time
// travel (any past moment shown through a deterministic replay, labReplay.ts).
import type { Disposable, LabController, LabFault } from './labApi';
import type { LabTimeline, LabTimelineSample } from '../model/labTimeline';
import { type Lab, type LabOptions } from './lab';
import { createLab } from './createLab';
import { PacedDriver } from './pacedDriver';
import type { NetworkSnapshot } from '../model/snapshot';
import type { Scenario } from './scenario/types';
import { EventRank, msFromSeconds, secondsFromMs } from './scheduler';
import { LabReplay } from './labReplay';
import type { MonitorHistorySource } from './arm/monitorRoutes';
import { labHistorySource } from './history/labHistorySource';

export interface LabRuntimeOptions extends LabOptions {
  /** Virtual seconds per wall-clock second, 1..600. Default 1. */
  speed?: number;
  /** Start running at once (default) or paused. */
  paused?: boolean;
  /** Virtual seconds between timeline samples. Default 1. */
  sampleIntervalSeconds?: number;
  /** Oldest samples are dropped beyond this. Default 3600. */
  maxSamples?: number;
  /** Real milliseconds between driver ticks. Default 100. */
  tickMs?: number;
  /** Stop at this virtual time instead of the scenario's duration. */
  endTimeSeconds?: number;
  /** Runs after the lab is built and before it starts (e.g. to watch expectations). */
  beforeStart?: (lab: Lab) => void;
}

const SAMPLE_LABEL = 'lab timeline sample';

export class LabRuntime implements LabController {
  readonly lab: Lab;
  private readonly driver: PacedDriver;
  private readonly samples: LabTimelineSample[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly maxSamples: number;
  private disposed = false;
  private finishedWaiters: (() => void)[] = [];
  private readonly replay: LabReplay;
  /** The past moment shown, with its snapshot; undefined = live. */
  private moment: { atMs: number; snapshot: NetworkSnapshot } | undefined;
  /** Bumped by every goTo/backToLive: a slower earlier request never overrides a later one. */
  private momentGeneration = 0;
  private blockedReason: string | undefined;
  /** See dataVersion: bumped by every change except the clock advancing. */
  private version = 0;

  /** Prepares the lease store (real storage needs its blob) and starts the scenario. */
  static async create(scenario: Scenario, options: LabRuntimeOptions = {}): Promise<LabRuntime> {
    const runtime = new LabRuntime(scenario, options);
    await runtime.lab.prepare();
    options.beforeStart?.(runtime.lab);
    runtime.begin(options.paused ?? false);
    return runtime;
  }

  private constructor(
    readonly scenario: Scenario,
    private readonly options: LabRuntimeOptions,
  ) {
    this.lab = createLab(scenario, options);
    this.maxSamples = options.maxSamples ?? 3600;
    this.driver = new PacedDriver(this.lab.scheduler, {
      speed: options.speed ?? 1,
      endTime: msFromSeconds(Math.min(options.endTimeSeconds ?? scenario.durationSeconds, scenario.durationSeconds)),
      tickMs: options.tickMs,
      onAdvance: () => this.afterAdvance(),
      // A broken simulation stops where it is, says why in the lab log, and views refresh.
      onError: (error) => {
        this.lab.log({ kind: 'info', message: `lab stopped: ${error instanceof Error ? error.message : String(error)}` });
        this.changed();
      },
    });
    // Changes (including real storage answering between ticks) coalesce into one notification.
    this.lab.onDidChange(() => {
      this.version++;
      this.fireSoon();
    });
    // A replay is this lab again, built the same way (its samples included, so event counts match),
    // never paced by a timer. A real storage account is not replayable (its answers are not ours).
    this.replay = new LabReplay(async () => {
      const { beforeStart: _b, ...rest } = options;
      const r = await LabRuntime.create(scenario, { ...rest, paused: true });
      return { lab: r.lab, dispose: () => r.dispose() };
    });
    if (options.store) this.blockedReason = 'the lab runs on a real storage account (its lease answers cannot be replayed)';
  }

  private firePending = false;

  private fireSoon(): void {
    if (this.firePending || this.disposed) return;
    this.firePending = true;
    queueMicrotask(() => {
      this.firePending = false;
      if (!this.disposed) this.fire();
    });
  }

  private begin(paused: boolean): void {
    const interval = msFromSeconds(this.options.sampleIntervalSeconds ?? 1);
    const sample = (): void => {
      this.samples.push(this.lab.sample());
      if (this.samples.length > this.maxSamples) this.samples.splice(0, this.samples.length - this.maxSamples);
      this.lab.scheduler.after(interval, SAMPLE_LABEL, sample, EventRank.observe);
    };
    this.lab.start();
    // A sample shows the state at the end of its instant (after that instant's lease attempts).
    this.lab.scheduler.at(0, SAMPLE_LABEL, sample, EventRank.observe);
    if (!paused) this.driver.resume();
  }

  get scenarioName(): string {
    return this.scenario.name;
  }
  /** The moment shown: the past moment while time travelling, else the live lab's time. */
  get timeSeconds(): number {
    return this.moment ? secondsFromMs(this.moment.atMs) : this.liveTimeSeconds;
  }
  get liveTimeSeconds(): number {
    return secondsFromMs(this.lab.scheduler.now());
  }
  get momentSeconds(): number | undefined {
    return this.moment ? secondsFromMs(this.moment.atMs) : undefined;
  }
  get dataVersion(): string {
    return `${this.version}/${this.lab.dataVersion}`;
  }
  get timeTravelBlocked(): string | undefined {
    return this.blockedReason;
  }
  get paused(): boolean {
    return this.driver.paused;
  }
  get speed(): number {
    return this.driver.speed;
  }
  get finished(): boolean {
    return this.driver.finished;
  }

  pause(): void {
    this.driver.pause();
    this.changed();
  }

  resume(): void {
    if (this.disposed) return;
    this.driver.resume();
    this.changed();
  }

  step(): void {
    // Timeline samples are bookkeeping, not simulation: step over them to the next real event.
    for (let i = 0; i < 1000; i++) {
      const ran = this.driver.step();
      if (!ran || ran.label !== SAMPLE_LABEL) break;
    }
  }

  setSpeed(speed: number): void {
    this.driver.setSpeed(speed);
    this.changed();
  }

  inject(fault: LabFault): void {
    if (this.disposed) throw new Error('the lab has been stopped');
    if (this.moment) {
      throw new Error(`you are looking at the lab at ${clock(this.moment.atMs)} (past); faults act on the live lab (now ${clock(this.lab.scheduler.now())}): go Back to Live first`);
    }
    this.lab.inject(fault);
    // Only faults that took effect are replayed (a throw above left the lab as it was).
    this.replay.record(this.lab, fault);
  }

  snapshot(): NetworkSnapshot {
    return this.moment?.snapshot ?? this.lab.snapshot();
  }

  /** Real routers and other outside parties cannot be replayed: time travel then refuses with `reason`. */
  blockTimeTravel(reason: string): void {
    this.blockedReason = reason;
    if (this.moment) this.backToLive();
  }

  async goTo(atMs: number): Promise<void> {
    if (this.disposed) throw new Error('the lab has been stopped');
    if (typeof atMs !== 'number' || !Number.isFinite(atMs)) throw new Error(`a moment must be a number of virtual milliseconds, got ${String(atMs)}`);
    if (atMs < 0) throw new Error(`a moment must be at or after the scenario's start (0:00), got ${atMs} ms`);
    if (this.blockedReason) throw new Error(`time travel is not available: ${this.blockedReason}`);
    const target = Math.floor(atMs);
    const generation = ++this.momentGeneration;
    // The present (or later, not yet happened) is the live lab itself.
    if (target >= this.lab.scheduler.now()) {
      this.showLive();
      return;
    }
    const snapshot = await this.replay.snapshotAt(target);
    if (generation !== this.momentGeneration || this.disposed) return;
    this.moment = { atMs: target, snapshot };
    this.changed();
  }

  backToLive(): void {
    this.momentGeneration++;
    this.showLive();
  }

  history(options: { live?: boolean } = {}): MonitorHistorySource | undefined {
    return labHistorySource(this.lab, options.live || !this.moment ? undefined : this.moment.atMs);
  }

  private showLive(): void {
    if (!this.moment) return;
    this.moment = undefined;
    this.changed();
  }

  timeline(): LabTimeline {
    return { samples: [...this.samples], faults: [...this.lab.faultLog] };
  }

  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Resolves when the scenario reached its duration (or at once if it already has). */
  whenFinished(): Promise<void> {
    if (this.driver.finished || this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.finishedWaiters.push(resolve));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.driver.dispose();
    this.replay.dispose();
    this.listeners.clear();
    for (const w of this.finishedWaiters.splice(0)) w();
    // Store cleanup is best effort: a storage account that went away must not throw into the host.
    this.lab.dispose().catch(() => undefined);
  }

  private afterAdvance(): void {
    this.fireSoon();
    if (this.driver.finished) for (const w of this.finishedWaiters.splice(0)) w();
  }

  /** Something other than the clock changed: a new data version, then the listeners. */
  private changed(): void {
    this.version++;
    this.fire();
  }

  private fire(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        // A failing listener must not stop the simulation or the other listeners.
      }
    }
  }
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
