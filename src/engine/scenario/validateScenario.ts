// Turns scenario text into a Scenario: JSON Schema for structure (schemas/gwlab.schema.json,
// ajv), then code for what a schema cannot say: references, duplicates, CIDRs, durations,
// lease limits, events after the end. Every problem becomes a ScenarioIssue; nothing throws raw.
import { jsonErrorOffset, jsonNestingProblem, lineColumn } from '../../model/jsonText';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/gwlab.schema.json';
import type { InstanceName } from '../../model/snapshot';
import type { LabFault } from '../labApi';
import { DEFAULT_TIMING, type LabTiming, type TimeRange } from '../timing';
import { INFINITE_LEASE, MAX_LEASE_SECONDS, MIN_LEASE_SECONDS } from '../lease/leaseStore';
import { formatDuration, parseDuration } from './duration';
import { parseIpv4, parseIpv4Prefix, prefixContains, prefixContainsAddress, type Prefix } from '../../model/prefix';
import { ScenarioError, pointerToPath, type ScenarioIssue } from './validationError';
import { withAzureSaDefaults, type Expectation, type ProbeSpec, type Scenario, type ScenarioTopology, type TimelineEvent } from './types';
import { routingIssues, type BgpScenarioSettings } from '../bgp/routingScenario';
import { resolveVirtualMachines } from './virtualMachines';
import { resolveNetworkSecurityGroups, type RawNetworkSecurityGroup } from './networkSecurityGroups';
import type { RouteTableRoute } from '../../model/arm';
import { checkScenarioDevice, type RawScenarioDevice } from '../ike/scenarioDevice';
import { azureIkeSide } from '../ike/azureSide';

export const DEFAULT_START_TIME = '2026-01-01T00:00:00.000Z';
/** One week of virtual time: a pair simulates a day in about 0.1 s, and every event stays in memory. */
export const MAX_DURATION_SECONDS = 7 * 24 * 3600;

let compiled: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  // Compiled on first use: keeps extension activation and CLI start cheap.
  compiled ??= new Ajv({ allErrors: true, discriminator: true, verbose: true, strictTypes: false, formats: { 'date-time': true } }).compile(schema);
  return compiled;
}

/** Keywords whose ajv message does not say what value was found ("must be >= 1"). */
const SHOW_GOT = new Set(['type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'format', 'const']);

function describeSchemaError(e: ErrorObject): string {
  const parent = e.parentSchema as { description?: string } | undefined;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown field "${String(e.params.additionalProperty)}"`;
    case 'required':
      return `missing required field "${String(e.params.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(e.data)})`;
    case 'discriminator': {
      const params = e.params as { tag?: string; tagValue?: unknown; error?: string };
      return params.error === 'mapping'
        ? `unknown ${params.tag} ${JSON.stringify(params.tagValue)}`
        : `"${params.tag}" must be a string`;
    }
    case 'anyOf':
    case 'pattern':
      return parent?.description ? `invalid value ${JSON.stringify(e.data)}: expected ${parent.description}` : `invalid value ${JSON.stringify(e.data)}`;
    default:
      return `${e.message ?? 'is invalid'}${SHOW_GOT.has(e.keyword) ? ` (got ${JSON.stringify(e.data)})` : ''}`;
  }
}

function schemaIssues(file: string, errors: ErrorObject[]): ScenarioIssue[] {
  // An anyOf failure also reports each branch's failure; keep only the summary.
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  const issues: ScenarioIssue[] = [];
  for (const e of errors) {
    if (e.schemaPath.includes('/anyOf/') && anyOfPaths.has(e.instancePath)) continue;
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const issue = { file, path: pointerToPath(e.instancePath), message: describeSchemaError(e) };
    const key = `${issue.path}\n${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

/** Raw shapes as the schema guarantees them (durations still unparsed). */
type Dur = number | string;
interface RawScenario {
  name: string;
  description?: string;
  seed?: number;
  duration: Dur;
  startTime?: string;
  timing?: Record<string, Dur | { min: Dur; max: Dur } | undefined>;
  topology: Omit<ScenarioTopology, 'sites' | 'circuits' | 'connections' | 'gateways' | 'virtualMachines' | 'networkSecurityGroups'> & {
    virtualMachines?: { name: string; subnet: string; privateIpAddress?: string }[];
    networkSecurityGroups?: RawNetworkSecurityGroup[];
    gateways: (Omit<ScenarioTopology['gateways'][number], 'activeActive'> & { activeActive?: boolean })[];
    sites?: ScenarioTopology['sites'];
    circuits?: ScenarioTopology['circuits'];
    connections?: ScenarioTopology['connections'];
  };
  timeline?: (Record<string, unknown> & { at: Dur; action: string })[];
  probes?: { name: string; from: string; to: string; interval?: Dur; gateway?: string }[];
  expectations?: (Record<string, unknown> & { type: string })[];
  bgp?: BgpScenarioSettings;
}

class Checker {
  readonly issues: ScenarioIssue[] = [];
  constructor(readonly file: string) {}

  add(path: string, message: string): void {
    this.issues.push({ file: this.file, path, message });
  }

  duration(value: Dur | undefined, path: string, fallback: number): number {
    if (value === undefined) return fallback;
    const d = parseDuration(value);
    if (!d.ok) {
      this.add(path, d.message);
      return fallback;
    }
    return d.seconds;
  }

  positive(value: Dur | undefined, path: string, fallback: number): number {
    const s = this.duration(value, path, fallback);
    if (value !== undefined && s <= 0) this.add(path, 'must be greater than 0');
    return s;
  }

  unique(names: string[], path: (i: number) => string, what: string): void {
    const first = new Map<string, number>();
    names.forEach((n, i) => {
      const prev = first.get(n);
      if (prev !== undefined) this.add(`${path(i)}.name`, `duplicate ${what} name "${n}" (first defined at ${path(prev)})`);
      else first.set(n, i);
    });
  }

  prefix(text: string, path: string): Prefix | undefined {
    const p = parseIpv4Prefix(text);
    if (!p.ok) this.add(path, p.message);
    return p.ok ? p.prefix : undefined;
  }

  address(text: string | undefined, path: string): number | undefined {
    if (text === undefined) return undefined;
    const a = parseIpv4(text);
    if (a === undefined) this.add(path, `"${text}" is not a valid IPv4 address`);
    return a;
  }
}

function checkTiming(c: Checker, raw: RawScenario['timing']): LabTiming {
  const t: LabTiming = { ...DEFAULT_TIMING, ikeNegotiationSeconds: { ...DEFAULT_TIMING.ikeNegotiationSeconds } };
  if (!raw) return t;
  const p = (k: string): string => `$.timing.${k}`;
  const lease = raw.leaseDuration;
  if (lease === 'infinite') t.leaseDurationSeconds = INFINITE_LEASE;
  else if (lease !== undefined && typeof lease !== 'object') {
    const s = c.duration(lease, p('leaseDuration'), t.leaseDurationSeconds);
    if (!(Number.isInteger(s) && s >= MIN_LEASE_SECONDS && s <= MAX_LEASE_SECONDS)) {
      c.add(p('leaseDuration'), `lease duration must be a whole number of seconds from ${MIN_LEASE_SECONDS} to ${MAX_LEASE_SECONDS}, or "infinite" (got ${s} s)`);
    } else t.leaseDurationSeconds = s;
  }
  const simple: [string, Exclude<keyof LabTiming, 'leaseDurationSeconds' | 'ikeNegotiationSeconds'>, boolean][] = [
    ['renewInterval', 'renewIntervalSeconds', true],
    ['retryInterval', 'retryIntervalSeconds', true],
    ['fenceMargin', 'fenceMarginSeconds', false],
    ['ikeRetry', 'ikeRetrySeconds', true],
    ['dpdTimeout', 'dpdTimeoutSeconds', false],
    ['drain', 'drainSeconds', false],
    ['boot', 'bootSeconds', false],
    ['reboot', 'rebootSeconds', false],
    ['maintenance', 'maintenanceSeconds', false],
    ['activeActiveDetect', 'activeActiveDetectSeconds', false],
  ];
  for (const [key, field, mustBePositive] of simple) {
    const v = raw[key];
    if (v === undefined || typeof v === 'object') continue;
    t[field] = mustBePositive ? c.positive(v, p(key), t[field]) : c.duration(v, p(key), t[field]);
  }
  const ike = raw.ikeNegotiation;
  if (ike !== undefined) {
    let range: TimeRange;
    if (typeof ike === 'object') {
      range = { min: c.duration(ike.min, `${p('ikeNegotiation')}.min`, t.ikeNegotiationSeconds.min), max: c.duration(ike.max, `${p('ikeNegotiation')}.max`, t.ikeNegotiationSeconds.max) };
      if (range.min > range.max) c.add(p('ikeNegotiation'), `min (${range.min} s) must not exceed max (${range.max} s)`);
    } else {
      const s = c.duration(ike, p('ikeNegotiation'), t.ikeNegotiationSeconds.min);
      range = { min: s, max: s };
    }
    t.ikeNegotiationSeconds = range;
  }
  if (t.leaseDurationSeconds !== INFINITE_LEASE) {
    if (t.renewIntervalSeconds >= t.leaseDurationSeconds - t.fenceMarginSeconds) {
      c.add(p('renewInterval'), `must be shorter than leaseDuration - fenceMargin (${t.leaseDurationSeconds - t.fenceMarginSeconds} s), or the active fences itself between renewals`);
    }
    if (t.fenceMarginSeconds >= t.leaseDurationSeconds) c.add(p('fenceMargin'), 'must be shorter than leaseDuration');
  }
  return t;
}

const INSTANCE_FAULTS = new Set(['crash', 'reboot', 'hang', 'plannedMaintenance', 'storagePartition']);

/** Validates parsed JSON; returns the Scenario or throws ScenarioError listing every issue. */
export function validateScenario(data: unknown, file = '<inline>'): Scenario {
  const validate = schemaValidator();
  if (!validate(data)) throw new ScenarioError(schemaIssues(file, validate.errors ?? []));
  const raw = data as RawScenario;
  const c = new Checker(file);

  const durationSeconds = c.positive(raw.duration, '$.duration', 0);
  if (durationSeconds > MAX_DURATION_SECONDS) c.add('$.duration', `must be at most ${MAX_DURATION_SECONDS / 3600}h (got ${formatDuration(durationSeconds)}): a longer run records more events than a report can hold`);
  if (raw.startTime !== undefined && Number.isNaN(Date.parse(raw.startTime))) c.add('$.startTime', `"${raw.startTime}" is not an ISO 8601 date-time`);
  const timing = checkTiming(c, raw.timing);

  // Topology: names, references, CIDRs.
  const topo = raw.topology;
  const vnet = topo.virtualNetwork;
  const gateways = topo.gateways.map((g) => ({ ...g, activeActive: g.activeActive ?? false }));
  // A site's IKE device: lifetimes to seconds, proposals parsed (src/engine/ike).
  const sites = (topo.sites ?? []).map((s, i) => (s.device ? { ...s, device: checkScenarioDevice(s.device as unknown as RawScenarioDevice, `$.topology.sites[${i}].device`, (p, m) => c.add(p, m), (v, p, f) => c.duration(v, p, f)) } : s));
  const circuits = topo.circuits ?? [];
  const connections = topo.connections ?? [];
  c.unique(gateways.map((g) => g.name), (i) => `$.topology.gateways[${i}]`, 'gateway');
  c.unique(sites.map((s) => s.name), (i) => `$.topology.sites[${i}]`, 'site');
  c.unique(circuits.map((s) => s.name), (i) => `$.topology.circuits[${i}]`, 'circuit');
  c.unique(connections.map((s) => s.name), (i) => `$.topology.connections[${i}]`, 'connection');
  c.unique(vnet.subnets.map((s) => s.name), (i) => `$.topology.virtualNetwork.subnets[${i}]`, 'subnet');

  const space = vnet.addressSpace.map((a, i) => c.prefix(a, `$.topology.virtualNetwork.addressSpace[${i}]`));
  const subnetPrefixes: Prefix[] = [];
  vnet.subnets.forEach((s, i) => {
    const path = `$.topology.virtualNetwork.subnets[${i}]`;
    const p = c.prefix(s.addressPrefix, `${path}.addressPrefix`);
    if (p) {
      subnetPrefixes.push(p);
      if (space.every((sp) => sp !== undefined) && !space.some((sp) => sp && prefixContains(sp, p))) {
        c.add(`${path}.addressPrefix`, `${s.addressPrefix} is outside the virtual network's address space (${vnet.addressSpace.join(', ')})`);
      }
    }
    (s.routes ?? []).forEach((r, j) => {
      c.prefix(r.addressPrefix, `${path}.routes[${j}].addressPrefix`);
      if (r.nextHopType === 'VirtualAppliance' && r.nextHopIpAddress === undefined) c.add(`${path}.routes[${j}]`, 'nextHopType VirtualAppliance needs nextHopIpAddress');
      c.address(r.nextHopIpAddress, `${path}.routes[${j}].nextHopIpAddress`);
    });
  });
  gateways.forEach((g, i) => {
    (g.bgpPeeringAddresses ?? []).forEach((a, j) => c.address(a, `$.topology.gateways[${i}].bgpPeeringAddresses[${j}]`));
    if (g.type === 'ExpressRoute' && g.vpnType !== undefined) c.add(`$.topology.gateways[${i}].vpnType`, 'only VPN gateways have a vpnType');
  });
  const sitePrefixes = new Map<string, Prefix[]>();
  sites.forEach((s, i) => {
    const path = `$.topology.sites[${i}]`;
    c.address(s.gatewayIpAddress, `${path}.gatewayIpAddress`);
    c.address(s.bgpPeeringAddress, `${path}.bgpPeeringAddress`);
    sitePrefixes.set(s.name, s.addressPrefixes.map((a, j) => c.prefix(a, `${path}.addressPrefixes[${j}]`)).filter((p): p is Prefix => p !== undefined));
  });
  const gatewayByName = new Map(gateways.map((g) => [g.name, g]));
  const siteNames = new Set(sites.map((s) => s.name));
  const circuitNames = new Set(circuits.map((s) => s.name));
  const connectionNames = new Set(connections.map((s) => s.name));
  const list = (names: Iterable<string>): string => [...names].map((n) => `"${n}"`).join(', ') || '(none defined)';
  const refGateway = (name: string | undefined, path: string): void => {
    if (name !== undefined && !gatewayByName.has(name)) c.add(path, `undefined gateway "${name}" (defined: ${list(gatewayByName.keys())})`);
  };
  connections.forEach((k, i) => {
    const path = `$.topology.connections[${i}]`;
    refGateway(k.gateway, `${path}.gateway`);
    const gw = gatewayByName.get(k.gateway);
    if (k.type === 'IPsec') {
      if (k.site === undefined) c.add(path, 'an IPsec connection needs "site"');
      else if (!siteNames.has(k.site)) c.add(`${path}.site`, `undefined site "${k.site}" (defined: ${list(siteNames)})`);
      if (k.circuit !== undefined) c.add(`${path}.circuit`, 'an IPsec connection has a site, not a circuit');
      if (gw && gw.type !== 'Vpn') c.add(`${path}.gateway`, `gateway "${gw.name}" is an ExpressRoute gateway; IPsec connections need a VPN gateway`);
      // An IPsec policy Azure would refuse (GCM pairing, SKU, lifetimes) is a scenario error.
      if (gw && gw.type === 'Vpn') {
        for (const p of azureIkeSide({ connection: { ...k, ipsecPolicies: withAzureSaDefaults(k.ipsecPolicies) }, vpnType: gw.vpnType, sku: gw.sku }).problems) {
          if (p.severity === 'error') c.add(k.ipsecPolicies ? `${path}.ipsecPolicies[0]` : path, `${p.title}: ${p.detail}`);
        }
      }
    } else {
      if (k.circuit === undefined) c.add(path, 'an ExpressRoute connection needs "circuit"');
      else if (!circuitNames.has(k.circuit)) c.add(`${path}.circuit`, `undefined circuit "${k.circuit}" (defined: ${list(circuitNames)})`);
      if (k.site !== undefined) c.add(`${path}.site`, 'an ExpressRoute connection has a circuit, not a site');
      if (gw && gw.type !== 'ExpressRoute') c.add(`${path}.gateway`, `gateway "${gw.name}" is a VPN gateway; ExpressRoute connections need an ExpressRoute gateway`);
    }
  });

  // Timeline.
  const timeline: TimelineEvent[] = [];
  (raw.timeline ?? []).forEach((e, i) => {
    const path = `$.timeline[${i}]`;
    const at = c.duration(e.at, `${path}.at`, 0);
    if (at > durationSeconds) c.add(`${path}.at`, `event at ${at} s is after the end of the scenario (duration ${durationSeconds} s)`);
    const gateway = e.gateway as string | undefined;
    const instance = e.instance as InstanceName | undefined;
    const connection = e.connection as string | undefined;
    const peer = e.peer as string | undefined;
    refGateway(gateway, `${path}.gateway`);
    if (connection !== undefined && !connectionNames.has(connection)) c.add(`${path}.connection`, `undefined connection "${connection}" (defined: ${list(connectionNames)})`);
    if (instance !== undefined && e.action === 'restore' && gateway === undefined) c.add(`${path}.instance`, 'restore with "instance" needs "gateway" too');
    let fault: LabFault;
    if (INSTANCE_FAULTS.has(e.action)) fault = { kind: e.action as 'crash', gateway: gateway!, instance: instance! };
    else if (e.action === 'gatewayReset') fault = { kind: 'gatewayReset', gateway: gateway! };
    else if (e.action === 'tunnelDown') fault = { kind: 'tunnelDown', connection: connection! };
    else if (e.action === 'bgpSessionDown') fault = { kind: 'bgpSessionDown', gateway: gateway!, peer: peer! };
    else if (e.action === 'udrAdd') fault = { kind: 'udrAdd', subnet: e.subnet as string, route: e.route as RouteTableRoute };
    else if (e.action === 'udrRemove') fault = { kind: 'udrRemove', subnet: e.subnet as string, name: e.name as string };
    else if (e.action === 'ikeProposalChange') {
      const site = e.site as string;
      if (!siteNames.has(site)) c.add(`${path}.site`, `undefined site "${site}" (defined: ${list(siteNames)})`);
      fault = { kind: 'ikeProposalChange', site, device: checkScenarioDevice(e.device as RawScenarioDevice, `${path}.device`, (p, m) => c.add(p, m), (v, p, f) => c.duration(v, p, f)) };
    } else if (e.action === 'sharedKeyMismatch') fault = { kind: 'sharedKeyMismatch', connection: connection! };
    else {
      fault = { kind: 'restore' };
      if (gateway !== undefined) fault.gateway = gateway;
      if (instance !== undefined) fault.instance = instance;
      if (connection !== undefined) fault.connection = connection;
      if (peer !== undefined) fault.peer = peer;
    }
    timeline.push({ at, fault });
  });
  // Stable sort: equal times keep file order.
  timeline.sort((a, b) => a.at - b.at);

  // Probes.
  const probes: ProbeSpec[] = [];
  c.unique((raw.probes ?? []).map((p) => p.name), (i) => `$.probes[${i}]`, 'probe');
  (raw.probes ?? []).forEach((p, i) => {
    const path = `$.probes[${i}]`;
    const from = c.address(p.from, `${path}.from`);
    c.address(p.to, `${path}.to`);
    if (from !== undefined && !subnetPrefixes.some((s) => prefixContainsAddress(s, 4, [from]))) c.add(`${path}.from`, `${p.from} is not in any subnet of virtual network "${vnet.name}"`);
    refGateway(p.gateway, `${path}.gateway`);
    const spec: ProbeSpec = { name: p.name, from: p.from, to: p.to, intervalSeconds: c.positive(p.interval, `${path}.interval`, 1) };
    if (p.gateway !== undefined) spec.gateway = p.gateway;
    probes.push(spec);
  });

  // Expectations.
  const probeNames = new Set(probes.map((p) => p.name));
  const expectations: Expectation[] = [];
  (raw.expectations ?? []).forEach((e, i) => {
    const path = `$.expectations[${i}]`;
    const at = e.at === undefined ? undefined : c.duration(e.at as Dur, `${path}.at`, 0);
    if (at !== undefined && at > durationSeconds) c.add(`${path}.at`, `check at ${at} s is after the end of the scenario (duration ${durationSeconds} s)`);
    refGateway(e.gateway as string | undefined, `${path}.gateway`);
    if (typeof e.connection === 'string' && !connectionNames.has(e.connection)) c.add(`${path}.connection`, `undefined connection "${e.connection}" (defined: ${list(connectionNames)})`);
    if (typeof e.probe === 'string' && !probeNames.has(e.probe)) c.add(`${path}.probe`, `undefined probe "${e.probe}" (defined: ${list(probeNames)})`);
    const x = { ...e } as Record<string, unknown>;
    if (at !== undefined) x.at = at;
    if (e.type === 'failoverGap') {
      x.index = e.index ?? 0;
      x.min = c.duration(e.min as Dur | undefined, `${path}.min`, 0);
      x.max = c.duration(e.max as Dur, `${path}.max`, 0);
      if ((x.min as number) > (x.max as number)) c.add(path, `min (${String(x.min)} s) must not exceed max (${String(x.max)} s)`);
    }
    if (e.type === 'maxUnserved') x.max = c.duration(e.max as Dur, `${path}.max`, 0);
    if (e.type === 'failoverCount' && typeof e.min === 'number' && typeof e.max === 'number' && e.min > e.max) c.add(path, `min (${e.min}) must not exceed max (${e.max})`);
    expectations.push(x as Expectation);
  });

  // BGP/routing checks: ASNs, prefixes, generated blocks, unknown peers, coexistence prerequisites.
  c.issues.push(...routingIssues(data, file));
  const virtualMachines = resolveVirtualMachines(vnet, topo.virtualMachines, probes, file, c.issues);
  const networkSecurityGroups = resolveNetworkSecurityGroups(vnet, topo.networkSecurityGroups, virtualMachines, file, c.issues);
  if (c.issues.length > 0) throw new ScenarioError(c.issues);
  const scenario: Scenario = {
    file,
    name: raw.name,
    seed: raw.seed ?? 1,
    durationSeconds,
    startTime: raw.startTime ? new Date(raw.startTime).toISOString() : DEFAULT_START_TIME,
    timing,
    topology: { virtualNetwork: vnet, gateways, sites, circuits, connections, virtualMachines, ...(networkSecurityGroups ? { networkSecurityGroups } : {}) },
    timeline,
    probes,
    expectations,
  };
  if (raw.description !== undefined) scenario.description = raw.description;
  if (raw.bgp !== undefined) scenario.bgp = raw.bgp;
  return scenario;
}

/** Parses scenario text (JSON) and validates it. */
export function parseScenario(text: string, file = '<inline>'): Scenario {
  // Before parsing: validation recurses once per level and would overflow the stack on deep nesting.
  const tooDeep = jsonNestingProblem(text);
  if (tooDeep) throw new ScenarioError([{ file, path: '$', message: tooDeep }]);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8 quotes the offending text and a position; the line and column say more in a large file.
    const message = (error instanceof Error ? error.message : String(error)).replace(/,? ?(\.\.\.)?".*" is not valid JSON$/s, '').replace(/ (in JSON )?at position \d+.*$/s, '');
    const offset = jsonErrorOffset(text);
    if (offset >= text.length) throw new ScenarioError([{ file, path: '$', message: `not valid JSON: the file ends early (truncated?) after ${text.length} characters` }]);
    const { line, column } = lineColumn(text, offset);
    throw new ScenarioError([{ file, path: '$', message: `not valid JSON at line ${line}, column ${column}: ${message}` }]);
  }
  return validateScenario(data, file);
}
