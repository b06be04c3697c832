// One BGP session between two speakers, on the lab's Scheduler: connect/OPEN, keepalive and
// hold timers, UPDATE exchange with Adj-RIB-Out per side, prefix limits (the session is
// dropped, not filtered), Azure-reserved ASN refusal, and transport loss (noticed at once when
// the tunnel is torn down cleanly, after the hold time when the loss is silent).
// The state is held once for the session: both ends agree except that a stopped speaker
// reports "Stopped" for its own end.
import type { BgpPeerState, BgpPeerStatus, GatewayRoute } from '../../model/arm';
import { msFromSeconds, secondsFromMs, type Scheduler, type TimerId } from '../scheduler';
import { reservedAsnReason } from './asn';
import { type PathAttrs, RouteRows } from './bgpPath';
import type { BgpSpeaker, SessionSide, SpeakerSession } from './bgpSpeaker';
import { DenseMap } from './denseMap';
import type { RouteBatch } from './rib';
import { formatConnectedDuration } from './duration';

export interface BgpTimers {
  keepaliveSeconds: number;
  holdSeconds: number;
  /** Wait between connection attempts while the peer does not answer. */
  connectRetrySeconds: number;
  /** TCP + OPEN exchange. */
  openDelaySeconds: number;
  /** Time for an UPDATE to reach the peer. */
  updateDelaySeconds: number;
  /** Back-off after the peer exceeded its prefix limit, before trying again. */
  prefixLimitRestartSeconds: number;
  /** TCP retransmission while the path is silently broken. */
  retransmitSeconds: number;
}

/** Keepalive 60 s and hold 180 s are Azure's documented values for VPN gateways and MSEEs. */
export const DEFAULT_BGP_TIMERS: Readonly<BgpTimers> = {
  keepaliveSeconds: 60,
  holdSeconds: 180,
  connectRetrySeconds: 30,
  openDelaySeconds: 1,
  updateDelaySeconds: 0.1,
  prefixLimitRestartSeconds: 120,
  retransmitSeconds: 1,
};

/** NLRI per UPDATE message when counting messages (a 4 KB UPDATE holds roughly this many IPv4 prefixes). */
const PREFIXES_PER_UPDATE = 500;

export interface SessionSideConfig {
  speaker: BgpSpeaker;
  /** The ASN this side is configured to expect from the other; a mismatch refuses the session ("bad peer AS"). */
  expectedPeerAsn?: number;
  /** The address this side dials; when it is not the other speaker's address the session stays Connecting. */
  peerAddress?: string;
  /** Most prefixes this side accepts from the other before dropping the session. */
  prefixLimit?: number;
  /** Weight this side gives to paths from the other. */
  weight?: number;
  /** Refuse the other side when it uses an Azure/IANA-reserved ASN (Azure facing a customer router). */
  refuseReservedPeerAsn?: boolean;
  /** Export policy on top of the standard rules: which best paths this side advertises to the other (a function of the attributes alone). */
  exportFilter?: (path: PathAttrs) => boolean;
}

export interface BgpSessionConfig {
  /** Unique id; also the key of the peer's routes in each side's Adj-RIB-In. */
  id: string;
  sides: readonly [SessionSideConfig, SessionSideConfig];
  timers?: Partial<BgpTimers>;
  /** Whether packets currently get between the peers (tunnel up, circuit up, no blocking UDR). */
  transportUp?: () => boolean;
  /** Called after every change of state, with the reason when it went down (lab event log). */
  onStateChange?: (state: BgpPeerState, reason: string) => void;
}

interface PendingUpdate {
  deliverAt: number;
  announce: RouteBatch;
  withdraw: number[];
  messages: number;
}

interface SideState {
  cfg: SessionSideConfig;
  speaker: BgpSpeaker;
  messagesSent: number;
  messagesReceived: number;
  lastReceivedAt: number;
  /** What this side has advertised to the other on the current connection, by prefix key. */
  adjOut: DenseMap<PathAttrs>;
  /** UPDATEs sent and not yet delivered (TCP keeps them in order and retransmits). */
  queue: PendingUpdate[];
  /** Bumped whenever adjOut changes: snapshots reuse their advertised-route rows while it stays. */
  adjOutChanges: number;
  pumpTimer: TimerId | undefined;
}

export type SessionDownReason = 'hold timer expired' | 'transport closed' | 'peer restarted' | 'administratively down' | string;

export class BgpSession implements SpeakerSession {
  readonly id: string;
  readonly timers: BgpTimers;
  /** The timers in whole virtual milliseconds, as they are scheduled (converted once from seconds). */
  private readonly ms: { keepalive: number; hold: number; connectRetry: number; openDelay: number; updateDelay: number; prefixLimitRestart: number; retransmit: number };
  private readonly scheduler: Scheduler;
  private readonly sides: [SideState, SideState];
  private readonly transportUp: () => boolean;
  private readonly onStateChange: ((state: BgpPeerState, reason: string) => void) | undefined;
  private state_: BgpPeerState = 'Idle';
  private connectedSince = 0;
  private adminDown = false;
  private refused: string | undefined;
  private error = '';
  private retryTimer: TimerId | undefined;
  private openTimer: TimerId | undefined;
  private keepaliveTimer: TimerId | undefined;
  private holdTimer: TimerId | undefined;
  private established = 0;

  constructor(scheduler: Scheduler, config: BgpSessionConfig) {
    this.id = config.id;
    this.scheduler = scheduler;
    this.timers = { ...DEFAULT_BGP_TIMERS, ...config.timers };
    if (!(this.timers.holdSeconds >= 3) || !(this.timers.keepaliveSeconds > 0) || this.timers.keepaliveSeconds >= this.timers.holdSeconds) {
      throw new Error(`BGP session ${config.id}: need hold >= 3 s and 0 < keepalive < hold (got keepalive ${this.timers.keepaliveSeconds}, hold ${this.timers.holdSeconds})`);
    }
    const t = this.timers;
    this.ms = {
      keepalive: msFromSeconds(t.keepaliveSeconds),
      hold: msFromSeconds(t.holdSeconds),
      connectRetry: msFromSeconds(t.connectRetrySeconds),
      openDelay: msFromSeconds(t.openDelaySeconds),
      updateDelay: msFromSeconds(t.updateDelaySeconds),
      prefixLimitRestart: msFromSeconds(t.prefixLimitRestartSeconds),
      retransmit: msFromSeconds(t.retransmitSeconds),
    };
    this.transportUp = config.transportUp ?? (() => true);
    this.onStateChange = config.onStateChange;
    const side = (cfg: SessionSideConfig): SideState => ({
      cfg,
      speaker: cfg.speaker,
      messagesSent: 0,
      messagesReceived: 0,
      lastReceivedAt: 0,
      adjOut: new DenseMap(),
      queue: [],
      adjOutChanges: 0,
      pumpTimer: undefined,
    });
    this.sides = [side(config.sides[0]), side(config.sides[1])];
    config.sides[0].speaker.ends.push({ session: this, side: 0 });
    config.sides[1].speaker.ends.push({ session: this, side: 1 });
  }

  get state(): BgpPeerState {
    return this.state_;
  }

  private setState(next: BgpPeerState): void {
    if (next === this.state_) return;
    this.state_ = next;
    this.onStateChange?.(next, next === 'Connected' ? '' : this.lastError);
  }

  /** Why the session is not Connected ("" when it is or never failed). */
  get lastError(): string {
    return this.refused ?? this.error;
  }

  /** Times the session reached Connected. */
  get establishedCount(): number {
    return this.established;
  }

  speakerOf(side: SessionSide): BgpSpeaker {
    return this.sides[side].speaker;
  }

  /** The state as `side` reports it (a stopped speaker reports Stopped). */
  stateFor(side: SessionSide): BgpPeerState {
    return this.sides[side].speaker.up ? this.state_ : 'Stopped';
  }

  /** Starts connecting (call once after building the topology). */
  start(): void {
    this.attempt();
  }

  /** Fault: tear the session down and keep it down (NOTIFICATION Cease) until `adminUp`. */
  adminShutdown(): void {
    this.adminDown = true;
    if (this.state_ === 'Connected') this.sendNotification(0);
    this.drop('administratively down');
  }

  adminUp(): void {
    if (!this.adminDown) return;
    this.adminDown = false;
    this.attempt();
  }

  /** The path between the peers broke. Silent: nobody is told (hold timer). Not silent: TCP reset, drop now. */
  transportLost(silent: boolean): void {
    if (silent || this.state_ !== 'Connected') return;
    this.drop('transport closed');
    this.attempt();
  }

  /** The path works again: reconnect at once instead of waiting for the retry timer, and flush queued UPDATEs. */
  transportRestored(): void {
    if (this.state_ === 'Connecting') this.attempt();
    else if (this.state_ === 'Connected') for (const s of [0, 1] as const) this.schedulePump(s, this.scheduler.now());
  }

  /** Called by a speaker that stopped or started. */
  speakerStateChanged(side: SessionSide): void {
    if (!this.sides[side].speaker.up) return; // the peer finds out through its hold timer
    if (this.state_ === 'Connected') {
      // A restarted router opens a new connection; the peer resets the stale one.
      this.drop('peer restarted');
    }
    if (this.state_ !== 'Idle' || this.error === 'peer restarted') this.attempt();
  }

  /** Pushes changed best paths of `side` to the other side (no-op unless Connected). */
  exportChanged(side: SessionSide, keys: readonly number[], uniformBest?: PathAttrs): void {
    if (this.state_ !== 'Connected' || !this.sides[side].speaker.up) return;
    const me = this.sides[side];
    const rib = me.speaker.rib;
    const adjOut = me.adjOut;
    if (uniformBest !== undefined) {
      // One best path for every key: one export decision for the whole batch.
      const out = this.exportPath(side, uniformBest);
      if (adjOut.size === 0) {
        if (out) this.sendUpdate(side, { keys, attrs: new Array<PathAttrs>(keys.length).fill(out) }, []);
        return;
      }
      const announceKeys: number[] = [];
      const withdrawKeys: number[] = [];
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        const sent = adjOut.get(k);
        if (out) {
          if (sent !== out && (!sent || !samePath(sent, out))) announceKeys.push(k);
        } else if (sent) {
          withdrawKeys.push(k);
        }
      }
      this.sendUpdate(side, { keys: announceKeys, attrs: out ? new Array<PathAttrs>(announceKeys.length).fill(out) : [] }, withdrawKeys);
      return;
    }
    const announce = { keys: [] as number[], attrs: [] as PathAttrs[] };
    const withdraw: number[] = [];
    // A new connection's first full export finds Adj-RIB-Out empty: skip a million lookups.
    const empty = adjOut.size === 0;
    // Runs of keys share their best path's attributes: export each distinct set once.
    let lastBest: PathAttrs | undefined;
    let lastOut: PathAttrs | undefined;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const best = rib.best(k);
      let out: PathAttrs | undefined;
      if (best !== undefined) {
        if (best !== lastBest) {
          lastBest = best;
          lastOut = this.exportPath(side, best);
        }
        out = lastOut;
      }
      const sent = empty ? undefined : adjOut.get(k);
      if (out) {
        if (sent !== out && (!sent || !samePath(sent, out))) {
          announce.keys.push(k);
          announce.attrs.push(out);
        }
      } else if (sent) {
        withdraw.push(k);
      }
    }
    this.sendUpdate(side, announce, withdraw);
  }

  peerStatus(side: SessionSide): BgpPeerStatus {
    const me = this.sides[side];
    const other = this.sides[other_(side)];
    const state = this.stateFor(side);
    return {
      localAddress: me.speaker.address,
      neighbor: other.speaker.address,
      asn: other.speaker.asn,
      state,
      connectedDuration: state === 'Connected' ? formatConnectedDuration(secondsFromMs(this.scheduler.now() - this.connectedSince)) : '',
      routesReceived: me.speaker.rib.receivedCount(this.id),
      messagesSent: me.messagesSent,
      messagesReceived: me.messagesReceived,
    };
  }

  /** Changes whenever what `side` advertises changes (a cache key for advertisedRoutes rows). */
  advertisedVersion(side: SessionSide): number {
    return this.sides[side].adjOutChanges;
  }

  /** ARM's advertised routes from `side` to the other side. */
  advertisedRoutes(side: SessionSide, rows = new RouteRows()): GatewayRoute[] {
    const me = this.sides[side];
    const out: GatewayRoute[] = [];
    me.adjOut.forEach((k, a) => out.push(rows.row(k, a, me.speaker.address)));
    return out;
  }

  private pathOk(): boolean {
    const [a, b] = this.sides;
    if (!a.speaker.up || !b.speaker.up) return false;
    if (a.cfg.peerAddress !== undefined && a.cfg.peerAddress !== b.speaker.address) return false;
    if (b.cfg.peerAddress !== undefined && b.cfg.peerAddress !== a.speaker.address) return false;
    return this.transportUp();
  }

  private attempt(): void {
    this.cancel('retryTimer');
    if (this.adminDown || this.refused !== undefined || this.state_ === 'Connected') return;
    if (this.openTimer !== undefined) return;
    this.setState('Connecting');
    if (!this.pathOk()) {
      this.retryTimer = this.scheduler.after(this.ms.connectRetry, `bgp ${this.id} connect retry`, () => {
        this.retryTimer = undefined;
        this.attempt();
      });
      return;
    }
    this.openTimer = this.scheduler.after(this.ms.openDelay, `bgp ${this.id} open`, () => {
      this.openTimer = undefined;
      this.open();
    });
  }

  private open(): void {
    if (this.adminDown || this.state_ !== 'Connecting') return;
    if (!this.pathOk()) {
      this.attempt();
      return;
    }
    const [a, b] = this.sides;
    for (const s of [0, 1] as const) this.count(s); // OPEN
    for (const s of [0, 1] as const) {
      const me = this.sides[s];
      const peerAsn = this.sides[other_(s)].speaker.asn;
      const reserved = me.cfg.refuseReservedPeerAsn ? reservedAsnReason(peerAsn) : undefined;
      const mismatch =
        me.cfg.expectedPeerAsn !== undefined && me.cfg.expectedPeerAsn !== peerAsn
          ? `bad peer AS: ${me.speaker.name} expects ${me.cfg.expectedPeerAsn}, ${this.sides[other_(s)].speaker.name} uses ${peerAsn}`
          : undefined;
      const why = reserved ? `refused by ${me.speaker.name}: ${reserved}` : mismatch;
      if (why) {
        this.sendNotification(s);
        this.refused = why;
        this.setState('Idle');
        return;
      }
    }
    for (const s of [0, 1] as const) this.count(s); // KEEPALIVE confirming the OPEN
    this.setState('Connected');
    this.error = '';
    this.established++;
    const now = this.scheduler.now();
    this.connectedSince = now;
    a.lastReceivedAt = now;
    b.lastReceivedAt = now;
    this.keepaliveTimer = this.scheduler.after(this.ms.keepalive, `bgp ${this.id} keepalive`, () => this.keepalive());
    this.armHoldTimer();
    for (const s of [0, 1] as const) this.exportChanged(s, this.sides[s].speaker.rib.bestKeyArray());
  }

  private keepalive(): void {
    this.keepaliveTimer = undefined;
    if (this.state_ !== 'Connected') return;
    const ok = this.pathOk();
    for (const s of [0, 1] as const) {
      if (!this.sides[s].speaker.up) continue;
      if (ok) this.count(s);
      else this.sides[s].messagesSent++; // sent into a broken path
    }
    this.keepaliveTimer = this.scheduler.after(this.ms.keepalive, `bgp ${this.id} keepalive`, () => this.keepalive());
  }

  private armHoldTimer(): void {
    const last = Math.min(this.sides[0].lastReceivedAt, this.sides[1].lastReceivedAt);
    this.holdTimer = this.scheduler.at(last + this.ms.hold, `bgp ${this.id} hold`, () => {
      this.holdTimer = undefined;
      if (this.state_ !== 'Connected') return;
      const oldest = Math.min(this.sides[0].lastReceivedAt, this.sides[1].lastReceivedAt);
      // Same expression as the timer's own time: `now - oldest >= hold` can miss by one ulp
      // (361.127 - 181.127 < 180) and re-arm at this very instant forever.
      if (this.scheduler.now() >= oldest + this.ms.hold) {
        this.drop('hold timer expired');
        this.attempt();
      } else {
        this.armHoldTimer();
      }
    });
  }

  private sendUpdate(side: SessionSide, announce: RouteBatch, withdraw: number[]): void {
    const n = announce.keys.length + withdraw.length;
    if (n === 0) return;
    const me = this.sides[side];
    me.speaker.beforeChange?.();
    me.adjOutChanges++;
    const { keys, attrs } = announce;
    for (let i = 0; i < keys.length; i++) me.adjOut.set(keys[i]!, attrs[i]!);
    for (const k of withdraw) me.adjOut.delete(k);
    const messages = Math.ceil(n / PREFIXES_PER_UPDATE);
    me.messagesSent += messages;
    const deliverAt = this.scheduler.now() + this.ms.updateDelay;
    me.queue.push({ deliverAt, announce, withdraw, messages });
    this.schedulePump(side, deliverAt);
  }

  private schedulePump(side: SessionSide, time: number): void {
    const me = this.sides[side];
    if (me.pumpTimer !== undefined || me.queue.length === 0) return;
    me.pumpTimer = this.scheduler.at(Math.max(time, me.queue[0]!.deliverAt), `bgp ${this.id} update`, () => {
      me.pumpTimer = undefined;
      this.pump(side);
    });
  }

  private pump(side: SessionSide): void {
    const me = this.sides[side];
    if (this.state_ !== 'Connected') return;
    if (!this.pathOk()) {
      // TCP keeps the data and retransmits; if the path stays broken the hold timer ends the session.
      this.schedulePump(side, this.scheduler.now() + this.ms.retransmit);
      return;
    }
    const now = this.scheduler.now();
    while (me.queue.length > 0 && me.queue[0]!.deliverAt <= now && this.state_ === 'Connected') {
      const u = me.queue.shift()!;
      this.receive(other_(side), u);
    }
    if (this.state_ === 'Connected') this.schedulePump(side, now);
  }

  /** `side` receives an UPDATE from the other side. */
  private receive(side: SessionSide, u: PendingUpdate): void {
    const me = this.sides[side];
    const from = this.sides[other_(side)].speaker;
    me.messagesReceived += u.messages;
    me.lastReceivedAt = this.scheduler.now();
    const ebgp = from.asn !== me.speaker.asn;
    const rib = me.speaker.rib;
    // Most updates carry no looped path: then the sender's batch is used as is (no copy of 1,000,000 routes).
    const asn = me.speaker.asn;
    const loops = (a: PathAttrs): boolean => ebgp && a.asPath.includes(asn);
    let looped = false;
    let checked: PathAttrs | undefined;
    for (const a of u.announce.attrs) {
      if (a === checked) continue;
      checked = a;
      if (loops(a)) {
        looped = true;
        break;
      }
    }
    const kept = { keys: [] as number[], attrs: [] as PathAttrs[] };
    const accepted: RouteBatch = looped ? kept : u.announce;
    const withdraw = [...u.withdraw];
    if (looped) {
      for (let i = 0; i < u.announce.keys.length; i++) {
        const k = u.announce.keys[i]!;
        const a = u.announce.attrs[i]!;
        // AS-path loop prevention: a path that already went through our AS is refused (and replaces any older one).
        if (loops(a)) {
          withdraw.push(k);
          continue;
        }
        // The sender already built the attributes as this side stores them (see exportPath): shared, never mutated.
        kept.keys.push(k);
        kept.attrs.push(a);
      }
    }
    const limit = me.cfg.prefixLimit;
    if (limit !== undefined) {
      let count = rib.receivedCount(this.id);
      for (const k of withdraw) if (rib.hasFromPeer(this.id, k)) count--;
      const counted = new Set<number>();
      for (const k of accepted.keys) {
        if (!rib.hasFromPeer(this.id, k) && !counted.has(k)) {
          counted.add(k);
          count++;
        }
      }
      if (count > limit) {
        // Azure drops the session rather than filtering the excess (vpn-gateway FAQ, ExpressRoute limits).
        this.sendNotification(side);
        this.drop(`prefix limit exceeded: ${from.name} advertised ${count} prefixes to ${me.speaker.name}, limit ${limit}`, 'Idle');
        this.retryTimer = this.scheduler.after(this.ms.prefixLimitRestart, `bgp ${this.id} restart after prefix limit`, () => {
          this.retryTimer = undefined;
          this.attempt();
        });
        return;
      }
    }
    me.speaker.changed(rib.update(this.id, accepted, withdraw));
  }

  /** The attributes `side` would advertise to the other side for its best path, or undefined. */
  private exportPath(side: SessionSide, best: PathAttrs): PathAttrs | undefined {
    const me = this.sides[side];
    const peer = this.sides[other_(side)].speaker;
    const ebgp = peer.asn !== me.speaker.asn;
    if (best.sourcePeer === peer.address) return undefined; // split horizon: never back to where it came from
    if (!ebgp && best.learnedFrom === 'ibgp') return undefined; // iBGP-learned paths are not re-advertised over iBGP
    if (me.cfg.exportFilter && !me.cfg.exportFilter(best)) return undefined;
    // Built as the receiver will hold them (next hop self, weight of the receiving side), so one
    // object serves as this side's Adj-RIB-Out entry and the other side's Adj-RIB-In entry; and
    // shared by every session of this speaker and every prefix that would carry the same (a VPN
    // instance sends its 1,000,000 site routes to both ER instances as one attribute object).
    const weight = this.sides[other_(side)].cfg.weight ?? 0;
    return exportCacheOf(me.speaker).exported(best, ebgp, weight);
  }

  /** Ends the connection: timers, queues and Adj-RIB-Out go; both sides forget the other's routes. */
  private drop(reason: string, next: BgpPeerState = 'Idle'): void {
    for (const t of ['openTimer', 'keepaliveTimer', 'holdTimer', 'retryTimer'] as const) this.cancel(t);
    for (const s of this.sides) {
      if (s.pumpTimer !== undefined) this.scheduler.cancel(s.pumpTimer);
      s.pumpTimer = undefined;
      s.queue = [];
      if (s.adjOut.size > 0) {
        s.speaker.beforeChange?.();
        s.adjOutChanges++;
      }
      s.adjOut.clear();
    }
    this.error = reason;
    this.setState(next);
    for (const s of this.sides) s.speaker.changed(s.speaker.rib.dropPeer(this.id));
  }

  private sendNotification(side: SessionSide): void {
    this.sides[side].messagesSent++;
    if (this.pathOk()) this.sides[other_(side)].messagesReceived++;
  }

  /** One message from `side` delivered to the other side. */
  private count(side: SessionSide): void {
    const o = this.sides[other_(side)];
    this.sides[side].messagesSent++;
    o.messagesReceived++;
    o.lastReceivedAt = this.scheduler.now();
  }

  private cancel(timer: 'retryTimer' | 'openTimer' | 'keepaliveTimer' | 'holdTimer'): void {
    const id = this[timer];
    if (id !== undefined) this.scheduler.cancel(id);
    this[timer] = undefined;
  }
}

/** The attributes a speaker exports for each best path's attributes: shared by all its sessions. */
class ExportCache {
  /** Exported attributes per input attributes, then per (weight, eBGP): a handful of entries each. */
  private readonly outs = new WeakMap<PathAttrs, Map<number, PathAttrs>>();
  private readonly prepends = new WeakMap<readonly number[], readonly number[]>();

  constructor(private readonly speaker: BgpSpeaker) {}

  exported(best: PathAttrs, ebgp: boolean, weight: number): PathAttrs {
    let byKind = this.outs.get(best);
    if (!byKind) this.outs.set(best, (byKind = new Map()));
    const kind = weight * 2 + (ebgp ? 1 : 0);
    let out = byKind.get(kind);
    if (!out) {
      const sp = this.speaker;
      out = {
        nextHop: sp.address,
        asPath: ebgp ? this.prepended(best.asPath) : best.asPath,
        origin: best.origin,
        weight,
        sourcePeer: sp.address,
        learnedFrom: ebgp ? 'ebgp' : 'ibgp',
        peerRouterId: sp.routerId,
      };
      byKind.set(kind, out);
    }
    return out;
  }

  /** [own ASN, ...asPath], one array per distinct input array (100,000 routes from one site share one AS path). */
  private prepended(asPath: readonly number[]): readonly number[] {
    let out = this.prepends.get(asPath);
    if (!out) {
      out = [this.speaker.asn, ...asPath];
      this.prepends.set(asPath, out);
    }
    return out;
  }
}

/** Kept beside the speaker, not in it: only sessions use it. */
const exportCaches = new WeakMap<BgpSpeaker, ExportCache>();

function exportCacheOf(speaker: BgpSpeaker): ExportCache {
  let cache = exportCaches.get(speaker);
  if (!cache) {
    cache = new ExportCache(speaker);
    exportCaches.set(speaker, cache);
  }
  return cache;
}

function other_(side: SessionSide): SessionSide {
  return side === 0 ? 1 : 0;
}

function samePath(a: PathAttrs, b: PathAttrs): boolean {
  if (a.nextHop !== b.nextHop || a.origin !== b.origin || a.asPath.length !== b.asPath.length) return false;
  for (let i = 0; i < a.asPath.length; i++) if (a.asPath[i] !== b.asPath[i]) return false;
  return true;
}
