// One BGP speaker: a gateway instance, an on-premises site's router or an ExpressRoute
// circuit's Microsoft edge. It owns its RIBs and the ends of its sessions, and pushes Loc-RIB
// changes to every connected peer.
import type { BgpPeerState, BgpPeerStatus, GatewayRoute } from '../../model/arm';
import { type Prefix, prefixKey } from '../../model/prefix';
import { type BgpOriginCode, type PathAttrs, LOCAL_WEIGHT, RouteRows, routerIdNumber } from './bgpPath';
import { Rib } from './rib';

export interface BgpSpeakerConfig {
  /** Scenario-level name, for messages ("vpngw/IN_0", "site hq", "circuit er1"). */
  name: string;
  asn: number;
  /** BGP peering address; also the router id unless `routerId` is given. */
  address: string;
  routerId?: string;
}

export type SessionSide = 0 | 1;

/** One of a speaker's sessions, as the speaker and readers of its ends see it. BgpSession implements it. */
export interface SpeakerSession {
  speakerOf(side: SessionSide): BgpSpeaker;
  /** The speaker at `side` stopped or started. */
  speakerStateChanged(side: SessionSide): void;
  /** Best paths of `side` changed (prefix keys): advertise or withdraw them. `uniformBest`: every key's best path has these attributes. */
  exportChanged(side: SessionSide, keys: readonly number[], uniformBest?: PathAttrs): void;
  peerStatus(side: SessionSide): BgpPeerStatus;
  advertisedRoutes(side: SessionSide, rows?: RouteRows): GatewayRoute[];
  /** The state as `side` reports it (a stopped speaker reports Stopped). */
  stateFor(side: SessionSide): BgpPeerState;
  /** Why the session is not Connected ("" when it is or never failed). */
  readonly lastError: string;
  /** Unique id of the session (snapshot row caches key on it). */
  readonly id: string;
  /** Changes whenever what `side` advertises changes (snapshot row caches compare it). */
  advertisedVersion(side: SessionSide): number;
}

export interface SessionEndRef {
  session: SpeakerSession;
  side: SessionSide;
}

/** Shared by every locally originated path, so exports can cache the prepended path per array. */
const EMPTY_AS_PATH: readonly number[] = Object.freeze([]);

export class BgpSpeaker {
  readonly name: string;
  readonly asn: number;
  readonly address: string;
  readonly routerId: number;
  readonly rib = new Rib();
  readonly ends: SessionEndRef[] = [];
  private isUp = true;
  /** Called before any of this speaker's tables (RIBs, Adj-RIB-Outs) or its up state change. */
  beforeChange: (() => void) | undefined;
  private readonly bestPathListeners: ((changed: readonly number[]) => void)[] = [];

  constructor(config: BgpSpeakerConfig) {
    this.name = config.name;
    this.asn = config.asn;
    this.address = config.address;
    this.routerId = routerIdNumber(config.routerId ?? config.address);
    this.rib.beforeChange = () => this.beforeChange?.();
  }

  get up(): boolean {
    return this.isUp;
  }

  /** Called with the keys (prefixKey) of prefixes whose best path changed (the history recorder's BgpRouteUpdate rows). */
  onBestPathsChanged(listener: (changed: readonly number[]) => void): void {
    this.bestPathListeners.push(listener);
  }

  /** Originates `prefixes` (the VNet address space, a site's networks, a circuit's customer routes). */
  originate(prefixes: readonly Prefix[], origin: BgpOriginCode = 'igp'): void {
    this.originateKeys(prefixes.map((p) => prefixKey(p)), origin);
  }

  /** Originates the prefixes of `keys` (prefixKey), all with one shared set of attributes. */
  originateKeys(keys: readonly number[], origin: BgpOriginCode = 'igp'): void {
    const attrs: PathAttrs = {
      nextHop: '',
      asPath: EMPTY_AS_PATH,
      origin,
      weight: LOCAL_WEIGHT,
      sourcePeer: this.address,
      learnedFrom: 'local',
      peerRouterId: 0,
    };
    this.changed(this.rib.originate(keys, attrs));
  }

  withdrawOriginated(prefixes: readonly Prefix[]): void {
    this.changed(this.rib.withdrawOriginated(prefixes.map((p) => prefixKey(p))));
  }

  /**
   * Crash/reboot/stop (false) or start (true). A stopped speaker forgets what it learned and
   * stops answering; its peers notice only when their hold timers expire.
   */
  setUp(up: boolean): void {
    if (up === this.isUp) return;
    this.beforeChange?.();
    this.isUp = up;
    if (!up) this.changed(this.rib.dropAllPeers());
    for (const e of this.ends) e.session.speakerStateChanged(e.side);
  }

  /** ARM's BgpPeerStatus rows, one per session of this speaker. */
  peerStatuses(): BgpPeerStatus[] {
    return this.ends.map((e) => e.session.peerStatus(e.side));
  }

  /** ARM's learned routes: originated routes and every path received from every peer. */
  learnedRoutes(rows = new RouteRows()): GatewayRoute[] {
    const out: GatewayRoute[] = [];
    this.rib.eachPath((k, a) => out.push(rows.row(k, a, this.address)));
    return out;
  }

  /** ARM's advertised routes towards the peer at `peerAddress`; [] when there is no such peer. */
  advertisedRoutes(peerAddress: string): GatewayRoute[] {
    const end = this.ends.find((e) => e.session.speakerOf(e.side === 0 ? 1 : 0).address === peerAddress);
    return end ? end.session.advertisedRoutes(end.side) : [];
  }

  /** Hands Loc-RIB changes to every connected session and to listeners. */
  changed(keys: readonly number[]): void {
    if (keys.length === 0) return;
    // The RIB's last change is the one these keys come from (every caller passes its result straight on).
    const uniform = this.rib.lastChangeUniform;
    for (const e of this.ends) e.session.exportChanged(e.side, keys, uniform);
    for (const l of this.bestPathListeners) l(keys);
  }
}
