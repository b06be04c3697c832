// The discrete-event scheduler behind every lab timer: a binary min-heap ordered by
// (time, insertion sequence) with time in integer virtual milliseconds, so equal times run in
// scheduling order and a run is byte-for-byte reproducible for a given seed.
import { secondsFromMs, type Rng, type Scheduler, type TimerId } from './scheduler';

/** mulberry32: tiny, fast, good enough for simulation jitter, and fully determined by the seed. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (min: number, max: number): number => min + (max - min) * next(),
  };
}

interface HeapEntry {
  time: number;
  /** Orders events of one instant before `seq` does: lower first (see Scheduler.at). */
  rank: number;
  seq: number;
  id: TimerId;
  label: string;
  action: () => void;
  cancelled: boolean;
}

/** What ran, for traces and the paced driver's single-step. */
export interface ExecutedEvent {
  time: number;
  label: string;
}

/**
 * More events than this at one virtual instant means a timer keeps re-arming itself without
 * advancing time (a model bug): fail with a message instead of freezing the host. Real runs stay
 * far below it (1,000 gateways start with a few thousand events at t=0).
 */
export const MAX_EVENTS_PER_INSTANT = 5_000_000;

export class EventScheduler implements Scheduler {
  readonly rng: Rng;
  private heap: HeapEntry[] = [];
  /** Entries in the heap and not cancelled, by id: makes cancel() O(1) and `pending` exact. */
  private live = new Map<TimerId, HeapEntry>();
  private nextId = 1;
  private seq = 0;
  private current = 0;
  private executedCount = 0;
  private instantTime = Number.NaN;
  private instantCount = 0;

  constructor(
    seed = 1,
    private readonly maxEventsPerInstant = MAX_EVENTS_PER_INSTANT,
  ) {
    this.rng = createRng(seed);
  }

  now(): number {
    return this.current;
  }

  /** Number of events executed so far (benchmarks report it). */
  get executed(): number {
    return this.executedCount;
  }

  /** Scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.live.size;
  }

  at(time: number, label: string, action: () => void, rank = 0): TimerId {
    if (!Number.isFinite(time)) throw new Error(`scheduler: time for "${label}" is not a finite number (${time})`);
    if (!Number.isInteger(time)) throw new Error(`scheduler: time for "${label}" must be whole milliseconds (got ${time})`);
    // Events may not go back in time: a late request runs "now", after what is already queued for now.
    const t = time < this.current ? this.current : time;
    const id = this.nextId++;
    const entry: HeapEntry = { time: t, rank, seq: this.seq++, id, label, action, cancelled: false };
    this.live.set(id, entry);
    this.push(entry);
    return id;
  }

  after(delayMs: number, label: string, action: () => void, rank = 0): TimerId {
    if (!(delayMs >= 0)) throw new Error(`scheduler: delay for "${label}" must be >= 0 (got ${delayMs})`);
    return this.at(this.current + delayMs, label, action, rank);
  }

  cancel(id: TimerId): void {
    // Lazy deletion: mark now, drop when it reaches the top.
    const entry = this.live.get(id);
    if (entry) {
      entry.cancelled = true;
      this.live.delete(id);
    }
  }

  /** Time of the next live event, or undefined when nothing is scheduled. */
  peekTime(): number | undefined {
    this.dropCancelledTop();
    return this.heap[0]?.time;
  }

  /** Runs the next live event; returns it, or undefined when the queue is empty. */
  runNext(): ExecutedEvent | undefined {
    this.dropCancelledTop();
    const top = this.pop();
    if (!top) return undefined;
    this.live.delete(top.id);
    if (top.time !== this.instantTime) {
      this.instantTime = top.time;
      this.instantCount = 0;
    } else if (++this.instantCount >= this.maxEventsPerInstant) {
      throw new Error(`lab engine stuck: more than ${this.maxEventsPerInstant.toLocaleString('en-US')} events at t=${secondsFromMs(top.time)} s (last "${top.label}"): a timer keeps re-arming itself without time advancing`);
    }
    this.current = top.time;
    this.executedCount++;
    top.action();
    return { time: top.time, label: top.label };
  }

  /** Runs every event with time <= `time` (ms), then sets the clock to `time` (rounded down to whole ms). */
  runUntil(time: number): void {
    const end = Math.floor(time);
    for (;;) {
      const next = this.peekTime();
      if (next === undefined || next > end) break;
      this.runNext();
    }
    if (end > this.current) this.current = end;
  }

  /**
   * Moves the clock to `time` (ms) without running anything: a replay's way to stand where the
   * paced driver stood between events when the user acted. Refuses to skip a due event.
   */
  advanceClock(time: number): void {
    const next = this.peekTime();
    if (next !== undefined && next < time) throw new Error(`scheduler: cannot move the clock to ${time} ms past an event due at ${next} ms`);
    if (time > this.current) this.current = time;
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
  }

  private static less(a: HeapEntry, b: HeapEntry): boolean {
    return a.time < b.time || (a.time === b.time && (a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq)));
  }

  private push(entry: HeapEntry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (!EventScheduler.less(entry, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = entry;
  }

  private pop(): HeapEntry | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && EventScheduler.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && EventScheduler.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        const child = h[m]!;
        h[m] = h[i]!;
        h[i] = child;
        i = m;
      }
    }
    return top;
  }
}
