// One gateway: instances IN_0/IN_1 electing a primary through the blob lease (active/passive)
// or both serving (active/active), the S2S tunnels they terminate, and the failovers measured.
import type { InstanceHealth, InstanceName, InstanceRole, LabFailover } from '../model/snapshot';
import type { InstanceFaultKind } from './labApi';
import type { LeaseOpResult } from './lease/leaseStore';
import { INFINITE_LEASE, isSyncLeaseStore, type SyncLeaseStore } from './lease/leaseStore';
import type { TimerId } from './scheduler';
import type { ScenarioConnection, ScenarioGateway, ScenarioSite } from './scenario/types';
import type { LabContext } from './labContext';
import { EventRank, secondsFromMs } from './scheduler';

const PARTITIONED: LeaseOpResult = Object.freeze({ ok: false, status: 0, code: 'StorageUnreachable', message: 'the instance cannot reach the lease blob (storage partition)' });

export const INSTANCE_NAMES: readonly InstanceName[] = ['IN_0', 'IN_1'];


export type TunnelStatus = 'Connected' | 'Connecting' | 'NotConnected';

export interface TunnelSim {
  instance: InstanceName;
  status: TunnelStatus;
  lastEstablishedAt: number | null;
  ingressBytes: number;
  egressBytes: number;
  /** Bumped whenever the tunnel is torn down, so a pending negotiation knows it is stale. */
  epoch: number;
}

export interface ConnectionSim {
  spec: ScenarioConnection;
  site: ScenarioSite | undefined;
  tunnels: Record<InstanceName, TunnelSim>;
  /** A/P: the site keeps a stale SA of an instance that vanished until its DPD gives up. */
  siteStaleUntil: number;
  /** Fault "tunnelDown": IKE fails until restored. */
  ikeBlocked: boolean;
  /** Set by the IKE component (src/engine/ike/labIke.ts): why negotiation fails, e.g. NO_PROPOSAL_CHOSEN. */
  ikeError?: string;
}

export interface InstanceSim {
  name: InstanceName;
  role: InstanceRole;
  health: InstanceHealth;
  serving: boolean;
  /** The instance believes it holds the lease (last acquire/renew succeeded and it has not fenced). */
  holdsLease: boolean;
  leaseId: string;
  /** Bumped on every fault/restore: callbacks and timers of an older epoch are ignored. */
  epoch: number;
  partitioned: boolean;
  hung: boolean;
  /** When the last successful renew/acquire was *sent*: the lease is valid at least until this + duration. */
  lastLeaseSentAt: number;
  loopTimer?: TimerId;
  fenceTimer?: TimerId;
  /** When the pending fence timer fires (it re-checks the deadline then). */
  fenceAt: number;
  /** When the pending lease-loop tick is due (standby retries keep this phase). */
  loopDueAt: number;
  lifecycleTimer?: TimerId;
  /** Active/active: when the instance stopped serving (flows still hashed to it until detected). */
  lostAt: number | null;
}

function uuidFrom(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(next() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export class GatewaySim {
  readonly instances: Record<InstanceName, InstanceSim>;
  readonly connections: ConnectionSim[];
  readonly failovers: LabFailover[] = [];
  readonly leaseBlob: string;
  readonly mode: 'activePassive' | 'activeActive';
  /** A fault hit the serving instance and no takeover happened yet. */
  private pendingFault: { at: number; from: InstanceName; lostAt: number | null } | null = null;
  private everActive = false;
  /** Failovers waiting for their first delivered packet. */
  private awaitingTraffic: { failover: LabFailover; lostAt: number; takeoverAt: number }[] = [];

  constructor(
    readonly spec: ScenarioGateway,
    private readonly ctx: LabContext,
    connections: ScenarioConnection[],
    sites: ScenarioSite[],
  ) {
    this.mode = spec.activeActive ? 'activeActive' : 'activePassive';
    this.syncStore = isSyncLeaseStore(ctx.store) ? ctx.store : undefined;
    this.leaseBlob = `${spec.name.toLowerCase()}-primary`;
    this.syncStore?.onLeaseFreed?.(this.leaseBlob, () => this.wakeParked());
    const rng = ctx.scheduler.rng;
    const mk = (name: InstanceName): InstanceSim => ({
      name,
      role: 'standby',
      health: 'healthy',
      serving: false,
      holdsLease: false,
      leaseId: uuidFrom(() => rng.next()),
      epoch: 0,
      partitioned: false,
      hung: false,
      lastLeaseSentAt: -Infinity,
      lostAt: null,
      fenceAt: -Infinity,
      loopDueAt: 0,
    });
    this.instances = { IN_0: mk('IN_0'), IN_1: mk('IN_1') };
    const tunnel = (instance: InstanceName): TunnelSim => ({ instance, status: 'NotConnected', lastEstablishedAt: null, ingressBytes: 0, egressBytes: 0, epoch: 0 });
    this.connections = connections
      .filter((k) => k.gateway === spec.name && k.type === 'IPsec')
      .map((k) => ({ spec: k, site: sites.find((s) => s.name === k.site), tunnels: { IN_0: tunnel('IN_0'), IN_1: tunnel('IN_1') }, siteStaleUntil: 0, ikeBlocked: false }));
  }

  private readonly stateListeners: (() => void)[] = [];
  private readonly faultListeners: (() => void)[] = [];

  /** `listener` runs whenever this gateway's state changes (the invariant tracker closes its intervals). */
  onDidChangeState(listener: () => void): void {
    this.stateListeners.push(listener);
  }

  /** `listener` runs when a fault hits this gateway (recovery bounds count from the last one). */
  onDidFault(listener: () => void): void {
    this.faultListeners.push(listener);
  }

  private changed(): void {
    for (const l of this.stateListeners) l();
    this.ctx.changed();
  }

  private faulted(): void {
    for (const l of this.faultListeners) l();
  }

  private connectionIndex: Map<string, ConnectionSim> | undefined;

  /** The IPsec connection of this gateway with that scenario name. */
  connection(name: string): ConnectionSim | undefined {
    this.connectionIndex ??= new Map(this.connections.map((k) => [k.spec.name, k]));
    return this.connectionIndex.get(name);
  }

  get name(): string {
    return this.spec.name;
  }

  servingInstances(): InstanceSim[] {
    return INSTANCE_NAMES.map((n) => this.instances[n]).filter((i) => i.serving);
  }

  /** The instance the lease store says holds the lease, as far as instances know it. */
  leaseHolder(): InstanceName | null {
    return INSTANCE_NAMES.find((n) => this.instances[n].holdsLease) ?? null;
  }

  start(): void {
    if (this.mode === 'activeActive') {
      for (const n of INSTANCE_NAMES) this.becomeActive(this.instances[n], true);
      return;
    }
    const s = this.ctx.scheduler;
    // IN_0 tries first; IN_1's retry loop starts at a seeded phase so runs differ by seed but not by accident.
    this.scheduleLoop(this.instances.IN_0, 0);
    this.scheduleLoop(this.instances.IN_1, Math.max(500, Math.round(s.rng.next() * this.ctx.timing.retryIntervalMs)));
  }

  // ---- the lease loop -------------------------------------------------------------------------

  // The lease loop is the hot path of long simulations (a standby asking every second for hours),
  // so it reuses one callback, one label and one request object per instance instead of
  // allocating them on every tick.
  private readonly loopState = new Map<InstanceSim, { epoch: number; label: string; run: () => void; renew: { op: 'renew'; leaseId: string }; acquire: { op: 'acquire'; durationSeconds: number; proposedLeaseId: string } }>();
  private readonly syncStore: SyncLeaseStore | undefined;

  private loop(inst: InstanceSim): NonNullable<ReturnType<GatewaySim['loopState']['get']>> {
    let st = this.loopState.get(inst);
    if (!st) {
      const created = {
        epoch: inst.epoch,
        label: `${this.name}/${inst.name} lease loop`,
        run: () => {
          inst.loopTimer = undefined;
          if (inst.epoch === created.epoch) this.loopTick(inst);
        },
        renew: { op: 'renew' as const, leaseId: inst.leaseId },
        acquire: { op: 'acquire' as const, durationSeconds: this.ctx.timing.leaseDurationSeconds, proposedLeaseId: inst.leaseId },
      };
      st = created;
      this.loopState.set(inst, st);
    }
    // A rebooted instance has a new lease id.
    if (st.renew.leaseId !== inst.leaseId) {
      st.renew = { op: 'renew', leaseId: inst.leaseId };
      st.acquire = { op: 'acquire', durationSeconds: this.ctx.timing.leaseDurationSeconds, proposedLeaseId: inst.leaseId };
    }
    return st;
  }

  private scheduleLoop(inst: InstanceSim, delay: number): void {
    const s = this.ctx.scheduler;
    if (inst.loopTimer !== undefined) s.cancel(inst.loopTimer);
    const st = this.loop(inst);
    st.epoch = inst.epoch;
    inst.loopDueAt = s.now() + delay;
    // Lease attempts of the two instances at one instant (both retrying on the same 15 s grid) are
    // a race at the storage service; the model settles it the same way every time: IN_0 first,
    // after everything else of that instant. Otherwise who wins would depend on when each timer
    // happened to be armed (e.g. whether a futile standby was parked).
    inst.loopTimer = s.after(delay, st.label, st.run, EventRank.leaseLoop[inst.name]);
  }

  private loopTick(inst: InstanceSim): void {
    if (inst.hung || inst.role === 'down' || inst.role === 'starting' || this.mode === 'activeActive') return;
    const t = this.ctx.timing;
    if (inst.role === 'active') {
      this.scheduleLoop(inst, t.renewIntervalMs);
      this.leaseOp(inst, this.loop(inst).renew);
    } else {
      this.scheduleLoop(inst, t.retryIntervalMs);
      this.tryAcquire(inst);
      this.parkIfFutile(inst);
    }
  }

  /**
   * With the in-memory store the engine knows when the lease can next be acquired (expiry, end of
   * a break). Retries before that would all get 409 LeaseAlreadyPresent and change nothing, so the
   * standby sleeps to the first retry tick (same phase) at or after that time; a release or break
   * wakes it up early (onLeaseFreed). This keeps long runs and many pairs cheap without changing
   * what happens.
   */
  private parkIfFutile(inst: InstanceSim): void {
    const store = this.syncStore;
    if (!store?.nextAcquirableAt || inst.role !== 'standby' || inst.partitioned || inst.hung) return;
    const retry = this.ctx.timing.retryIntervalMs;
    const now = this.ctx.scheduler.now();
    const free = store.nextAcquirableAt(this.leaseBlob, inst.leaseId);
    if (free <= inst.loopDueAt) return;
    const ticks = free === Infinity ? Infinity : Math.ceil((free - inst.loopDueAt) / retry);
    if (ticks === Infinity) {
      if (inst.loopTimer !== undefined) this.ctx.scheduler.cancel(inst.loopTimer);
      inst.loopTimer = undefined;
      inst.loopDueAt = Infinity;
      return;
    }
    this.scheduleLoop(inst, inst.loopDueAt + ticks * retry - now);
  }

  /** The lease was released or broken: parked standbys resume on their next retry tick. */
  private wakeParked(): void {
    const retry = this.ctx.timing.retryIntervalMs;
    const now = this.ctx.scheduler.now();
    for (const n of INSTANCE_NAMES) {
      const inst = this.instances[n];
      if (inst.role !== 'standby' || inst.hung) continue;
      // The first tick of the same phase at or after now (a tick due exactly now runs after this event,
      // as it would have without parking: timeline events are queued before loop ticks of equal time).
      const due = inst.loopDueAt === Infinity ? now : inst.loopDueAt - Math.floor((inst.loopDueAt - now) / retry) * retry;
      if (due < inst.loopDueAt) this.scheduleLoop(inst, Math.max(0, due - now));
    }
  }

  private tryAcquire(inst: InstanceSim): void {
    this.leaseOp(inst, this.loop(inst).acquire);
  }

  private onAcquire(inst: InstanceSim, r: LeaseOpResult, sentAt: number): void {
    if (!r.ok) return;
    inst.lastLeaseSentAt = sentAt;
    if (inst.role !== 'active') {
      this.ctx.log({ kind: 'lease', gateway: this.name, instance: inst.name, message: `${inst.name} acquired the lease` });
      this.becomeActive(inst);
      this.scheduleLoop(inst, this.ctx.timing.renewIntervalMs);
    }
    this.armFence(inst);
  }

  private onRenew(inst: InstanceSim, r: LeaseOpResult, sentAt: number): void {
    if (r.ok) {
      inst.lastLeaseSentAt = sentAt;
      this.armFence(inst);
      return;
    }
    if (r.code === 'StorageUnreachable') return; // the fence timer decides
    // The lease is someone else's (or gone): stop serving and compete again as standby.
    this.ctx.log({ kind: 'lease', gateway: this.name, instance: inst.name, message: `${inst.name} lost the lease (${r.status} ${r.code})` });
    this.stepDown(inst, true);
  }

  /** Runs a lease operation from an instance; a partitioned instance cannot reach the blob. */
  private leaseOp(inst: InstanceSim, op: { op: 'renew'; leaseId: string } | { op: 'acquire'; durationSeconds: number; proposedLeaseId: string }): void {
    const sentAt = this.ctx.scheduler.now();
    // In-memory store: answered now, in virtual time, without allocating a callback.
    const r = inst.partitioned ? PARTITIONED : this.syncStore?.executeSync(this.leaseBlob, op);
    if (r) {
      if (op.op === 'renew') this.onRenew(inst, r, sentAt);
      else this.onAcquire(inst, r, sentAt);
      return;
    }
    const epoch = inst.epoch;
    const done = (r: LeaseOpResult, at: number): void => (op.op === 'renew' ? this.onRenew(inst, r, at) : this.onAcquire(inst, r, at));
    this.ctx.lease(this.leaseBlob, op, (r) => {
      // Results of an older life of the instance (it crashed meanwhile) are ignored, as a dead process would.
      if (inst.epoch === epoch) done(r, sentAt);
    });
  }

  /** Fencing: stop serving before the lease last renewed can expire, even if the control plane is stuck. */
  private armFence(inst: InstanceSim): void {
    const s = this.ctx.scheduler;
    const t = this.ctx.timing;
    if (t.leaseDurationSeconds === INFINITE_LEASE) {
      if (inst.fenceTimer !== undefined) s.cancel(inst.fenceTimer);
      inst.fenceTimer = undefined;
      return;
    }
    const deadline = inst.lastLeaseSentAt + t.leaseDurationMs - t.fenceMarginMs;
    // Renewals only move the deadline later: keep one timer and let it re-check when it fires,
    // instead of cancelling and re-scheduling on every renewal.
    if (inst.fenceTimer !== undefined && inst.fenceAt <= deadline) return;
    if (inst.fenceTimer !== undefined) s.cancel(inst.fenceTimer);
    inst.fenceAt = deadline;
    inst.fenceTimer = s.at(deadline, `${this.name}/${inst.name} fence`, () => {
      inst.fenceTimer = undefined;
      if (!inst.holdsLease) return;
      const due = inst.lastLeaseSentAt + t.leaseDurationMs - t.fenceMarginMs;
      if (due > s.now()) {
        this.armFence(inst);
        return;
      }
      this.ctx.log({ kind: 'lease', gateway: this.name, instance: inst.name, message: `${inst.name} could not renew the lease: fencing (stops serving before the lease can expire)` });
      // A hung instance cannot delete its SAs; a partitioned one still can.
      this.stepDown(inst, !inst.hung);
    });
  }

  private stepDown(inst: InstanceSim, graceful: boolean): void {
    inst.holdsLease = false;
    if (inst.fenceTimer !== undefined) this.ctx.scheduler.cancel(inst.fenceTimer);
    inst.fenceTimer = undefined;
    if (inst.serving) this.stopServing(inst, graceful);
    if (inst.role === 'active') this.setRole(inst, 'standby');
    if (!inst.hung) this.scheduleLoop(inst, this.ctx.timing.retryIntervalMs);
  }

  // ---- roles and serving ----------------------------------------------------------------------

  private setRole(inst: InstanceSim, role: InstanceRole): void {
    if (inst.role === role) return;
    inst.role = role;
    this.ctx.log({ kind: 'role', gateway: this.name, instance: inst.name, message: `${inst.name} is ${role}` });
    this.changed();
  }

  private becomeActive(inst: InstanceSim, initial = !this.everActive): void {
    const now = this.ctx.scheduler.now();
    if (this.mode === 'activePassive') inst.holdsLease = true;
    inst.lostAt = null;
    this.setRole(inst, 'active');
    inst.serving = true;
    this.everActive = true;
    if (this.mode === 'activePassive' && this.pendingFault) {
      const { at, from, lostAt } = this.pendingFault;
      this.pendingFault = null;
      if (from !== inst.name) this.recordFailover(from, inst.name, at, lostAt ?? now, now);
    }
    for (const k of this.connections) this.bringUpTunnel(k, inst, initial);
    this.changed();
  }

  private recordFailover(from: InstanceName, to: InstanceName, faultAt: number, lostAt: number, takeoverAt: number): void {
    const f: LabFailover = { gateway: this.name, fromInstance: from, toInstance: to, faultAt: secondsFromMs(faultAt), takeoverAt: secondsFromMs(takeoverAt), trafficRestoredAt: null, gapSeconds: null };
    this.failovers.push(f);
    this.awaitingTraffic.push({ failover: f, lostAt, takeoverAt });
    this.ctx.log({ kind: 'failover', gateway: this.name, instance: to, message: `failover ${from} -> ${to} (fault at ${f.faultAt}s, takeover at ${f.takeoverAt}s)` });
  }

  /**
   * Called by probes: the first packet delivered after a takeover closes the failover's gap,
   * measured from the moment the old instance stopped carrying traffic (for a crash that is the
   * fault itself; for planned maintenance the end of the drain; for a hang the fencing).
   */
  noteDelivered(now: number): void {
    if (this.awaitingTraffic.length === 0) return;
    const still: typeof this.awaitingTraffic = [];
    for (const w of this.awaitingTraffic) {
      const f = w.failover;
      if (now >= w.takeoverAt) {
        f.trafficRestoredAt = secondsFromMs(now);
        f.gapSeconds = secondsFromMs(now - w.lostAt);
        this.ctx.log({ kind: 'failover', gateway: this.name, instance: f.toInstance, message: `traffic restored through ${f.toInstance}: gap ${f.gapSeconds}s` });
      } else still.push(w);
    }
    this.awaitingTraffic = still;
  }

  private stopServing(inst: InstanceSim, graceful: boolean): void {
    const now = this.ctx.scheduler.now();
    inst.serving = false;
    const others = this.servingInstances();
    if (this.mode === 'activeActive') {
      inst.lostAt = now;
      const other = others[0];
      if (other) this.recordFailover(inst.name, other.name, now, now, now + this.ctx.timing.activeActiveDetectMs);
    } else if (!this.pendingFault) {
      this.pendingFault = { at: now, from: inst.name, lostAt: now };
    } else if (this.pendingFault.lostAt === null) {
      this.pendingFault.lostAt = now;
    }
    for (const k of this.connections) {
      const tun = k.tunnels[inst.name];
      tun.epoch++;
      if (tun.status !== 'NotConnected') {
        tun.status = 'NotConnected';
        this.ctx.log({ kind: 'tunnel', gateway: this.name, instance: inst.name, connection: k.spec.name, message: `tunnel ${k.spec.name} on ${inst.name} down${graceful ? ' (SA deleted)' : ' (site waits for DPD)'}` });
      }
      // Without an IKE delete the site keeps the stale SA until dead-peer detection gives up.
      if (!graceful && this.mode === 'activePassive') k.siteStaleUntil = Math.max(k.siteStaleUntil, now + this.ctx.timing.dpdTimeoutMs);
    }
    this.changed();
  }

  // ---- tunnels ----------------------------------------------------------------------------------

  private bringUpTunnel(k: ConnectionSim, inst: InstanceSim, immediate: boolean): void {
    const s = this.ctx.scheduler;
    const tun = k.tunnels[inst.name];
    const epoch = ++tun.epoch;
    if (immediate && !k.ikeBlocked && k.ikeError === undefined) {
      // The scenario starts in steady state: tunnels of the first active are up at t=0.
      this.setTunnel(k, tun, 'Connected');
      return;
    }
    this.setTunnel(k, tun, 'Connecting');
    const range = this.ctx.timing.ikeNegotiationMs;
    const ike = Math.round(s.rng.between(range.min, range.max));
    const start = Math.max(s.now(), k.siteStaleUntil);
    s.at(start + ike, `${k.spec.name}/${inst.name} IKE`, () => {
      if (tun.epoch !== epoch || !inst.serving) return;
      if (k.ikeBlocked || k.ikeError !== undefined) {
        s.after(this.ctx.timing.ikeRetryMs, `${k.spec.name}/${inst.name} IKE retry`, () => {
          if (tun.epoch === epoch && inst.serving) this.bringUpTunnel(k, inst, false);
        });
        return;
      }
      this.setTunnel(k, tun, 'Connected');
    });
  }

  private setTunnel(k: ConnectionSim, tun: TunnelSim, status: TunnelStatus): void {
    if (tun.status === status) return;
    tun.status = status;
    if (status === 'Connected') {
      tun.lastEstablishedAt = this.ctx.scheduler.now();
      // Without probes, a failover's traffic is back once the tunnel is.
      if (!this.hasProbes) this.noteDelivered(this.ctx.scheduler.now());
    }
    this.ctx.log({ kind: 'tunnel', gateway: this.name, instance: tun.instance, connection: k.spec.name, message: `tunnel ${k.spec.name} on ${tun.instance} ${status}` });
    this.changed();
  }

  /** Set by the lab when some probe sends through this gateway. */
  hasProbes = false;

  setIkeBlocked(k: ConnectionSim, blocked: boolean): void {
    k.ikeBlocked = blocked;
    this.refreshIke(k);
  }

  /** Tears tunnels down when IKE now fails (fault or mismatch), or starts negotiating when it works again. */
  refreshIke(k: ConnectionSim): void {
    const blocked = k.ikeBlocked || k.ikeError !== undefined;
    for (const n of INSTANCE_NAMES) {
      const inst = this.instances[n];
      const tun = k.tunnels[n];
      if (blocked && tun.status !== 'NotConnected') {
        tun.epoch++;
        this.setTunnel(k, tun, 'NotConnected');
        if (inst.serving) this.bringUpTunnel(k, inst, false);
      } else if (!blocked && inst.serving && tun.status !== 'Connected') {
        this.bringUpTunnel(k, inst, false);
      }
    }
  }

  /** A rekey that breaks the SA (lifetime mismatch, failed CHILD rekey, reauthentication): down, then IKE again. */
  renegotiate(k: ConnectionSim, why: string): void {
    for (const n of INSTANCE_NAMES) {
      const inst = this.instances[n];
      const tun = k.tunnels[n];
      if (!inst.serving || tun.status !== 'Connected') continue;
      tun.epoch++;
      this.ctx.log({ kind: 'tunnel', gateway: this.name, instance: n, connection: k.spec.name, message: `tunnel ${k.spec.name} on ${n} dropped: ${why}` });
      this.setTunnel(k, tun, 'NotConnected');
      this.bringUpTunnel(k, inst, false);
    }
  }

  // ---- faults -------------------------------------------------------------------------------

  injectInstanceFault(kind: InstanceFaultKind, name: InstanceName): void {
    const inst = this.instances[name];
    const s = this.ctx.scheduler;
    const t = this.ctx.timing;
    this.ctx.log({ kind: 'fault', gateway: this.name, instance: name, message: `${kind} ${name}${inst.serving ? ' (serving)' : ''}` });
    this.noteFaultOnServing(inst);
    this.faulted();
    switch (kind) {
      case 'crash':
      case 'reboot': {
        this.kill(inst, kind === 'crash' ? 'crashed' : 'rebooting');
        if (kind === 'reboot') {
          const epoch = inst.epoch;
          inst.lifecycleTimer = s.after(Math.max(0, t.rebootMs - t.bootMs), `${this.name}/${name} reboot`, () => {
            if (inst.epoch === epoch) this.boot(inst);
          });
        }
        break;
      }
      case 'hang': {
        // A stopped or booting instance has nothing to hang.
        if (inst.role === 'down' || inst.role === 'starting') break;
        // Alive but stuck: no renewals, no retries; the watchdog's fence timer still runs.
        inst.epoch++;
        inst.hung = true;
        inst.health = 'hung';
        if (inst.loopTimer !== undefined) s.cancel(inst.loopTimer);
        inst.loopTimer = undefined;
        this.changed();
        break;
      }
      case 'storagePartition': {
        inst.partitioned = true;
        // A crashed or hung instance stays described by that; the partition shows once it is up.
        if (inst.health === 'healthy') inst.health = 'partitioned';
        this.changed();
        break;
      }
      case 'plannedMaintenance': {
        const epoch = ++inst.epoch;
        if (inst.loopTimer !== undefined) s.cancel(inst.loopTimer);
        inst.loopTimer = undefined;
        inst.health = 'maintenance';
        const goDown = (): void => {
          this.takeDown(inst);
          inst.lifecycleTimer = s.after(t.maintenanceMs, `${this.name}/${name} maintenance end`, () => {
            if (inst.epoch === epoch) this.boot(inst);
          });
        };
        if (!inst.serving) {
          goDown();
          break;
        }
        // Graceful hand-over: drain, delete SAs, release the lease, tell the peer to acquire now.
        s.after(t.drainMs, `${this.name}/${name} drain`, () => {
          if (inst.epoch !== epoch) return;
          const wasHolder = inst.holdsLease;
          this.stopServing(inst, true);
          goDown();
          if (this.mode === 'activePassive' && wasHolder && !inst.partitioned) {
            this.ctx.lease(this.leaseBlob, { op: 'release', leaseId: inst.leaseId }, (r) => {
              this.ctx.log({ kind: 'lease', gateway: this.name, instance: name, message: r.ok ? `${name} released the lease` : `${name} could not release the lease (${r.status} ${r.code})` });
              const peer = this.instances[name === 'IN_0' ? 'IN_1' : 'IN_0'];
              if (peer.role === 'standby' && !peer.hung) this.tryAcquire(peer);
            });
          }
        });
        break;
      }
    }
  }

  /** A fault on the serving instance starts a (possible) failover; its time is the failover's faultAt. */
  private noteFaultOnServing(inst: InstanceSim): void {
    if (this.mode === 'activePassive' && inst.serving && !this.pendingFault) {
      this.pendingFault = { at: this.ctx.scheduler.now(), from: inst.name, lostAt: null };
    }
  }

  /** The instance is gone at once: no IKE delete, no lease release. */
  private kill(inst: InstanceSim, health: InstanceHealth): void {
    inst.epoch++;
    inst.health = health;
    inst.hung = false;
    this.takeDown(inst, false);
  }

  private takeDown(inst: InstanceSim, graceful = true): void {
    const s = this.ctx.scheduler;
    for (const id of [inst.loopTimer, inst.fenceTimer, inst.lifecycleTimer]) if (id !== undefined) s.cancel(id);
    inst.loopTimer = inst.fenceTimer = inst.lifecycleTimer = undefined;
    inst.holdsLease = false;
    if (inst.serving) this.stopServing(inst, graceful);
    this.setRole(inst, 'down');
    this.changed();
  }

  /** Boot after a crash/reboot/maintenance: starting for `boot` seconds, then standby (or active in A/A). */
  private boot(inst: InstanceSim): void {
    const epoch = ++inst.epoch;
    // A restarted process has forgotten its lease id: it must win the lease again like anyone else.
    inst.leaseId = uuidFrom(() => this.ctx.scheduler.rng.next());
    // A reboot clears a hang; a storage partition is outside the instance and persists.
    inst.hung = false;
    inst.health = inst.partitioned ? 'partitioned' : 'healthy';
    this.setRole(inst, 'starting');
    inst.lifecycleTimer = this.ctx.scheduler.after(this.ctx.timing.bootMs, `${this.name}/${inst.name} boot`, () => {
      if (inst.epoch !== epoch) return;
      inst.lifecycleTimer = undefined;
      if (this.mode === 'activeActive') this.becomeActive(inst);
      else {
        this.setRole(inst, 'standby');
        this.scheduleLoop(inst, 0);
      }
    });
  }

  /** Azure's gateway reset: the control plane breaks the lease and reboots the active instance. */
  reset(): void {
    const target = this.servingInstances()[0] ?? this.instances.IN_0;
    this.ctx.log({ kind: 'fault', gateway: this.name, instance: target.name, message: `gateway reset: rebooting ${target.name}` });
    this.noteFaultOnServing(target);
    this.faulted();
    this.kill(target, 'rebooting');
    const epoch = target.epoch;
    target.lifecycleTimer = this.ctx.scheduler.after(Math.max(0, this.ctx.timing.rebootMs - this.ctx.timing.bootMs), `${this.name}/${target.name} reboot`, () => {
      if (target.epoch === epoch) this.boot(target);
    });
    if (this.mode === 'activePassive') {
      this.ctx.lease(this.leaseBlob, { op: 'break', breakPeriodSeconds: 0 }, (r) => {
        this.ctx.log({ kind: 'lease', gateway: this.name, message: r.ok ? 'control plane broke the lease (break period 0)' : `lease break failed (${r.status} ${r.code})` });
      });
    }
  }

  /** Ends instance faults; `name` undefined restores both instances. */
  restore(name?: InstanceName): void {
    for (const n of name ? [name] : INSTANCE_NAMES) {
      const inst = this.instances[n];
      if (inst.health === 'healthy' && !inst.partitioned && !inst.hung && inst.role !== 'down') continue;
      this.ctx.log({ kind: 'restore', gateway: this.name, instance: n, message: `restore ${n} (was ${inst.health})` });
      // Restored before it stopped serving: no failover follows from that fault.
      if (inst.serving && this.pendingFault?.from === n && this.pendingFault.lostAt === null) this.pendingFault = null;
      inst.partitioned = false;
      if (inst.role === 'starting') {
        // Already booting after an earlier restore or reboot: only the partition was left to clear.
        if (inst.health === 'partitioned') inst.health = 'healthy';
        this.changed();
      } else if (inst.role !== 'down' && !inst.hung) {
        inst.health = 'healthy';
        this.changed();
      } else if (inst.hung) {
        inst.hung = false;
        inst.health = 'healthy';
        inst.epoch++;
        if (this.mode === 'activeActive') {
          if (!inst.serving) this.becomeActive(inst);
        } else {
          // Resume the loop at once: an active renews (and keeps serving if the lease is still its own).
          this.scheduleLoop(inst, 0);
        }
        this.changed();
      } else {
        // crashed, rebooting, maintenance: boot now.
        if (inst.lifecycleTimer !== undefined) this.ctx.scheduler.cancel(inst.lifecycleTimer);
        inst.lifecycleTimer = undefined;
        inst.hung = false;
        inst.partitioned = false;
        this.boot(inst);
      }
    }
  }
}
