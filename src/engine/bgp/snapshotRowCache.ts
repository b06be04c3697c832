// Route rows (learned, advertised) kept between lab snapshots while the tables they come from are
// unchanged: a running lab is snapshotted several times a second (views, ARM endpoint,
// diagnostics), and 100,000 rows cost far more to build than the rest of the snapshot.

export class SnapshotRowCache {
  private readonly entries = new Map<string, { version: string; value: unknown }>();

  /**
   * The value stored under `key` when it was built for `version`; otherwise `build()`'s, stored.
   * Every snapshot that shares a value must see the same rows: callers freeze what they build.
   */
  get<T>(key: string, version: string, build: () => T): T {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.value as T;
    const value = build();
    this.entries.set(key, { version, value });
    return value;
  }
}
