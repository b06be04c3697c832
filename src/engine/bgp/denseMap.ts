// A map from small dense integer keys (prefix keys) to values that are few and shared (BGP
// attribute objects: a million routes from one site carry one). Prefix keys are process-wide, so
// a table holding two prefixes may see keys near 1,000,000 (a circuit's prefix created after a
// site's generated block): such a table stays a Map, and switches to a typed array of value ids
// indexed by key once it is dense enough for the array to be the smaller of the two. The array
// form costs 4 bytes a slot and holds no pointers, so the garbage collector never walks it; the
// distinct values sit in a small palette. Iteration is in key order in both forms.

/** Entries per key slot above which the array form is smaller than a Map. */
const DENSITY = 1 / 8;
const MIN_DENSE_ENTRIES = 16;

export class DenseMap<V> {
  /** The array form, indexed by key: 0 when absent, else 1 + the value's index in `palette`. */
  private ids: Int32Array | undefined;
  private palette: V[] = [];
  private paletteIndex = new Map<V, number>();
  private sparse: Map<number, V> | undefined = new Map();
  /** Largest key set while sparse (the array form would need this many slots). */
  private maxKey = -1;
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: number): V | undefined {
    const ids = this.ids;
    if (ids === undefined) return this.sparse!.get(key);
    const id = key < ids.length ? ids[key]! : 0;
    return id === 0 ? undefined : this.palette[id - 1];
  }

  has(key: number): boolean {
    return this.get(key) !== undefined;
  }

  set(key: number, value: V): void {
    const ids = this.ids;
    if (ids === undefined) {
      const sparse = this.sparse!;
      sparse.set(key, value);
      this.count = sparse.size;
      if (key > this.maxKey) this.maxKey = key;
      if (this.count >= MIN_DENSE_ENTRIES && this.count >= (this.maxKey + 1) * DENSITY) this.toDense();
      return;
    }
    const id = this.idOf(value);
    let arr = ids;
    if (key >= arr.length) arr = this.grow(key);
    if (arr[key] === 0) this.count++;
    arr[key] = id;
  }

  delete(key: number): boolean {
    const ids = this.ids;
    if (ids === undefined) {
      const deleted = this.sparse!.delete(key);
      this.count = this.sparse!.size;
      return deleted;
    }
    if (key >= ids.length || ids[key] === 0) return false;
    ids[key] = 0;
    this.count--;
    return true;
  }

  clear(): void {
    this.ids = undefined;
    this.palette = [];
    this.paletteIndex = new Map();
    this.sparse = new Map();
    this.maxKey = -1;
    this.count = 0;
  }

  /** Calls `visit` for every entry in key order (no allocation per entry). */
  forEach(visit: (key: number, value: V) => void): void {
    const ids = this.ids;
    if (ids === undefined) {
      for (const k of this.sortedSparseKeys()) visit(k, this.sparse!.get(k)!);
      return;
    }
    const palette = this.palette;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id !== 0) visit(i, palette[id - 1]!);
    }
  }

  *entries(): IterableIterator<[number, V]> {
    const ids = this.ids;
    if (ids === undefined) {
      for (const k of this.sortedSparseKeys()) yield [k, this.sparse!.get(k)!];
      return;
    }
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id !== 0) yield [i, this.palette[id - 1]!];
    }
  }

  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  *keys(): IterableIterator<number> {
    const ids = this.ids;
    if (ids === undefined) {
      yield* this.sortedSparseKeys();
      return;
    }
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) yield i;
  }

  /** The keys in order, as one array. */
  keyArray(): number[] {
    const ids = this.ids;
    if (ids === undefined) return this.sortedSparseKeys();
    const out: number[] = [];
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) out.push(i);
    return out;
  }

  private idOf(value: V): number {
    let id = this.paletteIndex.get(value);
    if (id === undefined) {
      // Values whose last entry was deleted stay in the palette; rebuild it when they dominate.
      if (this.palette.length >= 4096 && this.palette.length > 2 * this.count) this.compact();
      this.palette.push(value);
      id = this.palette.length;
      this.paletteIndex.set(value, id);
    }
    return id;
  }

  private compact(): void {
    const ids = this.ids!;
    const old = this.palette;
    this.palette = [];
    this.paletteIndex = new Map();
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) ids[i] = this.idOf(old[ids[i]! - 1]!);
  }

  private grow(key: number): Int32Array {
    const old = this.ids!;
    const next = new Int32Array(Math.max(key + 1, old.length * 2, 16));
    next.set(old);
    this.ids = next;
    return next;
  }

  private sortedSparseKeys(): number[] {
    return [...this.sparse!.keys()].sort((a, b) => a - b);
  }

  private toDense(): void {
    const sparse = this.sparse!;
    const ids = new Int32Array(Math.max(16, this.maxKey + 1));
    this.ids = ids;
    for (const [k, v] of sparse) ids[k] = this.idOf(v);
    this.sparse = undefined;
  }
}
