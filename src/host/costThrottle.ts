// Runs a costly refresh no more often than a CPU budget allows. After a run that took c ms the
// next one waits c * (1 - share) / share ms (within [minDelayMs, maxDelayMs]), so a diagnosis of a
// 100,000-route lab (hundreds of ms) runs every few seconds instead of on every lab tick, while a
// small lab's cheap diagnosis still follows every change.

export interface CostThrottleOptions {
  /** Largest share of one core the refreshes may take (0.1 = 10%). */
  share: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Clock in ms (tests pass a fake one). */
  now?: () => number;
}

export interface CostThrottled {
  /** Asks for a run: now when the budget allows, otherwise once when it does (calls in between coalesce). */
  (): void;
  cancel(): void;
}

export function costThrottle(fn: () => unknown, options: CostThrottleOptions): CostThrottled {
  const now = options.now ?? (() => performance.now());
  const minDelay = options.minDelayMs ?? 0;
  const maxDelay = options.maxDelayMs ?? 10_000;
  let lastCost = 0;
  let lastEnd = Number.NEGATIVE_INFINITY;
  let running = false;
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cancelled = false;

  const run = async (): Promise<void> => {
    timer = undefined;
    running = true;
    const start = now();
    try {
      await fn();
    } catch {
      // fn reports its own failures; a rejection must not stop later runs
    } finally {
      lastCost = now() - start;
      lastEnd = now();
      running = false;
    }
    if (pending && !cancelled) {
      pending = false;
      request();
    }
  };

  const request = (() => {
    if (cancelled) return;
    if (running) {
      pending = true;
      return;
    }
    if (timer !== undefined) return;
    const wait = Math.min(maxDelay, Math.max(minDelay, (lastCost * (1 - options.share)) / options.share)) - (now() - lastEnd);
    if (wait <= 0) void run();
    else timer = setTimeout(() => void run(), wait);
  }) as CostThrottled;
  request.cancel = () => {
    cancelled = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return request;
}
