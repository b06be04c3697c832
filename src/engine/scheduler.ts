// The contract of the lab's discrete-event scheduler. Everything in the engine that waits
// (lease renewals, IKE negotiation, BGP keepalive/hold timers, probes) schedules through it,
// so a scenario runs in virtual time, deterministically for a given seed.
//
// Virtual time is an integer number of milliseconds, as ns-3 keeps time at a fixed resolution:
// equal times compare equal and no timer fires an ulp early. Scenarios and outputs speak
// seconds; they convert once, with msFromSeconds / secondsFromMs.

export type TimerId = number;

/** Deterministic pseudo-random numbers; the only randomness the engine may use. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max]. */
  between(min: number, max: number): number;
}

/** Seconds (scenario files, timing, outputs) to whole virtual milliseconds. */
export function msFromSeconds(seconds: number): number {
  return Math.round(seconds * 1000);
}

/** Virtual milliseconds to seconds for outputs (exactly the millisecond-rounded value). */
export function secondsFromMs(ms: number): number {
  return ms / 1000;
}

/**
 * Ranks of events that share an instant (lower runs first; then scheduling order). Most events
 * take the default; lease attempts of two instances settle IN_0 first after the instant's other
 * events; observers (the Lab panel's samples) see the instant's final state.
 */
export const EventRank = {
  default: 0,
  leaseLoop: { IN_0: 1, IN_1: 2 },
  observe: 100,
} as const;

export interface Scheduler {
  /** Virtual milliseconds since the scenario start (an integer). */
  now(): number;
  /**
   * Runs `action` at absolute virtual time `timeMs` (>= now; an integer). Equal times run by
   * `rank` (lower first, default 0), then in scheduling order. A rank makes the order of
   * simultaneous events a rule of the model instead of an accident of when they were scheduled.
   */
  at(timeMs: number, label: string, action: () => void, rank?: number): TimerId;
  /** Runs `action` `delayMs` (an integer) from now. */
  after(delayMs: number, label: string, action: () => void, rank?: number): TimerId;
  cancel(id: TimerId): void;
  readonly rng: Rng;
}
