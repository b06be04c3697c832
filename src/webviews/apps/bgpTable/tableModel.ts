// The BGP table's data logic without the DOM: search text, sort keys, filtering, sorting and
// "which route serves this IP". Kept DOM-free so it runs (and is tested) in plain Node.
// Work that is the same for every filter keystroke (lower-cased search text, sort keys, the
// prefix trie) is computed once per loaded table and cached.
import { cellValue, type ColumnDef, type TableRow } from '../../protocol/bgpTableColumns';
import { parseAddress, tryParsePrefix } from '../../../model/prefix';
import { PrefixTrie } from '../../../model/prefixTrie';

export interface SortSpec {
  key: string;
  descending: boolean;
}

export type LookupResult =
  | { ok: true; matchedPrefix: string; rows: number[] }
  | { ok: true; matchedPrefix: null; rows: [] }
  | { ok: false; error: string };

export class TableModel {
  private searchText: string[] | undefined;
  private readonly sortKeys = new Map<string, (string | number)[]>();
  private readonly sortedOrders = new Map<string, number[]>();
  private trie: PrefixTrie<number[]> | undefined;

  constructor(
    readonly columns: readonly ColumnDef[],
    readonly rows: readonly TableRow[],
    /** Column the IP lookup matches against; undefined when the tab has none (peers). */
    readonly prefixKey?: string,
  ) {}

  get size(): number {
    return this.rows.length;
  }

  /**
   * Row indices to show: rows whose any cell contains `filter` (case-insensitive), in sort
   * order (stable: equal keys keep the host's order).
   */
  view(filter: string, sort: SortSpec | null): number[] {
    const base = sort && this.columns.some((c) => c.key === sort.key) ? this.sorted(sort) : undefined;
    const needle = filter.trim().toLowerCase();
    if (needle === '') return base ? base.slice() : identity(this.rows.length);
    const text = this.search();
    const out: number[] = [];
    if (base) {
      for (const i of base) if (text[i]!.includes(needle)) out.push(i);
    } else {
      for (let i = 0; i < text.length; i++) if (text[i]!.includes(needle)) out.push(i);
    }
    return out;
  }

  /** Longest-prefix match of an IPv4 or IPv6 address over the prefix column; all rows holding the winning prefix. */
  lookup(addressText: string): LookupResult {
    if (this.prefixKey === undefined) return { ok: false, error: 'this tab has no prefixes to match' };
    let address: ReturnType<typeof parseAddress>;
    try {
      address = parseAddress(addressText);
    } catch {
      return { ok: false, error: `"${addressText.trim()}" is not an IPv4 or IPv6 address` };
    }
    const trie = this.prefixTrie();
    const w = address.words;
    const rows = address.family === 4 ? trie.lookupV4(w[0]!) : trie.lookupV6(w[0]!, w[1]!, w[2]!, w[3]!);
    if (!rows) return { ok: true, matchedPrefix: null, rows: [] };
    const first = this.rows[rows[0]!]!;
    const matched = tryParsePrefix(String(cellValue(first, this.prefixKey)), { maskHostBits: true });
    return { ok: true, matchedPrefix: matched?.text ?? String(cellValue(first, this.prefixKey)), rows: rows.slice() };
  }

  private search(): string[] {
    this.warmSearch(Infinity);
    return this.searchText!;
  }

  /**
   * Builds up to `budget` rows of the lower-cased search text; true when all are done. The
   * panel calls this in small slices after the first paint, so the first filter keystroke on
   * 100,000 rows does not pay for it.
   */
  warmSearch(budget: number): boolean {
    const text = (this.searchText ??= []);
    const keys = this.columns.map((c) => c.key);
    const end = Math.min(this.rows.length, text.length + budget);
    for (let i = text.length; i < end; i++) {
      const row = this.rows[i]!;
      let line = '';
      for (const k of keys) line += `${cellValue(row, k)}\u0001`;
      text.push(line.toLowerCase());
    }
    return text.length === this.rows.length;
  }

  private sorted(sort: SortSpec): number[] {
    const id = `${sort.key}\u0000${sort.descending ? 'd' : 'a'}`;
    let order = this.sortedOrders.get(id);
    if (!order) {
      const keys = this.keysFor(sort.key);
      const sign = sort.descending ? -1 : 1;
      order = identity(this.rows.length).sort((a, b) => {
        const ka = keys[a]!;
        const kb = keys[b]!;
        // Ties fall back to the original index in both directions, so the sort is stable.
        return ka < kb ? -sign : ka > kb ? sign : a - b;
      });
      this.sortedOrders.set(id, order);
    }
    return order;
  }

  private keysFor(key: string): (string | number)[] {
    let keys = this.sortKeys.get(key);
    if (!keys) {
      const kind = this.columns.find((c) => c.key === key)?.kind ?? 'text';
      keys = this.rows.map((row) => sortKey(cellValue(row, key), kind));
      this.sortKeys.set(key, keys);
    }
    return keys;
  }

  private prefixTrie(): PrefixTrie<number[]> {
    if (!this.trie) {
      const trie = new PrefixTrie<number[]>(this.rows.length * 4 + 16);
      this.rows.forEach((row, i) => {
        const prefix = tryParsePrefix(String(cellValue(row, this.prefixKey!)), { maskHostBits: true });
        if (!prefix) return;
        const existing = trie.get(prefix);
        if (existing) existing.push(i);
        else trie.set(prefix, [i]);
      });
      this.trie = trie;
    }
    return this.trie;
  }
}

/**
 * A key that orders by kind: numbers as numbers, addresses and prefixes by IP value (IPv4
 * before IPv6, then address, then length), text case-insensitively. Unparseable values sort
 * last as text so a malformed row never breaks the sort.
 */
export function sortKey(value: string | number, kind: ColumnDef['kind']): string | number {
  if (kind === 'number') return typeof value === 'number' ? value : Number(value) || 0;
  const text = String(value);
  if (kind === 'prefix' || kind === 'address') {
    const v4 = V4.exec(text);
    if (v4) {
      // Fast path for the common case (dotted quad, optional length): no parser, same key format.
      const o = [v4[1], v4[2], v4[3], v4[4]].map(Number);
      const len = v4[5] === undefined ? 32 : Number(v4[5]);
      if (o.every((x) => x <= 255) && len <= 32) {
        const word = ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
        const masked = len === 0 ? 0 : (word & (~0 << (32 - len))) >>> 0;
        return `4${(kind === 'prefix' ? masked : word).toString(16).padStart(8, '0')}/${String(len).padStart(3, '0')}`;
      }
    }
    const prefix = kind === 'prefix' ? tryParsePrefix(text, { maskHostBits: true }) : addressAsPrefix(text);
    if (prefix) {
      const words = prefix.words.map((w) => w.toString(16).padStart(8, '0')).join('');
      return `${prefix.family}${words}/${String(prefix.length).padStart(3, '0')}`;
    }
    return `9${text.toLowerCase()}`;
  }
  return text.toLowerCase();
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

function addressAsPrefix(text: string): { family: number; words: readonly number[]; length: number } | undefined {
  try {
    const a = parseAddress(text);
    return { family: a.family, words: a.words, length: a.family === 4 ? 32 : 128 };
  } catch {
    return undefined;
  }
}

function identity(n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
