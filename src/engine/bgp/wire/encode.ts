// Encodes typed BGP-4 messages into wire bytes (RFC 4271 4.x, 4760, 2918, 6793, 1997).
import { type Prefix, parseAddress } from '../../../model/prefix';
import { AS_TRANS, AsPathSegmentType, AttrFlag, AttrType, CapabilityCode, HEADER_LENGTH, MARKER_LENGTH, MAX_MESSAGE_LENGTH, MessageType } from './constants';
import type { AsPathSegment, BgpMessage, Capability, CodecContext, OpenMessage, PathAttributes, UpdateMessage } from './messages';

/** A growable byte writer (big-endian, as everything on the wire). */
class Writer {
  private buf = Buffer.allocUnsafe(256);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.length++] = v & 0xff;
  }
  u16(v: number): void {
    this.room(2);
    this.buf.writeUInt16BE(v & 0xffff, this.length);
    this.length += 2;
  }
  u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32BE(v >>> 0, this.length);
    this.length += 4;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  setU16(at: number, v: number): void {
    this.buf.writeUInt16BE(v, at);
  }
  setU8(at: number, v: number): void {
    this.buf[at] = v;
  }
  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}

export class BgpEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BgpEncodeError';
  }
}

function ipv4Word(text: string, what: string): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  const o = m ? m.slice(1).map(Number) : [];
  if (o.length !== 4 || o.some((x) => x > 255)) throw new BgpEncodeError(`${what} "${text}" is not a dotted-quad IPv4 address`);
  return ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
}

function ipv6Bytes(text: string): Uint8Array {
  let parsed;
  try {
    parsed = parseAddress(text);
  } catch {
    throw new BgpEncodeError(`"${text}" is not an IPv6 address`);
  }
  if (parsed.family !== 6) throw new BgpEncodeError(`"${text}" is not an IPv6 address`);
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  parsed.words.forEach((word, i) => view.setUint32(i * 4, word >>> 0));
  return out;
}

/** Writes one NLRI prefix: length octet, then only the octets the length needs. */
function writePrefix(w: Writer, p: Prefix): void {
  w.u8(p.length);
  const octets = (p.length + 7) >> 3;
  for (let i = 0; i < octets; i++) {
    const word = p.words[i >> 2]!;
    w.u8((word >>> (24 - 8 * (i & 3))) & 0xff);
  }
}

export function prefixWireLength(p: Prefix): number {
  return 1 + ((p.length + 7) >> 3);
}

function header(w: Writer, type: number): void {
  for (let i = 0; i < MARKER_LENGTH; i++) w.u8(0xff);
  w.u16(0); // length, patched at the end
  w.u8(type);
}

function finish(w: Writer): Buffer {
  if (w.length > MAX_MESSAGE_LENGTH) throw new BgpEncodeError(`message of ${w.length} octets exceeds the BGP maximum of ${MAX_MESSAGE_LENGTH}`);
  w.setU16(MARKER_LENGTH, w.length);
  return w.done();
}

function writeCapability(w: Writer, c: Capability): void {
  switch (c.kind) {
    case 'multiprotocol':
      w.u8(CapabilityCode.multiprotocol);
      w.u8(4);
      w.u16(c.afi);
      w.u8(0);
      w.u8(c.safi);
      return;
    case 'routeRefresh':
      w.u8(CapabilityCode.routeRefresh);
      w.u8(0);
      return;
    case 'fourOctetAs':
      w.u8(CapabilityCode.fourOctetAs);
      w.u8(4);
      w.u32(c.asn);
      return;
    case 'other':
      w.u8(c.code);
      w.u8(c.value.length);
      w.bytes(c.value);
      return;
  }
}

function encodeOpen(m: OpenMessage): Buffer {
  const w = new Writer();
  header(w, MessageType.open);
  w.u8(m.version);
  w.u16(m.myAs);
  w.u16(m.holdTime);
  w.u32(ipv4Word(m.bgpId, 'BGP identifier'));
  if (m.capabilities.length === 0) {
    w.u8(0);
    return finish(w);
  }
  const optLenAt = w.length;
  w.u8(0);
  w.u8(2); // optional parameter: capabilities (RFC 5492), all in one parameter
  const paramLenAt = w.length;
  w.u8(0);
  const start = w.length;
  for (const c of m.capabilities) writeCapability(w, c);
  const paramLen = w.length - start;
  if (paramLen > 255) throw new BgpEncodeError(`capabilities take ${paramLen} octets; at most 255 fit one optional parameter`);
  w.setU8(paramLenAt, paramLen);
  w.setU8(optLenAt, paramLen + 2);
  return finish(w);
}

function writeAsPath(w: Writer, segments: readonly AsPathSegment[], fourOctet: boolean): void {
  for (const s of segments) {
    if (s.asns.length > 255) throw new BgpEncodeError(`AS_PATH segment of ${s.asns.length} ASNs; at most 255 fit one segment`);
    w.u8(s.type === 'set' ? AsPathSegmentType.set : AsPathSegmentType.sequence);
    w.u8(s.asns.length);
    for (const a of s.asns) {
      if (fourOctet) w.u32(a);
      else w.u16(a > 0xffff ? AS_TRANS : a);
    }
  }
}

/** Writes one attribute; the extended-length flag follows the value's size. */
function writeAttr(w: Writer, flags: number, code: number, body: (w: Writer) => void): void {
  const inner = new Writer();
  body(inner);
  const value = inner.done();
  const ext = value.length > 255;
  w.u8((flags & ~AttrFlag.extendedLength) | (ext ? AttrFlag.extendedLength : 0));
  w.u8(code);
  if (ext) w.u16(value.length);
  else w.u8(value.length);
  w.bytes(value);
}

const WELL_KNOWN = AttrFlag.transitive;
const OPTIONAL_TRANSITIVE = AttrFlag.optional | AttrFlag.transitive;

function writeAttributes(w: Writer, a: PathAttributes, ctx: CodecContext): void {
  if (a.origin !== undefined) writeAttr(w, WELL_KNOWN, AttrType.origin, (x) => x.u8(a.origin === 'igp' ? 0 : a.origin === 'egp' ? 1 : 2));
  if (a.asPath !== undefined) writeAttr(w, WELL_KNOWN, AttrType.asPath, (x) => writeAsPath(x, a.asPath!, ctx.fourOctetAs));
  if (a.nextHop !== undefined) writeAttr(w, WELL_KNOWN, AttrType.nextHop, (x) => x.u32(ipv4Word(a.nextHop!, 'NEXT_HOP')));
  if (a.med !== undefined) writeAttr(w, AttrFlag.optional, AttrType.med, (x) => x.u32(a.med!));
  if (a.localPref !== undefined) writeAttr(w, WELL_KNOWN, AttrType.localPref, (x) => x.u32(a.localPref!));
  if (a.atomicAggregate) writeAttr(w, WELL_KNOWN, AttrType.atomicAggregate, () => undefined);
  if (a.aggregator !== undefined) {
    const g = a.aggregator;
    writeAttr(w, OPTIONAL_TRANSITIVE, AttrType.aggregator, (x) => {
      if (ctx.fourOctetAs) x.u32(g.asn);
      else x.u16(g.asn > 0xffff ? AS_TRANS : g.asn);
      x.u32(ipv4Word(g.address, 'AGGREGATOR address'));
    });
  }
  if (a.communities !== undefined) writeAttr(w, OPTIONAL_TRANSITIVE, AttrType.communities, (x) => a.communities!.forEach((c) => x.u32(c)));
  if (a.mpReach !== undefined) {
    const r = a.mpReach;
    writeAttr(w, AttrFlag.optional, AttrType.mpReach, (x) => {
      x.u16(r.afi);
      x.u8(r.safi);
      const hops = r.nextHops.map((h) => (r.afi === 2 ? ipv6Bytes(h) : u32Bytes(ipv4Word(h, 'MP_REACH next hop'))));
      x.u8(hops.reduce((n, h) => n + h.length, 0));
      for (const h of hops) x.bytes(h);
      x.u8(0);
      for (const p of r.nlri) writePrefix(x, p);
    });
  }
  if (a.mpUnreach !== undefined) {
    const u = a.mpUnreach;
    writeAttr(w, AttrFlag.optional, AttrType.mpUnreach, (x) => {
      x.u16(u.afi);
      x.u8(u.safi);
      for (const p of u.withdrawn) writePrefix(x, p);
    });
  }
  if (a.as4Path !== undefined) writeAttr(w, OPTIONAL_TRANSITIVE, AttrType.as4Path, (x) => writeAsPath(x, a.as4Path!, true));
  if (a.as4Aggregator !== undefined) {
    const g = a.as4Aggregator;
    writeAttr(w, OPTIONAL_TRANSITIVE, AttrType.as4Aggregator, (x) => {
      x.u32(g.asn);
      x.u32(ipv4Word(g.address, 'AS4_AGGREGATOR address'));
    });
  }
  for (const o of a.other ?? []) writeAttr(w, o.flags, o.code, (x) => x.bytes(o.value));
}

function u32Bytes(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0);
  return b;
}

function encodeUpdate(m: UpdateMessage, ctx: CodecContext): Buffer {
  const w = new Writer();
  header(w, MessageType.update);
  const wdAt = w.length;
  w.u16(0);
  for (const p of m.withdrawn) writePrefix(w, p);
  w.setU16(wdAt, w.length - wdAt - 2);
  const attrAt = w.length;
  w.u16(0);
  writeAttributes(w, m.attributes, ctx);
  w.setU16(attrAt, w.length - attrAt - 2);
  for (const p of m.nlri) writePrefix(w, p);
  return finish(w);
}

/** Encodes one message. Throws BgpEncodeError for values that cannot be put on the wire (too long, bad address). */
export function encodeMessage(m: BgpMessage, ctx: CodecContext = { fourOctetAs: true }): Buffer {
  switch (m.type) {
    case 'open':
      return encodeOpen(m);
    case 'update':
      return encodeUpdate(m, ctx);
    case 'notification': {
      const w = new Writer();
      header(w, MessageType.notification);
      w.u8(m.code);
      w.u8(m.subcode);
      w.bytes(m.data);
      return finish(w);
    }
    case 'keepalive': {
      const w = new Writer();
      header(w, MessageType.keepalive);
      return finish(w);
    }
    case 'routeRefresh': {
      const w = new Writer();
      header(w, MessageType.routeRefresh);
      w.u16(m.afi);
      w.u8(m.subtype);
      w.u8(m.safi);
      return finish(w);
    }
  }
}

/**
 * UPDATEs announcing `nlri` (IPv4) with the same attributes, as many as the 4,096-octet limit
 * needs: the attributes are written once per message and the prefixes packed after them.
 */
export function encodeAnnouncements(attributes: PathAttributes, nlri: readonly Prefix[], ctx: CodecContext): Buffer[] {
  const out: Buffer[] = [];
  const base = encodeUpdate({ type: 'update', withdrawn: [], attributes, nlri: [] }, ctx);
  const room = MAX_MESSAGE_LENGTH - base.length;
  if (room < 5) throw new BgpEncodeError('path attributes leave no room for NLRI in a 4,096-octet UPDATE');
  let i = 0;
  while (i < nlri.length) {
    const w = new Writer();
    w.bytes(base);
    let used = 0;
    while (i < nlri.length && used + prefixWireLength(nlri[i]!) <= room) {
      used += prefixWireLength(nlri[i]!);
      writePrefix(w, nlri[i]!);
      i++;
    }
    out.push(finish(w));
  }
  return out;
}

/** UPDATEs withdrawing `prefixes` (IPv4), packed up to the 4,096-octet limit. */
export function encodeWithdrawals(prefixes: readonly Prefix[]): Buffer[] {
  const out: Buffer[] = [];
  const room = MAX_MESSAGE_LENGTH - HEADER_LENGTH - 4;
  let i = 0;
  while (i < prefixes.length) {
    const chunk: Prefix[] = [];
    let used = 0;
    while (i < prefixes.length && used + prefixWireLength(prefixes[i]!) <= room) {
      used += prefixWireLength(prefixes[i]!);
      chunk.push(prefixes[i++]!);
    }
    out.push(encodeUpdate({ type: 'update', withdrawn: chunk, attributes: {}, nlri: [] }, { fourOctetAs: true }));
  }
  return out;
}
