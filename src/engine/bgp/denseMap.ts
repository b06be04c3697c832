// A map from small dense integer keys (prefix keys) to values, backed by a plain array.

export class DenseMap<V> {
  private vals: (V | undefined)[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(key: number): V | undefined {
    return this.vals[key];
  }

  has(key: number): boolean {
    return this.vals[key] !== undefined;
  }

  set(key: number, value: V): void {
    const vals = this.vals;
    if (key >= vals.length) {
      // Grow with explicit undefineds so the array stays packed (holes would switch it to dictionary mode).
      const target = Math.max(key + 1, vals.length * 2, 16);
      for (let i = vals.length; i < target; i++) vals.push(undefined);
    }
    if (vals[key] === undefined) this.count++;
    vals[key] = value;
  }

  delete(key: number): boolean {
    if (this.vals[key] === undefined) return false;
    this.vals[key] = undefined;
    this.count--;
    return true;
  }

  clear(): void {
    this.vals = [];
    this.count = 0;
  }

  *values(): IterableIterator<V> {
    const vals = this.vals;
    for (let i = 0; i < vals.length; i++) {
      const v = vals[i];
      if (v !== undefined) yield v;
    }
  }

  *keys(): IterableIterator<number> {
    const vals = this.vals;
    for (let i = 0; i < vals.length; i++) if (vals[i] !== undefined) yield i;
  }
}
