// A value that changes at moments (a BGP peer up or down, routes learned, a byte counter sampled):
// the lab keeps only the changes and turns them into Azure's metric points at query time.
export class StepSeries {
  readonly times: number[] = [];
  readonly values: number[] = [];

  /** Records `value` from time `t` on (a second value at the same moment replaces the first). Counters keep equal samples (interpolation needs them). */
  set(t: number, value: number, dedupe = true): void {
    const n = this.times.length;
    if (n > 0 && this.times[n - 1] === t) {
      this.values[n - 1] = value;
      return;
    }
    if (dedupe && n > 0 && this.values[n - 1] === value) return;
    this.times.push(t);
    this.values.push(value);
  }

  /** The value in force at `t` (undefined before the first change). */
  at(t: number): number | undefined {
    let lo = 0;
    let hi = this.times.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? undefined : this.values[found];
  }

  /** Time-weighted average, maximum and minimum over [from, to), counting only time after the first change. */
  aggregate(from: number, to: number): { average: number; maximum: number; minimum: number } | undefined {
    let covered = 0;
    let sum = 0;
    let max = -Infinity;
    let min = Infinity;
    const first = this.at(from);
    let t = from;
    let v = first;
    for (let i = 0; i < this.times.length; i++) {
      const ti = this.times[i]!;
      if (ti <= from) continue;
      if (ti >= to) break;
      if (v !== undefined) {
        covered += ti - t;
        sum += v * (ti - t);
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
      t = ti;
      v = this.values[i]!;
    }
    if (v !== undefined && to > t) {
      covered += to - t;
      sum += v * (to - t);
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    if (covered <= 0) return undefined;
    return { average: sum / covered, maximum: max, minimum: min };
  }

  /** A cumulative counter sampled at changes, read between samples by linear interpolation. */
  counterAt(t: number): number {
    const n = this.times.length;
    if (n === 0 || t <= this.times[0]!) return n === 0 ? 0 : this.values[0]!;
    if (t >= this.times[n - 1]!) return this.values[n - 1]!;
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! <= t) lo = mid;
      else hi = mid;
    }
    const t0 = this.times[lo]!;
    const t1 = this.times[hi]!;
    const v0 = this.values[lo]!;
    const v1 = this.values[hi]!;
    return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
  }
}
