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
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return undefined;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c === 47) break;
    else return undefined;
  }
  if (dots !== 3 || digits === 0 || i >= text.length - 1) return undefined;
  value = value * 256 + octet;
  let len = 0;
  for (i++; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    len = len * 10 + (c - 48);
  }
  if (len > 32) return undefined;
  const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
  return { net: (value & mask) >>> 0, len };
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

/** IPv4 prefixes of a table, parsed once: rows[i] has prefix (net[i], len[i]); len -1 for IPv6/malformed. */
interface ParsedTable {
  row: Int32Array;
  net: Uint32Array;
  len: Int8Array;
  text: string[];
}

const parsedTables = new WeakMap<readonly unknown[], ParsedTable>();

function parsedTable<T>(rows: readonly T[], prefixesOf: (row: T) => readonly string[]): ParsedTable {
  let t = parsedTables.get(rows);
  if (t) return t;
  let n = 0;
  for (const r of rows) n += prefixesOf(r).length;
  t = { row: new Int32Array(n), net: new Uint32Array(n), len: new Int8Array(n), text: new Array<string>(n) };
  let k = 0;
  rows.forEach((r, i) => {
    for (const text of prefixesOf(r)) {
      const p = v4Prefix(text);
      t!.row[k] = i;
      t!.net[k] = p ? p.net : 0;
      t!.len[k] = p ? p.len : -1;
      t!.text[k] = text;
      k++;
    }
  });
  parsedTables.set(rows, t);
  return t;
}

/**
 * longestMatch for big tables that are traced many times (a NIC's effective routes): the
 * prefixes are parsed once per table array into typed arrays, then each lookup is a tight scan.
 */
export function longestMatchIndexed<T>(rows: readonly T[], address: Address, prefixesOf: (row: T) => readonly string[], accept: (row: T) => boolean): { row: T; length: number; prefix: string } | undefined {
  if (address.family !== 4) return longestMatch(rows, address, prefixesOf, accept);
  const t = parsedTable(rows, prefixesOf);
  let best = -1;
  let bestLen = -1;
  const a = address.v4;
  for (let k = 0; k < t.len.length; k++) {
    const len = t.len[k]!;
    if (len <= bestLen) continue;
    const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
    if (((a & mask) >>> 0) !== t.net[k] || !accept(rows[t.row[k]!]!)) continue;
    best = k;
    bestLen = len;
  }
  return best < 0 ? undefined : { row: rows[t.row[best]!]!, length: bestLen, prefix: t.text[best]! };
}
