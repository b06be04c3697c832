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

/** Length of `prefix` if it contains the address, else -1. */
export function matchLength(prefix: string, address: Address): number {
  if (address.family === 4) {
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
