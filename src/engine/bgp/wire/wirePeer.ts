// One BGP neighbour on real TCP: the RFC 4271 finite state machine per connection (OpenSent,
// OpenConfirm, Established), hold/keepalive negotiation (with Azure's "keepalive stays 60 s"
// behaviour as an option), connection collision detection (6.8), AS-path loop prevention,
// the prefix limit (Cease/Maximum Number of Prefixes Reached with RFC 4486 data), reserved and
// unexpected peer ASNs (OPEN/Bad Peer AS), Hold Timer Expired and Cease/Administrative Shutdown.
// Timers run on the wall clock: a real router lives in real time.
// Nothing a peer sends can throw out of here: malformed input ends that connection with the
// matching NOTIFICATION, and the error is reported through `events.down`.
import * as net from 'node:net';
import { type Prefix, prefixKey } from '../../../model/prefix';
import { reservedAsnReason } from '../asn';
import { asPathAttributes, flattenAsPath, receivedAsPath } from './asPath';
import { AS_TRANS, CeaseSubcode, ErrorCode, OpenSubcode, notificationName } from './constants';
import { decodeMessage } from './decode';
import { BgpDecodeError } from './decodeError';
import { encodeAnnouncements, encodeMessage, encodeWithdrawals } from './encode';
import { BgpFramer } from './framer';
import { type BgpMessage, type BgpOrigin, type Capability, type CodecContext, type OpenMessage, type UpdateMessage, endOfRib, isEndOfRib } from './messages';

export type WireFsmState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

export interface WirePeerConfig {
  /** For messages and logs ("vpngw/IN_0 <-> site hq"). */
  name: string;
  localAsn: number;
  /** BGP identifier, dotted quad (the instance's modelled BGP address). */
  bgpId: string;
  /** NEXT_HOP of every route sent: the modelled BGP address, never a 127/8 transport address. */
  nextHop: string;
  /** The router's ASN as configured on the lab side; a different one is refused with Bad Peer AS. */
  expectedPeerAsn?: number;
  /** Refuse Azure/IANA-reserved peer ASNs with OPEN/Bad Peer AS (Azure facing an on-premises router). */
  refuseReservedPeerAsn: boolean;
  holdSeconds: number;
  keepaliveSeconds: number;
  /**
   * Azure timer behaviour: the keepalive stays `keepaliveSeconds` even when the peer proposes a
   * shorter hold time, so a router with hold 9 s sees its hold timer expire (source: Microsoft
   * Tech Community, "Azure VPN Gateway BGP Timer Mismatches"). false: RFC 4271's hold/3.
   */
  azureTimers: boolean;
  /** Most prefixes accepted before the session is dropped with Cease/1; undefined: no limit. */
  prefixLimit?: number;
  /** Seconds the peer stays Idle after exceeding its prefix limit (refusing connections). */
  prefixLimitIdleSeconds: number;
  /** Dial the router as well as accepting its connections (collision detection picks one). */
  dial?: { host: string; port: number; localAddress: string; retrySeconds: number };
}

export interface OutRoute {
  prefix: Prefix;
  /** AS path before this speaker prepends its own ASN. */
  asPath: readonly number[];
  origin: BgpOrigin;
}

export interface InRoute {
  prefix: Prefix;
  asPath: readonly number[];
  origin: BgpOrigin;
  nextHop: string;
  med?: number;
  localPref?: number;
  communities?: readonly number[];
}

export interface NotificationInfo {
  direction: 'sent' | 'received';
  code: number;
  subcode: number;
  data: string;
  text: string;
}

export interface WirePeerEvents {
  /** Every route this side advertises now (called when a session reaches Established, or on ROUTE-REFRESH). */
  exportAll(): OutRoute[];
  /** Routes learned from the peer; loops are already turned into withdrawals. */
  received(announce: InRoute[], withdraw: Prefix[]): void;
  /** The peer sent End-of-RIB for IPv4 unicast. */
  endOfRib?(): void;
  /** The session left Established (all routes from the peer are gone) or a connection failed. */
  down(reason: string): void;
  stateChanged(state: WireFsmState): void;
  log?(message: string): void;
}

/** One TCP connection and its FSM state. */
interface Connection {
  socket: net.Socket;
  outbound: boolean;
  state: WireFsmState;
  framer: BgpFramer;
  ctx: CodecContext;
  peerOpen?: OpenMessage;
  peerAsn?: number;
  holdSeconds: number;
  keepaliveSeconds: number;
  holdTimer?: NodeJS.Timeout;
  keepaliveTimer?: NodeJS.Timeout;
  closed: boolean;
}

/** Hold time while waiting for the peer's OPEN (RFC 4271 8.2.2: "large value", 4 minutes suggested). */
const OPEN_HOLD_SECONDS = 240;

export class WirePeer {
  private readonly connections = new Set<Connection>();
  private established: Connection | undefined;
  private allowed = false;
  private adminDown = false;
  private idleUntil = 0;
  private dialTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Prefix keys the peer announced on the current session. */
  private readonly adjIn = new Set<number>();
  /** What was sent on the current session, by prefix key. */
  readonly adjOut = new Map<number, OutRoute>();
  /** Bumped whenever adjOut changes (snapshot caches compare it). */
  adjOutVersion = 0;
  messagesSent = 0;
  messagesReceived = 0;
  establishedCount = 0;
  connectedSinceMs = 0;
  lastError = '';
  lastNotification: NotificationInfo | undefined;
  /** The latest NOTIFICATIONs sent and received, oldest first (at most 20). */
  readonly notifications: NotificationInfo[] = [];
  /** The peer's OPEN on the current or last session. */
  peerAsn: number | undefined;
  negotiatedHoldSeconds: number | undefined;
  keepaliveIntervalSeconds: number | undefined;

  constructor(
    readonly config: WirePeerConfig,
    private readonly events: WirePeerEvents,
  ) {}

  get state(): WireFsmState {
    if (this.established) return 'Established';
    let best: WireFsmState = this.allowed && !this.adminDown && !this.stopped && Date.now() >= this.idleUntil ? 'Active' : 'Idle';
    for (const c of this.connections) if (rank(c.state) > rank(best)) best = c.state;
    return best;
  }

  get prefixesReceived(): number {
    return this.adjIn.size;
  }

  /** Whether the path to the router exists (instance alive, tunnel up). false drops connections silently (no NOTIFICATION: the path is gone). */
  setAllowed(allowed: boolean, reason: string): void {
    if (allowed === this.allowed) return;
    this.allowed = allowed;
    if (!allowed) {
      for (const c of [...this.connections]) this.closeConnection(c, reason);
      this.clearDial();
    } else this.scheduleDial(0);
    this.events.stateChanged(this.state);
  }

  /** bgpSessionDown: Cease/Administrative Shutdown, then refuse connections until `adminUp`. */
  adminShutdown(): void {
    this.adminDown = true;
    for (const c of [...this.connections]) this.notifyAndClose(c, ErrorCode.cease, CeaseSubcode.administrativeShutdown, new Uint8Array(0), 'administratively down');
    this.clearDial();
    this.events.stateChanged(this.state);
  }

  adminUp(): void {
    if (!this.adminDown) return;
    this.adminDown = false;
    this.scheduleDial(0);
    this.events.stateChanged(this.state);
  }

  get administrativelyDown(): boolean {
    return this.adminDown;
  }

  /** Lab stops: Cease/Administrative Shutdown on every connection; resolves when the bytes are out. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearDial();
    const closing = [...this.connections].map(
      (c) =>
        new Promise<void>((resolve) => {
          c.socket.once('close', () => resolve());
          this.notifyAndClose(c, ErrorCode.cease, CeaseSubcode.administrativeShutdown, new Uint8Array(0), 'lab stopped');
          setTimeout(resolve, 1000).unref();
        }),
    );
    await Promise.all(closing);
  }

  /** A connection the listener accepted from this peer's address. */
  accept(socket: net.Socket): void {
    if (!this.allowed || this.adminDown || this.stopped || Date.now() < this.idleUntil) {
      // Refused before OPEN, as a router with the neighbour shut down or in its idle hold does.
      socket.destroy();
      return;
    }
    this.attach(socket, false);
  }

  /** Best paths changed: announce or withdraw them on the established session. */
  exportChanged(changes: readonly { prefix: Prefix; route: OutRoute | undefined }[]): void {
    const c = this.established;
    if (!c || changes.length === 0) return;
    const announce: OutRoute[] = [];
    const withdraw: Prefix[] = [];
    for (const ch of changes) {
      const k = prefixKey(ch.prefix);
      const sent = this.adjOut.get(k);
      if (ch.route) {
        if (!sent || !sameRoute(sent, ch.route)) {
          announce.push(ch.route);
          this.adjOut.set(k, ch.route);
        }
      } else if (sent) {
        withdraw.push(ch.prefix);
        this.adjOut.delete(k);
      }
    }
    if (announce.length > 0 || withdraw.length > 0) this.adjOutVersion++;
    this.sendRoutes(c, announce, withdraw);
  }

  /** Asks the peer to send its IPv4 unicast routes again (ROUTE-REFRESH, RFC 2918); false when not Established. */
  requestRefresh(): boolean {
    const c = this.established;
    if (!c) return false;
    this.send(c, { type: 'routeRefresh', afi: 1, subtype: 0, safi: 1 });
    return true;
  }

  // ---- connections ------------------------------------------------------------------------

  private attach(socket: net.Socket, outbound: boolean): void {
    socket.setNoDelay(true);
    const c: Connection = {
      socket,
      outbound,
      state: 'OpenSent',
      framer: new BgpFramer(),
      ctx: { fourOctetAs: false },
      holdSeconds: OPEN_HOLD_SECONDS,
      keepaliveSeconds: this.config.keepaliveSeconds,
      closed: false,
    };
    this.connections.add(c);
    socket.on('data', (chunk: Buffer) => this.onData(c, chunk));
    socket.on('error', (e) => this.closeConnection(c, `socket error: ${e.message}`));
    socket.on('close', () => this.closeConnection(c, 'connection closed by peer'));
    this.send(c, this.openMessage());
    this.armHold(c);
    this.events.stateChanged(this.state);
  }

  private openMessage(): OpenMessage {
    const caps: Capability[] = [{ kind: 'multiprotocol', afi: 1, safi: 1 }, { kind: 'routeRefresh' }, { kind: 'fourOctetAs', asn: this.config.localAsn }];
    return {
      type: 'open',
      version: 4,
      myAs: this.config.localAsn > 0xffff ? AS_TRANS : this.config.localAsn,
      holdTime: this.config.holdSeconds,
      bgpId: this.config.bgpId,
      capabilities: caps,
    };
  }

  private onData(c: Connection, chunk: Buffer): void {
    if (c.closed) return;
    try {
      for (const frame of c.framer.push(chunk)) {
        if (c.closed) return;
        this.messagesReceived++;
        this.onMessage(c, decodeMessage(frame, c.ctx));
      }
    } catch (error) {
      if (error instanceof BgpDecodeError) {
        this.notifyAndClose(c, error.code, error.subcode, error.data, `malformed message from the peer: ${error.message}`);
      } else {
        // A bug of ours must not take the lab down either: end this connection and say why.
        this.notifyAndClose(c, ErrorCode.cease, CeaseSubcode.outOfResources, new Uint8Array(0), `internal error: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private onMessage(c: Connection, m: BgpMessage): void {
    switch (m.type) {
      case 'open':
        return this.onOpen(c, m);
      case 'keepalive':
        if (c.state === 'OpenConfirm') return this.establish(c);
        if (c.state === 'Established') return this.armHold(c);
        return this.fsmError(c);
      case 'update':
        if (c.state !== 'Established') return this.fsmError(c);
        this.armHold(c);
        return this.onUpdate(c, m);
      case 'routeRefresh':
        if (c.state !== 'Established') return this.fsmError(c);
        if (m.afi === 1 && m.safi === 1) this.sendFullTable(c);
        return;
      case 'notification': {
        const info = notification('received', m.code, m.subcode, m.data);
        this.record(info);
        this.closeConnection(c, `NOTIFICATION received: ${info.text}`);
        return;
      }
    }
  }

  private onOpen(c: Connection, m: OpenMessage): void {
    if (c.state !== 'OpenSent') return this.fsmError(c);
    const four = m.capabilities.find((x): x is Extract<Capability, { kind: 'fourOctetAs' }> => x.kind === 'fourOctetAs');
    const peerAsn = four ? four.asn : m.myAs;
    c.peerOpen = m;
    c.peerAsn = peerAsn;
    c.ctx = { fourOctetAs: four !== undefined };
    this.peerAsn = peerAsn;
    const reserved = this.config.refuseReservedPeerAsn ? reservedAsnReason(peerAsn) : undefined;
    if (reserved || (this.config.expectedPeerAsn !== undefined && peerAsn !== this.config.expectedPeerAsn)) {
      const why = reserved ?? `expected ASN ${this.config.expectedPeerAsn}, the router uses ${peerAsn}`;
      return this.notifyAndClose(c, ErrorCode.openMessage, OpenSubcode.badPeerAs, new Uint8Array(0), `bad peer AS: ${why}`, true);
    }
    if (m.bgpId === this.config.bgpId) return this.notifyAndClose(c, ErrorCode.openMessage, OpenSubcode.badBgpIdentifier, new Uint8Array(0), `the router uses our BGP identifier ${m.bgpId}`, true);
    // Collision detection (RFC 4271 6.8): one connection per peer survives.
    for (const other of this.connections) {
      if (other === c || other.closed) continue;
      if (other.state === 'Established') {
        return this.notifyAndClose(c, ErrorCode.cease, CeaseSubcode.connectionCollisionResolution, new Uint8Array(0), 'connection collision: a session is already established');
      }
      if (other.state === 'OpenConfirm' || (other.state === 'OpenSent' && other.peerOpen)) {
        const localWins = ipNumber(this.config.bgpId) > ipNumber(m.bgpId);
        // The connection the higher identifier initiated survives.
        const loser = (localWins ? !c.outbound : c.outbound) ? c : other;
        this.notifyAndClose(loser, ErrorCode.cease, CeaseSubcode.connectionCollisionResolution, new Uint8Array(0), 'connection collision resolved');
        if (loser === c) return;
      }
    }
    const hold = m.holdTime === 0 || this.config.holdSeconds === 0 ? 0 : Math.min(m.holdTime, this.config.holdSeconds);
    c.holdSeconds = hold;
    c.keepaliveSeconds = hold === 0 ? 0 : this.config.azureTimers ? this.config.keepaliveSeconds : Math.min(this.config.keepaliveSeconds, Math.max(1, Math.floor(hold / 3)));
    c.state = 'OpenConfirm';
    this.send(c, { type: 'keepalive' });
    this.armHold(c);
    this.armKeepalive(c);
    this.events.stateChanged(this.state);
  }

  private establish(c: Connection): void {
    c.state = 'Established';
    this.established = c;
    this.establishedCount++;
    this.connectedSinceMs = Date.now();
    this.negotiatedHoldSeconds = c.holdSeconds;
    this.keepaliveIntervalSeconds = c.keepaliveSeconds;
    this.lastError = '';
    this.clearDial();
    this.armHold(c);
    this.events.log?.(`${this.config.name}: Established (hold ${c.holdSeconds} s, keepalive ${c.keepaliveSeconds} s, ${c.ctx.fourOctetAs ? '4' : '2'}-octet AS)`);
    this.events.stateChanged(this.state);
    this.sendFullTable(c);
  }

  private sendFullTable(c: Connection): void {
    this.adjOut.clear();
    this.adjOutVersion++;
    const routes = this.events.exportAll();
    for (const r of routes) this.adjOut.set(prefixKey(r.prefix), r);
    this.sendRoutes(c, routes, []);
    this.send(c, endOfRib());
  }

  private sendRoutes(c: Connection, announce: readonly OutRoute[], withdraw: readonly Prefix[]): void {
    if (c.closed) return;
    const v4 = (p: Prefix): boolean => p.family === 4;
    for (const frame of encodeWithdrawals(withdraw.filter(v4))) this.sendRaw(c, frame);
    // One UPDATE series per distinct (AS path, origin): 100,000 routes from one site share one path.
    const groups = new Map<readonly number[], Map<BgpOrigin, Prefix[]>>();
    for (const r of announce) {
      if (!v4(r.prefix)) continue;
      let byOrigin = groups.get(r.asPath);
      if (!byOrigin) groups.set(r.asPath, (byOrigin = new Map()));
      let list = byOrigin.get(r.origin);
      if (!list) byOrigin.set(r.origin, (list = []));
      list.push(r.prefix);
    }
    for (const [asPath, byOrigin] of groups) {
      for (const [origin, prefixes] of byOrigin) {
        const attrs = { origin, ...asPathAttributes([this.config.localAsn, ...asPath], c.ctx.fourOctetAs), nextHop: this.config.nextHop };
        for (const frame of encodeAnnouncements(attrs, prefixes, c.ctx)) this.sendRaw(c, frame);
      }
    }
  }

  private onUpdate(c: Connection, u: UpdateMessage): void {
    if (isEndOfRib(u)) {
      this.events.endOfRib?.();
      return;
    }
    const withdraw: Prefix[] = [...u.withdrawn];
    if (u.attributes.mpUnreach?.afi === 1 && u.attributes.mpUnreach.safi === 1) withdraw.push(...u.attributes.mpUnreach.withdrawn);
    const a = u.attributes;
    const nlri = [...u.nlri];
    if (a.mpReach?.afi === 1 && a.mpReach.safi === 1) nlri.push(...a.mpReach.nlri);
    const announce: InRoute[] = [];
    if (nlri.length > 0) {
      const asPath = flattenAsPath(receivedAsPath(a, c.ctx.fourOctetAs));
      const nextHop = a.nextHop ?? a.mpReach?.nextHops[0] ?? '';
      if (asPath.includes(this.config.localAsn)) {
        // AS-path loop prevention: our own ASN in the path; such a route replaces nothing.
        withdraw.push(...nlri);
      } else {
        for (const prefix of nlri) {
          const r: InRoute = { prefix, asPath, origin: a.origin ?? 'incomplete', nextHop };
          if (a.med !== undefined) r.med = a.med;
          if (a.localPref !== undefined) r.localPref = a.localPref;
          if (a.communities !== undefined) r.communities = a.communities;
          announce.push(r);
        }
      }
    }
    for (const p of withdraw) this.adjIn.delete(prefixKey(p));
    for (const r of announce) this.adjIn.add(prefixKey(r.prefix));
    const limit = this.config.prefixLimit;
    if (limit !== undefined && this.adjIn.size > limit) {
      // Azure drops the session rather than filtering the excess (vpn-gateway FAQ); RFC 4486 data: AFI, SAFI, limit.
      const data = new Uint8Array([0, 1, 1, (limit >>> 24) & 255, (limit >>> 16) & 255, (limit >>> 8) & 255, limit & 255]);
      const count = this.adjIn.size;
      this.idleUntil = Date.now() + this.config.prefixLimitIdleSeconds * 1000;
      this.notifyAndClose(c, ErrorCode.cease, CeaseSubcode.maximumPrefixesReached, data, `prefix limit exceeded: the router advertised ${count} prefixes, limit ${limit}`);
      const retry = setTimeout(() => {
        this.events.stateChanged(this.state);
        this.scheduleDial(0);
      }, this.config.prefixLimitIdleSeconds * 1000);
      retry.unref();
      return;
    }
    this.events.received(announce, withdraw);
  }

  private record(info: NotificationInfo): void {
    this.lastNotification = info;
    this.notifications.push(info);
    if (this.notifications.length > 20) this.notifications.shift();
  }

  private fsmError(c: Connection): void {
    // RFC 6608 subcodes: 1 unexpected message in OpenSent, 2 in OpenConfirm, 3 in Established.
    const sub = c.state === 'OpenSent' ? 1 : c.state === 'OpenConfirm' ? 2 : 3;
    this.notifyAndClose(c, ErrorCode.fsm, sub, new Uint8Array(0), `unexpected message in ${c.state}`);
  }

  private notifyAndClose(c: Connection, code: number, subcode: number, data: Uint8Array, reason: string, refused = false): void {
    if (c.closed) return;
    const info = notification('sent', code, subcode, data);
    this.record(info);
    this.send(c, { type: 'notification', code, subcode, data });
    if (refused) this.events.log?.(`${this.config.name}: refused: ${reason}`);
    this.closeConnection(c, reason, true);
  }

  private closeConnection(c: Connection, reason: string, graceful = false): void {
    if (c.closed) return;
    c.closed = true;
    c.state = 'Idle';
    clearTimeout(c.holdTimer);
    clearTimeout(c.keepaliveTimer);
    this.connections.delete(c);
    if (graceful) c.socket.end();
    else c.socket.destroy();
    // A NOTIFICATION is flushed by end(); a peer that never reads must not keep the socket forever.
    setTimeout(() => c.socket.destroy(), 2000).unref();
    const wasEstablished = this.established === c;
    if (wasEstablished) {
      this.established = undefined;
      this.adjIn.clear();
      this.adjOut.clear();
      this.adjOutVersion++;
    }
    if (wasEstablished || this.connections.size === 0) this.lastError = reason;
    if (wasEstablished || c.peerOpen) this.events.down(reason);
    this.events.stateChanged(this.state);
    if (this.connections.size === 0) this.scheduleDial(this.config.dial?.retrySeconds ?? 0);
  }

  private send(c: Connection, m: BgpMessage): void {
    this.sendRaw(c, encodeMessage(m, c.ctx));
  }

  private sendRaw(c: Connection, frame: Buffer): void {
    if (c.closed || c.socket.destroyed) return;
    this.messagesSent++;
    c.socket.write(frame);
  }

  private armHold(c: Connection): void {
    clearTimeout(c.holdTimer);
    if (c.holdSeconds === 0) return;
    c.holdTimer = setTimeout(() => this.notifyAndClose(c, ErrorCode.holdTimerExpired, 0, new Uint8Array(0), 'hold timer expired'), c.holdSeconds * 1000);
    c.holdTimer.unref();
  }

  private armKeepalive(c: Connection): void {
    clearTimeout(c.keepaliveTimer);
    if (c.keepaliveSeconds === 0) return;
    c.keepaliveTimer = setTimeout(() => {
      this.send(c, { type: 'keepalive' });
      this.armKeepalive(c);
    }, c.keepaliveSeconds * 1000);
    c.keepaliveTimer.unref();
  }

  // ---- dialling -------------------------------------------------------------------------

  private scheduleDial(seconds: number): void {
    const d = this.config.dial;
    if (!d || this.dialTimer || this.established || this.stopped) return;
    this.dialTimer = setTimeout(() => {
      this.dialTimer = undefined;
      if (!this.allowed || this.adminDown || this.stopped || this.established || Date.now() < this.idleUntil) return;
      if ([...this.connections].some((c) => c.outbound)) return;
      const socket = net.connect({ host: d.host, port: d.port, localAddress: d.localAddress });
      socket.once('connect', () => {
        if (!this.allowed || this.adminDown || this.stopped || this.established) socket.destroy();
        else this.attach(socket, true);
      });
      socket.once('error', () => {
        socket.destroy();
        this.scheduleDial(d.retrySeconds);
      });
    }, seconds * 1000);
    this.dialTimer.unref();
  }

  private clearDial(): void {
    if (this.dialTimer) clearTimeout(this.dialTimer);
    this.dialTimer = undefined;
  }
}

function rank(s: WireFsmState): number {
  return ['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'].indexOf(s);
}

function sameRoute(a: OutRoute, b: OutRoute): boolean {
  if (a.origin !== b.origin || a.asPath.length !== b.asPath.length) return false;
  for (let i = 0; i < a.asPath.length; i++) if (a.asPath[i] !== b.asPath[i]) return false;
  return true;
}

function ipNumber(dotted: string): number {
  const o = dotted.split('.').map(Number);
  return ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
}

function notification(direction: 'sent' | 'received', code: number, subcode: number, data: Uint8Array): NotificationInfo {
  return { direction, code, subcode, data: Buffer.from(data).toString('hex'), text: `${code}/${subcode} (${notificationName(code, subcode)})` };
}
