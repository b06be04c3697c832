// LabController for the extension: a scenario running paced in wall-clock time (1x..600x) with
// pause/resume/step, fault injection, snapshots and a timeline of samples for the lab panel.
import type { Disposable, LabController, LabFault } from './labApi';
import type { LabTimeline, LabTimelineSample } from '../model/labTimeline';
import { type Lab, type LabOptions } from './lab';
import { createLab } from './createLab';
import { PacedDriver } from './pacedDriver';
import type { NetworkSnapshot } from '../model/snapshot';
import type { Scenario } from './scenario/types';
import { EventRank, msFromSeconds, secondsFromMs } from './scheduler';

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
        this.fire();
      },
    });
    // Changes (including real storage answering between ticks) coalesce into one notification.
    this.lab.onDidChange(() => this.fireSoon());
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
  get timeSeconds(): number {
    return secondsFromMs(this.lab.scheduler.now());
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
    this.fire();
  }

  resume(): void {
    if (this.disposed) return;
    this.driver.resume();
    this.fire();
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
    this.fire();
  }

  inject(fault: LabFault): void {
    if (this.disposed) throw new Error('the lab has been stopped');
    this.lab.inject(fault);
  }

  snapshot(): NetworkSnapshot {
    return this.lab.snapshot();
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
    this.listeners.clear();
    for (const w of this.finishedWaiters.splice(0)) w();
    // Store cleanup is best effort: a storage account that went away must not throw into the host.
    this.lab.dispose().catch(() => undefined);
  }

  private afterAdvance(): void {
    this.fireSoon();
    if (this.driver.finished) for (const w of this.finishedWaiters.splice(0)) w();
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
