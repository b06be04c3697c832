// Prefix helpers for the rules, on top of the lab's shared prefix utilities (src/engine/routing).
// Dotted-quad IPv4 CIDRs (nearly every Azure route) take a hand-written fast path here: the
// shared parser validates through ipaddr.js and costs ~4x more, which alone would eat most of
// the 200 ms budget for 100,000 routes. Everything else (IPv6) goes through the shared parser.
import {
  makePrefix,
  maskWords,
  prefixContains,
  prefixesOverlap,
  tryParsePrefix,
  type Prefix,
} from '../model/prefix';

export type { Prefix };

const LEADING_ZERO = /(^|[./])0\d/;
const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses a CIDR ("10.1.2.0/24", IPv6 too), clearing host bits; undefined if it is not one. */
export function parsePrefix(text: string): Prefix | undefined {
  // Leading zeros ("010.1.0.0") are ambiguous; the shared parser decides those.
  const m = LEADING_ZERO.test(text) ? null : V4.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const c = Number(m[3]);
    const d = Number(m[4]);
    const len = Number(m[5]);
    if (a > 255 || b > 255 || c > 255 || d > 255 || len > 32) return undefined;
    const word = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    const masked = len === 0 ? 0 : (word & (~0 << (32 - len))) >>> 0;
    // Reuse the input as the canonical text unless host bits make it differ.
    return masked === word
      ? { family: 4, length: len, words: [word], text }
      : makePrefix(4, [masked], len);
  }
  return tryParsePrefix(text.trim(), { maskHostBits: true });
}

/** Canonical key of a CIDR string (equal for "10.1.0.0/16" and "10.1.2.3/16"), or undefined. */
export function cidrKey(text: string): string | undefined {
  return parsePrefix(text)?.text;
}

/** True when `outer` contains every address of `inner` (equal prefixes contain each other). */
export function containsPrefix(outer: Prefix, inner: Prefix): boolean {
  if (outer.family === 4 && inner.family === 4) {
    // Allocation-free IPv4 case; the shared helper masks through arrays.
    if (outer.length > inner.length) return false;
    const l = outer.length;
    return (l === 0 ? 0 : (inner.words[0]! & (~0 << (32 - l))) >>> 0) === outer.words[0];
  }
  return prefixContains(outer, inner);
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return a.family === 4 && b.family === 4 ? containsPrefix(a, b) || containsPrefix(b, a) : prefixesOverlap(a, b);
}

/** Canonical texts of every strictly shorter prefix containing `p` (its supernets), longest first. */
export function supernetKeys(p: Prefix): string[] {
  const keys: string[] = [];
  for (let len = p.length - 1; len >= 0; len--) keys.push(makePrefix(p.family, maskWords(p.words, len), len).text);
  return keys;
}

/** The canonical text as the rules' map key. */
export function prefixKey(p: Prefix): string {
  return p.text;
}

/**
 * A cheap identity for set and map lookups over many routes: for IPv4, a number
 * (masked address * 64 + length, exact below 2^53); otherwise the canonical text.
 * Equal for equal prefixes whatever their spelling of host bits.
 */
export type PrefixId = number | string;

/** The IPv4 id of an address word and a length (host bits cleared). */
export function v4Id(word: number, length: number): number {
  const masked = length === 0 ? 0 : (word & (~0 << (32 - length))) >>> 0;
  return masked * 64 + length;
}

// Hot-path parse shared by prefixId and PrefixMap: no allocation. Returns the length, or -1 when
// the text is not a plain dotted-quad CIDR (then the caller falls back to the shared parser);
// the masked address is left in `parsedWord` as a signed 32-bit integer, which V8 keeps unboxed.
let parsedWord = 0;
function parseV4Fast(text: string): number {
  let word = 0;
  let i = 0;
  const n = text.length;
  for (let octet = 0; octet < 4; octet++) {
    const start = i;
    let v = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || v > 255 || (digits > 1 && text.charCodeAt(start) === 48)) return -1;
    word = (word << 8) | v;
    if (octet < 3) {
      if (text.charCodeAt(i) !== 46) return -1;
      i++;
    }
  }
  if (text.charCodeAt(i) !== 47) return -1;
  i++;
  const lenStart = i;
  let len = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    len = len * 10 + (c - 48);
    i++;
  }
  if (i === lenStart || i - lenStart > 2 || len > 32) return -1;
  parsedWord = len === 0 ? 0 : word & (~0 << (32 - len));
  return len;
}

/** Parses dotted-quad IPv4 CIDRs by hand (no regex, no allocation); other forms via parsePrefix. */
export function prefixId(text: string): PrefixId | undefined {
  const len = parseV4Fast(text);
  return len >= 0 ? (parsedWord >>> 0) * 64 + len : slowId(text);
}

function slowId(text: string): PrefixId | undefined {
  const p = parsePrefix(text);
  return p ? idOf(p) : undefined;
}

export function idOf(p: Prefix): PrefixId {
  return p.family === 4 ? v4Id(p.words[0]!, p.length) : p.text;
}

/** Overlap test on an id from prefixId (numeric IPv4 ids need no parsing). */
export function idOverlaps(id: PrefixId, text: string, p: Prefix): boolean {
  if (typeof id === 'number') {
    if (p.family !== 4) return false;
    const len = id % 64;
    const word = (id - len) / 64;
    const l = Math.min(len, p.length);
    return v4Id(word, l) === v4Id(p.words[0]!, l);
  }
  const q = parsePrefix(text);
  return q !== undefined && overlaps(q, p);
}

/**
 * A map keyed by prefix (equal for equal prefixes whatever the host bits), built for 100,000s
 * of routes: IPv4 keys are (length, int32 address) pairs in nested maps, so neither strings nor
 * boxed numbers are created per lookup. Other prefixes are keyed by canonical text.
 */
export class PrefixMap<T> {
  private readonly v4 = new Map<number, Map<number, T>>();
  private readonly other = new Map<string, T>();
  /** IPv4 lengths present, longest first, for covering lookups. */
  private lengths: number[] | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Sets the value unless the prefix is present already (first wins); false for invalid text. */
  setIfAbsent(text: string, value: T): boolean {
    const len = parseV4Fast(text);
    if (len >= 0) {
      let byWord = this.v4.get(len);
      if (!byWord) {
        this.v4.set(len, (byWord = new Map()));
        this.lengths = undefined;
      }
      if (!byWord.has(parsedWord)) {
        byWord.set(parsedWord, value);
        this.count++;
      }
      return true;
    }
    const key = cidrKey(text);
    if (key === undefined) return false;
    if (!this.other.has(key)) {
      this.other.set(key, value);
      this.count++;
    }
    return true;
  }

  get(text: string): T | undefined {
    const len = parseV4Fast(text);
    if (len >= 0) return this.v4.get(len)?.get(parsedWord);
    const key = cidrKey(text);
    return key === undefined ? undefined : this.other.get(key);
  }

  has(text: string): boolean {
    return this.get(text) !== undefined;
  }

  /** The value of the longest strictly shorter prefix containing `text`, if any. */
  covering(text: string): T | undefined {
    const len = parseV4Fast(text);
    if (len >= 0) {
      const word = parsedWord;
      this.lengths ??= [...this.v4.keys()].sort((a, b) => b - a);
      for (const l of this.lengths) {
        if (l >= len) continue;
        const hit = this.v4.get(l)!.get(l === 0 ? 0 : word & (~0 << (32 - l)));
        if (hit !== undefined) return hit;
      }
      return undefined;
    }
    const p = parsePrefix(text);
    if (!p) return undefined;
    for (const k of supernetKeys(p)) {
      const hit = this.other.get(k);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
}
