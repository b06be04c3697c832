// Route rows (learned, advertised) kept between lab snapshots while the tables they come from are
// unchanged: a running lab is snapshotted several times a second (views, ARM endpoint,
// diagnostics), and 100,000 rows cost far more to build than the rest of the snapshot.
// Rows are also built only when read: the trees need gateways, peers and counts, never the rows,
// so a snapshot holds a lazy property that builds them on first read. To keep every snapshot
// exact, rows not read yet are built by flush() just before a table they come from changes.

/** One version of one row set, built at most once. */
interface Cell {
  built: boolean;
  value: unknown;
  build: () => unknown;
}

export class SnapshotRowCache {
  private readonly entries = new Map<string, { version: string; cell: Cell }>();
  /** Cells handed out and not built yet (at most one per key). */
  private pending: Cell[] = [];

  /**
   * The value stored under `key` when it was built for `version`; otherwise `build()`'s, stored.
   * Every snapshot that shares a value must see the same rows: callers freeze what they build.
   */
  get<T>(key: string, version: string, build: () => T): T {
    return this.lazy(key, version, build)();
  }

  /**
   * A reader of the value for `key` at `version`, built on its first call (or by flush()).
   * Readers of the same key and version share one value.
   */
  lazy<T>(key: string, version: string, build: () => T): () => T {
    let hit = this.entries.get(key);
    if (!hit || hit.version !== version) {
      hit = { version, cell: { built: false, value: undefined, build } };
      this.entries.set(key, hit);
      this.pending.push(hit.cell);
    }
    const cell = hit.cell;
    return () => {
      if (!cell.built) {
        cell.value = cell.build();
        cell.built = true;
      }
      return cell.value as T;
    };
  }

  /** Builds every value handed out and not read yet: call before a table they come from changes. */
  flush(): void {
    if (this.pending.length === 0) return;
    const cells = this.pending;
    this.pending = [];
    for (const cell of cells) {
      if (cell.built) continue;
      cell.value = cell.build();
      cell.built = true;
    }
  }
}

/**
 * Defines `key` on `target` as a value read from `read` on first access: enumerable, so JSON,
 * spreads and deep equality see a plain property; assigning replaces it with a plain value.
 */
export function defineLazy<T extends object, K extends keyof T>(target: T, key: K, read: () => T[K]): void {
  const plain = (value: T[K]): void => {
    Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  };
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      const value = read();
      plain(value);
      return value;
    },
    set: plain,
  });
}
