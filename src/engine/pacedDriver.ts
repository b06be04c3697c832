// Runs an EventScheduler against the wall clock, `speed` virtual seconds per real second,
// with pause / resume / single-step: how the extension shows a scenario live.
import type { EventScheduler, ExecutedEvent } from './eventScheduler';

export const MIN_SPEED = 1;
export const MAX_SPEED = 600;

export interface PacedDriverOptions {
  speed?: number;
  /** Virtual time (ms) at which the driver stops advancing (scenario duration). */
  endTime?: number;
  /** Real milliseconds between ticks; small enough for a smooth view, large enough to be cheap. */
  tickMs?: number;
  /** Called after every tick or step that advanced the clock. */
  onAdvance?: () => void;
  /** Injected clock for tests; defaults to performance.now(). */
  nowMs?: () => number;
  /** The simulation threw while advancing on the timer; the driver has stopped (paused). */
  onError?: (error: unknown) => void;
}

export function checkSpeed(speed: number): number {
  if (!Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
    throw new Error(`speed must be between ${MIN_SPEED} and ${MAX_SPEED} virtual seconds per second (got ${speed})`);
  }
  return speed;
}

export class PacedDriver {
  private speedValue: number;
  private pausedValue = true;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastWallMs = 0;
  /** Virtual milliseconds owed by earlier ticks (the clock advances in whole ms). */
  private carryMs = 0;
  private disposed = false;
  private readonly tickMs: number;
  private readonly nowMs: () => number;

  constructor(
    private readonly scheduler: EventScheduler,
    private readonly options: PacedDriverOptions = {},
  ) {
    this.speedValue = checkSpeed(options.speed ?? 1);
    this.tickMs = options.tickMs ?? 100;
    this.nowMs = options.nowMs ?? (() => performance.now());
  }

  get speed(): number {
    return this.speedValue;
  }

  get paused(): boolean {
    return this.pausedValue;
  }

  get finished(): boolean {
    return this.options.endTime !== undefined && this.scheduler.now() >= this.options.endTime;
  }

  setSpeed(speed: number): void {
    // Settle the time elapsed at the old speed before switching, so changing speed never jumps.
    if (!this.pausedValue) this.tick();
    this.speedValue = checkSpeed(speed);
  }

  resume(): void {
    if (this.disposed || !this.pausedValue) return;
    this.pausedValue = false;
    this.lastWallMs = this.nowMs();
    // Deliberately not unref'd: a running lab keeps its process alive until paused, finished or disposed.
    this.timer = setInterval(() => {
      // A throw here would be an uncaught exception in the host process: stop and report instead.
      try {
        this.tick();
      } catch (error) {
        this.pausedValue = true;
        this.clearTimer();
        this.options.onError?.(error);
      }
    }, this.tickMs);
  }

  pause(): void {
    if (this.pausedValue) return;
    this.tick();
    this.pausedValue = true;
    this.clearTimer();
  }

  /** Runs the next scheduled event (only while paused; a running driver is advancing anyway). */
  step(): ExecutedEvent | undefined {
    if (!this.pausedValue || this.disposed) return undefined;
    const next = this.scheduler.peekTime();
    if (next === undefined || (this.options.endTime !== undefined && next > this.options.endTime)) return undefined;
    const ran = this.scheduler.runNext();
    this.options.onAdvance?.();
    return ran;
  }

  /** Advances virtual time by the wall time elapsed since the last tick, times the speed. */
  tick(): void {
    if (this.disposed || this.pausedValue) return;
    const wall = this.nowMs();
    const advance = Math.max(0, wall - this.lastWallMs) * this.speedValue + this.carryMs;
    this.lastWallMs = wall;
    const whole = Math.floor(advance);
    this.carryMs = advance - whole;
    let target = this.scheduler.now() + whole;
    if (this.options.endTime !== undefined && target >= this.options.endTime) target = this.options.endTime;
    this.scheduler.runUntil(target);
    this.options.onAdvance?.();
    if (this.finished) {
      this.pausedValue = true;
      this.clearTimer();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.pausedValue = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
