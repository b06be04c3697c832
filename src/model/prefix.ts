// IP prefixes (IPv4 and IPv6) in a numeric form the prefix trie and the route tables can use
// without re-parsing: IPv4 as one unsigned 32-bit number, IPv6 as four 32-bit words.
import ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;

export interface Prefix {
  family: IpFamily;
  /** Prefix length in bits. */
  length: number;
  /** Network address words, most significant first: one word for IPv4, four for IPv6. Host bits are zero. */
  words: readonly number[];
  /** Canonical text ("10.1.0.0/16", "2001:db8::/32"): the key used in every table. */
  text: string;
  /** Dense numeric id, assigned lazily by `prefixKey` (route tables index arrays by it). */
  key?: number;
}

/** Bad input, with a message that names the value and what is wrong with it. */
export class PrefixError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrefixError';
  }
}

/** Parses an address ("10.1.2.3", "2001:db8::1") into its words; throws PrefixError naming the value. */
export function parseAddress(text: string): { family: IpFamily; words: number[] } {
  const s = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) {
    return { family: 4, words: [v4Word(ipaddr.IPv4.parse(s).octets)] };
  }
  // ipaddr's IPv4.parse also takes "10", "0x0a.1" and other legacy forms; only dotted quads count here.
  if (s.includes(':') && ipaddr.IPv6.isValid(s)) {
    return { family: 6, words: v6Words(ipaddr.IPv6.parse(s).parts) };
  }
  throw new PrefixError(`"${text}" is not an IPv4 or IPv6 address`);
}

export interface ParsePrefixOptions {
  /** Clear host bits instead of refusing them ("10.1.2.3/16" -> "10.1.0.0/16"). Default false. */
  maskHostBits?: boolean;
}

/** Parses "a.b.c.d/len" or "v6::/len". Host bits set are an error unless `maskHostBits`. */
export function parsePrefix(text: string, options: ParsePrefixOptions = {}): Prefix {
  if (typeof text !== 'string') throw new PrefixError(`prefix must be a string like "10.1.0.0/16" (got ${typeof text})`);
  const slash = text.indexOf('/');
  if (slash < 0) throw new PrefixError(`"${text}" is not a prefix: expected address/length, like "10.1.0.0/16"`);
  const addressText = text.slice(0, slash);
  const lengthText = text.slice(slash + 1).trim();
  let address: { family: IpFamily; words: number[] };
  try {
    address = parseAddress(addressText);
  } catch {
    throw new PrefixError(`"${text}" is not a prefix: "${addressText}" is not an IPv4 or IPv6 address`);
  }
  const max = address.family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > max) {
    throw new PrefixError(`"${text}" is not a prefix: length "${lengthText}" must be 0-${max} for IPv${address.family}`);
  }
  const length = Number(lengthText);
  const masked = maskWords(address.words, length);
  const hostBitsSet = masked.some((w, i) => w !== address.words[i]);
  const prefix = makePrefix(address.family, masked, length);
  if (hostBitsSet && !options.maskHostBits) {
    throw new PrefixError(`"${text}" has host bits set beyond /${length}: did you mean "${prefix.text}"?`);
  }
  return prefix;
}

/** Parses without throwing; undefined for anything that is not a valid prefix. */
export function tryParsePrefix(text: string, options: ParsePrefixOptions = {}): Prefix | undefined {
  try {
    return parsePrefix(text, options);
  } catch {
    return undefined;
  }
}

/** Builds a prefix from words that already have their host bits clear. */
export function makePrefix(family: IpFamily, words: readonly number[], length: number): Prefix {
  // `key` is present from the start (assigned by prefixKey later): one object shape for every prefix keeps the hot paths monomorphic.
  return { family, length, words, text: `${formatAddress(family, words)}/${length}`, key: undefined };
}

export function formatAddress(family: IpFamily, words: readonly number[]): string {
  if (family === 4) {
    const w = words[0]!;
    return `${w >>> 24}.${(w >>> 16) & 255}.${(w >>> 8) & 255}.${w & 255}`;
  }
  const parts: number[] = [];
  for (const w of words) parts.push(w >>> 16, w & 0xffff);
  return new ipaddr.IPv6(parts).toRFC5952String();
}

/** True when `outer` contains `inner` (same family, shorter or equal length, same leading bits). */
export function prefixContains(outer: Prefix, inner: Prefix): boolean {
  if (outer.family !== inner.family || outer.length > inner.length) return false;
  return leadingBitsEqual(outer.words, inner.words, outer.length);
}

/** True when either prefix contains the other. */
export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  return prefixContains(a, b) || prefixContains(b, a);
}

/** True when the address (words of the same family) lies inside the prefix. */
export function prefixContainsAddress(prefix: Prefix, family: IpFamily, words: readonly number[]): boolean {
  if (prefix.family !== family) return false;
  return leadingBitsEqual(prefix.words, words, prefix.length);
}

/** Whether the first `length` bits of two word arrays agree (no allocation: route tables call it per route). */
function leadingBitsEqual(a: readonly number[], b: readonly number[], length: number): boolean {
  for (let i = 0; i * 32 < length; i++) {
    const bits = Math.min(32, length - i * 32);
    const mask = bits === 32 ? 0xffffffff : (~0 << (32 - bits)) >>> 0;
    if (((a[i]! ^ b[i]!) & mask) !== 0) return false;
  }
  return true;
}

export function maskWords(words: readonly number[], length: number): number[] {
  return words.map((w, i) => {
    const bitsInWord = Math.max(0, Math.min(32, length - i * 32));
    if (bitsInWord === 0) return 0;
    if (bitsInWord === 32) return w >>> 0;
    return (w & (~0 << (32 - bitsInWord))) >>> 0;
  });
}

const keyByText = new Map<string, number>();
/**
 * IPv4 prefixes are interned by their network address as a signed 32-bit number, one map per
 * length: cheaper to hash than text, and small integers are stored inline where a number past
 * 2^31 would be a heap object of its own (16 bytes more for each of a million prefixes).
 */
const keyByV4: Map<number, number>[] = Array.from({ length: 33 }, () => new Map<number, number>());
let nextKey = 0;

/**
 * A dense numeric id for the prefix, the same for every Prefix object with the same text.
 * BGP tables index plain arrays by it: on 100,000-route updates that is several times faster
 * than string-keyed maps. Ids are process-wide and never reused (one small entry per distinct prefix).
 */
export function prefixKey(prefix: Prefix): number {
  let k = prefix.key;
  if (k === undefined) {
    if (prefix.family === 4) {
      const byNetwork = keyByV4[prefix.length]!;
      const n = prefix.words[0]! | 0;
      k = byNetwork.get(n);
      if (k === undefined) byNetwork.set(n, (k = nextKey++));
    } else {
      k = keyByText.get(prefix.text);
      if (k === undefined) keyByText.set(prefix.text, (k = nextKey++));
    }
    prefix.key = k;
  }
  return k;
}

function v4Word(octets: number[]): number {
  return ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
}

function v6Words(parts: number[]): number[] {
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push(((parts[i]! << 16) | parts[i + 1]!) >>> 0);
  return words;
}
