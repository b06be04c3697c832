// A subnet's effective routes (what a VM's NIC uses), built the way Azure documents it
// (virtual-networks-udr-overview, coexisting gateways): system routes for the VNet address
// space and the default ranges, routes plumbed by the virtual network gateway, and user routes
// (UDRs). Selection: longest prefix first; for an equal prefix user > gateway (BGP) > system;
// the VNet's own system routes are never overridden by BGP; ExpressRoute beats S2S VPN for an
// identical prefix; gateway prefixes inside the VNet address space are not installed.
import type { EffectiveRoute, RouteTableRoute } from '../../model/arm';
import { type Prefix, parsePrefix, prefixContains } from '../../model/prefix';
import { PrefixTrie } from '../../model/prefixTrie';

export type GatewayKind = 'ExpressRoute' | 'Vpn';

/** One path a gateway offers for plumbing into the VNet. */
export interface GatewayRouteCandidate {
  prefix: Prefix;
  nextHop: string;
  via: GatewayKind;
}

export interface SubnetRouteInputs {
  /** The VNet address space. */
  addressSpace: readonly Prefix[];
  /** Paths offered by the gateway that plumbs routes into the VNet (in coexistence: the ER gateway, product model). */
  gatewayRoutes: Iterable<GatewayRouteCandidate>;
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

/** Everything known for one prefix; the trie holds these, rows are derived on demand. */
interface Candidate {
  prefix: Prefix;
  system?: EffectiveRoute['nextHopType'];
  gwVia?: GatewayKind;
  gwHops?: readonly string[];
  user?: RouteTableRoute;
}

const NO_HOPS: readonly string[] = Object.freeze([]);

/** The rows of one prefix: one per source, only one Active (user > gateway > system). */
function rowsOf(c: Candidate): Row[] {
  const winner = c.user ? 'user' : c.gwHops ? 'gateway' : 'system';
  const rows: Row[] = [];
  if (c.system) rows.push({ prefix: c.prefix, source: 'Default', active: winner === 'system', nextHopType: c.system, nextHops: NO_HOPS });
  if (c.gwHops) rows.push({ prefix: c.prefix, source: 'VirtualNetworkGateway', active: winner === 'gateway', nextHopType: 'VirtualNetworkGateway', nextHops: c.gwHops, via: c.gwVia });
  if (c.user) rows.push({ prefix: c.prefix, source: 'User', active: true, nextHopType: c.user.nextHopType, nextHops: c.user.nextHopIpAddress ? [c.user.nextHopIpAddress] : NO_HOPS, name: c.user.name });
  return rows;
}

function activeRowOf(c: Candidate): Row {
  return rowsOf(c).find((r) => r.active)!;
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
      for (const { value } of this.trie.entries()) rows.push(...rowsOf(value));
      // Frozen: every lab snapshot taken while this table is current shares the array.
      this.sorted = Object.freeze(rows.sort((a, b) => rank[a.source] - rank[b.source] || comparePrefixes(a.prefix, b.prefix)).map(toEffectiveRoute)) as EffectiveRoute[];
    }
    return this.sorted;
  }

  /** Longest-prefix match among active routes for an address in text. */
  lookup(address: string): ActiveRoute | undefined {
    const c = this.trie.lookup(address)?.value;
    return c && toActive(activeRowOf(c));
  }

  /** Longest-prefix match for an IPv4 address as an unsigned number. */
  lookupV4(address: number): ActiveRoute | undefined {
    const c = this.trie.lookupV4(address);
    return c && toActive(activeRowOf(c));
  }

  /** The active route for exactly this prefix, if any. */
  activeFor(prefix: Prefix): ActiveRoute | undefined {
    const c = this.trie.get(prefix);
    return c && toActive(activeRowOf(c));
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

export function computeSubnetRoutes(inputs: SubnetRouteInputs): SubnetRouteTable {
  // Every prefix gets one Candidate, stored straight in the trie (one object per route, no row objects).
  const routes = inputs.gatewayRoutes;
  const trie = new PrefixTrie<Candidate>(Math.max(1024, (Array.isArray(routes) ? routes.length : 0) * 4));
  const entry = (p: Prefix): Candidate => {
    let c = trie.get(p);
    if (!c) {
      c = { prefix: p };
      trie.set(p, c);
    }
    return c;
  };
  for (const [text, hop] of DEFAULT_SYSTEM_ROUTES) entry(parsePrefix(text)).system = hop;
  // The VNet space replaces a default None route of the same prefix (Azure: "changes the next hop ... to Virtual network").
  for (const p of inputs.addressSpace) entry(p).system = 'VnetLocal';

  const notInstalled: NotInstalledRoute[] = [];
  const rejected = new Set<string>();
  // One shared array per single next hop: 100,000 routes through one gateway need one array, not 100,000.
  const single = new Map<string, readonly string[]>();
  for (const g of inputs.gatewayRoutes) {
    const space = inputs.addressSpace.find((s) => prefixContains(s, g.prefix));
    if (space) {
      if (!rejected.has(g.prefix.text)) {
        rejected.add(g.prefix.text);
        notInstalled.push({
          prefix: g.prefix.text,
          via: g.via,
          reason:
            space.text === g.prefix.text
              ? `equals the VNet address space ${space.text}; VNet system routes are never overridden by BGP`
              : `overlaps the VNet address space ${space.text}; not installed`,
        });
      }
      continue;
    }
    const c = entry(g.prefix);
    if (!c.gwHops || (c.gwVia === 'Vpn' && g.via === 'ExpressRoute')) {
      // ExpressRoute wins over S2S VPN for an identical prefix.
      let hops = single.get(g.nextHop);
      if (!hops) {
        hops = [g.nextHop];
        single.set(g.nextHop, hops);
      }
      c.gwVia = g.via;
      c.gwHops = hops;
    } else if (c.gwVia === g.via && !c.gwHops.includes(g.nextHop)) {
      c.gwHops = [...c.gwHops, g.nextHop].sort(); // ECMP across instances / the MSEE pair
    }
  }
  for (const u of inputs.userRoutes ?? []) entry(parsePrefix(u.addressPrefix)).user = u;
  return new SubnetRouteTable(trie, notInstalled);
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
