// A value fetched from Azure that is served at once, however old, while a newer one is fetched in
// the background: the trees ask for the Azure inventory on every lab tick, and neither may they
// wait on a slow Azure nor may every tick cost a Resource Graph query (15 per 5 s per user).
// No vscode import, so the policy is unit-tested with a fake clock.

export interface Fetched<T> {
  /** Set unless the fetch failed. */
  value?: T;
  /** The failure, as a message for the user. */
  error?: string;
  /** When the fetch finished (clock milliseconds). */
  at: number;
}

export interface StaleWhileRefreshOptions<T> {
  fetch: (signal: AbortSignal) => Promise<T>;
  /** A value older than this is refetched on the next read. */
  maxAgeMs: number;
  /** A failure is retried on reads after this long (sooner than maxAgeMs would hammer a failing Azure). */
  errorRetryMs: number;
  /** Called when a background fetch finished (value or error), so views read again. */
  onDidFetch: () => void;
  /** Wraps each background fetch, e.g. to show progress on the views. */
  track?: (fetching: Promise<unknown>) => void;
  describeError: (err: unknown) => string;
  now?: () => number;
  /** Shown until the first fetch finishes (e.g. the inventory before a settings change), which starts on the first read. */
  initial?: Fetched<T>;
}

export interface CacheRead<T> {
  /** undefined until the first fetch finished. */
  current?: Fetched<T>;
  /** A fetch is running (the first, or a refresh of `current`). */
  fetching: boolean;
}

export class StaleWhileRefresh<T> {
  private current: Fetched<T> | undefined;
  private running: { promise: Promise<void>; abort: AbortController } | undefined;
  private forced = false;
  private disposed = false;

  constructor(private readonly options: StaleWhileRefreshOptions<T>) {
    if (options.initial) {
      this.current = options.initial;
      this.forced = true;
    }
  }

  /** The last fetched value or failure, without starting a fetch. */
  peek(): Fetched<T> | undefined {
    return this.current;
  }

  /** Never waits and never rejects: starts a fetch when there is nothing yet, the value is old, or a refresh was asked for. */
  read(): CacheRead<T> {
    const now = (this.options.now ?? Date.now)();
    const c = this.current;
    const limit = c?.error !== undefined ? this.options.errorRetryMs : this.options.maxAgeMs;
    if (!this.disposed && !this.running && (c === undefined || this.forced || now - c.at >= limit)) this.start();
    return { current: c, fetching: this.running !== undefined };
  }

  /** The next read fetches again, whatever the age (the user's Refresh). */
  invalidate(): void {
    this.forced = true;
  }

  /** Resolves when no fetch is running (tests, the bench); never rejects. */
  async settled(): Promise<void> {
    while (this.running) await this.running.promise;
  }

  /** Stops a running fetch; nothing is fetched or reported afterwards. */
  dispose(): void {
    this.disposed = true;
    this.running?.abort.abort();
    this.running = undefined;
  }

  private start(): void {
    this.forced = false;
    const abort = new AbortController();
    const now = this.options.now ?? Date.now;
    const promise = this.options
      .fetch(abort.signal)
      .then(
        (value): Fetched<T> => ({ value, at: now() }),
        (err: unknown): Fetched<T> => ({ error: this.options.describeError(err), at: now() }),
      )
      .then((result) => {
        if (this.running?.promise !== promise) return; // disposed meanwhile
        this.running = undefined;
        this.current = result;
        this.options.onDidFetch();
      });
    this.running = { promise, abort };
    this.options.track?.(promise);
  }
}
