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
} from '../engine/routing/prefix';

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
  return prefixContains(outer, inner);
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return prefixesOverlap(a, b);
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
