// Invariants watched during a run: split brain (two serving instances of an active/passive
// gateway), stretches with no serving instance, and how long a healthy instance waited to serve.
import type { GatewaySim } from './gatewaySim';
import { INSTANCE_NAMES } from './gatewaySim';
import { secondsFromMs } from './scheduler';

export interface GatewayInvariants {
  gateway: string;
  splitBrainSeconds: number;
  maxServing: number;
  unservedSeconds: number;
  maxUnservedSeconds: number;
  /** Longest stretch where a healthy standby/active existed but nothing served. */
  maxHealthyUnservedSeconds: number;
  /** Same, until a serving instance also had every tunnel Connected (traffic can flow), counted from the last fault. */
  maxHealthyWithoutTunnelsSeconds: number;
}

export interface InvariantsReport {
  splitBrainSeconds: number;
  maxServingActivePassive: number;
  maxUnservedSeconds: number;
  maxHealthyUnservedSeconds: number;
  maxHealthyWithoutTunnelsSeconds: number;
  gateways: GatewayInvariants[];
}

interface Track {
  g: GatewaySim;
  /** Durations in whole virtual milliseconds (the clock's unit) until report() turns them into seconds. */
  inv: GatewayInvariants;
  since: number;
  serving: number;
  unservedSince: number | null;
  healthyUnservedSince: number | null;
  healthyNoTunnelsSince: number | null;
}

export class InvariantTracker {
  private readonly tracks: Track[];

  /** Tracks whose gateway changed since the last observation: keeps observe() O(changes), not O(gateways). */
  private readonly dirty = new Set<Track>();

  constructor(
    gateways: GatewaySim[],
    private readonly now: () => number,
  ) {
    this.tracks = gateways.map((g) => ({
      g,
      inv: { gateway: g.name, splitBrainSeconds: 0, maxServing: 0, unservedSeconds: 0, maxUnservedSeconds: 0, maxHealthyUnservedSeconds: 0, maxHealthyWithoutTunnelsSeconds: 0 },
      since: 0,
      serving: 0,
      unservedSince: 0,
      healthyUnservedSince: null,
      healthyNoTunnelsSince: null,
    }));
    for (const tr of this.tracks) {
      this.dirty.add(tr);
      tr.g.onDidChangeState(() => this.dirty.add(tr));
      tr.g.onDidFault(() => this.restartRecovery(tr));
    }
  }

  /** Closes the intervals of changed gateways and opens new ones with their current state. */
  observe(): void {
    if (this.dirty.size === 0) return;
    const now = this.now();
    for (const tr of this.dirty) this.close(tr, now);
    this.dirty.clear();
  }

  /**
   * A new fault while traffic is still being restored (e.g. a second reset before the first
   * takeover's tunnel is up) starts the recovery over: the bound applies from the last fault.
   */
  private restartRecovery(tr: Track): void {
    this.observe();
    const now = this.now();
    if (tr.healthyNoTunnelsSince !== null) {
      tr.inv.maxHealthyWithoutTunnelsSeconds = Math.max(tr.inv.maxHealthyWithoutTunnelsSeconds, now - tr.healthyNoTunnelsSince);
      tr.healthyNoTunnelsSince = now;
    }
  }

  private close(tr: Track, now: number): void {
    const { g, inv } = tr;
    const dt = now - tr.since;
    if (g.mode === 'activePassive' && tr.serving > 1) inv.splitBrainSeconds += dt;
    if (tr.serving === 0) inv.unservedSeconds += dt;
    const serving = g.servingInstances().length;
    const healthy = INSTANCE_NAMES.some((n) => {
      const i = g.instances[n];
      return i.health === 'healthy' && (i.role === 'standby' || i.role === 'active');
    });
    tr.serving = serving;
    tr.since = now;
    inv.maxServing = Math.max(inv.maxServing, serving);
    if (serving === 0) tr.unservedSince ??= now;
    else if (tr.unservedSince !== null) {
      inv.maxUnservedSeconds = Math.max(inv.maxUnservedSeconds, now - tr.unservedSince);
      tr.unservedSince = null;
    }
    const carrying = g.servingInstances().some((i) => g.connections.every((k) => k.tunnels[i.name].status === 'Connected'));
    if (!carrying && healthy) tr.healthyNoTunnelsSince ??= now;
    else if (tr.healthyNoTunnelsSince !== null) {
      inv.maxHealthyWithoutTunnelsSeconds = Math.max(inv.maxHealthyWithoutTunnelsSeconds, now - tr.healthyNoTunnelsSince);
      tr.healthyNoTunnelsSince = null;
    }
    if (serving === 0 && healthy) tr.healthyUnservedSince ??= now;
    else if (tr.healthyUnservedSince !== null) {
      inv.maxHealthyUnservedSeconds = Math.max(inv.maxHealthyUnservedSeconds, now - tr.healthyUnservedSince);
      tr.healthyUnservedSince = null;
    }
  }

  report(): InvariantsReport {
    this.observe();
    const now = this.now();
    const gateways = this.tracks.map((tr) => {
      const inv = { ...tr.inv };
      // Open stretches count up to now.
      if (tr.serving > 1 && tr.g.mode === 'activePassive') inv.splitBrainSeconds += now - tr.since;
      if (tr.serving === 0) inv.unservedSeconds += now - tr.since;
      if (tr.unservedSince !== null) inv.maxUnservedSeconds = Math.max(inv.maxUnservedSeconds, now - tr.unservedSince);
      if (tr.healthyUnservedSince !== null) inv.maxHealthyUnservedSeconds = Math.max(inv.maxHealthyUnservedSeconds, now - tr.healthyUnservedSince);
      if (tr.healthyNoTunnelsSince !== null) inv.maxHealthyWithoutTunnelsSeconds = Math.max(inv.maxHealthyWithoutTunnelsSeconds, now - tr.healthyNoTunnelsSince);
      const splitBrainMs = inv.splitBrainSeconds;
      for (const k of ['splitBrainSeconds', 'unservedSeconds', 'maxUnservedSeconds', 'maxHealthyUnservedSeconds', 'maxHealthyWithoutTunnelsSeconds'] as const) inv[k] = secondsFromMs(inv[k]);
      return { inv, splitBrainMs };
    });
    const ap = gateways.filter((_, i) => this.tracks[i]!.g.mode === 'activePassive').map((x) => x.inv);
    const all = gateways.map((x) => x.inv);
    return {
      splitBrainSeconds: secondsFromMs(gateways.reduce((a, g) => a + g.splitBrainMs, 0)),
      maxServingActivePassive: ap.reduce((a, g) => Math.max(a, g.maxServing), 0),
      maxUnservedSeconds: all.reduce((a, g) => Math.max(a, g.maxUnservedSeconds), 0),
      maxHealthyUnservedSeconds: all.reduce((a, g) => Math.max(a, g.maxHealthyUnservedSeconds), 0),
      maxHealthyWithoutTunnelsSeconds: all.reduce((a, g) => Math.max(a, g.maxHealthyWithoutTunnelsSeconds), 0),
      gateways: all,
    };
  }
}
