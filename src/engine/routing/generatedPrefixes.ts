// Generated prefix blocks, so a scenario can advertise 100,000 routes in one line:
// { count: 100000, base: "10.128.0.0", length: 24 } -> 10.128.0.0/24, 10.128.1.0/24, ...
import { type Prefix, PrefixError, makePrefix, maskWords, parseAddress, prefixKey, v4PrefixKey } from '../../model/prefix';

export interface GeneratedPrefixSpec {
  count: number;
  /** First network address ("10.128.0.0"); a prefix text is accepted and its address used. */
  base: string;
  /** Length of every generated prefix. */
  length: number;
}

/** Upper bound that keeps a typo (an extra zero or two) from eating the extension host's memory. */
export const MAX_GENERATED_PREFIXES = 1_000_000;

/** Checks a spec without generating anything (scenario validation); throws PrefixError naming the problem. */
export function checkGeneratedPrefixSpec(spec: GeneratedPrefixSpec, where = 'generated prefixes'): void {
  generatePrefixes(spec, where, true);
}

/** Consecutive, non-overlapping prefixes of the given length starting at `base`; throws PrefixError naming the problem. */
export function generatePrefixes(spec: GeneratedPrefixSpec, where = 'generated prefixes', checkOnly = false): Prefix[] {
  const { count, length } = spec;
  if (!Number.isInteger(count) || count < 0 || count > MAX_GENERATED_PREFIXES) {
    throw new PrefixError(`${where}: count must be an integer 0-${MAX_GENERATED_PREFIXES} (got ${String(count)})`);
  }
  const baseText = String(spec.base).split('/')[0]!;
  let family: 4 | 6;
  let words: number[];
  try {
    ({ family, words } = parseAddress(baseText));
  } catch {
    throw new PrefixError(`${where}: base "${String(spec.base)}" is not an IPv4 or IPv6 address`);
  }
  const bits = family === 4 ? 32 : 128;
  if (!Number.isInteger(length) || length < 1 || length > bits) {
    throw new PrefixError(`${where}: length must be an integer 1-${bits} for IPv${family} (got ${String(length)})`);
  }
  if (maskWords(words, length).some((w, i) => w !== words[i])) {
    throw new PrefixError(`${where}: base ${baseText} has host bits set for /${length}`);
  }
  const start = toBig(words);
  const step = 1n << BigInt(bits - length);
  const last = start + step * BigInt(Math.max(0, count - 1));
  if (count > 0 && last + step - 1n > (1n << BigInt(bits)) - 1n) {
    throw new PrefixError(`${where}: ${count} /${length} prefixes from ${baseText} run past the end of the IPv${family} space`);
  }
  if (checkOnly) return [];
  const out: Prefix[] = new Array<Prefix>(count);
  if (family === 4) {
    // Plain numbers for IPv4: this is the hot path of 100,000-route scenarios.
    const s = words[0]!;
    const st = 2 ** (32 - length);
    for (let i = 0; i < count; i++) out[i] = makePrefix(4, [(s + i * st) >>> 0], length);
    return out;
  }
  for (let i = 0; i < count; i++) out[i] = makePrefix(6, fromBig(start + step * BigInt(i)), length);
  return out;
}

/**
 * The prefix keys (prefixKey) of the generated block, in order, without a Prefix object per
 * prefix for IPv4 (a site's 1,000,000 routes live in the RIBs as keys); throws like generatePrefixes.
 */
export function generatePrefixKeys(spec: GeneratedPrefixSpec, where = 'generated prefixes'): number[] {
  generatePrefixes(spec, where, true);
  const { family, words } = parseAddress(String(spec.base).split('/')[0]!);
  if (family !== 4) return generatePrefixes(spec, where).map((p) => prefixKey(p));
  const out = new Array<number>(spec.count);
  const s = words[0]!;
  const st = 2 ** (32 - spec.length);
  for (let i = 0; i < spec.count; i++) out[i] = v4PrefixKey((s + i * st) >>> 0, spec.length);
  return out;
}

function toBig(words: readonly number[]): bigint {
  let v = 0n;
  for (const w of words) v = (v << 32n) | BigInt(w >>> 0);
  return v;
}

function fromBig(v: bigint): number[] {
  return [Number((v >> 96n) & 0xffffffffn), Number((v >> 64n) & 0xffffffffn), Number((v >> 32n) & 0xffffffffn), Number(v & 0xffffffffn)];
}
