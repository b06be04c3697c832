// A subnet's effective routes (what a VM's NIC uses), built the way Azure documents it
// (virtual-networks-udr-overview, coexisting gateways): system routes for the VNet address
// space and the default ranges, routes plumbed by the virtual network gateway, and user routes
// (UDRs). Selection: longest prefix first; for an equal prefix user > gateway (BGP) > system;
// the VNet's own system routes are never overridden by BGP; ExpressRoute beats S2S VPN for an
// identical prefix; gateway prefixes inside the VNet address space are not installed.
import type { EffectiveRoute, RouteTableRoute } from '../../model/arm';
import { type Prefix, isV4Key, keyV4Length, keyV4Word, parsePrefix, prefixContains, prefixKey, prefixOfKey, prefixTextOfKey } from '../../model/prefix';
import { DenseMap } from '../bgp/denseMap';
import { PrefixTrie } from '../../model/prefixTrie';

export type GatewayKind = 'ExpressRoute' | 'Vpn';

/** One path a gateway offers for plumbing into the VNet. */
export interface GatewayRouteCandidate {
  prefix: Prefix;
  nextHop: string;
  via: GatewayKind;
}

/**
 * Gateway routes by prefix key (a RIB's own form): calls `visit` once per path, in order, so a
 * million routes need no candidate objects.
 */
export type KeyedGatewayRoutes = (visit: (key: number, nextHop: string, via: GatewayKind) => void) => void;

export interface SubnetRouteInputs {
  /** The VNet address space. */
  addressSpace: readonly Prefix[];
  /** Paths offered by the gateway that plumbs routes into the VNet (in coexistence: the ER gateway, product model). */
  gatewayRoutes: Iterable<GatewayRouteCandidate>;
  /** More such paths, by prefix key (visited after `gatewayRoutes`). */
  gatewayRouteKeys?: KeyedGatewayRoutes;
  /** The UDRs of the subnet's route table. */
  userRoutes?: readonly RouteTableRoute[];
}

/** Azure's default system routes besides the VNet space (next hop None for the private/shared ranges). */
const DEFAULT_SYSTEM_ROUTES: readonly [string, EffectiveRoute['nextHopType']][] = [
  ['0.0.0.0/0', 'Internet'],
  ['10.0.0.0/8', 'None'],
  ['172.16.0.0/12', 'None'],
  ['192.168.0.0/16', 'None'],
  ['100.64.0.0/10', 'None'],
];

/** What a lookup finds: the active route and, for gateway routes, which kind of gateway path won. */
export interface ActiveRoute {
  prefix: Prefix;
  route: EffectiveRoute;
  via?: GatewayKind;
}

export interface NotInstalledRoute {
  prefix: string;
  via: GatewayKind;
  reason: string;
}

/** A compact route row; EffectiveRoute objects are built from these only when asked for. */
interface Row {
  prefix: Prefix;
  source: EffectiveRoute['source'];
  active: boolean;
  nextHopType: EffectiveRoute['nextHopType'];
  nextHops: readonly string[];
  name?: string;
  via?: GatewayKind;
}

/**
 * Everything known for one prefix (the trie knows the prefix); rows are derived on demand.
 * Prefixes with only a gateway route share one Candidate per (kind, next hops): a million such
 * routes through two instances need a handful of objects, not a million.
 */
interface Candidate {
  system?: EffectiveRoute['nextHopType'];
  gwVia?: GatewayKind;
  gwHops?: readonly string[];
  user?: RouteTableRoute;
}

const NO_HOPS: readonly string[] = Object.freeze([]);

/** The rows of one prefix: one per source, only one Active (user > gateway > system). */
function rowsOf(c: Candidate, prefix: Prefix): Row[] {
  const winner = c.user ? 'user' : c.gwHops ? 'gateway' : 'system';
  const rows: Row[] = [];
  if (c.system) rows.push({ prefix, source: 'Default', active: winner === 'system', nextHopType: c.system, nextHops: NO_HOPS });
  if (c.gwHops) rows.push({ prefix, source: 'VirtualNetworkGateway', active: winner === 'gateway', nextHopType: 'VirtualNetworkGateway', nextHops: c.gwHops, via: c.gwVia });
  if (c.user) rows.push({ prefix, source: 'User', active: true, nextHopType: c.user.nextHopType, nextHops: c.user.nextHopIpAddress ? [c.user.nextHopIpAddress] : NO_HOPS, name: c.user.name });
  return rows;
}

function activeRowOf(c: Candidate, prefix: Prefix): Row {
  return rowsOf(c, prefix).find((r) => r.active)!;
}

export class SubnetRouteTable {
  /** Gateway prefixes dropped before selection (overlap with the VNet address space). */
  readonly notInstalled: NotInstalledRoute[];
  private readonly trie: PrefixTrie<Candidate>;
  private sorted: EffectiveRoute[] | undefined;

  constructor(trie: PrefixTrie<Candidate>, notInstalled: NotInstalledRoute[]) {
    this.notInstalled = notInstalled;
    this.trie = trie;
  }

  /**
   * ARM rows: Default first, then VirtualNetworkGateway, then User, each in address order.
   * Built and sorted on first use: probes only need the trie, and 100,000 rows are the slow part.
   */
  get routes(): EffectiveRoute[] {
    if (!this.sorted) {
      const rank = { Default: 0, VirtualNetworkGateway: 1, User: 2, Unknown: 3 } as const;
      const rows: Row[] = [];
      for (const { prefix, value } of this.trie.entries()) for (const r of rowsOf(value, prefix)) rows.push(r);
      // Frozen: every lab snapshot taken while this table is current shares the array.
      this.sorted = Object.freeze(rows.sort((a, b) => rank[a.source] - rank[b.source] || comparePrefixes(a.prefix, b.prefix)).map(toEffectiveRoute)) as EffectiveRoute[];
    }
    return this.sorted;
  }

  /** Longest-prefix match among active routes for an address in text. */
  lookup(address: string): ActiveRoute | undefined {
    const m = this.trie.lookup(address);
    return m && toActive(activeRowOf(m.value, m.prefix));
  }

  /** Longest-prefix match for an IPv4 address as an unsigned number. */
  lookupV4(address: number): ActiveRoute | undefined {
    const m = this.trie.lookupV4Match(address);
    return m && toActive(activeRowOf(m.value, m.prefix));
  }

  /** The active route for exactly this prefix, if any. */
  activeFor(prefix: Prefix): ActiveRoute | undefined {
    const c = this.trie.get(prefix);
    return c && toActive(activeRowOf(c, prefix));
  }

  /** Number of prefixes with an active route. */
  get activeCount(): number {
    return this.trie.size;
  }
}

function toEffectiveRoute(r: Row): EffectiveRoute {
  const route: EffectiveRoute = {
    source: r.source,
    state: r.active ? 'Active' : 'Invalid',
    addressPrefix: [r.prefix.text],
    nextHopIpAddress: [...r.nextHops],
    nextHopType: r.nextHopType,
  };
  return r.name !== undefined ? { name: r.name, ...route } : route;
}

function toActive(r: Row): ActiveRoute {
  const route = toEffectiveRoute(r);
  return r.via ? { prefix: r.prefix, route, via: r.via } : { prefix: r.prefix, route };
}

/**
 * A prefix's gateway route as paths arrive: kind and next hops, interned with their transitions
 * (one object per distinct state, one Map lookup per path), so a million prefixes share a few.
 */
class GatewayState {
  readonly candidate: Candidate;
  private readonly next = { ExpressRoute: new Map<string, GatewayState>(), Vpn: new Map<string, GatewayState>() };

  constructor(
    readonly via: GatewayKind,
    readonly hops: readonly string[],
    private readonly states: Map<string, GatewayState>,
  ) {
    this.candidate = { gwVia: via, gwHops: hops };
  }

  static of(states: Map<string, GatewayState>, via: GatewayKind, hops: readonly string[]): GatewayState {
    const id = `${via} ${hops.join(' ')}`;
    let s = states.get(id);
    if (!s) states.set(id, (s = new GatewayState(via, hops, states)));
    return s;
  }

  /** The state after one more path `via`/`nextHop` (ExpressRoute wins over S2S VPN; equal kinds add an ECMP hop). */
  add(via: GatewayKind, nextHop: string): GatewayState {
    const memo = this.next[via];
    const known = memo.get(nextHop);
    if (known) return known;
    let s: GatewayState | undefined;
    if (this.via === 'Vpn' && via === 'ExpressRoute') s = GatewayState.of(this.states, via, [nextHop]);
    else if (this.via === via && !this.hops.includes(nextHop)) s = GatewayState.of(this.states, via, [...this.hops, nextHop].sort()); // ECMP across instances / the MSEE pair
    memo.set(nextHop, s ?? this);
    return s ?? this;
  }
}

export function computeSubnetRoutes(inputs: SubnetRouteInputs): SubnetRouteTable {
  const routes = inputs.gatewayRoutes;
  const trie = new PrefixTrie<Candidate>(Math.max(1024, (Array.isArray(routes) ? routes.length : 0) * 4));
  /** Candidates of their own (system and user routes); the shared gateway-only ones are never changed. */
  const own = new Set<Candidate>();
  const entry = (p: Prefix): Candidate => {
    const found = trie.get(p);
    if (found && own.has(found)) return found;
    const c: Candidate = found ? { gwVia: found.gwVia, gwHops: found.gwHops } : {};
    own.add(c);
    trie.set(p, c);
    return c;
  };
  for (const [text, hop] of DEFAULT_SYSTEM_ROUTES) entry(parsePrefix(text)).system = hop;
  // The VNet space replaces a default None route of the same prefix (Azure: "changes the next hop ... to Virtual network").
  for (const p of inputs.addressSpace) entry(p).system = 'VnetLocal';

  /** The system routes' candidates by prefix key, where a gateway route of the same prefix joins them. */
  const ownByKey = new Map<number, Candidate>();
  for (const { prefix, value } of trie.entries()) ownByKey.set(prefixKey(prefix), value);
  const notInstalled: NotInstalledRoute[] = [];
  const states = new Map<string, GatewayState>();
  // Per prefix key: its gateway state so far, or REJECTED (overlaps the VNet space, reported once).
  const byKey = new DenseMap<GatewayState | typeof REJECTED>();
  // Consecutive paths mostly repeat one transition (a million prefixes from one peer): remember it.
  let lastFrom: GatewayState | undefined;
  let lastVia: GatewayKind | undefined;
  let lastHop = '';
  let lastTo: GatewayState | undefined;
  const visit = (key: number, nextHop: string, via: GatewayKind): void => {
    const s = byKey.get(key);
    if (s === REJECTED) return;
    if (s !== undefined) {
      let next: GatewayState;
      if (s === lastFrom && via === lastVia && nextHop === lastHop) next = lastTo!;
      else {
        next = s.add(via, nextHop);
        lastFrom = s;
        lastVia = via;
        lastHop = nextHop;
        lastTo = next;
      }
      if (next !== s) byKey.set(key, next);
      return;
    }
    const space = inputs.addressSpace.find((sp) => keyInside(sp, key));
    if (space) {
      const text = prefixTextOfKey(key);
      notInstalled.push({
        prefix: text,
        via,
        reason:
          space.text === text
            ? `equals the VNet address space ${space.text}; VNet system routes are never overridden by BGP`
            : `overlaps the VNet address space ${space.text}; not installed`,
      });
      byKey.set(key, REJECTED);
      return;
    }
    byKey.set(key, GatewayState.of(states, via, [nextHop]));
  };
  for (const g of routes) visit(prefixKey(g.prefix), g.nextHop, g.via);
  inputs.gatewayRouteKeys?.(visit);
  byKey.forEach((key, s) => {
    if (s === REJECTED) return;
    const found = ownByKey.get(key);
    if (found) {
      found.gwVia = s.via;
      found.gwHops = s.hops;
      return;
    }
    if (isV4Key(key)) {
      trie.setV4(keyV4Word(key), keyV4Length(key), s.candidate);
      return;
    }
    trie.set(prefixOfKey(key), s.candidate);
  });
  for (const u of inputs.userRoutes ?? []) entry(parsePrefix(u.addressPrefix)).user = u;
  return new SubnetRouteTable(trie, notInstalled);
}

const REJECTED = 'rejected' as const;

/** Whether the prefix of `key` lies inside `outer` (IPv4 without making a Prefix). */
function keyInside(outer: Prefix, key: number): boolean {
  if (!isV4Key(key)) return prefixContains(outer, prefixOfKey(key));
  const length = keyV4Length(key);
  if (outer.family !== 4 || outer.length > length) return false;
  if (outer.length === 0) return true;
  const mask = (~0 << (32 - outer.length)) >>> 0;
  return ((keyV4Word(key) ^ outer.words[0]!) & mask) === 0;
}

/** Address order: family, then network address, then length. */
export function comparePrefixes(a: Prefix, b: Prefix): number {
  if (a.family !== b.family) return a.family - b.family;
  for (let i = 0; i < a.words.length; i++) {
    const d = a.words[i]! - b.words[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Verdict for a packet to an on-premises address, from the subnet's table. */
export type ProbeRouteVerdict =
  | { kind: 'gateway'; route: ActiveRoute }
  | { kind: 'drop'; reason: 'no route'; route?: ActiveRoute };

/**
 * Where a VM's packet to an on-premises `destination` goes: to the gateway when the best route
 * points there; otherwise "no route" (no match, next hop None, or a default/Internet route),
 * even when a tunnel is up.
 */
export function routeToOnPremises(table: SubnetRouteTable, destination: string): ProbeRouteVerdict {
  const route = table.lookup(destination);
  if (route && route.route.nextHopType === 'VirtualNetworkGateway') return { kind: 'gateway', route };
  return route ? { kind: 'drop', reason: 'no route', route } : { kind: 'drop', reason: 'no route' };
}

/**
 * The documented coexistence trigger: a UDR on GatewaySubnet that takes the gateway subnet's own
 * traffic away from the VNet (an equal-or-more-specific route to an NVA, None, Internet...)
 * breaks BGP between the ER and VPN gateways. Returns the offending route's description, or
 * undefined when gateway-to-gateway traffic stays local.
 */
export function gatewaySubnetUdrBreak(
  addressSpace: readonly Prefix[],
  gatewaySubnetRoutes: readonly RouteTableRoute[] | undefined,
  gatewayAddresses: readonly string[],
): string | undefined {
  if (!gatewaySubnetRoutes || gatewaySubnetRoutes.length === 0) return undefined;
  const table = computeSubnetRoutes({ addressSpace, gatewayRoutes: [], userRoutes: gatewaySubnetRoutes });
  for (const address of gatewayAddresses) {
    const hit = table.lookup(address);
    if (hit && hit.route.source === 'User' && hit.route.nextHopType !== 'VnetLocal') {
      const via = hit.route.nextHopIpAddress[0] ? ` ${hit.route.nextHopIpAddress[0]}` : '';
      return `UDR "${hit.route.name ?? hit.prefix.text}" (${hit.prefix.text} -> ${hit.route.nextHopType}${via}) on GatewaySubnet covers gateway address ${address}`;
    }
  }
  return undefined;
}
