// A BGP path (one route to one prefix with its attributes) and the best-path order.
import type { GatewayRoute, RouteOrigin } from '../../model/arm';
import { type Prefix, prefixKeyCount, prefixTextOfKey } from '../../model/prefix';

/** The BGP ORIGIN attribute (lower is preferred), not ARM's `origin`, which says how the route was learned. */
export type BgpOriginCode = 'igp' | 'egp' | 'incomplete';

export type LearnedFrom = 'local' | 'ebgp' | 'ibgp';

/**
 * A path's attributes without its prefix. One object serves every prefix that carries the same
 * attributes (a site's 1,000,000 routes share one), so RIBs hold a prefix key and a shared object
 * per route, as routers intern attribute sets; never mutated once built.
 */
export interface PathAttrs {
  /** "" for locally originated routes. */
  readonly nextHop: string;
  /** Leftmost = the neighbour AS; [] for local and iBGP-learned local routes. */
  readonly asPath: readonly number[];
  readonly origin: BgpOriginCode;
  /** Local preference knob (Cisco-style weight): higher wins; 32768 for locally originated. */
  readonly weight: number;
  /** Peer address the path came from; the speaker's own address when local. */
  readonly sourcePeer: string;
  readonly learnedFrom: LearnedFrom;
  /** Router id of the sender as an unsigned 32-bit number (0 when local): the last tie-break. */
  readonly peerRouterId: number;
}

/** One route: a prefix and its attributes (made on demand from a RIB's key and shared attributes). */
export interface BgpPath extends PathAttrs {
  prefix: Prefix;
}

/** The path of `prefix` with `attrs` (a new object: for readers, never stored in a RIB). */
export function pathOf(prefix: Prefix, attrs: PathAttrs): BgpPath {
  return {
    prefix,
    nextHop: attrs.nextHop,
    asPath: attrs.asPath,
    origin: attrs.origin,
    weight: attrs.weight,
    sourcePeer: attrs.sourcePeer,
    learnedFrom: attrs.learnedFrom,
    peerRouterId: attrs.peerRouterId,
  };
}

/** The attributes of a path, as one new object (for paths built elsewhere, e.g. from a real router). */
export function attrsOf(path: PathAttrs): PathAttrs {
  return {
    nextHop: path.nextHop,
    asPath: path.asPath,
    origin: path.origin,
    weight: path.weight,
    sourcePeer: path.sourcePeer,
    learnedFrom: path.learnedFrom,
    peerRouterId: path.peerRouterId,
  };
}

export const LOCAL_WEIGHT = 32768;

/** Separator of ASNs in ARM's asPath string. */
export const AS_PATH_SEPARATOR = '-';

const ORIGIN_RANK: Record<BgpOriginCode, number> = { igp: 0, egp: 1, incomplete: 2 };
const LEARNED_RANK: Record<LearnedFrom, number> = { local: 0, ebgp: 1, ibgp: 2 };

/**
 * Negative when `a` is better than `b`: highest weight, shortest AS path, lowest origin,
 * eBGP over iBGP, lowest router id, then lowest peer address so the order is total.
 */
export function compareBgpPaths(a: PathAttrs, b: PathAttrs): number {
  if (a.weight !== b.weight) return b.weight - a.weight;
  if (a.asPath.length !== b.asPath.length) return a.asPath.length - b.asPath.length;
  if (a.origin !== b.origin) return ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin];
  if (a.learnedFrom !== b.learnedFrom) return LEARNED_RANK[a.learnedFrom] - LEARNED_RANK[b.learnedFrom];
  if (a.peerRouterId !== b.peerRouterId) return a.peerRouterId < b.peerRouterId ? -1 : 1;
  return a.sourcePeer < b.sourcePeer ? -1 : a.sourcePeer > b.sourcePeer ? 1 : 0;
}

/** The best of `paths` (undefined when empty). */
export function selectBestPath<P extends PathAttrs>(paths: Iterable<P>): P | undefined {
  let best: P | undefined;
  for (const p of paths) if (!best || compareBgpPaths(p, best) < 0) best = p;
  return best;
}

const ARM_ORIGIN: Record<LearnedFrom, RouteOrigin> = { local: 'Network', ebgp: 'EBgp', ibgp: 'IBgp' };

/** ARM's GatewayRoute row for a path as seen by the speaker at `localAddress`. */
export function toGatewayRoute(path: BgpPath, localAddress: string): GatewayRoute {
  return {
    localAddress,
    network: path.prefix.text,
    nextHop: path.nextHop,
    sourcePeer: path.sourcePeer,
    origin: ARM_ORIGIN[path.learnedFrom],
    asPath: path.asPath.join(AS_PATH_SEPARATOR),
    weight: path.weight,
  };
}

/**
 * ARM route rows from RIB entries (key and shared attributes), with shared strings: one prefix
 * text per key and one AS-path text per attribute set, whatever the number of tables and rows
 * (a lab snapshot of 100,000 routes has about a million rows over its gateways' tables).
 */
export class RouteRows {
  private readonly texts: (string | undefined)[] = new Array<string | undefined>(prefixKeyCount());
  private readonly asPaths = new WeakMap<PathAttrs, string>();

  row(key: number, attrs: PathAttrs, localAddress: string): GatewayRoute {
    let network = key < this.texts.length ? this.texts[key] : undefined;
    if (network === undefined) {
      network = prefixTextOfKey(key);
      if (key < this.texts.length) this.texts[key] = network;
    }
    let asPath = this.asPaths.get(attrs);
    if (asPath === undefined) this.asPaths.set(attrs, (asPath = attrs.asPath.join(AS_PATH_SEPARATOR)));
    return { localAddress, network, nextHop: attrs.nextHop, sourcePeer: attrs.sourcePeer, origin: ARM_ORIGIN[attrs.learnedFrom], asPath, weight: attrs.weight };
  }
}

/** A dotted-quad router id as an unsigned number; throws naming the value when it is not one. */
export function routerIdNumber(routerId: string): number {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(routerId);
  const octets = m ? m.slice(1).map(Number) : [];
  if (octets.length !== 4 || octets.some((o) => o > 255)) throw new Error(`router id "${routerId}" is not a dotted-quad IPv4 address`);
  return ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
}
