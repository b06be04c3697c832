// The contract of the lab's discrete-event scheduler. Everything in the engine that waits
// (lease renewals, IKE negotiation, BGP keepalive/hold timers, probes) schedules through it,
// so a scenario runs in virtual time, deterministically for a given seed.

export type TimerId = number;

/** Deterministic pseudo-random numbers; the only randomness the engine may use. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max]. */
  between(min: number, max: number): number;
}

export interface Scheduler {
  /** Virtual seconds since the scenario start. */
  now(): number;
  /** Runs `action` at absolute virtual time `time` (>= now). Equal times run in scheduling order. */
  at(time: number, label: string, action: () => void): TimerId;
  /** Runs `action` `delaySeconds` from now. */
  after(delaySeconds: number, label: string, action: () => void): TimerId;
  cancel(id: TimerId): void;
  readonly rng: Rng;
}
