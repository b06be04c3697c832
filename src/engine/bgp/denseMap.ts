// A map from small dense integer keys (prefix keys) to values. Prefix keys are process-wide, so a
// table holding two prefixes may see keys near 1,000,000 (a circuit's prefix created after a
// site's generated block): such a table stays a Map, and switches to a plain array indexed by
// key once it is dense enough for the array to be the smaller of the two (an array slot is 8
// bytes, a Map entry several times that). Iteration is in key order in both forms.

/** Entries per key slot above which the array form is smaller than a Map. */
const DENSITY = 1 / 4;
const MIN_DENSE_ENTRIES = 16;

export class DenseMap<V> {
  /** The array form, indexed by key; undefined while the map is sparse. */
  private vals: (V | undefined)[] | undefined;
  private sparse: Map<number, V> | undefined = new Map();
  /** Largest key set while sparse (the array form would need this many slots). */
  private maxKey = -1;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: number): V | undefined {
    const vals = this.vals;
    return vals ? vals[key] : this.sparse!.get(key);
  }

  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  set(key: number, value: V): void {
    const vals = this.vals;
    if (!vals) {
      const sparse = this.sparse!;
      sparse.set(key, value);
      this.count = sparse.size;
      if (key > this.maxKey) this.maxKey = key;
      if (this.count >= MIN_DENSE_ENTRIES && this.count >= (this.maxKey + 1) * DENSITY) this.toDense();
      return;
    }
    if (key >= vals.length) {
      // Grow by doubling and fill with undefined in one native call: the array keeps fast
      // elements (assigning far past the end would turn it into a dictionary).
      const old = vals.length;
      const target = Math.max(key + 1, old * 2, 16);
      vals.length = target;
      vals.fill(undefined, old, target);
    }
    if (vals[key] === undefined) this.count++;
    vals[key] = value;
  }

  delete(key: number): boolean {
    const vals = this.vals;
    if (!vals) {
      const deleted = this.sparse!.delete(key);
      this.count = this.sparse!.size;
      return deleted;
    }
    if (vals[key] === undefined) return false;
    vals[key] = undefined;
    this.count--;
    return true;
  }

  clear(): void {
    this.vals = undefined;
    this.sparse = new Map();
    this.maxKey = -1;
    this.count = 0;
  }

  *values(): IterableIterator<V> {
    const vals = this.vals;
    if (!vals) {
      for (const k of this.sortedSparseKeys()) yield this.sparse!.get(k)!;
      return;
    }
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i];
      if (v !== undefined) yield v;
    }
  }

  *keys(): IterableIterator<number> {
    const vals = this.vals;
    if (!vals) {
      yield* this.sortedSparseKeys();
      return;
    }
    for (let i = 0; i < vals.length; i++) if (vals[i] !== undefined) yield i;
  }

  private sortedSparseKeys(): number[] {
    return [...this.sparse!.keys()].sort((a, b) => a - b);
  }

  private toDense(): void {
    const sparse = this.sparse!;
    const vals: (V | undefined)[] = [];
    vals.length = Math.max(16, this.maxKey + 1);
    vals.fill(undefined);
    for (const [k, v] of sparse) vals[k] = v;
    this.vals = vals;
    this.sparse = undefined;
  }
}
