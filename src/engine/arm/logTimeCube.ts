// Pre-aggregated log rows for the lab's Log Analytics endpoint: per time grain (an hour), one
// row per distinct set of low-cardinality columns (gateway, category, operation, instance, ...) with the number of rows it stands for. `summarize count() by bin(...)` over a
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
   * `settledMs`: rows from there on may still change. `weighted`: the rows are a finer cube's
   * (their last cell says how many rows each stands for), so a coarse cube can be built from a
   * finer one rather than from every row.
   */
  advance(rows: readonly Cell[][], settledMs: number, weighted = false): void {
    const end = Math.floor(settledMs / this.grainMs) * this.grainMs;
    if (end <= this.endMs) return;
    const dims = this.dims;
    const last = dims.length - 1;
    const width = this.width;
    let bucket = Number.NaN;
    // Groups of the current grain as a trie of Maps keyed by the cells themselves: no key strings
    // are built per row (a million rows take a million lookups per level, each on a cached hash).
    let groups = new Map<Cell, unknown>();
    let i = this.next;
    for (; i < rows.length; i++) {
      const r = rows[i]!;
      const t = r[0] as number;
      if (t >= end) break;
      const b = Math.floor(t / this.grainMs) * this.grainMs;
      if (b !== bucket) {
        bucket = b;
        groups = new Map();
      }
      let node = groups;
      for (let d = 0; d < last; d++) {
        const v = r[dims[d]!]!;
        let child = node.get(v) as Map<Cell, unknown> | undefined;
        if (!child) {
          child = new Map();
          node.set(v, child);
        }
        node = child;
      }
      const n = weighted ? (r[width] as number) : 1;
      const leafKey = last >= 0 ? r[dims[last]!]! : '';
      const entry = node.get(leafKey) as Cell[] | undefined;
      if (entry) (entry[width] as number) += n;
      else {
        const row: Cell[] = new Array<Cell>(width + 1).fill('');
        row[0] = b;
        for (const d of dims) row[d] = r[d]!;
        row[width] = n;
        node.set(leafKey, row);
        // Entries go out in the order their grain starts: rows are sorted, so a grain's entries are contiguous.
        this.entries.push(row);
      }
    }
    this.next = i;
    this.endMs = end;
  }
}
