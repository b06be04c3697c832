// Typed BGP-4 messages as the codec reads and writes them. Prefixes use the engine's Prefix
// (routing/prefix.ts), so received NLRI go into the RIBs without another conversion.
import type { Prefix } from '../../../model/prefix';

export type Capability =
  | { kind: 'multiprotocol'; afi: number; safi: number }
  | { kind: 'routeRefresh' }
  | { kind: 'fourOctetAs'; asn: number }
  /** Anything else (graceful restart, add-path, FQDN...): kept as bytes, never acted on. */
  | { kind: 'other'; code: number; value: Uint8Array };

export interface OpenMessage {
  type: 'open';
  version: number;
  /** The 2-octet My Autonomous System field (AS_TRANS when the real ASN needs 4 octets). */
  myAs: number;
  holdTime: number;
  /** BGP Identifier, dotted quad. */
  bgpId: string;
  capabilities: Capability[];
}

export type AsPathSegment = { type: 'sequence' | 'set'; asns: number[] };

export type BgpOrigin = 'igp' | 'egp' | 'incomplete';

/** An attribute the codec does not interpret, carried through as is (flags, type code, value). */
export interface RawAttribute {
  flags: number;
  code: number;
  value: Uint8Array;
}

export interface MpReach {
  afi: number;
  safi: number;
  /** Next hop address(es) in text: one global, optionally a link-local second (IPv6). */
  nextHops: string[];
  nlri: Prefix[];
}

export interface MpUnreach {
  afi: number;
  safi: number;
  withdrawn: Prefix[];
}

export interface PathAttributes {
  origin?: BgpOrigin;
  asPath?: AsPathSegment[];
  nextHop?: string;
  med?: number;
  localPref?: number;
  atomicAggregate?: boolean;
  aggregator?: { asn: number; address: string };
  /** COMMUNITIES (RFC 1997), each as a 32-bit number (ASN << 16 | value). */
  communities?: number[];
  as4Path?: AsPathSegment[];
  as4Aggregator?: { asn: number; address: string };
  mpReach?: MpReach;
  mpUnreach?: MpUnreach;
  /** Attributes the codec does not interpret, in the order received. */
  other?: RawAttribute[];
}

export interface UpdateMessage {
  type: 'update';
  withdrawn: Prefix[];
  attributes: PathAttributes;
  nlri: Prefix[];
}

export interface NotificationMessage {
  type: 'notification';
  code: number;
  subcode: number;
  data: Uint8Array;
}

export interface KeepaliveMessage {
  type: 'keepalive';
}

export interface RouteRefreshMessage {
  type: 'routeRefresh';
  afi: number;
  /** Reserved octet (RFC 2918) / message subtype (RFC 7313). */
  subtype: number;
  safi: number;
}

export type BgpMessage = OpenMessage | UpdateMessage | NotificationMessage | KeepaliveMessage | RouteRefreshMessage;

/** What the session negotiated and the codec needs to read or write AS numbers. */
export interface CodecContext {
  /** Both sides sent the 4-octet AS capability (RFC 6793): AS_PATH carries 4-octet ASNs. */
  fourOctetAs: boolean;
}

/** End-of-RIB (RFC 4724): for IPv4 unicast an UPDATE with nothing in it; for other families an empty MP_UNREACH. */
export function isEndOfRib(u: UpdateMessage): { afi: number; safi: number } | undefined {
  const a = u.attributes;
  if (u.withdrawn.length > 0 || u.nlri.length > 0) return undefined;
  const keys = Object.keys(a).filter((k) => a[k as keyof PathAttributes] !== undefined);
  if (keys.length === 0) return { afi: 1, safi: 1 };
  if (keys.length === 1 && a.mpUnreach && a.mpUnreach.withdrawn.length === 0) return { afi: a.mpUnreach.afi, safi: a.mpUnreach.safi };
  return undefined;
}

export function endOfRib(afi = 1, safi = 1): UpdateMessage {
  if (afi === 1 && safi === 1) return { type: 'update', withdrawn: [], attributes: {}, nlri: [] };
  return { type: 'update', withdrawn: [], attributes: { mpUnreach: { afi, safi, withdrawn: [] } }, nlri: [] };
}
