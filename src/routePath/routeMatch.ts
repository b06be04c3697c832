// Address-in-prefix tests for route rows given as text ("10.1.0.0/16"), fast enough to scan a
// 100,000-row table per trace: IPv4 is parsed by hand into integers (no allocation), IPv6 falls
// back to the shared prefix module. Parsed rows are cached per table array.
import { parseAddress, parsePrefix, prefixContainsAddress, type IpFamily } from '../model/prefix';

export interface Address {
  family: IpFamily;
  words: number[];
  /** IPv4 as an unsigned integer (family 4 only). */
  v4: number;
}

export function toAddress(text: string): Address {
  const a = parseAddress(text);
  return { family: a.family, words: a.words, v4: a.family === 4 ? a.words[0]! : 0 };
}

/** Network and length of an IPv4 prefix text, or undefined (IPv6, malformed). Host bits are masked. */
function v4Prefix(text: string): { net: number; len: number } | undefined {
  const len = v4Parse(text);
  return len < 0 ? undefined : { net: parsedNet, len };
}

/** v4Parse's network (a module slot, so indexing 100,000 rows allocates nothing per row). */
let parsedNet = 0;

/** Length of an IPv4 prefix text (its masked network in parsedNet), or -1 (IPv6, malformed). */
function v4Parse(text: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return -1;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c === 47) break;
    else return -1;
  }
  if (dots !== 3 || digits === 0 || i >= text.length - 1) return -1;
  value = value * 256 + octet;
  let len = 0;
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    len = len * 10 + (c - 48);
  }
  if (len > 32) return -1;
  const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
  parsedNet = (value & mask) >>> 0;
  return len;
}

/**
 * Quick reject for IPv4 rows: a prefix whose first octet differs from the address's can only
 * match if it is shorter than /8, which the length after the slash tells without parsing the rest.
 */
function cannotMatchV4(prefix: string, firstOctet: number): boolean {
  let o = 0;
  let i = 0;
  for (; i < 4 && i < prefix.length; i++) {
    const c = prefix.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return false;
    o = o * 10 + (c - 48);
  }
  if (o === firstOctet) return false;
  const slash = prefix.lastIndexOf('/');
  if (slash < 0) return false;
  let len = 0;
  for (let j = slash + 1; j < prefix.length; j++) len = len * 10 + (prefix.charCodeAt(j) - 48);
  return len >= 8;
}

/** Length of `prefix` if it contains the address, else -1. */
export function matchLength(prefix: string, address: Address): number {
  if (address.family === 4) {
    if (cannotMatchV4(prefix, address.v4 >>> 24)) return -1;
    const p = v4Prefix(prefix);
    if (p) {
      const mask = p.len === 0 ? 0 : (~0 << (32 - p.len)) >>> 0;
      return ((address.v4 & mask) >>> 0) === p.net ? p.len : -1;
    }
    if (!prefix.includes(':')) return -1;
  }
  try {
    const p = parsePrefix(prefix, { maskHostBits: true });
    return prefixContainsAddress(p, address.family, address.words) ? p.length : -1;
  } catch {
    return -1;
  }
}

/** Whether some prefix in the list contains the address. */
export function anyContains(prefixes: readonly string[], address: Address): boolean {
  return prefixes.some((p) => matchLength(p, address) >= 0);
}

/** The row whose prefix (as given by `prefixesOf`) is the longest match for the address; ties keep the first. */
export function longestMatch<T>(rows: readonly T[], address: Address, prefixesOf: (row: T) => readonly string[] | string, accept: (row: T) => boolean = () => true): { row: T; length: number; prefix: string } | undefined {
  let best: { row: T; length: number; prefix: string } | undefined;
  for (const row of rows) {
    if (!accept(row)) continue;
    const ps = prefixesOf(row);
    for (const p of typeof ps === 'string' ? [ps] : ps) {
      const len = matchLength(p, address);
      if (len > (best?.length ?? -1)) best = { row, length: len, prefix: p };
    }
  }
  return best;
}

/**
 * A table's IPv4 prefixes, parsed once into typed arrays (entry k: row[k], net[k], len[k],
 * text[k]; len -1 for IPv6 or malformed), plus a hash index on (network, length): chains of
 * entries in table order. A longest-prefix lookup then probes at most the 33 lengths the table
 * holds, a few entries each, instead of testing every row: a 100,000-row table answers in
 * microseconds, and building the index is one pass (no sort, no string keys).
 */
interface ParsedTable {
  row: Int32Array;
  net: Uint32Array;
  len: Int8Array;
  text: string[];
  /** First entry (k + 1; 0: none) of each hash bucket's chain. */
  head: Int32Array;
  /** Next entry (k + 1; 0: end) in the same bucket, ascending k. */
  next: Int32Array;
  /** Prefix lengths present, longest first. */
  lengths: number[];
}

// Keyed by the table array: a snapshot's tables are not changed once built (the lab even shares
// frozen row arrays between snapshots), and each table kind has one way to read its prefixes.
const parsedTables = new WeakMap<readonly unknown[], ParsedTable>();

function bucketOf(net: number, len: number, mask: number): number {
  return (Math.imul(net ^ (len << 24), 0x9e3779b1) >>> 0) & mask;
}

function maskOf(len: number): number {
  return len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
}

function parsedTable<T>(rows: readonly T[], prefixesOf: (row: T) => readonly string[]): ParsedTable {
  let t = parsedTables.get(rows);
  if (t) return t;
  const lists: (readonly string[])[] = new Array<readonly string[]>(rows.length);
  let n = 0;
  for (let i = 0; i < rows.length; i++) n += (lists[i] = prefixesOf(rows[i]!)).length;
  let size = 16;
  while (size < n * 2) size *= 2;
  t = { row: new Int32Array(n), net: new Uint32Array(n), len: new Int8Array(n), text: new Array<string>(n), head: new Int32Array(size), next: new Int32Array(n), lengths: [] };
  let k = 0;
  for (let i = 0; i < rows.length; i++) {
    const list = lists[i]!;
    for (let j = 0; j < list.length; j++) {
      const text = list[j]!;
      const len = v4Parse(text);
      t.row[k] = i;
      t.net[k] = len < 0 ? 0 : parsedNet;
      t.len[k] = len;
      t.text[k] = text;
      k++;
    }
  }
  const seen = new Array<boolean>(33).fill(false);
  // Prepending from the last entry leaves every chain in ascending order: ties keep the first row.
  for (let e = n - 1; e >= 0; e--) {
    const len = t.len[e]!;
    if (len < 0) continue;
    seen[len] = true;
    const b = bucketOf(t.net[e]!, len, size - 1);
    t.next[e] = t.head[b]!;
    t.head[b] = e + 1;
  }
  for (let len = 32; len >= 0; len--) if (seen[len]) t.lengths.push(len);
  parsedTables.set(rows, t);
  return t;
}

/** Calls `visit` on each entry with exactly (net, len), in table order, until it returns true. */
function eachEntry(t: ParsedTable, net: number, len: number, visit: (k: number) => boolean): void {
  for (let e = t.head[bucketOf(net, len, t.head.length - 1)]!; e !== 0; e = t.next[e - 1]!) {
    const k = e - 1;
    if (t.len[k] === len && t.net[k] === net && visit(k)) return;
  }
}

/**
 * longestMatch for big tables that are traced many times (a NIC's effective routes, a gateway's
 * learned routes): the longest accepted prefix containing the address, through the table's index.
 */
export function longestMatchIndexed<T>(rows: readonly T[], address: Address, prefixesOf: (row: T) => readonly string[], accept: (row: T) => boolean): { row: T; length: number; prefix: string } | undefined {
  if (address.family !== 4) return longestMatch(rows, address, prefixesOf, accept);
  const t = parsedTable(rows, prefixesOf);
  for (const len of t.lengths) {
    let found = -1;
    eachEntry(t, (address.v4 & maskOf(len)) >>> 0, len, (k) => {
      if (!accept(rows[t.row[k]!]!)) return false;
      found = k;
      return true;
    });
    if (found >= 0) return { row: rows[t.row[found]!]!, length: len, prefix: t.text[found]! };
  }
  return undefined;
}

/** Every row with a prefix containing the address, in table order (advertised routes, circuit route tables). */
export function allContainingIndexed<T>(rows: readonly T[], address: Address, prefixesOf: (row: T) => readonly string[]): T[] {
  if (address.family !== 4) return rows.filter((r) => prefixesOf(r).some((p) => matchLength(p, address) >= 0));
  const t = parsedTable(rows, prefixesOf);
  const hits = new Set<number>();
  for (const len of t.lengths) {
    eachEntry(t, (address.v4 & maskOf(len)) >>> 0, len, (k) => {
      hits.add(t.row[k]!);
      return false;
    });
  }
  return [...hits].sort((a, b) => a - b).map((i) => rows[i]!);
}

/** The rows with exactly this prefix (as written), in table order ("the learned rows for this prefix"). */
export function rowsWithPrefixIndexed<T>(rows: readonly T[], prefix: string, prefixesOf: (row: T) => readonly string[]): T[] {
  const p = v4Prefix(prefix);
  if (!p) return rows.filter((r) => prefixesOf(r).includes(prefix));
  const t = parsedTable(rows, prefixesOf);
  const out: T[] = [];
  let last = -1;
  eachEntry(t, p.net, p.len, (k) => {
    const i = t.row[k]!;
    if (t.text[k] === prefix && i !== last) {
      out.push(rows[i]!);
      last = i;
    }
    return false;
  });
  return out;
}
