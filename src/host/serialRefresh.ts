// One refresh at a time: a call while one runs queues exactly one more (shared by every call made
// meanwhile), started when the running one ends, so each caller's promise settles after a run that
// began after its call. Starting a run per call and keeping only the newest starved a view whose
// runs took longer than the time between calls: no run was ever the newest when it ended.

export function serialRefresh(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const start = (): Promise<void> => {
    const current = run().finally(() => {
      if (running === current) running = undefined;
    });
    running = current;
    return current;
  };
  return () => {
    if (queued) return queued;
    if (!running) return start();
    // The run under way may have read its data before this call: a new one follows it.
    const next = (): Promise<void> => {
      queued = undefined;
      return start();
    };
    queued = running.then(next, next);
    return queued;
  };
}
