// Real routers in the lab: a site marked `external` is not simulated; each gateway instance
// listens on its own loopback endpoint (127.0.0.x:1179 by default) and speaks BGP-4 with the
// router (wire/wirePeer.ts). An ExternalSession stands where a simulated site session would:
// the router's routes enter the instance's RIB as that site's routes (learned routes, VNet
// effective routes, probes, diagnostics and the ARM endpoint see them), and the router
// receives exactly what the instance advertises to that site. Lab faults apply: an instance
// that crashes or loses its tunnel closes the TCP session, bgpSessionDown sends Cease/2.
// The router lives in wall-clock time, so these sessions' timers are wall-clock seconds.
import type { BgpPeerState, BgpPeerStatus, GatewayRoute } from '../../model/arm';
import type { InstanceName } from '../../model/snapshot';
import type { ScenarioSite } from '../scenario/types';
import { type Prefix, prefixKey, prefixOfKey } from '../../model/prefix';
import { type BgpPath, type PathAttrs, type RouteRows, pathOf, routerIdNumber } from './bgpPath';
import type { BgpTimers } from './bgpSession';
import type { SessionSide } from './bgpSpeaker';
import type { BgpSpeaker } from './bgpSpeaker';
import { formatConnectedDuration } from './duration';
import type { BgpScenarioSettings } from './routingScenario';
import type { BgpEndpoint, ExternalSiteInfo } from './externalEndpoints';
import type { RouterConfigInput } from './routerConfigs';
import { BgpListener } from './wire/bgpListener';
import { type InRoute, type OutRoute, type WireFsmState, WirePeer } from './wire/wirePeer';

export const DEFAULT_ENDPOINT_ADDRESS = '127.0.0.10';
export const DEFAULT_BGP_PORT = 1179;
/** Source of the Azure timer behaviour the lab reproduces with real routers. */
export const AZURE_TIMER_SOURCE = 'Microsoft Tech Community, "Azure VPN Gateway BGP Timer Mismatches"';

/** The endpoint address of instance `index` (0, 1, 2, ...) counted up from `base`. */
export function endpointAddress(base: string, index: number): string {
  const o = base.split('.').map(Number);
  const n = (((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0) + index;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export interface ExternalSessionOptions {
  id: string;
  gateway: string;
  instance: InstanceName;
  /** The gateway instance (side 0). */
  speaker: BgpSpeaker;
  /** Stand-in for the router in the lab's tables (side 1): the site's ASN and modelled address. */
  router: BgpSpeaker;
  site: ScenarioSite;
  timers: BgpTimers;
  azureTimers: boolean;
  prefixLimit: number | undefined;
  exportFilter: (path: PathAttrs) => boolean;
  transportUp: () => boolean;
  /** Whether the endpoints listen (a lab run in virtual time never opens sockets). */
  active: () => boolean;
  onStateChange: (state: BgpPeerState, reason: string) => void;
  /** The lab changed outside its scheduler (routes arrived, a session went down). */
  changed: () => void;
  log: (message: string) => void;
}

/** A gateway instance's session with a real router: the surface LabRouting and BgpSpeaker use on a BgpSession. */
export class ExternalSession {
  readonly id: string;
  readonly peer: WirePeer;
  private reported: BgpPeerState = 'Idle';
  private readonly prependCache = new WeakMap<readonly number[], readonly number[]>();
  /** Attribute objects already in the RIB by their content, so later UPDATEs reuse them. */
  private readonly lastAttrs = new Map<string, PathAttrs>();

  constructor(
    private readonly o: ExternalSessionOptions,
    listener: BgpListener,
  ) {
    this.id = o.id;
    const ext = o.site.external!;
    this.peer = new WirePeer(
      {
        name: o.id,
        localAsn: o.speaker.asn,
        bgpId: o.speaker.address,
        nextHop: o.speaker.address,
        expectedPeerAsn: o.site.asn,
        refuseReservedPeerAsn: true,
        holdSeconds: o.timers.holdSeconds,
        keepaliveSeconds: o.timers.keepaliveSeconds,
        azureTimers: o.azureTimers,
        prefixLimit: o.prefixLimit,
        prefixLimitIdleSeconds: o.timers.prefixLimitRestartSeconds,
        dial: ext.dial ? { host: ext.address, port: ext.port ?? DEFAULT_BGP_PORT, localAddress: listener.address, retrySeconds: Math.min(o.timers.connectRetrySeconds, 5) } : undefined,
      },
      {
        exportAll: () => this.exportAll(),
        received: (announce, withdraw) => this.received(announce, withdraw),
        down: (reason) => {
          this.o.speaker.changed(this.o.speaker.rib.dropPeer(this.id));
          this.o.log(`${this.id}: down (${reason})`);
          this.stateChanged();
        },
        stateChanged: () => this.stateChanged(),
        log: (m) => this.o.log(m),
      },
    );
    o.speaker.ends.push({ session: this, side: 0 });
    listener.addPeer(ext.address, this.peer);
  }

  get state(): BgpPeerState {
    return armState(this.peer.state);
  }

  get lastError(): string {
    return this.peer.lastError;
  }

  get administrativelyDown(): boolean {
    return this.peer.administrativelyDown;
  }

  stateFor(side: SessionSide): BgpPeerState {
    return side === 0 && !this.o.speaker.up ? 'Stopped' : this.state;
  }

  speakerOf(side: SessionSide): BgpSpeaker {
    return side === 0 ? this.o.speaker : this.o.router;
  }

  start(): void {
    this.sync();
  }

  transportRestored(): void {
    this.sync();
  }

  /** The tunnel went or the instance died: the TCP session is cut (the router sees it close). */
  transportLost(_silent: boolean): void {
    this.sync();
  }

  speakerStateChanged(side: SessionSide): void {
    if (side === 0) this.sync();
  }

  adminShutdown(): void {
    this.peer.adminShutdown();
  }

  adminUp(): void {
    this.peer.adminUp();
  }

  exportChanged(side: SessionSide, keys: readonly number[]): void {
    if (side !== 0 || this.peer.state !== 'Established') return;
    const rib = this.o.speaker.rib;
    const changes: { prefix: Prefix; route: OutRoute | undefined }[] = [];
    for (const k of keys) {
      const attrs = rib.best(k);
      const best = attrs && pathOf(prefixOfKey(k), attrs);
      const prefix = best?.prefix ?? this.peer.adjOut.get(k)?.prefix;
      if (prefix) changes.push({ prefix, route: best ? this.exportRoute(best) : undefined });
    }
    this.peer.exportChanged(changes);
  }

  peerStatus(side: SessionSide): BgpPeerStatus {
    const state = this.stateFor(side);
    const me = this.speakerOf(side);
    const other = this.speakerOf(side === 0 ? 1 : 0);
    return {
      localAddress: me.address,
      neighbor: other.address,
      asn: other.asn,
      state,
      connectedDuration: state === 'Connected' ? formatConnectedDuration((Date.now() - this.peer.connectedSinceMs) / 1000) : '',
      routesReceived: side === 0 ? this.peer.prefixesReceived : this.peer.adjOut.size,
      messagesSent: side === 0 ? this.peer.messagesSent : this.peer.messagesReceived,
      messagesReceived: side === 0 ? this.peer.messagesReceived : this.peer.messagesSent,
    };
  }

  advertisedVersion(side: SessionSide): number {
    return side === 0 ? this.peer.adjOutVersion : 0;
  }

  advertisedRoutes(side: SessionSide, _rows?: RouteRows): GatewayRoute[] {
    if (side !== 0) return [];
    const me = this.o.speaker;
    return [...this.peer.adjOut.values()].map((r) => ({
      localAddress: me.address,
      network: r.prefix.text,
      nextHop: me.address,
      sourcePeer: me.address,
      origin: 'EBgp' as const,
      asPath: this.prepended(r.asPath).join('-'),
      weight: 0,
    }));
  }

  /** Lab stops: Cease/Administrative Shutdown to the router. */
  stop(): Promise<void> {
    return this.peer.stop();
  }

  private sync(): void {
    const up = this.o.active() && this.o.speaker.up && this.o.transportUp();
    const why = !this.o.speaker.up ? `${this.o.gateway}/${this.o.instance} is down` : 'tunnel down';
    this.peer.setAllowed(up, why);
  }

  private stateChanged(): void {
    const now = this.state;
    if (now !== this.reported) {
      this.reported = now;
      this.o.onStateChange(now, now === 'Connected' ? '' : this.peer.lastError);
    }
    this.o.changed();
  }

  private exportRoute(best: BgpPath): OutRoute | undefined {
    if (best.sourcePeer === this.o.router.address) return undefined; // split horizon
    if (!this.o.exportFilter(best)) return undefined;
    return { prefix: best.prefix, asPath: best.asPath, origin: best.origin };
  }

  private exportAll(): OutRoute[] {
    const out: OutRoute[] = [];
    for (const best of this.o.speaker.rib.bestPaths()) {
      const r = this.exportRoute(best);
      if (r) out.push(r);
    }
    return out;
  }

  private received(announce: InRoute[], withdraw: Prefix[]): void {
    const router = this.o.router;
    const routerId = this.peerRouterId();
    // Routes with equal attributes share one object, as the RIB expects (a router's 100,000 routes carry a handful).
    const interned = new Map<string, PathAttrs>();
    const batch = { keys: [] as number[], attrs: [] as PathAttrs[] };
    for (const r of announce) {
      const id = `${r.nextHop} ${r.origin} ${r.asPath.join(' ')}`;
      let attrs = interned.get(id) ?? this.lastAttrs.get(id);
      if (!attrs) {
        attrs = { nextHop: r.nextHop, asPath: r.asPath, origin: r.origin, weight: 0, sourcePeer: router.address, learnedFrom: 'ebgp', peerRouterId: routerId };
      }
      interned.set(id, attrs);
      batch.keys.push(prefixKey(r.prefix));
      batch.attrs.push(attrs);
    }
    for (const [id, a] of interned) this.lastAttrs.set(id, a);
    const keys = this.o.speaker.rib.update(this.id, batch, withdraw.map((p) => prefixKey(p)));
    this.o.speaker.changed(keys);
    this.o.changed();
  }

  private peerRouterId(): number {
    try {
      return routerIdNumber(this.o.router.address);
    } catch {
      return 0;
    }
  }

  private prepended(asPath: readonly number[]): readonly number[] {
    let out = this.prependCache.get(asPath);
    if (!out) this.prependCache.set(asPath, (out = [this.o.speaker.asn, ...asPath]));
    return out;
  }
}

function armState(s: WireFsmState): BgpPeerState {
  if (s === 'Established') return 'Connected';
  if (s === 'Idle') return 'Idle';
  return 'Connecting';
}

/** The listeners (one per gateway instance with an external site) and the sessions on them. */
export class ExternalPeering {
  private readonly listeners = new Map<string, BgpListener>();
  readonly sessions: ExternalSession[] = [];
  readonly endpoints: BgpEndpoint[] = [];
  readonly sites: ExternalSiteInfo[] = [];
  readonly azureTimers: boolean;
  readonly port: number;
  private readonly base: string;
  private readonly gatewaysOfSite = new Map<string, Set<string>>();
  private listening = false;

  constructor(settings: BgpScenarioSettings | undefined) {
    this.azureTimers = settings?.azureTimers ?? true;
    this.port = settings?.endpoints?.port ?? DEFAULT_BGP_PORT;
    this.base = settings?.endpoints?.address ?? DEFAULT_ENDPOINT_ADDRESS;
  }

  /** The listener of a gateway instance (gateway index `gi` in the topology), created on first use. */
  listenerFor(gi: number, gateway: string, instance: InstanceName, speaker: BgpSpeaker): BgpListener {
    const address = endpointAddress(this.base, gi * 2 + (instance === 'IN_0' ? 0 : 1));
    let l = this.listeners.get(address);
    if (!l) {
      l = new BgpListener(address, this.port);
      this.listeners.set(address, l);
      this.endpoints.push({ gateway, instance, address, port: this.port, asn: speaker.asn, bgpPeeringAddress: speaker.address });
    }
    return l;
  }

  /** Whether the endpoints listen (after `listen()`, until `stop()`). */
  get active(): boolean {
    return this.listening;
  }

  addSite(site: ScenarioSite, gateway: string): void {
    let gws = this.gatewaysOfSite.get(site.name);
    if (!gws) this.gatewaysOfSite.set(site.name, (gws = new Set()));
    gws.add(gateway);
    if (this.sites.some((s) => s.site === site.name)) return;
    this.sites.push({
      site: site.name,
      address: site.external!.address,
      port: site.external!.port ?? DEFAULT_BGP_PORT,
      asn: site.asn!,
      bgpPeeringAddress: site.bgpPeeringAddress!,
      prefixes: site.addressPrefixes.filter((p) => p !== `${site.bgpPeeringAddress}/32`),
    });
  }

  /** Opens every endpoint and lets the sessions accept their routers; rejects naming the first endpoint that cannot listen. */
  async listen(): Promise<void> {
    const results = await Promise.allSettled([...this.listeners.values()].map((l) => l.listen()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all([...this.listeners.values()].map((l) => l.close()));
      throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
    }
    this.listening = true;
    for (const s of this.sessions) s.start();
  }

  /** Cease/Administrative Shutdown to every router, then the endpoints close. */
  async stop(): Promise<void> {
    this.listening = false;
    // Free the addresses at once (a restarted lab binds them again), then say goodbye to the routers.
    const unbound = [...this.listeners.values()].map((l) => l.unbind());
    await Promise.all(this.sessions.map((s) => s.stop()));
    await Promise.all([...this.listeners.values()].map((l) => l.close()));
    await Promise.all(unbound);
  }

  /** Inputs of the router configurations (routerConfigs.ts), one per external site. */
  routerConfigInputs(holdSeconds: number, keepaliveSeconds: number): RouterConfigInput[] {
    return this.sites.map((site) => ({
      site,
      endpoints: this.endpoints.filter((e) => this.gatewaysOfSite.get(site.site)?.has(e.gateway)),
      holdSeconds,
      keepaliveSeconds,
    }));
  }
}
