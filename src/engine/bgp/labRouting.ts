// The lab's BGP/routing component (a LabComponent): BGP speakers on every gateway instance, on
// on-premises sites (sessions over their S2S tunnels) and on ExpressRoute circuits (the MSEE,
// ASN 12076, with the customer's router behind it); ER<->VPN sessions in coexistence; the VNet's
// effective routes; probe routing; BGP faults, UDR changes; snapshot and timeline rows.
// Product model, labelled in reports: in coexistence only the ER gateway plumbs learned routes
// into the VNet (see vnetPlumbing.ts).
import type { LabComponent, LabHost, RouteDecision, RouteQuery } from '../labComponent';
import type { LabFault } from '../labApi';
import type { LabTimelineSample } from '../../model/labTimeline';
import type { BgpPeerState, BgpPeerStatus, GatewayRoute, RouteTableRoute } from '../../model/arm';
import type { InstanceName, LabBgpSessionState, NetworkSnapshot } from '../../model/snapshot';
import { networkResourceId } from '../../model/resourceIds';
import type { ScenarioGateway, ScenarioSite } from '../scenario/types';
import { type GatewayKind, type SubnetRouteTable, computeSubnetRoutes, gatewaySubnetUdrBreak, routeToOnPremises } from '../routing/effectiveRoutes';
import { generatePrefixKeys, generatePrefixes } from '../routing/generatedPrefixes';
import { type Prefix, formatAddress, parseAddress, parsePrefix, prefixContainsAddress, prefixKey } from '../../model/prefix';
import { DEFAULT_GATEWAY_ASN, MICROSOFT_EDGE_ASN } from './asn';
import { BgpSession, type SessionSideConfig } from './bgpSession';
import { BgpSpeaker, type SpeakerSession } from './bgpSpeaker';
import { RouteRows } from './bgpPath';
import { ExternalPeering, ExternalSession } from './externalPeering';
import { DEFAULT_CIRCUIT_CUSTOMER_ASN, type RoutingCircuitFields, type RoutingSiteFields, bgpTimersOf } from './routingScenario';
import { documentedPrefixLimit } from '../../model/bgpPrefixLimits';
import { PLUMBING_MODEL_NOTE, plumbedRoutes } from './vnetPlumbing';
import { SnapshotRowCache, defineLazy } from './snapshotRowCache';
import type { EffectiveRoute } from '../../model/arm';
import type { CircuitArpEntry, CircuitPathTables, CircuitRoute } from '../../model/armNetwork';
import { circuitPathAddresses, type LabRouteSource } from '../labNetwork';

/** A circuit's path faults, resolved: which paths are down, which prefixes each advertises. */
interface CircuitPathState {
  bothDown: boolean;
  down(path: 'primary' | 'secondary'): boolean;
  advertises(path: 'primary' | 'secondary', prefix: string): boolean;
  /** Whether any live path carries the prefix. */
  carries(prefix: string): boolean;
}

function circuitPathState(c: RoutingCircuitFields): CircuitPathState {
  const canonical = (text: string): string => parsePrefix(text, { maskHostBits: true }).text;
  const withheld = {
    primary: new Set((c.paths?.primary?.withheldPrefixes ?? []).map(canonical)),
    secondary: new Set((c.paths?.secondary?.withheldPrefixes ?? []).map(canonical)),
  };
  const down = (path: 'primary' | 'secondary'): boolean => c.paths?.[path]?.down === true;
  const advertises = (path: 'primary' | 'secondary', prefix: string): boolean => !down(path) && !withheld[path].has(prefix);
  return { bothDown: down('primary') && down('secondary'), down, advertises, carries: (p) => advertises('primary', p) || advertises('secondary', p) };
}

const INSTANCES: readonly InstanceName[] = ['IN_0', 'IN_1'];

type SessionKind = 'site' | 'circuit' | 'coexistence' | 'customer';

/** A simulated session or one with a real router (ExternalSession). */
export interface RoutingSession extends SpeakerSession {
  readonly state: BgpPeerState;
  readonly lastError: string;
  start(): void;
  transportRestored(): void;
  transportLost(silent: boolean): void;
  adminShutdown(): void;
  adminUp(): void;
  stateFor(side: 0 | 1): BgpPeerState;
}

/** A BGP session and where it sits in the lab's topology (which gateway instance, which peer, over which connection). */
interface PlacedSession {
  session: RoutingSession;
  kind: SessionKind;
  /** The Azure gateway end (side 0) and its instance; for 'customer' the circuit name. */
  gateway: string;
  instance?: InstanceName;
  /** Scenario name of the other end (site, circuit or the other gateway). */
  peer: string;
  peerInstance?: InstanceName;
  connection?: string;
  /** Last transport state seen, to tell the session about changes. */
  transport: boolean;
}

export interface GatewayNode {
  spec: ScenarioGateway;
  speakers: Record<InstanceName, BgpSpeaker>;
}

/** What a speaker's routes are at: its RIB's version, and whether it is down (a stopped speaker shows none). */
function ribVersion(speaker: BgpSpeaker): string {
  return `${speaker.rib.version}${speaker.up ? '' : 'd'}`;
}

interface CircuitNode {
  name: string;
  msee: BgpSpeaker;
  customer: BgpSpeaker;
}

export class LabRouting implements LabComponent, LabRouteSource {
  readonly name = 'bgp-routing';
  readonly gateways = new Map<string, GatewayNode>();
  readonly sites = new Map<string, BgpSpeaker>();
  readonly circuits = new Map<string, CircuitNode>();
  readonly sessions: PlacedSession[] = [];
  private readonly udrs = new Map<string, RouteTableRoute[]>();
  /** Subnets whose route table a udrAdd wrote: the table stays (empty) after its last route is removed, as in Azure. */
  private readonly tablesWritten = new Set<string>();
  private readonly addressSpace: Prefix[];
  private readonly gatewayAddresses: string[] = [];
  private udrBreak: string | undefined;
  private udrVersion = 0;
  private tableCache = new Map<string, { version: string; table: SubnetRouteTable }>();
  private readonly rows = new SnapshotRowCache();
  private readonly circuitPaths = new Map<string, { index: number; faults: CircuitPathState }>();
  private started = false;
  /** Real routers (sites marked external), when the scenario has any. */
  readonly external: ExternalPeering | undefined;

  /** Logs session ups and downs (with the reason) in the lab's event log; skips Idle<->Connecting retries. */
  private logger(label: string, gateway: string, instance?: InstanceName): (state: BgpPeerState, reason: string) => void {
    let wasConnected = false;
    return (state, reason) => {
      const notable = state === 'Connected' || wasConnected || /refused|bad peer AS|prefix limit/.test(reason);
      const what = state === 'Connected' ? 'Connected' : wasConnected ? 'down' : state;
      wasConnected = state === 'Connected';
      if (!notable) return;
      const event = { kind: 'bgp' as const, gateway, message: `BGP ${label} ${what}${reason ? ` (${reason})` : ''}` };
      this.lab.log(instance ? { ...event, instance } : event);
    };
  }

  constructor(private readonly lab: LabHost) {
    const scenario = lab.scenario;
    const topo = scenario.topology;
    const timers = bgpTimersOf(scenario.bgp);
    const limits = scenario.bgp?.prefixLimits !== false;
    const sched = lab.scheduler;
    this.addressSpace = topo.virtualNetwork.addressSpace.map((p) => parsePrefix(p));
    for (const s of topo.virtualNetwork.subnets) this.udrs.set(s.name, [...(s.routes ?? [])]);

    // Gateway instances: addresses as the snapshot builder assigns them (GatewaySubnet .4 + 2*index + instance).
    topo.gateways.forEach((spec, gi) => {
      const speakers = {} as Record<InstanceName, BgpSpeaker>;
      INSTANCES.forEach((n, i) => {
        const address = spec.bgpPeeringAddresses?.[i] ?? this.gatewaySubnetAddress(4 + gi * 2 + i) ?? `10.255.${gi}.${4 + i}`;
        const sp = new BgpSpeaker({ name: `${spec.name}/${n}`, asn: spec.asn ?? DEFAULT_GATEWAY_ASN, address });
        // Snapshot rows not read yet are built before this speaker's tables change (see SnapshotRowCache).
        sp.beforeChange = () => this.rows.flush();
        sp.originate(this.addressSpace);
        speakers[n] = sp;
        this.gatewayAddresses.push(address);
      });
      this.gateways.set(spec.name, { spec, speakers });
    });

    // On-premises sites with BGP, behind their S2S tunnels.
    for (const k of topo.connections) {
      if (k.type !== 'IPsec' || k.enableBgp !== true) continue;
      const site = topo.sites.find((s) => s.name === k.site) as (ScenarioSite & RoutingSiteFields) | undefined;
      const gw = this.gateways.get(k.gateway);
      if (!site || !gw || site.asn === undefined || site.bgpPeeringAddress === undefined) continue;
      if (site.external) {
        this.external = this.addExternalSite(site, gw, topo.gateways.indexOf(gw.spec), k.name, limits, timers);
        continue;
      }
      let speaker = this.sites.get(site.name);
      if (!speaker) {
        speaker = new BgpSpeaker({ name: `site ${site.name}`, asn: site.asn, address: site.bgpRouterAddress ?? site.bgpPeeringAddress });
        speaker.originateKeys(this.sitePrefixKeys(site));
        this.sites.set(site.name, speaker);
      }
      const erAddresses = (): Set<string> => new Set(this.gatewaysOfType('ExpressRoute').flatMap((g) => INSTANCES.map((n) => g.speakers[n].address)));
      for (const n of INSTANCES) {
        const gwSide: SessionSideConfig = {
          speaker: gw.speakers[n],
          peerAddress: site.bgpPeeringAddress,
          expectedPeerAsn: site.asn,
          prefixLimit: limits ? documentedPrefixLimit('onPremises') : undefined,
          refuseReservedPeerAsn: true,
          // No ER -> S2S transit by default: the VPN gateway does not pass ER-learned routes to sites.
          exportFilter: (p) => !erAddresses().has(p.sourcePeer),
        };
        const session = new BgpSession(sched, {
          id: `${gw.spec.name}/${n}<->site ${site.name}`,
          sides: [gwSide, { speaker }],
          timers,
          onStateChange: this.logger(`${gw.spec.name}/${n} <-> site ${site.name}`, gw.spec.name, n),
          transportUp: () => this.tunnelUp(gw.spec.name, k.name, n),
        });
        this.sessions.push({ session, kind: 'site', gateway: gw.spec.name, instance: n, peer: site.name, connection: k.name, transport: false });
      }
    }

    // ExpressRoute circuits: customer router -> MSEE (12076) -> ER gateway instances.
    const circuits = topo.circuits as unknown as RoutingCircuitFields[];
    circuits.forEach((c, ci) => {
      const msee = new BgpSpeaker({ name: `circuit ${c.name} (MSEE)`, asn: MICROSOFT_EDGE_ASN, address: `172.31.${ci}.2` });
      const customer = new BgpSpeaker({ name: `circuit ${c.name} (customer)`, asn: c.asn ?? DEFAULT_CIRCUIT_CUSTOMER_ASN, address: `172.31.${ci}.1` });
      const paths = circuitPathState(c);
      let prefixes = (c.prefixes ?? []).map((p) => parsePrefix(p));
      // Element by element: spreading a million-element array into push() overflows the call stack.
      for (const spec of c.generatedPrefixes ?? []) for (const p of generatePrefixes(spec, `circuit ${c.name}`)) prefixes.push(p);
      // One MSEE speaker stands for the pair: what neither live path carries never reaches Azure.
      if (c.paths) prefixes = prefixes.filter((p) => paths.carries(p.text));
      customer.originate(prefixes);
      this.circuits.set(c.name, { name: c.name, msee, customer });
      // Routes advertised to private peering from on-premises: limited where they enter, at the MSEE.
      const limit = documentedPrefixLimit('microsoftEdge', { premium: c.premium === true });
      const session = new BgpSession(sched, {
        id: `circuit ${c.name}: MSEE<->customer`,
        sides: [{ speaker: msee, prefixLimit: limits ? limit : undefined, refuseReservedPeerAsn: true }, { speaker: customer }],
        timers,
        onStateChange: this.logger(`circuit ${c.name} MSEE <-> customer`, c.name),
        transportUp: () => !paths.bothDown,
      });
      this.circuitPaths.set(c.name, { index: ci, faults: paths });
      this.sessions.push({ session, kind: 'customer', gateway: c.name, peer: c.name, transport: !paths.bothDown });
    });
    for (const k of topo.connections) {
      if (k.type !== 'ExpressRoute' || !k.circuit) continue;
      const gw = this.gateways.get(k.gateway);
      const c = this.circuits.get(k.circuit);
      if (!gw || !c) continue;
      for (const n of INSTANCES) {
        const session = new BgpSession(sched, {
          id: `${gw.spec.name}/${n}<->circuit ${c.name}`,
          // No VPN -> ER transit by default: the ER gateway advertises only the VNet to the MSEE.
          sides: [{ speaker: gw.speakers[n], exportFilter: (p) => p.learnedFrom === 'local' }, { speaker: c.msee }],
          timers,
          onStateChange: this.logger(`${gw.spec.name}/${n} <-> circuit ${c.name}`, gw.spec.name, n),
        });
        this.sessions.push({ session, kind: 'circuit', gateway: gw.spec.name, instance: n, peer: c.name, connection: k.name, transport: true });
      }
    }

    // Coexistence: every ER gateway instance peers with every VPN gateway instance.
    for (const er of this.gatewaysOfType('ExpressRoute')) {
      for (const vpn of this.gatewaysOfType('Vpn')) {
        for (const n of INSTANCES) {
          for (const m of INSTANCES) {
            const session = new BgpSession(sched, {
              id: `${er.spec.name}/${n}<->${vpn.spec.name}/${m}`,
              // No prefix limit: Azure documents none between the gateways (model/bgpPrefixLimits.ts).
              sides: [
                { speaker: er.speakers[n], prefixLimit: limits ? documentedPrefixLimit('azureGateway') : undefined },
                { speaker: vpn.speakers[m], prefixLimit: limits ? documentedPrefixLimit('azureGateway') : undefined },
              ],
              timers,
              onStateChange: this.logger(`${er.spec.name}/${n} <-> ${vpn.spec.name}/${m}`, er.spec.name, n),
              transportUp: () => this.udrBreak === undefined,
            });
            this.sessions.push({ session, kind: 'coexistence', gateway: er.spec.name, instance: n, peer: vpn.spec.name, peerInstance: m, transport: true });
          }
        }
      }
    }
    this.udrBreak = this.computeUdrBreak();
  }

  onChange(): void {
    if (!this.started) {
      this.started = true;
      // Reports and the lab's log carry the label wherever the rule decides what VMs can reach.
      if (this.gatewaysOfType('ExpressRoute').length > 0 && this.gatewaysOfType('Vpn').length > 0) this.lab.log({ kind: 'info', message: PLUMBING_MODEL_NOTE });
      this.syncInstances();
      for (const s of this.sessions) {
        s.transport = this.transportOf(s);
        s.session.start();
      }
      return;
    }
    this.syncInstances();
    for (const s of this.sessions) {
      const now = this.transportOf(s);
      if (now === s.transport) continue;
      s.transport = now;
      if (now) s.session.transportRestored();
      else {
        // A tunnel torn down while the gateway instance lives: both ends see the tunnel go and
        // drop BGP at once. A dead instance tells nobody: its peers wait for the hold time.
        const gwAlive = s.instance === undefined || this.gateways.get(s.gateway)?.speakers[s.instance].up !== false;
        s.session.transportLost(!gwAlive || s.kind === 'coexistence');
      }
    }
  }

  handleFault(fault: LabFault): boolean {
    switch (fault.kind) {
      case 'bgpSessionDown': {
        const matched = this.matchSessions(fault.gateway, fault.peer);
        if (matched.length === 0) throw new Error(`bgpSessionDown: gateway "${fault.gateway}" has no BGP session with "${fault.peer}" (its peers: ${this.peerNames(fault.gateway).join(', ') || 'none'})`);
        for (const s of matched) s.session.adminShutdown();
        return true;
      }
      case 'restore': {
        const all = fault.gateway === undefined && fault.connection === undefined && fault.peer === undefined;
        if (!all && fault.peer === undefined) return false;
        const matched = all ? this.sessions : this.matchSessions(fault.gateway, fault.peer!);
        for (const s of matched) s.session.adminUp();
        return matched.length > 0;
      }
      case 'udrAdd':
      case 'udrRemove': {
        const routes = this.udrs.get(fault.subnet);
        if (!routes) throw new Error(`${fault.kind}: unknown subnet "${fault.subnet}" (subnets: ${[...this.udrs.keys()].join(', ')})`);
        if (fault.kind === 'udrAdd') {
          this.tablesWritten.add(fault.subnet);
          const i = routes.findIndex((r) => r.name === fault.route.name);
          if (i >= 0) routes[i] = fault.route;
          else routes.push(fault.route);
        } else {
          const i = routes.findIndex((r) => r.name === fault.name);
          if (i < 0) throw new Error(`udrRemove: subnet "${fault.subnet}" has no route "${fault.name}"`);
          routes.splice(i, 1);
        }
        this.udrVersion++;
        const before = this.udrBreak;
        this.udrBreak = this.computeUdrBreak();
        if (before !== this.udrBreak) this.onChange();
        return true;
      }
      default:
        return false;
    }
  }

  route(query: RouteQuery): RouteDecision | undefined {
    const table = this.subnetTable(this.subnetOf(query.from));
    const verdict = routeToOnPremises(table, query.to);
    if (verdict.kind === 'drop') return { kind: 'drop', reason: 'noRoute' };
    const active = verdict.route;
    if (active.via === 'ExpressRoute') {
      const er = this.gatewaysOfType('ExpressRoute')[0];
      return { kind: 'delivered', via: er ? er.spec.name : 'ExpressRoute' };
    }
    // A VPN route: find the VPN gateway and the site connection its best path leads to.
    const hops = new Set(active.route.nextHopIpAddress);
    for (const vpn of this.gatewaysOfType('Vpn')) {
      const own = INSTANCES.some((n) => hops.has(vpn.speakers[n].address));
      for (const n of INSTANCES) {
        const sp = vpn.speakers[n];
        const best = sp.rib.best(prefixKey(active.prefix));
        if (!best || (!own && !hops.has(best.sourcePeer))) continue;
        const s = this.sessions.find((x) => x.kind === 'site' && x.gateway === vpn.spec.name && this.sites.get(x.peer)?.address === best.sourcePeer);
        if (s?.connection) return { kind: 'gateway', gateway: vpn.spec.name, connection: s.connection };
      }
    }
    return { kind: 'drop', reason: 'noRoute' };
  }

  /** A gateway's BGP peers as ARM reports them (both instances; not an A/P standby's idle site attempts). */
  reportedPeerStatuses(node: GatewayNode): BgpPeerStatus[] {
    return INSTANCES.flatMap((n) => node.speakers[n].ends.filter((e) => this.reported(e.session)).map((e) => e.session.peerStatus(e.side)));
  }

  /**
   * BGP moves on its own timers (session states, routes, what each side advertises), without
   * notifying the lab each time: these versions tell a snapshot whose BGP part changed.
   */
  dataVersion(): string {
    const speakers: BgpSpeaker[] = [...this.sites.values()];
    for (const node of this.gateways.values()) for (const n of INSTANCES) speakers.push(node.speakers[n]);
    for (const c of this.circuits.values()) speakers.push(c.msee, c.customer);
    let version = `${this.udrVersion}`;
    for (const sp of speakers) version += `,${ribVersion(sp)}`;
    for (const { session } of this.sessions) {
      version += `;${session.stateFor(0)}/${session.stateFor(1)}/${session.advertisedVersion(0)}/${session.advertisedVersion(1)}/${session.lastError}`;
    }
    return version;
  }

  contribute(snapshot: NetworkSnapshot): void {
    const labSessions: LabBgpSessionState[] = [];
    // Rows built for this snapshot share their strings (made only when some table changed).
    let shared: RouteRows | undefined;
    const routeRows = (): RouteRows => (shared ??= new RouteRows());
    for (const gs of snapshot.gateways) {
      const node = this.gateways.get(gs.gateway.name);
      if (!node) continue;
      gs.bgpPeers = this.reportedPeerStatuses(node);
      // Why each reported peer is not Connected, which ARM's rows cannot carry (a prefix-limit
      // drop is a plain Idle peer with 0 routes there): one entry per peer row, same ends.
      for (const n of INSTANCES) {
        for (const e of node.speakers[n].ends) {
          if (!this.reported(e.session)) continue;
          const other = e.session.speakerOf(e.side === 0 ? 1 : 0);
          labSessions.push({ gatewayId: gs.gateway.id, localAddress: node.speakers[n].address, neighbor: other.address, state: e.session.stateFor(e.side), lastError: e.session.lastError });
        }
      }
      // Route rows are shared with earlier snapshots while the RIBs and Adj-RIB-Outs are unchanged
      // (the snapshot type says mutable arrays; the cache hands out frozen ones, never changed).
      const learnedVersion = INSTANCES.map((n) => ribVersion(node.speakers[n])).join(',');
      defineLazy(
        gs,
        'learnedRoutes',
        this.rows.lazy(`learned ${gs.gateway.name}`, learnedVersion, () =>
          Object.freeze(INSTANCES.flatMap((n) => (node.speakers[n].up ? node.speakers[n].learnedRoutes(routeRows()) : []))) as GatewayRoute[],
        ),
      );
      const ends = INSTANCES.flatMap((n) => node.speakers[n].ends.filter((e) => this.reported(e.session)));
      const advertisedVersion = ends.map((e) => `${e.session.id}:${e.side}:${e.session.advertisedVersion(e.side)}`).join(',');
      defineLazy(gs, 'advertisedRoutes', this.rows.lazy(`advertised ${gs.gateway.name}`, advertisedVersion, () => {
        const adv: Record<string, GatewayRoute[]> = {};
        for (const e of ends) {
          const peer = e.session.speakerOf(e.side === 0 ? 1 : 0).address;
          const rows = (adv[peer] ??= []);
          for (const r of e.session.advertisedRoutes(e.side, routeRows())) rows.push(r);
        }
        for (const rows of Object.values(adv)) Object.freeze(rows);
        return Object.freeze(adv);
      }));
    }
    const vnetId = networkResourceId('virtualNetworks', this.lab.scenario.topology.virtualNetwork.name);
    // Route tables as they are now (udrAdd/udrRemove change them during the run).
    for (const vnet of snapshot.virtualNetworks) {
      if (vnet.id !== vnetId) continue;
      for (const sub of vnet.subnets) {
        const routes = this.udrs.get(sub.name);
        if (routes && (routes.length > 0 || this.tablesWritten.has(sub.name))) sub.routes = routes.map((r) => ({ ...r }));
        else delete sub.routes;
      }
    }
    // The table as it is now (immutable once built); its sorted rows only when someone reads them.
    const table = this.subnetTable(this.workloadSubnet());
    const effective: Record<string, EffectiveRoute[]> = { ...(snapshot.effectiveRoutes ?? {}) };
    defineLazy(effective, vnetId, () => table.routes);
    snapshot.effectiveRoutes = effective;
    if (snapshot.lab) snapshot.lab.bgpSessions = labSessions;
  }

  sample(sample: LabTimelineSample): void {
    for (const s of this.sessions) {
      if (s.kind === 'customer' || !this.reported(s.session)) continue;
      const who = s.instance ? `${s.gateway}/${s.instance}` : s.gateway;
      sample.bgpSessions.push({ gateway: who, peer: s.peerInstance ? `${s.peer}/${s.peerInstance}` : s.peer, state: s.session.stateFor(0) });
    }
  }

  // ---- queries used by expectations, the CLI and tests ----------------------------------------

  /** Effective routes of a subnet (default: the first subnet that is not GatewaySubnet). */
  subnetTable(subnet = this.workloadSubnet()): SubnetRouteTable {
    const plumbing = this.plumbingGateways();
    const version = `${this.udrVersion}:${plumbing.map((g) => INSTANCES.map((n) => ribVersion(g.speakers[n])).join(',')).join(';')}`;
    const cached = this.tableCache.get(subnet);
    if (cached && cached.version === version) return cached.table;
    const classify = this.classifier();
    const table = computeSubnetRoutes({
      addressSpace: this.addressSpace,
      gatewayRoutes: [],
      gatewayRouteKeys: plumbedRoutes(
        plumbing.flatMap((g) => INSTANCES.map((n) => g.speakers[n])),
        (p) => classify(p.sourcePeer),
      ),
      userRoutes: this.udrs.get(subnet) ?? [],
    });
    this.tableCache.set(subnet, { version, table });
    return table;
  }

  /** LabRouteSource: a subnet's effective routes as ARM rows. */
  subnetRoutes(subnet: string): () => EffectiveRoute[] {
    const table = this.subnetTable(subnet);
    return () => table.routes;
  }

  /** LabRouteSource: one MSEE device path's route table, summary and ARP table (private peering). */
  circuitPathTables(circuit: string, path: 'primary' | 'secondary'): CircuitPathTables {
    const node = this.circuits.get(circuit);
    const info = this.circuitPaths.get(circuit);
    if (!node || !info) return { routes: [], summary: [], arp: [] };
    const addr = circuitPathAddresses(info.index, path);
    const session = this.sessions.find((s) => s.kind === 'customer' && s.gateway === circuit)?.session;
    const down = info.faults.down(path) || session?.stateFor(0) !== 'Connected';
    const mac = (n: number): string => `00:22:bd:f8:${String(10 + info.index).padStart(2, '0')}:${String(n).padStart(2, '0')}`;
    const arp: CircuitArpEntry[] = [{ age: 0, interface: 'Microsoft', ipAddress: addr.msee, macAddress: mac(path === 'primary' ? 2 : 6) }];
    if (info.faults.down(path)) {
      return { routes: [], summary: [{ neighbor: addr.customer, v: 4, as: node.customer.asn, upDown: 'never', statePfxRcd: 'Idle' }], arp };
    }
    arp.unshift({ age: 10, interface: 'On-Prem', ipAddress: addr.customer, macAddress: mac(path === 'primary' ? 1 : 5) });
    const routes: CircuitRoute[] = [];
    let received = 0;
    if (!down && node.msee.up) {
      for (const p of node.msee.rib.allPaths()) {
        if (p.learnedFrom === 'local') continue;
        const fromCustomer = p.sourcePeer === node.customer.address;
        if (fromCustomer) {
          if (!info.faults.advertises(path, p.prefix.text)) continue;
          received++;
        }
        routes.push({ network: p.prefix.text, nextHop: fromCustomer ? addr.customer : p.nextHop, locPrf: '', weight: 0, path: p.asPath.join(' ') });
      }
    }
    const status = session ? session.peerStatus(0) : undefined;
    const upDown = down ? 'never' : (status?.connectedDuration.replace(/\.\d+$/, '') || 'never');
    return { routes, summary: [{ neighbor: addr.customer, v: 4, as: node.customer.asn, upDown, statePfxRcd: down ? 'Active' : String(received) }], arp };
  }

  /** The state of the session(s) between a gateway and a peer, as the gateway (instance) reports it. */
  sessionStates(gateway: string, peer: string, instance?: InstanceName): BgpPeerState[] {
    return this.matchSessions(gateway, peer)
      .filter((s) => instance === undefined || (s.gateway === gateway ? s.instance === instance : s.peerInstance === instance))
      .map((s) => s.session.stateFor(s.gateway === gateway ? 0 : 1));
  }

  /** Whether a prefix is in a table: "vnet" (active effective routes) or a gateway's learned routes. */
  hasPrefix(table: string, prefixText: string, via?: GatewayKind): boolean {
    const prefix = parsePrefix(prefixText);
    if (table === 'vnet') {
      const r = this.subnetTable().activeFor(prefix);
      return r !== undefined && r.route.source === 'VirtualNetworkGateway' && (via === undefined || r.via === via);
    }
    const node = this.gateways.get(table);
    if (!node) throw new Error(`unknown table "${table}" (expected "vnet" or a gateway name)`);
    const classify = this.classifier();
    return INSTANCES.some((n) => {
      const sp = node.speakers[n];
      if (!sp.up) return false;
      for (const p of sp.rib.allPaths()) {
        if (p.prefix.text === prefix.text && p.learnedFrom !== 'local' && (via === undefined || classify(p.sourcePeer) === via)) return true;
      }
      return false;
    });
  }

  /** Why ER<->VPN BGP is broken by a GatewaySubnet UDR, if it is. */
  get gatewaySubnetUdrBreak(): string | undefined {
    return this.udrBreak;
  }

  /** Lab stops: Cease/Administrative Shutdown to every real router, endpoints closed. */
  dispose(): void {
    void this.external?.stop();
  }

  // ---- internals ---------------------------------------------------------------------------

  /** A site played by a real router: one ExternalSession per gateway instance, on that instance's endpoint. */
  private addExternalSite(site: ScenarioSite & RoutingSiteFields, gw: GatewayNode, gi: number, connection: string, limits: boolean, timers: ReturnType<typeof bgpTimersOf>): ExternalPeering {
    const peering = this.external ?? new ExternalPeering(this.lab.scenario.bgp);
    peering.addSite(site, gw.spec.name);
    let router = this.sites.get(site.name);
    if (!router) {
      router = new BgpSpeaker({ name: `site ${site.name} (real router)`, asn: site.asn!, address: site.bgpPeeringAddress! });
      this.sites.set(site.name, router);
    }
    const erAddresses = (): Set<string> => new Set(this.gatewaysOfType('ExpressRoute').flatMap((g) => INSTANCES.map((n) => g.speakers[n].address)));
    for (const n of INSTANCES) {
      const id = `${gw.spec.name}/${n}<->site ${site.name}`;
      const session = new ExternalSession(
        {
          id,
          gateway: gw.spec.name,
          instance: n,
          speaker: gw.speakers[n],
          router,
          site,
          timers,
          azureTimers: peering.azureTimers,
          prefixLimit: limits ? documentedPrefixLimit('onPremises') : undefined,
          exportFilter: (p) => !erAddresses().has(p.sourcePeer),
          transportUp: () => this.tunnelUp(gw.spec.name, connection, n),
          active: () => peering.active,
          onStateChange: this.logger(`${gw.spec.name}/${n} <-> site ${site.name} (real router)`, gw.spec.name, n),
          changed: () => this.lab.notifyChanged(),
          log: () => undefined,
        },
        peering.listenerFor(gi, gw.spec.name, n, gw.speakers[n]),
      );
      peering.sessions.push(session);
      this.sessions.push({ session, kind: 'site', gateway: gw.spec.name, instance: n, peer: site.name, connection, transport: false });
    }
    return peering;
  }


  /**
   * Whether a session appears in ARM data: an active/passive gateway's standby instance carries
   * no tunnels, so Azure shows no site peers for it (its attempts are not a fault).
   */
  private reported(session: SpeakerSession): boolean {
    const s = this.sessions.find((x) => x.session === session);
    if (!s || s.kind !== 'site' || !s.instance) return true;
    const sim = this.lab.gateways.get(s.gateway);
    return !sim || sim.mode !== 'activePassive' || sim.instances[s.instance].serving || s.session.state === 'Connected';
  }

  private gatewaysOfType(type: 'Vpn' | 'ExpressRoute'): GatewayNode[] {
    return [...this.gateways.values()].filter((g) => g.spec.type === type);
  }

  /** Product model: the ER gateway plumbs when there is one; otherwise the VPN gateways do. */
  private plumbingGateways(): GatewayNode[] {
    const er = this.gatewaysOfType('ExpressRoute');
    return er.length > 0 ? er : this.gatewaysOfType('Vpn');
  }

  private classifier(): (sourcePeer: string) => GatewayKind | undefined {
    const msee = new Set([...this.circuits.values()].map((c) => c.msee.address));
    const vpn = new Set(this.gatewaysOfType('Vpn').flatMap((g) => INSTANCES.map((n) => g.speakers[n].address)));
    const sites = new Set([...this.sites.values()].map((s) => s.address));
    return (peer) => (msee.has(peer) ? 'ExpressRoute' : vpn.has(peer) || sites.has(peer) ? 'Vpn' : undefined);
  }

  private sitePrefixKeys(site: ScenarioSite & RoutingSiteFields): number[] {
    let out: number[] = [];
    for (const text of site.addressPrefixes) {
      const p = parsePrefix(text, { maskHostBits: true });
      // The BGP peer's own /32 is a static route in Azure, not something the site advertises.
      if (p.length === 32 && p.family === 4 && site.bgpPeeringAddress && formatAddress(4, p.words) === site.bgpPeeringAddress) continue;
      out.push(prefixKey(p));
    }
    // concat, not push(...keys): a million-element spread overflows the call stack.
    for (const spec of site.generatedPrefixes ?? []) out = out.concat(generatePrefixKeys(spec, `site ${site.name}`));
    return out;
  }

  private syncInstances(): void {
    for (const node of this.gateways.values()) {
      const sim = this.lab.gateways.get(node.spec.name);
      if (!sim) continue; // ER gateways are not simulated by the failover engine: always up
      for (const n of INSTANCES) {
        const inst = sim.instances[n];
        const alive = inst.role !== 'down' && inst.health !== 'crashed' && inst.health !== 'rebooting' && inst.health !== 'hung';
        const sp = node.speakers[n];
        // Planned maintenance shuts BGP down cleanly (NOTIFICATION Cease): peers drop at once.
        // A crash, hang or reboot tells nobody: peers wait for their hold timers.
        if (!alive && sp.up && inst.health === 'maintenance') {
          for (const s of this.sessions) if (s.session.speakerOf(0) === sp || s.session.speakerOf(1) === sp) s.session.transportLost(false);
        }
        sp.setUp(alive);
      }
    }
  }

  private transportOf(s: PlacedSession): boolean {
    if (s.kind === 'site') return this.tunnelUp(s.gateway, s.connection!, s.instance!);
    if (s.kind === 'coexistence') return this.udrBreak === undefined;
    if (s.kind === 'customer') return this.circuitPaths.get(s.gateway)?.faults.bothDown !== true;
    return true;
  }

  private tunnelUp(gateway: string, connection: string, instance: InstanceName): boolean {
    const k = this.lab.gateways.get(gateway)?.connections.find((c) => c.spec.name === connection);
    return k?.tunnels[instance].status === 'Connected';
  }

  private matchSessions(gateway: string | undefined, peer: string): PlacedSession[] {
    return this.sessions.filter(
      (s) => s.kind !== 'customer' && ((gateway === undefined || s.gateway === gateway) && s.peer === peer || (s.kind === 'coexistence' && (gateway === undefined || s.peer === gateway) && s.gateway === peer)),
    );
  }

  private peerNames(gateway: string): string[] {
    const names = new Set<string>();
    for (const s of this.sessions) {
      if (s.kind === 'customer') continue;
      if (s.gateway === gateway) names.add(`"${s.peer}"`);
      if (s.kind === 'coexistence' && s.peer === gateway) names.add(`"${s.gateway}"`);
    }
    return [...names];
  }

  private computeUdrBreak(): string | undefined {
    if (this.gatewaysOfType('ExpressRoute').length === 0 || this.gatewaysOfType('Vpn').length === 0) return undefined;
    return gatewaySubnetUdrBreak(this.addressSpace, this.udrs.get('GatewaySubnet'), this.gatewayAddresses);
  }

  private gatewaySubnetAddress(offset: number): string | undefined {
    const subnet = this.lab.scenario.topology.virtualNetwork.subnets.find((s) => s.name === 'GatewaySubnet');
    if (!subnet) return undefined;
    const p = parsePrefix(subnet.addressPrefix, { maskHostBits: true });
    return p.family === 4 ? formatAddress(4, [(p.words[0]! + offset) >>> 0]) : undefined;
  }

  private workloadSubnet(): string {
    const subnets = this.lab.scenario.topology.virtualNetwork.subnets;
    return (subnets.find((s) => s.name !== 'GatewaySubnet') ?? subnets[0])?.name ?? '';
  }

  private subnetOf(address: string): string {
    const { family, words } = parseAddress(address);
    const hit = this.lab.scenario.topology.virtualNetwork.subnets.find((s) => prefixContainsAddress(parsePrefix(s.addressPrefix, { maskHostBits: true }), family, words));
    return hit?.name ?? this.workloadSubnet();
  }
}
