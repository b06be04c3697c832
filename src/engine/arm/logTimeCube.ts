// Pre-aggregated log rows for the lab's Log Analytics endpoint: per time grain (a minute, an
// hour), one row per distinct set of low-cardinality columns (gateway, category, operation,
// instance, ...) with the number of rows it stands for. `summarize count() by bin(...)` over a
// month then reads a few thousand cube rows instead of scanning every record, as Log Analytics'
// own column store would; only the partial grains at the range's edges are read row by row.
// Rows arrive in time order and only the newest few change (the lab folds route updates into
// them), so a cube grows forward over settled rows and is never rebuilt.
import type { Cell } from './logAnalyticsQuery';

export class LogTimeCube {
  /** Cube rows in the table's layout (dimension cells set, others ''), then the weight; sorted by time. */
  readonly entries: Cell[][] = [];
  /** Every table row older than this is in the cube; none newer. */
  private endMs = -Infinity;
  /** Index of the first table row not in the cube. */
  private next = 0;

  constructor(
    readonly grainMs: number,
    /** Column indexes the cube keeps (the others read as '' in its rows). */
    private readonly dims: readonly number[],
    private readonly width: number,
  ) {}

  get coveredUntilMs(): number {
    return this.endMs;
  }

  /**
   * Takes in the rows (sorted by their first cell, epoch ms) older than the grain that holds
   * `settledMs`: rows from there on may still change.
   */
  advance(rows: readonly Cell[][], settledMs: number): void {
    const end = Math.floor(settledMs / this.grainMs) * this.grainMs;
    if (end <= this.endMs) return;
    let bucket = Number.NaN;
    let groups = new Map<string, Cell[]>();
    const flush = (): void => {
      for (const g of groups.values()) this.entries.push(g);
      groups = new Map();
    };
    let i = this.next;
    for (; i < rows.length; i++) {
      const r = rows[i]!;
      const t = r[0] as number;
      if (t >= end) break;
      const b = Math.floor(t / this.grainMs) * this.grainMs;
      if (b !== bucket) {
        flush();
        bucket = b;
      }
      let key = '';
      for (const d of this.dims) key += `${r[d]!}\u0000`;
      const g = groups.get(key);
      if (g) (g[this.width] as number)++;
      else {
        const row: Cell[] = new Array<Cell>(this.width + 1).fill('');
        row[0] = b;
        for (const d of this.dims) row[d] = r[d]!;
        row[this.width] = 1;
        groups.set(key, row);
      }
    }
    flush();
    this.next = i;
    this.endMs = end;
  }
}
