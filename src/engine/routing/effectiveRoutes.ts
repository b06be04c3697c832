// A subnet's effective routes (what a VM's NIC uses), built the way Azure documents it
// (virtual-networks-udr-overview, coexisting gateways): system routes for the VNet address
// space and the default ranges, routes plumbed by the virtual network gateway, and user routes
// (UDRs). Selection: longest prefix first; for an equal prefix user > gateway (BGP) > system;
// the VNet's own system routes are never overridden by BGP; ExpressRoute beats S2S VPN for an
// identical prefix; gateway prefixes inside the VNet address space are not installed.
import type { EffectiveRoute, RouteTableRoute } from '../model/arm';
import { type Prefix, parsePrefix, prefixContains } from './prefix';
import { PrefixTrie } from './prefixTrie';

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
  gatewayRoutes: readonly GatewayRouteCandidate[];
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

export class SubnetRouteTable {
  /** ARM rows: Default first, then VirtualNetworkGateway, then User, each in address order. */
  readonly routes: EffectiveRoute[];
  /** Gateway prefixes dropped before selection (overlap with the VNet address space). */
  readonly notInstalled: NotInstalledRoute[];
  private readonly trie: PrefixTrie<ActiveRoute>;

  constructor(routes: EffectiveRoute[], notInstalled: NotInstalledRoute[], trie: PrefixTrie<ActiveRoute>) {
    this.routes = routes;
    this.notInstalled = notInstalled;
    this.trie = trie;
  }

  /** Longest-prefix match among active routes for an address in text. */
  lookup(address: string): ActiveRoute | undefined {
    return this.trie.lookup(address)?.value;
  }

  /** Longest-prefix match for an IPv4 address as an unsigned number (no allocation). */
  lookupV4(address: number): ActiveRoute | undefined {
    return this.trie.lookupV4(address);
  }

  /** The active route for exactly this prefix text, if any. */
  activeFor(prefix: Prefix): ActiveRoute | undefined {
    return this.trie.get(prefix);
  }

  get activeCount(): number {
    return this.trie.size;
  }
}

interface Candidate {
  prefix: Prefix;
  system?: EffectiveRoute['nextHopType'];
  gateway?: { via: GatewayKind; nextHops: string[] };
  user?: RouteTableRoute;
}

export function computeSubnetRoutes(inputs: SubnetRouteInputs): SubnetRouteTable {
  const byPrefix = new Map<string, Candidate>();
  const entry = (p: Prefix): Candidate => {
    let c = byPrefix.get(p.text);
    if (!c) {
      c = { prefix: p };
      byPrefix.set(p.text, c);
    }
    return c;
  };
  for (const [text, hop] of DEFAULT_SYSTEM_ROUTES) entry(parsePrefix(text)).system = hop;
  // The VNet space replaces a default None route of the same prefix (Azure: "changes the next hop ... to Virtual network").
  for (const p of inputs.addressSpace) entry(p).system = 'VnetLocal';

  const notInstalled: NotInstalledRoute[] = [];
  const rejected = new Set<string>();
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
    if (!c.gateway || (c.gateway.via === 'Vpn' && g.via === 'ExpressRoute')) {
      // ExpressRoute wins over S2S VPN for an identical prefix.
      c.gateway = { via: g.via, nextHops: [g.nextHop] };
    } else if (c.gateway.via === g.via && !c.gateway.nextHops.includes(g.nextHop)) {
      c.gateway.nextHops.push(g.nextHop); // ECMP across instances / MSEE pair
    }
  }
  for (const u of inputs.userRoutes ?? []) entry(parsePrefix(u.addressPrefix)).user = u;

  const candidates = [...byPrefix.values()].sort((a, b) => comparePrefixes(a.prefix, b.prefix));
  const system: EffectiveRoute[] = [];
  const gateway: EffectiveRoute[] = [];
  const user: EffectiveRoute[] = [];
  const trie = new PrefixTrie<ActiveRoute>(Math.max(1024, byPrefix.size * 4));
  for (const c of candidates) {
    const addressPrefix = [c.prefix.text];
    // Only one source is Active per prefix: user > gateway > system.
    const winner = c.user ? 'user' : c.gateway ? 'gateway' : 'system';
    if (c.system) {
      const route: EffectiveRoute = {
        source: 'Default',
        state: winner === 'system' ? 'Active' : 'Invalid',
        addressPrefix,
        nextHopIpAddress: [],
        nextHopType: c.system,
      };
      system.push(route);
      if (winner === 'system') trie.set(c.prefix, { prefix: c.prefix, route });
    }
    if (c.gateway) {
      const route: EffectiveRoute = {
        source: 'VirtualNetworkGateway',
        state: winner === 'gateway' ? 'Active' : 'Invalid',
        addressPrefix,
        nextHopIpAddress: [...c.gateway.nextHops].sort(),
        nextHopType: 'VirtualNetworkGateway',
      };
      gateway.push(route);
      if (winner === 'gateway') trie.set(c.prefix, { prefix: c.prefix, route, via: c.gateway.via });
    }
    if (c.user) {
      const route: EffectiveRoute = {
        name: c.user.name,
        source: 'User',
        state: 'Active',
        addressPrefix,
        nextHopIpAddress: c.user.nextHopIpAddress ? [c.user.nextHopIpAddress] : [],
        nextHopType: c.user.nextHopType,
      };
      user.push(route);
      trie.set(c.prefix, { prefix: c.prefix, route });
    }
  }
  return new SubnetRouteTable([...system, ...gateway, ...user], notInstalled, trie);
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
