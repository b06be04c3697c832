// IP prefixes (IPv4 and IPv6) in a numeric form the prefix trie and the route tables can use
// without re-parsing: IPv4 as one unsigned 32-bit number, IPv6 as four 32-bit words. The one
// prefix module: the engine's route tables, scenario validation (messages shown verbatim) and the
// diagnostics rules (fast paths for 100,000s of routes: PrefixId, PrefixMap) all use it.
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

const LEADING_ZERO = /(^|[./])0\d/;
const V4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses without throwing; undefined for anything that is not a valid prefix. Dotted-quad IPv4
 * CIDRs (nearly every Azure route) take a hand-written path: validating through ipaddr.js costs
 * ~4x more, which alone would eat most of the diagnostics' 200 ms budget for 100,000 routes.
 */
export function tryParsePrefix(text: string, options: ParsePrefixOptions = {}): Prefix | undefined {
  // Leading zeros ("010.1.0.0") are ambiguous; the full parser decides those.
  const m = LEADING_ZERO.test(text) ? null : V4_CIDR.exec(text);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const c = Number(m[3]);
    const d = Number(m[4]);
    const len = Number(m[5]);
    if (a > 255 || b > 255 || c > 255 || d > 255 || len > 32) return undefined;
    const word = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    const masked = len === 0 ? 0 : (word & (~0 << (32 - len))) >>> 0;
    if (masked === word) return { family: 4, length: len, words: [word], text };
    return options.maskHostBits ? makePrefix(4, [masked], len) : undefined;
  }
  try {
    return parsePrefix(text.trim(), options);
  } catch {
    return undefined;
  }
}

/** Parses a strict dotted-quad IPv4 address into its word; undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? v4Word(ipaddr.IPv4.parse(text).octets) : undefined;
}

/** Parses a strict IPv4 CIDR "a.b.c.d/n" for scenario validation: the message (shown verbatim) says what is wrong. */
export function parseIpv4Prefix(text: string): { ok: true; prefix: Prefix } | { ok: false; message: string } {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
  const addr = m ? parseIpv4(m[1]!) : undefined;
  const length = m ? Number(m[2]) : NaN;
  if (!m || addr === undefined || length > 32) {
    return { ok: false, message: `"${text}" is not a valid IPv4 prefix (expected CIDR like 10.0.0.0/16)` };
  }
  const prefix = makePrefix(4, maskWords([addr], length), length);
  if (prefix.words[0] !== addr) return { ok: false, message: `"${text}" has host bits set (did you mean ${prefix.text}?)` };
  return { ok: true, prefix };
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
 * IPv4 prefixes are interned by (network word, length) in an open-addressing hash table of key
 * numbers (linear probing; each probe compares against the key's registered word and length):
 * 4 bytes a slot at most half full, where a Map of a million entries costs ~40 bytes each and
 * most of a million-prefix lab's start-up time in rehashing.
 */
let v4Slots = new Int32Array(1 << 12); // key + 1, or 0 when empty
let v4Count = 0;

function v4Hash(word: number, length: number): number {
  let h = Math.imul(word ^ (length << 27), 0x9e3779b1);
  h ^= h >>> 15;
  return h;
}

function growV4Slots(): void {
  const old = v4Slots;
  v4Slots = new Int32Array(old.length * 2);
  const mask = v4Slots.length - 1;
  for (let i = 0; i < old.length; i++) {
    const e = old[i]!;
    if (e === 0) continue;
    let j = v4Hash(wordOfKey[e - 1]!, lengthOfKey[e - 1]!) & mask;
    while (v4Slots[j] !== 0) j = (j + 1) & mask;
    v4Slots[j] = e;
  }
}
let nextKey = 0;

/**
 * What each key stands for, so tables can hold keys alone and make the Prefix when one is asked
 * for: IPv4 as (network word, length) in typed arrays (5 bytes a key, kept for the process's life
 * like the key itself, never a million Prefix objects), IPv6 as its Prefix (length byte V6).
 */
const V6 = 255;
let wordOfKey = new Int32Array(1024);
let lengthOfKey = new Uint8Array(1024);
const v6OfKey = new Map<number, Prefix>();

function register(word: number, length: number): number {
  const k = nextKey++;
  if (k >= wordOfKey.length) {
    const words = new Int32Array(wordOfKey.length * 2);
    words.set(wordOfKey);
    wordOfKey = words;
    const lengths = new Uint8Array(lengthOfKey.length * 2);
    lengths.set(lengthOfKey);
    lengthOfKey = lengths;
  }
  wordOfKey[k] = word;
  lengthOfKey[k] = length;
  return k;
}

/**
 * A dense numeric id for the prefix, the same for every Prefix object with the same text.
 * BGP tables index plain arrays by it: on 100,000-route updates that is several times faster
 * than string-keyed maps. Ids are process-wide and never reused (one small entry per distinct prefix).
 */
export function prefixKey(prefix: Prefix): number {
  let k = prefix.key;
  if (k === undefined) {
    if (prefix.family === 4) {
      k = v4PrefixKey(prefix.words[0]!, prefix.length);
    } else {
      k = keyByText.get(prefix.text);
      if (k === undefined) {
        keyByText.set(prefix.text, (k = register(0, V6)));
        v6OfKey.set(k, makePrefix(6, prefix.words, prefix.length));
      }
    }
    prefix.key = k;
  }
  return k;
}

/** The key of the IPv4 prefix word/length (host bits already clear), without making a Prefix. */
export function v4PrefixKey(word: number, length: number): number {
  const n = word | 0;
  const mask = v4Slots.length - 1;
  let j = v4Hash(n, length) & mask;
  for (;;) {
    const e = v4Slots[j]!;
    if (e === 0) break;
    if (wordOfKey[e - 1] === n && lengthOfKey[e - 1] === length) return e - 1;
    j = (j + 1) & mask;
  }
  const k = register(n, length);
  v4Slots[j] = k + 1;
  if (++v4Count * 2 > v4Slots.length) growV4Slots();
  return k;
}

/** A Prefix for a key from prefixKey/v4PrefixKey (a new object each time for IPv4). */
export function prefixOfKey(key: number): Prefix {
  if (!(key >= 0 && key < nextKey)) throw new Error(`prefix key ${key} was never assigned`);
  const length = lengthOfKey[key]!;
  if (length === V6) return v6OfKey.get(key)!;
  const p = makePrefix(4, [wordOfKey[key]! >>> 0], length);
  p.key = key;
  return p;
}

/** How many prefix keys exist (every key is below this). */
export function prefixKeyCount(): number {
  return nextKey;
}

/** Whether the key's prefix is IPv4 (then keyV4Word and keyV4Length describe it without a Prefix). */
export function isV4Key(key: number): boolean {
  return lengthOfKey[key] !== V6;
}

/** The network address of an IPv4 key's prefix as an unsigned number. */
export function keyV4Word(key: number): number {
  return wordOfKey[key]! >>> 0;
}

/** The length of an IPv4 key's prefix. */
export function keyV4Length(key: number): number {
  return lengthOfKey[key]!;
}

/** The canonical text of a key's prefix ("10.1.0.0/16") without making a Prefix for IPv4. */
export function prefixTextOfKey(key: number): string {
  const length = lengthOfKey[key]!;
  if (length === V6) return v6OfKey.get(key)!.text;
  const w = wordOfKey[key]! >>> 0;
  return `${w >>> 24}.${(w >>> 16) & 255}.${(w >>> 8) & 255}.${w & 255}/${length}`;
}

function v4Word(octets: number[]): number {
  return ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
}

function v6Words(parts: number[]): number[] {
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push(((parts[i]! << 16) | parts[i + 1]!) >>> 0);
  return words;
}

const MASK_HOST_BITS: ParsePrefixOptions = { maskHostBits: true };

/** Canonical key of a CIDR string (equal for "10.1.0.0/16" and "10.1.2.3/16"), or undefined. */
export function cidrKey(text: string): string | undefined {
  return tryParsePrefix(text, MASK_HOST_BITS)?.text;
}

/** Canonical texts of every strictly shorter prefix containing `p` (its supernets), longest first. */
export function supernetKeys(p: Prefix): string[] {
  const keys: string[] = [];
  for (let len = p.length - 1; len >= 0; len--) keys.push(makePrefix(p.family, maskWords(p.words, len), len).text);
  return keys;
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
  const p = tryParsePrefix(text, MASK_HOST_BITS);
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
  const q = tryParsePrefix(text, MASK_HOST_BITS);
  return q !== undefined && prefixesOverlap(q, p);
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
    const p = tryParsePrefix(text, MASK_HOST_BITS);
    if (!p) return undefined;
    for (const k of supernetKeys(p)) {
      const hit = this.other.get(k);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
}
