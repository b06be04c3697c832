// IPv4 address and prefix checks for scenario validation and probe routing (ipaddr.js underneath).
import ipaddr from 'ipaddr.js';

export interface Ipv4Prefix {
  network: number;
  length: number;
}

function toInt(addr: ipaddr.IPv4): number {
  return addr.octets.reduce((acc, o) => acc * 256 + o, 0);
}

/** Parses a strict dotted-quad IPv4 address; undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  return toInt(ipaddr.IPv4.parse(text));
}

/** Parses "a.b.c.d/n"; an error message says what is wrong (used verbatim in validation). */
export function parseIpv4Prefix(text: string): { ok: true; prefix: Ipv4Prefix } | { ok: false; message: string } {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
  const addr = m ? parseIpv4(m[1]!) : undefined;
  const length = m ? Number(m[2]) : NaN;
  if (!m || addr === undefined || length > 32) {
    return { ok: false, message: `"${text}" is not a valid IPv4 prefix (expected CIDR like 10.0.0.0/16)` };
  }
  const size = 2 ** (32 - length);
  const network = Math.floor(addr / size) * size;
  if (network !== addr) {
    const fixed = [24, 16, 8, 0].map((s) => Math.floor(network / 2 ** s) % 256).join('.');
    return { ok: false, message: `"${text}" has host bits set (did you mean ${fixed}/${length}?)` };
  }
  return { ok: true, prefix: { network, length } };
}

export function prefixContains(prefix: Ipv4Prefix, address: number): boolean {
  const size = 2 ** (32 - prefix.length);
  return address >= prefix.network && address < prefix.network + size;
}

export function prefixWithin(inner: Ipv4Prefix, outer: Ipv4Prefix): boolean {
  return inner.length >= outer.length && prefixContains(outer, inner.network);
}

export function prefixesOverlap(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  return prefixWithin(a, b) || prefixWithin(b, a);
}
