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
