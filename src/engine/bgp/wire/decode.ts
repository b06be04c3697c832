// Decodes BGP-4 wire bytes into typed messages. Anything malformed throws BgpDecodeError with
// the NOTIFICATION code, subcode and data RFC 4271 section 6 prescribes; nothing else is thrown.
import { type IpFamily, type Prefix, formatAddress, makePrefix } from '../../../model/prefix';
import {
  AsPathSegmentType,
  AttrFlag,
  AttrType,
  BGP_VERSION,
  CapabilityCode,
  ErrorCode,
  HEADER_LENGTH,
  HeaderSubcode,
  MARKER_LENGTH,
  MAX_MESSAGE_LENGTH,
  MessageType,
  OpenSubcode,
  UpdateSubcode,
} from './constants';
import { BgpDecodeError } from './decodeError';
import type { AsPathSegment, BgpMessage, BgpOrigin, Capability, CodecContext, OpenMessage, PathAttributes, UpdateMessage } from './messages';

const u16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const dotted = (b: Uint8Array, at: number): string => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
const lengthData = (n: number): Uint8Array => new Uint8Array([(n >> 8) & 0xff, n & 0xff]);

/** Minimum total length per message type (RFC 4271 4.x, 2918). */
const MIN_LENGTH: Record<number, number> = { 1: 29, 2: 23, 3: 21, 4: 19, 5: 23 };

/**
 * Checks a header (19 octets available) and returns the message's total length. The framer
 * calls it before the body has arrived, so a bad length is refused without waiting for it.
 */
export function checkHeader(b: Uint8Array): number {
  for (let i = 0; i < MARKER_LENGTH; i++) {
    if (b[i] !== 0xff) throw new BgpDecodeError(ErrorCode.messageHeader, HeaderSubcode.connectionNotSynchronized, 'marker is not all ones');
  }
  const length = u16(b, MARKER_LENGTH);
  const type = b[MARKER_LENGTH + 2]!;
  if (length < HEADER_LENGTH || length > MAX_MESSAGE_LENGTH) {
    throw new BgpDecodeError(ErrorCode.messageHeader, HeaderSubcode.badMessageLength, `length ${length} outside ${HEADER_LENGTH}-${MAX_MESSAGE_LENGTH}`, lengthData(length));
  }
  const min = MIN_LENGTH[type];
  if (min === undefined) throw new BgpDecodeError(ErrorCode.messageHeader, HeaderSubcode.badMessageType, `unknown message type ${type}`, new Uint8Array([type]));
  if (length < min || ((type === MessageType.keepalive || type === MessageType.routeRefresh) && length !== min)) {
    throw new BgpDecodeError(ErrorCode.messageHeader, HeaderSubcode.badMessageLength, `length ${length} is wrong for message type ${type}`, lengthData(length));
  }
  return length;
}

/** Decodes one complete message (header included). */
export function decodeMessage(b: Uint8Array, ctx: CodecContext = { fourOctetAs: true }): BgpMessage {
  if (b.length < HEADER_LENGTH) throw new BgpDecodeError(ErrorCode.messageHeader, HeaderSubcode.badMessageLength, `only ${b.length} octets, a header needs ${HEADER_LENGTH}`, lengthData(b.length));
  const length = checkHeader(b);
  if (length !== b.length) throw new BgpDecodeError(ErrorCode.messageHeader, HeaderSubcode.badMessageLength, `header says ${length} octets, got ${b.length}`, lengthData(length));
  const type = b[MARKER_LENGTH + 2]!;
  const body = b.subarray(HEADER_LENGTH);
  switch (type) {
    case MessageType.open:
      return decodeOpen(body);
    case MessageType.update:
      return decodeUpdate(body, ctx);
    case MessageType.notification:
      return { type: 'notification', code: body[0]!, subcode: body[1]!, data: Uint8Array.from(body.subarray(2)) };
    case MessageType.keepalive:
      return { type: 'keepalive' };
    default:
      return { type: 'routeRefresh', afi: u16(body, 0), subtype: body[2]!, safi: body[3]! };
  }
}

function openError(subcode: number, detail: string, data?: Uint8Array): BgpDecodeError {
  return new BgpDecodeError(ErrorCode.openMessage, subcode, detail, data);
}

function decodeOpen(b: Uint8Array): OpenMessage {
  const version = b[0]!;
  if (version !== BGP_VERSION) throw openError(OpenSubcode.unsupportedVersionNumber, `version ${version}, only 4 is supported`, lengthData(BGP_VERSION));
  const myAs = u16(b, 1);
  const holdTime = u16(b, 3);
  if (holdTime === 1 || holdTime === 2) throw openError(OpenSubcode.unacceptableHoldTime, `hold time ${holdTime} s (must be 0 or at least 3)`);
  const bgpId = dotted(b, 5);
  if (u32(b, 5) === 0) throw openError(OpenSubcode.badBgpIdentifier, 'BGP identifier 0.0.0.0');
  const optLen = b[9]!;
  if (10 + optLen !== b.length) {
    throw new BgpDecodeError(ErrorCode.messageHeader, HeaderSubcode.badMessageLength, `optional parameters length ${optLen} does not match the message`, lengthData(b.length + HEADER_LENGTH));
  }
  const capabilities: Capability[] = [];
  let at = 10;
  while (at < b.length) {
    if (at + 2 > b.length) throw openError(OpenSubcode.unspecific, 'truncated optional parameter');
    const ptype = b[at]!;
    const plen = b[at + 1]!;
    const end = at + 2 + plen;
    if (end > b.length) throw openError(OpenSubcode.unspecific, `optional parameter of ${plen} octets overruns the message`);
    if (ptype !== 2) throw openError(OpenSubcode.unsupportedOptionalParameter, `optional parameter type ${ptype} (only capabilities, type 2, are supported)`);
    let c = at + 2;
    while (c < end) {
      if (c + 2 > end) throw openError(OpenSubcode.unspecific, 'truncated capability');
      const code = b[c]!;
      const clen = b[c + 1]!;
      const v = c + 2;
      if (v + clen > end) throw openError(OpenSubcode.unspecific, `capability ${code} of ${clen} octets overruns its parameter`);
      if (code === CapabilityCode.multiprotocol && clen === 4) capabilities.push({ kind: 'multiprotocol', afi: u16(b, v), safi: b[v + 3]! });
      else if (code === CapabilityCode.routeRefresh && clen === 0) capabilities.push({ kind: 'routeRefresh' });
      else if (code === CapabilityCode.fourOctetAs && clen === 4) capabilities.push({ kind: 'fourOctetAs', asn: u32(b, v) });
      else if (code === CapabilityCode.multiprotocol || code === CapabilityCode.fourOctetAs || code === CapabilityCode.routeRefresh) {
        throw openError(OpenSubcode.unspecific, `capability ${code} has length ${clen}`);
      } else capabilities.push({ kind: 'other', code, value: Uint8Array.from(b.subarray(v, v + clen)) });
      c = v + clen;
    }
    at = end;
  }
  return { type: 'open', version, myAs, holdTime, bgpId, capabilities };
}

function updateError(subcode: number, detail: string, data?: Uint8Array): BgpDecodeError {
  return new BgpDecodeError(ErrorCode.updateMessage, subcode, detail, data);
}

/** Reads NLRI-encoded prefixes of `family` from b[from, to). */
function readPrefixes(b: Uint8Array, from: number, to: number, family: IpFamily, what: string): Prefix[] {
  const out: Prefix[] = [];
  const max = family === 4 ? 32 : 128;
  let at = from;
  while (at < to) {
    const len = b[at]!;
    const octets = (len + 7) >> 3;
    if (len > max || at + 1 + octets > to) throw updateError(UpdateSubcode.invalidNetworkField, `${what}: prefix length ${len} at offset ${at} is invalid or truncated`);
    if (family === 4) {
      let w = 0;
      for (let i = 0; i < 4; i++) w = (w << 8) | (i < octets ? b[at + 1 + i]! : 0);
      const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
      out.push(makePrefix(4, [(w & mask) >>> 0], len));
    } else {
      const words = [0, 0, 0, 0];
      for (let i = 0; i < 16; i++) {
        const byte = i < octets ? b[at + 1 + i]! : 0;
        words[i >> 2] = ((words[i >> 2]! << 8) | byte) >>> 0;
      }
      for (let i = 0; i < 4; i++) {
        const bits = Math.max(0, Math.min(32, len - i * 32));
        words[i] = bits === 0 ? 0 : bits === 32 ? words[i]! : (words[i]! & (~0 << (32 - bits))) >>> 0;
      }
      out.push(makePrefix(6, words, len));
    }
    at += 1 + octets;
  }
  return out;
}

function readAsPath(v: Uint8Array, fourOctet: boolean, code: number): AsPathSegment[] {
  const size = fourOctet ? 4 : 2;
  const segments: AsPathSegment[] = [];
  let at = 0;
  while (at < v.length) {
    if (at + 2 > v.length) throw updateError(UpdateSubcode.malformedAsPath, `AS path attribute ${code}: truncated segment header`);
    const t = v[at]!;
    const n = v[at + 1]!;
    if (t !== AsPathSegmentType.set && t !== AsPathSegmentType.sequence) throw updateError(UpdateSubcode.malformedAsPath, `AS path attribute ${code}: segment type ${t}`);
    if (n === 0 || at + 2 + n * size > v.length) throw updateError(UpdateSubcode.malformedAsPath, `AS path attribute ${code}: segment of ${n} ASNs does not fit`);
    const asns: number[] = [];
    for (let i = 0; i < n; i++) asns.push(fourOctet ? u32(v, at + 2 + i * 4) : u16(v, at + 2 + i * 2));
    segments.push({ type: t === AsPathSegmentType.set ? 'set' : 'sequence', asns });
    at += 2 + n * size;
  }
  return segments;
}

/** Attributes the codec interprets, with their flags (optional bit) and lengths. */
const KNOWN: Record<number, { optional: boolean; length?: (n: number, ctx: CodecContext) => boolean }> = {
  [AttrType.origin]: { optional: false, length: (n) => n === 1 },
  [AttrType.asPath]: { optional: false },
  [AttrType.nextHop]: { optional: false, length: (n) => n === 4 },
  [AttrType.med]: { optional: true, length: (n) => n === 4 },
  [AttrType.localPref]: { optional: false, length: (n) => n === 4 },
  [AttrType.atomicAggregate]: { optional: false, length: (n) => n === 0 },
  [AttrType.aggregator]: { optional: true, length: (n, ctx) => n === (ctx.fourOctetAs ? 8 : 6) },
  [AttrType.communities]: { optional: true, length: (n) => n % 4 === 0 },
  [AttrType.mpReach]: { optional: true, length: (n) => n >= 5 },
  [AttrType.mpUnreach]: { optional: true, length: (n) => n >= 3 },
  [AttrType.as4Path]: { optional: true },
  [AttrType.as4Aggregator]: { optional: true, length: (n) => n === 8 },
};

function familyOf(afi: number): IpFamily | undefined {
  return afi === 1 ? 4 : afi === 2 ? 6 : undefined;
}

function decodeUpdate(b: Uint8Array, ctx: CodecContext): UpdateMessage {
  const wdLen = u16(b, 0);
  if (2 + wdLen + 2 > b.length) throw updateError(UpdateSubcode.malformedAttributeList, `withdrawn routes length ${wdLen} overruns the message`);
  const withdrawn = readPrefixes(b, 2, 2 + wdLen, 4, 'withdrawn routes');
  const attrLenAt = 2 + wdLen;
  const attrLen = u16(b, attrLenAt);
  const attrStart = attrLenAt + 2;
  const attrEnd = attrStart + attrLen;
  if (attrEnd > b.length) throw updateError(UpdateSubcode.malformedAttributeList, `path attributes length ${attrLen} overruns the message`);
  const attributes: PathAttributes = {};
  const seen = new Set<number>();
  let at = attrStart;
  while (at < attrEnd) {
    if (at + 3 > attrEnd) throw updateError(UpdateSubcode.malformedAttributeList, 'truncated attribute header');
    const flags = b[at]!;
    const code = b[at + 1]!;
    const ext = (flags & AttrFlag.extendedLength) !== 0;
    if (ext && at + 4 > attrEnd) throw updateError(UpdateSubcode.malformedAttributeList, 'truncated attribute header');
    const len = ext ? u16(b, at + 2) : b[at + 2]!;
    const v0 = at + (ext ? 4 : 3);
    if (v0 + len > attrEnd) throw updateError(UpdateSubcode.attributeLengthError, `attribute ${code} of ${len} octets overruns the attribute list`, b.slice(at, attrEnd));
    const whole = b.slice(at, v0 + len);
    const v = b.subarray(v0, v0 + len);
    at = v0 + len;
    if (seen.has(code)) throw updateError(UpdateSubcode.malformedAttributeList, `attribute ${code} appears twice`);
    seen.add(code);
    const known = KNOWN[code];
    if (!known) {
      if ((flags & AttrFlag.optional) === 0) throw updateError(UpdateSubcode.unrecognizedWellKnownAttribute, `unrecognized well-known attribute ${code}`, whole);
      (attributes.other ??= []).push({ flags: flags & ~AttrFlag.extendedLength, code, value: Uint8Array.from(v) });
      continue;
    }
    const optional = (flags & AttrFlag.optional) !== 0;
    const transitive = (flags & AttrFlag.transitive) !== 0;
    if (optional !== known.optional || (!known.optional && !transitive)) throw updateError(UpdateSubcode.attributeFlagsError, `attribute ${code} has flags 0x${flags.toString(16)}`, whole);
    if (known.length && !known.length(len, ctx)) throw updateError(UpdateSubcode.attributeLengthError, `attribute ${code} has length ${len}`, whole);
    switch (code) {
      case AttrType.origin: {
        const o = v[0]!;
        if (o > 2) throw updateError(UpdateSubcode.invalidOrigin, `ORIGIN ${o}`, whole);
        attributes.origin = (['igp', 'egp', 'incomplete'] as const)[o] as BgpOrigin;
        break;
      }
      case AttrType.asPath:
        attributes.asPath = readAsPath(v, ctx.fourOctetAs, code);
        break;
      case AttrType.nextHop:
        attributes.nextHop = dotted(v, 0);
        break;
      case AttrType.med:
        attributes.med = u32(v, 0);
        break;
      case AttrType.localPref:
        attributes.localPref = u32(v, 0);
        break;
      case AttrType.atomicAggregate:
        attributes.atomicAggregate = true;
        break;
      case AttrType.aggregator:
        attributes.aggregator = ctx.fourOctetAs ? { asn: u32(v, 0), address: dotted(v, 4) } : { asn: u16(v, 0), address: dotted(v, 2) };
        break;
      case AttrType.communities: {
        const list: number[] = [];
        for (let i = 0; i < len; i += 4) list.push(u32(v, i));
        attributes.communities = list;
        break;
      }
      case AttrType.as4Path:
        attributes.as4Path = readAsPath(v, true, code);
        break;
      case AttrType.as4Aggregator:
        attributes.as4Aggregator = { asn: u32(v, 0), address: dotted(v, 4) };
        break;
      case AttrType.mpReach: {
        const afi = u16(v, 0);
        const safi = v[2]!;
        const nhLen = v[3]!;
        const family = familyOf(afi);
        if (4 + nhLen + 1 > len) throw updateError(UpdateSubcode.optionalAttributeError, `MP_REACH_NLRI next hop length ${nhLen} overruns the attribute`, whole);
        const nextHops: string[] = [];
        if (family === 4 && nhLen === 4) nextHops.push(dotted(v, 4));
        else if (family === 6 && (nhLen === 16 || nhLen === 32)) {
          for (let h = 0; h < nhLen; h += 16) nextHops.push(formatAddress(6, [u32(v, 4 + h), u32(v, 8 + h), u32(v, 12 + h), u32(v, 16 + h)]));
        } else throw updateError(UpdateSubcode.optionalAttributeError, `MP_REACH_NLRI for AFI ${afi} with a ${nhLen}-octet next hop is not supported`, whole);
        const nlriAt = v0 + 4 + nhLen + 1;
        attributes.mpReach = { afi, safi, nextHops, nlri: readPrefixes(b, nlriAt, v0 + len, family, 'MP_REACH_NLRI') };
        break;
      }
      case AttrType.mpUnreach: {
        const afi = u16(v, 0);
        const safi = v[2]!;
        const family = familyOf(afi);
        if (!family) throw updateError(UpdateSubcode.optionalAttributeError, `MP_UNREACH_NLRI for unsupported AFI ${afi}`, whole);
        attributes.mpUnreach = { afi, safi, withdrawn: readPrefixes(b, v0 + 3, v0 + len, family, 'MP_UNREACH_NLRI') };
        break;
      }
    }
  }
  const nlri = readPrefixes(b, attrEnd, b.length, 4, 'NLRI');
  const required: [number, unknown][] = [];
  if (nlri.length > 0) required.push([AttrType.origin, attributes.origin], [AttrType.asPath, attributes.asPath], [AttrType.nextHop, attributes.nextHop]);
  else if (attributes.mpReach && attributes.mpReach.nlri.length > 0) required.push([AttrType.origin, attributes.origin], [AttrType.asPath, attributes.asPath]);
  for (const [code, value] of required) {
    if (value === undefined) throw updateError(UpdateSubcode.missingWellKnownAttribute, `UPDATE with NLRI lacks well-known attribute ${code}`, new Uint8Array([code]));
  }
  return { type: 'update', withdrawn, attributes, nlri };
}
