// Coalesces bursts of change events (a running lab fires many per second) into one call.

export interface Debounced {
  (): void;
  /** Runs a pending call now, if one is pending. */
  flush(): void;
  cancel(): void;
}

export function debounce(fn: () => void, delayMs: number): Debounced {
  let timer: NodeJS.Timeout | undefined;
  const run = (): void => {
    timer = undefined;
    fn();
  };
  const debounced = (() => {
    if (timer !== undefined) return; // trailing-edge with a fixed window: one call per window at most
    timer = setTimeout(run, delayMs);
  }) as Debounced;
  debounced.flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    run();
  };
  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return debounced;
}
