// The lab engine's failover core: builds VPN gateways, tunnels and probes from a scenario, runs
// its timeline on the discrete-event scheduler and answers snapshots and timeline samples.
// Everything else (BGP, ExpressRoute, VNet routes) is a LabComponent (labComponent.ts) that sees
// the lab as a LabHost; build labs with createLab (createLab.ts), which adds the components a
// scenario needs. `new Lab` alone runs the failover core only. Components fill their parts of
// the one lab snapshot (contribute), so it leaves the engine complete; nobody adds to it on the side.
import { EventScheduler } from './eventScheduler';
import { GatewaySim, INSTANCE_NAMES } from './gatewaySim';
import { InvariantTracker } from './invariants';
import type { LabComponent, LabHost } from './labComponent';
import { createLeaseRunner, type LabContext, type LabEvent } from './labContext';
import { msFromSeconds, secondsFromMs } from './scheduler';
import { timingMs } from './timing';
import type { LabFault } from './labApi';
import type { LabTimelineSample } from '../model/labTimeline';
import type { LeaseStore } from './lease/leaseStore';
import { MemoryLeaseStore } from './lease/memoryLeaseStore';
import type { NetworkSnapshot } from '../model/snapshot';
import { ProbeRunner } from './probes';
import type { Scenario } from './scenario/types';
import { buildSnapshot } from './snapshotBuilder';
import { addLabIkeSas } from './ike/labIkeSas';
import { addLabNetwork, labProbeSecurity, type LabRouteSource } from './labNetwork';

export interface LabOptions {
  /** Defaults to an in-memory store on the virtual clock (deterministic). */
  store?: LeaseStore;
  components?: LabComponent[];
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Keep the event log (CLI, UI). Benchmarks and property tests turn it off. */
  recordEvents?: boolean;
}

export class Lab implements LabHost {
  readonly scheduler: EventScheduler;
  readonly gateways = new Map<string, GatewaySim>();
  readonly events: LabEvent[] = [];
  readonly store: LeaseStore;
  readonly invariants: InvariantTracker;
  readonly probes: ProbeRunner;
  readonly faultLog: { t: number; label: string }[] = [];
  private readonly components: LabComponent[];
  private readonly listeners = new Set<() => void>();
  private readonly ctx: LabContext;
  private readonly recordEvents: boolean;
  private started = false;
  /** Notified changes so far (see dataVersion). */
  private changeCount = 0;
  private afterChangeHooks: (() => void)[] = [];
  readonly seed: number;

  constructor(
    readonly scenario: Scenario,
    options: LabOptions = {},
  ) {
    this.seed = options.seed ?? scenario.seed;
    this.scheduler = new EventScheduler(this.seed);
    this.store = options.store ?? new MemoryLeaseStore(() => this.scheduler.now());
    this.components = [...(options.components ?? [])];
    this.recordEvents = options.recordEvents ?? true;
    this.ctx = {
      scheduler: this.scheduler,
      timing: timingMs(scenario.timing),
      store: this.store,
      log: (e) => {
        if (this.recordEvents) this.events.push({ t: secondsFromMs(this.scheduler.now()), ...e });
        for (const c of this.components) c.onLog?.(e);
        if (e.kind === 'fault' || e.kind === 'restore') this.faultLog.push({ t: secondsFromMs(this.scheduler.now()), label: e.message });
      },
      changed: () => this.notifyChanged(),
      lease: createLeaseRunner(this.store, () => this.notifyChanged()),
    };
    for (const spec of scenario.topology.gateways) {
      if (spec.type !== 'Vpn') continue; // ER gateways have no lease election in this model
      this.gateways.set(spec.name, new GatewaySim(spec, this.ctx, scenario.topology.connections, scenario.topology.sites));
    }
    this.invariants = new InvariantTracker([...this.gateways.values()], () => this.scheduler.now());
    this.probes = new ProbeRunner(scenario.probes, scenario.topology, this.gateways, this.components, this.ctx);
    // With only the default NSGs every packet between a lab VM and the VNet, on-premises or the
    // Internet is allowed (AllowVnet*/AllowInternetOutBound): probes check rules only when the
    // scenario has NSGs. The routing component is looked up per packet (added after construction).
    if (scenario.topology.networkSecurityGroups) {
      this.probes.security = (from, to) => labProbeSecurity(scenario, this.findComponent((c): c is LabComponent & LabRouteSource => 'subnetRoutes' in c && 'circuitPathTables' in c))(from, to);
    }
  }

  /** Virtual time in seconds (millisecond resolution), for outputs. */
  get timeSeconds(): number {
    return secondsFromMs(this.scheduler.now());
  }

  /** Adds an event to the lab's log (components: BGP session changes and the like). */
  log(event: Omit<LabEvent, 't'>): void {
    this.ctx.log(event);
  }

  /** The first component the guard accepts (e.g. the routing component, for expectations and the CLI). */
  findComponent<T extends LabComponent>(guard: (c: LabComponent) => c is T): T | undefined {
    return this.components.find(guard);
  }

  addComponent(component: LabComponent): void {
    if (this.started) throw new Error(`component "${component.name}" must be added before the lab starts`);
    this.components.push(component);
  }

  /** Runs `hook` after every change (expectation probes, tests). */
  onAfterChange(hook: () => void): void {
    this.afterChangeHooks.push(hook);
  }

  /** Prepares lease blobs, starts gateways and probes and schedules the timeline. */
  async prepare(): Promise<void> {
    for (const g of this.gateways.values()) await this.store.ensureBlob(g.leaseBlob);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const g of this.gateways.values()) g.start();
    this.probes.start();
    for (const e of this.scenario.timeline) {
      this.scheduler.at(msFromSeconds(e.at), `timeline ${e.fault.kind}`, () => this.inject(e.fault));
    }
    this.notifyChanged();
  }

  /** Runs to `time` (virtual seconds). Only deterministic with a synchronous (in-memory) store. */
  runUntil(time: number): void {
    if (!this.started) this.start();
    this.scheduler.runUntil(msFromSeconds(time));
    this.invariants.observe();
  }

  notifyChanged(): void {
    this.changeCount++;
    this.invariants.observe();
    for (const c of this.components) c.onChange?.();
    for (const h of this.afterChangeHooks) h();
    for (const l of this.listeners) l();
  }

  /**
   * Changes whenever the lab's snapshot changes other than by its clock advancing (time, traffic
   * counters, session durations and message counts): every notified change, and what components
   * change between notifications (BGP sessions and routes move on their own timers).
   */
  get dataVersion(): string {
    // A failover's traffic restoration is measured by probes, which notify nothing.
    let restored = 0;
    for (const g of this.gateways.values()) for (const f of g.failovers) if (f.trafficRestoredAt !== null) restored++;
    let version = `${this.changeCount}r${restored}`;
    for (const c of this.components) if (c.dataVersion) version += `|${c.dataVersion()}`;
    return version;
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a fault or restore now. Throws an Error naming what is unknown. */
  inject(fault: LabFault): void {
    const gateway = (name: string): GatewaySim => {
      const g = this.gateways.get(name);
      if (g) return g;
      const known = [...this.gateways.keys()].map((n) => `"${n}"`).join(', ') || 'none';
      const er = this.scenario.topology.gateways.some((x) => x.name === name && x.type === 'ExpressRoute');
      throw new Error(er ? `gateway "${name}" is an ExpressRoute gateway; instance faults apply to VPN gateways (${known})` : `unknown gateway "${name}" (VPN gateways in this lab: ${known})`);
    };
    const instance = (name: string): (typeof INSTANCE_NAMES)[number] => {
      const found = INSTANCE_NAMES.find((n) => n === name);
      if (!found) throw new Error(`unknown instance "${name}" (expected IN_0 or IN_1)`);
      return found;
    };
    const connection = (name: string): { g: GatewaySim; k: GatewaySim['connections'][number] } => {
      for (const g of this.gateways.values()) {
        const k = g.connections.find((c) => c.spec.name === name);
        if (k) return { g, k };
      }
      const known = [...this.gateways.values()].flatMap((g) => g.connections.map((c) => `"${c.spec.name}"`)).join(', ') || 'none';
      throw new Error(`unknown connection "${name}" (IPsec connections in this lab: ${known})`);
    };
    const kind = (fault as { kind?: unknown }).kind;
    switch (fault.kind) {
      case 'crash':
      case 'reboot':
      case 'hang':
      case 'plannedMaintenance':
      case 'storagePartition':
        gateway(fault.gateway).injectInstanceFault(fault.kind, instance(fault.instance));
        break;
      case 'gatewayReset':
        gateway(fault.gateway).reset();
        break;
      case 'tunnelDown': {
        const { g, k } = connection(fault.connection);
        this.ctx.log({ kind: 'fault', gateway: g.name, connection: k.spec.name, message: `tunnelDown ${k.spec.name} (IKE fails)` });
        g.setIkeBlocked(k, true);
        break;
      }
      case 'bgpSessionDown': {
        if (!this.components.some((c) => c.handleFault?.(fault))) {
          throw new Error(`bgpSessionDown ${fault.gateway}/${fault.peer}: no BGP component in this lab handles BGP sessions yet`);
        }
        this.ctx.log({ kind: 'fault', gateway: fault.gateway, message: `bgpSessionDown ${fault.gateway} <-> ${fault.peer}` });
        break;
      }
      case 'restore': {
        // With a peer, the gateway may be an ExpressRoute gateway (BGP restore, handled by the routing component).
        if (fault.gateway !== undefined && fault.peer === undefined) gateway(fault.gateway);
        if (fault.instance !== undefined) instance(fault.instance);
        if (fault.connection !== undefined) connection(fault.connection);
        const all = fault.gateway === undefined && fault.connection === undefined && fault.peer === undefined;
        if (fault.gateway !== undefined && fault.peer === undefined) gateway(fault.gateway).restore(fault.instance);
        if (all) for (const g of this.gateways.values()) g.restore();
        if (fault.connection !== undefined || all) {
          for (const g of this.gateways.values()) {
            for (const k of g.connections) {
              if (k.ikeBlocked && (all || k.spec.name === fault.connection)) {
                this.ctx.log({ kind: 'restore', gateway: g.name, connection: k.spec.name, message: `restore ${k.spec.name} (IKE works again)` });
                g.setIkeBlocked(k, false);
              }
            }
          }
        }
        let sessionsRestored = false;
        for (const c of this.components) sessionsRestored = (c.handleFault?.(fault) ?? false) || sessionsRestored;
        // A BGP session's restore is a marker on the timeline too (time travel jumps to it), as a tunnel's is.
        if (sessionsRestored && fault.peer !== undefined) this.ctx.log({ kind: 'restore', ...(fault.gateway !== undefined ? { gateway: fault.gateway } : {}), message: `restore ${fault.gateway ?? '*'} <-> ${fault.peer} (BGP session back up)` });
        break;
      }
      case 'ikeProposalChange':
      case 'sharedKeyMismatch': {
        if (!this.components.some((c) => c.handleFault?.(fault))) throw new Error(`${fault.kind}: the lab has no IPsec connection`);
        break;
      }
      case 'udrAdd':
      case 'udrRemove': {
        if (!this.components.some((c) => c.handleFault?.(fault))) throw new Error(`${fault.kind} ${fault.subnet}: no routing component in this lab (the topology has no BGP, circuit or ExpressRoute gateway)`);
        this.ctx.log({ kind: 'fault', message: fault.kind === 'udrAdd' ? `udrAdd ${fault.subnet}: ${fault.route.name} ${fault.route.addressPrefix} -> ${fault.route.nextHopType}` : `udrRemove ${fault.subnet}: ${fault.name}` });
        break;
      }
      default:
        throw new Error(`unknown fault kind ${JSON.stringify(kind)} (expected crash, reboot, hang, plannedMaintenance, storagePartition, gatewayReset, tunnelDown, bgpSessionDown, ikeProposalChange, sharedKeyMismatch or restore)`);
    }
    for (const c of this.components) c.onInjected?.(fault);
    this.notifyChanged();
  }

  snapshot(): NetworkSnapshot {
    const snap = buildSnapshot(this.scenario, [...this.gateways.values()], this.scheduler.now());
    for (const c of this.components) c.contribute?.(snap);
    // The routing component, when there is one, knows the effective routes and circuit tables.
    addLabNetwork(snap, this.scenario, this.findComponent((c): c is LabComponent & LabRouteSource => 'subnetRoutes' in c && 'circuitPathTables' in c));
    addLabIkeSas(snap);
    return snap;
  }

  sample(): LabTimelineSample {
    const s: LabTimelineSample = { t: secondsFromMs(this.scheduler.now()), instances: [], tunnels: [], bgpSessions: [], probes: [] };
    for (const g of this.gateways.values()) {
      for (const n of INSTANCE_NAMES) {
        const i = g.instances[n];
        s.instances.push({ gateway: g.name, instance: n, role: i.role, holdsLease: i.holdsLease, serving: i.serving });
      }
      for (const k of g.connections) for (const n of INSTANCE_NAMES) s.tunnels.push({ connection: k.spec.name, tunnel: n, status: k.tunnels[n].status });
    }
    for (const [probe, r] of this.probes.last) s.probes.push(r.reason === undefined ? { probe, delivered: r.delivered } : { probe, delivered: r.delivered, reason: r.reason });
    for (const c of this.components) c.sample?.(s);
    return s;
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
    for (const c of this.components) c.dispose?.();
    await this.store.dispose();
  }
}
