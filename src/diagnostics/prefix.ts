// Prefix math for the rules: parse CIDR strings once, compare as integers.
// IPv4 (nearly every Azure route) takes a hand-written fast path because diagnosing 100,000
// routes must stay well under the 200 ms budget; IPv6 goes through ipaddr.js.
// (If src/engine/routing grows shared prefix utilities, move callers there.)
import * as ipaddr from 'ipaddr.js';

export type Prefix =
  | { family: 4; addr: number; len: number }
  | { family: 6; addr: bigint; len: number };

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

function maskV4(addr: number, len: number): number {
  return len === 0 ? 0 : (addr & (~0 << (32 - len))) >>> 0;
}

function maskV6(addr: bigint, len: number): bigint {
  if (len === 0) return 0n;
  const all = (1n << 128n) - 1n;
  return addr & (all ^ ((1n << BigInt(128 - len)) - 1n));
}

/** Parses "a.b.c.d/n", "a.b.c.d" (a /32), or IPv6 CIDR; host bits are cleared. Undefined if invalid. */
export function parsePrefix(text: string): Prefix | undefined {
  const s = text.trim();
  const m = V4.exec(s);
  if (m) {
    const o = [m[1], m[2], m[3], m[4]].map(Number);
    if (o.some((x) => x > 255)) return undefined;
    const len = m[5] === undefined ? 32 : Number(m[5]);
    if (len > 32) return undefined;
    const addr = ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
    return { family: 4, addr: maskV4(addr, len), len };
  }
  if (!s.includes(':')) return undefined;
  try {
    const [ip, len] = s.includes('/') ? ipaddr.parseCIDR(s) : [ipaddr.parse(s), 128];
    if (ip.kind() !== 'ipv6') return undefined;
    let addr = 0n;
    for (const b of ip.toByteArray()) addr = (addr << 8n) | BigInt(b);
    return { family: 6, addr: maskV6(addr, len), len };
  } catch {
    return undefined;
  }
}

export function formatPrefix(p: Prefix): string {
  if (p.family === 4) {
    const a = p.addr;
    return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${p.len}`;
  }
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) bytes.push(Number((p.addr >> BigInt(i * 8)) & 255n));
  return `${ipaddr.fromByteArray(bytes).toString()}/${p.len}`;
}

/** Canonical key: equal for "10.1.0.0/16" and "10.1.2.3/16". */
export function prefixKey(p: Prefix): string {
  return p.family === 4 ? `4:${p.addr}/${p.len}` : `6:${p.addr}/${p.len}`;
}

/** Canonical key of a CIDR string, or undefined if it does not parse. */
export function cidrKey(text: string): string | undefined {
  const p = parsePrefix(text);
  return p ? prefixKey(p) : undefined;
}

/** True when `outer` contains every address of `inner` (equal prefixes contain each other). */
export function containsPrefix(outer: Prefix, inner: Prefix): boolean {
  if (outer.family !== inner.family || outer.len > inner.len) return false;
  if (outer.family === 4 && inner.family === 4) return maskV4(inner.addr, outer.len) === outer.addr;
  if (outer.family === 6 && inner.family === 6) return maskV6(inner.addr, outer.len) === outer.addr;
  return false;
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return containsPrefix(a, b) || containsPrefix(b, a);
}

/** Keys of every strictly shorter prefix containing `p` (its supernets), shortest last. */
export function supernetKeys(p: Prefix): string[] {
  const keys: string[] = [];
  for (let len = p.len - 1; len >= 0; len--) {
    keys.push(p.family === 4 ? `4:${maskV4(p.addr, len)}/${len}` : `6:${maskV6(p.addr, len)}/${len}`);
  }
  return keys;
}
