// The BGP/routing part of a scenario: its optional fields (on sites, circuits and the top-level
// "bgp" section), its timeline actions and expectations, and the checks a JSON Schema cannot
// express (reserved/bad ASNs, prefixes, unknown peers, coexistence prerequisites).
import type { BgpPeerState } from '../../model/arm';
import type { InstanceName } from '../../model/snapshot';
import type { ScenarioIssue } from '../scenario/validationError';
import { parseDuration } from '../scenario/duration';
import { type GeneratedPrefixSpec, checkGeneratedPrefixSpec } from '../routing/generatedPrefixes';
import { PrefixError, parseAddress, parsePrefix } from '../../model/prefix';
import { asnError } from './asn';
import { DEFAULT_BGP_TIMERS, type BgpTimers } from './bgpSession';

/** Site fields read by the routing half (on top of ScenarioSite). */
export interface RoutingSiteFields {
  asn?: number;
  bgpPeeringAddress?: string;
  /** Blocks of generated prefixes the site also advertises (100,000 routes in one line). */
  generatedPrefixes?: GeneratedPrefixSpec[];
  /** The address the on-premises router really uses; when it differs from bgpPeeringAddress the session stays Connecting. */
  bgpRouterAddress?: string;
  /** A real router instead of a simulated one: the gateway instances speak BGP-4 with it on TCP. */
  external?: ExternalRouterSpec;
}

/** Where a real on-premises router is (see externalPeering.ts). */
export interface ExternalRouterSpec {
  /** IPv4 address it connects from and listens on. */
  address: string;
  /** Its BGP port (default 1179). */
  port?: number;
  /** The gateway instances also dial it (default false). */
  dial?: boolean;
}

/** An ExpressRoute circuit: the Microsoft edge (ASN 12076) with the customer's router behind it. */
export interface RoutingCircuitFields {
  name: string;
  /** The customer's on-premises ASN behind the MSEE (default 65020). */
  asn?: number;
  prefixes?: string[];
  generatedPrefixes?: GeneratedPrefixSpec[];
  /** ExpressRoute Premium raises the private-peering prefix limit from 4,000 to 10,000. */
  premium?: boolean;
  /** The two MSEE device paths and their faults (one path down, asymmetric advertisement). */
  paths?: Partial<Record<'primary' | 'secondary', CircuitPathFault>>;
}

/** A fault on one MSEE device path of a circuit. */
export interface CircuitPathFault {
  down?: boolean;
  /** Prefixes the customer does not advertise on this path. */
  withheldPrefixes?: string[];
}

export interface BgpScenarioSettings {
  keepalive?: number | string;
  hold?: number | string;
  connectRetry?: number | string;
  /** false lifts the documented prefix limits, for scale experiments (100,000 routes). Default true. */
  prefixLimits?: boolean;
  /** Real routers: keepalive stays as configured when the router proposes a shorter hold (Azure behaviour). Default true. */
  azureTimers?: boolean;
  /** Real routers: where gateway instances listen (first address, counted up per instance; port). */
  endpoints?: { address?: string; port?: number };
}

export type RoutingExpectation =
  | { type: 'prefix'; at: number; table: string; prefix: string; present: boolean; via?: 'ExpressRoute' | 'Vpn'; description?: string }
  | { type: 'bgpSession'; at: number; gateway: string; peer: string; state: BgpPeerState; instance?: InstanceName; description?: string }
  | { type: 'probeResult'; at: number; probe: string; delivered: boolean; reason?: string; description?: string };

export const ROUTING_EXPECTATION_TYPES: ReadonlySet<string> = new Set(['prefix', 'bgpSession', 'probeResult']);

export function isRoutingExpectation(e: { type: string }): e is RoutingExpectation {
  return ROUTING_EXPECTATION_TYPES.has(e.type);
}

export const DEFAULT_CIRCUIT_CUSTOMER_ASN = 65020;
/** Prefix limits Azure documents (vpn-gateway FAQ, ExpressRoute limits): one table for the lab and the rule. */
export { ER_PREMIUM_PRIVATE_PEERING_PREFIX_LIMIT, ER_PRIVATE_PEERING_PREFIX_LIMIT, VPN_PEER_PREFIX_LIMIT } from '../../model/bgpPrefixLimits';

/** BGP timers of a scenario: its "bgp" section over the documented defaults. */
export function bgpTimersOf(settings: BgpScenarioSettings | undefined): BgpTimers {
  const t = { ...DEFAULT_BGP_TIMERS };
  const sec = (v: number | string | undefined, fallback: number): number => {
    if (v === undefined) return fallback;
    const d = parseDuration(v);
    return d.ok ? d.seconds : fallback;
  };
  t.keepaliveSeconds = sec(settings?.keepalive, t.keepaliveSeconds);
  t.holdSeconds = sec(settings?.hold, t.holdSeconds);
  t.connectRetrySeconds = sec(settings?.connectRetry, t.connectRetrySeconds);
  return t;
}

/** Whether the lab needs the BGP/routing component for this topology. */
export function usesRouting(topology: { gateways: { type: string }[]; connections: { enableBgp?: boolean }[]; circuits: unknown[] }): boolean {
  return topology.connections.some((k) => k.enableBgp === true) || topology.circuits.length > 0 || topology.gateways.some((g) => g.type === 'ExpressRoute');
}

interface RawLike {
  bgp?: BgpScenarioSettings;
  topology: {
    virtualNetwork: { addressSpace: string[]; subnets: { name: string; addressPrefix: string; routes?: { name: string }[] }[] };
    gateways: { name: string; type: string; sku: string; vpnType?: string; asn?: number }[];
    sites?: (RoutingSiteFields & { name: string; addressPrefixes: string[] })[];
    circuits?: (RoutingCircuitFields & Record<string, unknown>)[];
    connections?: { name: string; type: string; gateway: string; site?: string; circuit?: string; enableBgp?: boolean }[];
  };
  timeline?: (Record<string, unknown> & { action: string })[];
  expectations?: (Record<string, unknown> & { type: string })[];
}

/** Routing checks on schema-valid scenario data; every problem names its JSON path. */
export function routingIssues(data: unknown, file: string): ScenarioIssue[] {
  const raw = data as RawLike;
  const issues: ScenarioIssue[] = [];
  const add = (path: string, message: string): void => void issues.push({ file, path, message });
  const topo = raw.topology;
  const sites = topo.sites ?? [];
  const circuits = topo.circuits ?? [];
  const connections = topo.connections ?? [];
  const gateways = topo.gateways;

  // bgp timers
  if (raw.bgp) {
    for (const key of ['keepalive', 'hold', 'connectRetry'] as const) {
      const v = raw.bgp[key];
      if (v === undefined) continue;
      const d = parseDuration(v);
      if (!d.ok) add(`$.bgp.${key}`, d.message);
      else if (d.seconds <= 0) add(`$.bgp.${key}`, 'must be greater than 0');
    }
    const t = bgpTimersOf(raw.bgp);
    if (t.holdSeconds < 3) add('$.bgp.hold', `hold time must be at least 3 s (got ${t.holdSeconds} s)`);
    if (t.keepaliveSeconds >= t.holdSeconds) add('$.bgp.keepalive', `keepalive (${t.keepaliveSeconds} s) must be shorter than the hold time (${t.holdSeconds} s)`);
  }

  gateways.forEach((g, i) => {
    if (g.asn !== undefined) {
      const e = asnError(g.asn, `gateway "${g.name}"`);
      if (e) add(`$.topology.gateways[${i}].asn`, e);
      if (g.type === 'ExpressRoute' && g.asn !== 65515) add(`$.topology.gateways[${i}].asn`, `ExpressRoute gateways always use ASN 65515 (got ${g.asn})`);
    }
  });

  const generated = (list: GeneratedPrefixSpec[] | undefined, path: string): void =>
    (list ?? []).forEach((spec, j) => {
      try {
        checkGeneratedPrefixSpec(spec, `${path}[${j}]`);
      } catch (error) {
        add(`${path}[${j}]`, error instanceof PrefixError ? error.message.replace(`${path}[${j}]: `, '') : String(error));
      }
    });
  const address = (text: string | undefined, path: string): void => {
    if (text === undefined) return;
    try {
      parseAddress(text);
    } catch {
      add(path, `"${text}" is not a valid IP address`);
    }
  };

  sites.forEach((s, i) => {
    const path = `$.topology.sites[${i}]`;
    if (s.asn !== undefined) {
      const e = asnError(s.asn, `site "${s.name}"`);
      if (e) add(`${path}.asn`, e);
    }
    generated(s.generatedPrefixes, `${path}.generatedPrefixes`);
    address(s.bgpRouterAddress, `${path}.bgpRouterAddress`);
    s.addressPrefixes.forEach((p, j) => {
      try {
        parsePrefix(p);
      } catch (error) {
        if (error instanceof PrefixError && /host bits/.test(error.message)) add(`${path}.addressPrefixes[${j}]`, error.message);
      }
    });
  });
  circuits.forEach((c, i) => {
    const path = `$.topology.circuits[${i}]`;
    if (c.asn !== undefined) {
      const e = asnError(c.asn, `circuit "${c.name}"`);
      if (e) add(`${path}.asn`, e);
    }
    (c.prefixes ?? []).forEach((p, j) => {
      try {
        parsePrefix(p);
      } catch (error) {
        add(`${path}.prefixes[${j}]`, error instanceof Error ? error.message : String(error));
      }
    });
    generated(c.generatedPrefixes, `${path}.generatedPrefixes`);
  });

  connections.forEach((k, i) => {
    if (k.enableBgp !== true || k.type !== 'IPsec') return;
    const site = sites.find((s) => s.name === k.site);
    if (!site) return;
    if (site.asn === undefined) add(`$.topology.connections[${i}].enableBgp`, `connection "${k.name}" enables BGP but site "${site.name}" has no "asn"`);
    if (site.bgpPeeringAddress === undefined) add(`$.topology.connections[${i}].enableBgp`, `connection "${k.name}" enables BGP but site "${site.name}" has no "bgpPeeringAddress"`);
  });

  // Real routers: a site marked external needs BGP on an IPsec connection, and IPv4 addresses.
  sites.forEach((site, i) => {
    if (!site.external) return;
    const path = `$.topology.sites[${i}].external`;
    address(site.external.address, `${path}.address`);
    if (site.external.address.includes(':')) add(`${path}.address`, 'must be an IPv4 address');
    if (!connections.some((k) => k.type === 'IPsec' && k.site === site.name && k.enableBgp === true)) {
      add(path, `site "${site.name}" is external (a real router) but no IPsec connection with "enableBgp": true leads to it`);
    }
  });
  if (raw.bgp?.endpoints?.address !== undefined) {
    address(raw.bgp.endpoints.address, '$.bgp.endpoints.address');
    if (raw.bgp.endpoints.address.includes(':')) add('$.bgp.endpoints.address', 'must be an IPv4 address');
  }

  // Coexistence prerequisites (coexisting gateways doc): route-based VPN, no Basic SKU, GatewaySubnet /27 or larger.
  const hasEr = gateways.some((g) => g.type === 'ExpressRoute');
  const hasVpn = gateways.some((g) => g.type === 'Vpn');
  if (hasEr && hasVpn) {
    gateways.forEach((g, i) => {
      if (g.type !== 'Vpn') return;
      if (g.vpnType === 'PolicyBased') add(`$.topology.gateways[${i}].vpnType`, `ExpressRoute/VPN coexistence needs a route-based VPN gateway ("${g.name}" is PolicyBased)`);
      if (/^basic$/i.test(g.sku)) add(`$.topology.gateways[${i}].sku`, `ExpressRoute/VPN coexistence does not support the Basic SKU ("${g.name}")`);
    });
    const gwSubnet = topo.virtualNetwork.subnets.findIndex((s) => s.name === 'GatewaySubnet');
    const sub = topo.virtualNetwork.subnets[gwSubnet];
    if (!sub) add('$.topology.virtualNetwork.subnets', 'ExpressRoute/VPN coexistence needs a subnet named "GatewaySubnet"');
    else {
      const len = Number(sub.addressPrefix.split('/')[1]);
      if (len > 27) add(`$.topology.virtualNetwork.subnets[${gwSubnet}].addressPrefix`, `ExpressRoute/VPN coexistence needs GatewaySubnet /27 or larger (got /${len})`);
    }
  }

  // Peers a gateway can have a BGP session with.
  const gatewayByName = new Map(gateways.map((g) => [g.name, g]));
  const peersOf = (gateway: string): string[] => {
    const g = gatewayByName.get(gateway);
    if (!g) return [];
    const names: string[] = [];
    for (const k of connections) {
      if (k.gateway !== gateway) continue;
      if (k.type === 'IPsec' && k.enableBgp === true && k.site) names.push(k.site);
      if (k.type === 'ExpressRoute' && k.circuit) names.push(k.circuit);
    }
    for (const other of gateways) if (other.type !== g.type) names.push(other.name);
    return names;
  };
  const checkPeer = (gateway: unknown, peer: unknown, path: string): void => {
    if (typeof gateway !== 'string' || typeof peer !== 'string' || !gatewayByName.has(gateway)) return;
    const g = gatewayByName.get(gateway)!;
    const other = gatewayByName.get(peer);
    if (other && other.type === g.type) {
      add(`${path}.peer`, `"${gateway}" and "${peer}" are both ${g.type === 'Vpn' ? 'VPN' : 'ExpressRoute'} gateways: an ER<->VPN session needs one ExpressRoute and one VPN gateway (coexistence)`);
      return;
    }
    const peers = peersOf(gateway);
    if (!peers.includes(peer)) {
      add(`${path}.peer`, `gateway "${gateway}" has no BGP peer "${peer}" (its peers: ${peers.map((n) => `"${n}"`).join(', ') || 'none: enable BGP on a connection, add a circuit, or a gateway of the other type'})`);
    }
  };

  const subnetNames = new Set(topo.virtualNetwork.subnets.map((s) => s.name));
  const udrNames = new Set(topo.virtualNetwork.subnets.flatMap((s) => (s.routes ?? []).map((r) => `${s.name}/${r.name}`)));
  (raw.timeline ?? []).forEach((e, i) => {
    const path = `$.timeline[${i}]`;
    if (e.action === 'bgpSessionDown') checkPeer(e.gateway, e.peer, path);
    if (e.action === 'restore' && typeof e.peer === 'string') {
      const known = sites.some((s) => s.name === e.peer) || circuits.some((c) => c.name === e.peer) || gatewayByName.has(e.peer);
      if (!known) add(`${path}.peer`, `unknown peer "${e.peer}" (sites, circuits and gateways: ${[...sites.map((s) => s.name), ...circuits.map((c) => c.name), ...gatewayByName.keys()].map((n) => `"${n}"`).join(', ')})`);
      else if (typeof e.gateway === 'string') checkPeer(e.gateway, e.peer, path);
    }
    if (e.action === 'udrAdd' || e.action === 'udrRemove') {
      const subnet = e.subnet as string;
      if (!subnetNames.has(subnet)) add(`${path}.subnet`, `undefined subnet "${subnet}" (defined: ${[...subnetNames].map((n) => `"${n}"`).join(', ')})`);
      if (e.action === 'udrAdd') {
        const r = e.route as { name: string; addressPrefix: string; nextHopType: string; nextHopIpAddress?: string };
        try {
          parsePrefix(r.addressPrefix);
        } catch (error) {
          add(`${path}.route.addressPrefix`, error instanceof Error ? error.message : String(error));
        }
        if (r.nextHopType === 'VirtualAppliance' && r.nextHopIpAddress === undefined) add(`${path}.route`, 'nextHopType VirtualAppliance needs nextHopIpAddress');
        address(r.nextHopIpAddress, `${path}.route.nextHopIpAddress`);
        udrNames.add(`${subnet}/${r.name}`);
      } else if (!udrNames.has(`${subnet}/${String(e.name)}`)) {
        add(`${path}.name`, `subnet "${subnet}" has no route "${String(e.name)}" at this point of the timeline`);
      }
    }
  });

  (raw.expectations ?? []).forEach((e, i) => {
    const path = `$.expectations[${i}]`;
    if (e.type === 'bgpSession') checkPeer(e.gateway, e.peer, path);
    if (e.type === 'prefix') {
      if (typeof e.table === 'string' && e.table !== 'vnet' && !gatewayByName.has(e.table)) {
        add(`${path}.table`, `unknown table "${e.table}" (expected "vnet" or a gateway: ${[...gatewayByName.keys()].map((n) => `"${n}"`).join(', ')})`);
      }
      if (typeof e.prefix === 'string') {
        try {
          parsePrefix(e.prefix);
        } catch (error) {
          add(`${path}.prefix`, error instanceof Error ? error.message : String(error));
        }
      }
    }
  });
  return issues;
}
