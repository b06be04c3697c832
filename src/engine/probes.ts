// Traffic probes: a VM address sends to an on-premises address every interval; each packet is
// delivered or dropped with a reason. Failover gaps are read from these packets.
import type { GatewaySim } from './gatewaySim';
import { INSTANCE_NAMES } from './gatewaySim';
import type { LabComponent, RouteDecision } from './labComponent';
import type { LabContext } from './labContext';
import type { ProbeSpec, ScenarioTopology } from './scenario/types';
import { parseIpv4, parseIpv4Prefix, prefixContainsAddress, type Prefix } from '../model/prefix';
import { msFromSeconds } from './scheduler';

/** Bytes a probe packet (and its reply) adds to a tunnel's counters. */
export const PROBE_PACKET_BYTES = 84;

/** `nsgDenied:<rule name>`: an NSG rule denied the packet at a lab VM's NIC. */
export type DropReason = 'noRoute' | 'noServingInstance' | 'tunnelDown' | 'tunnelConnecting' | 'instanceLost' | (string & {});

export interface ProbeStats {
  name: string;
  sent: number;
  delivered: number;
  dropped: Record<string, number>;
}

export interface PacketResult {
  delivered: boolean;
  reason?: DropReason;
  gateway?: string;
  instance?: string;
}

interface StaticRoute {
  prefix: Prefix;
  gateway: string;
  connection: string;
}

export class ProbeRunner {
  readonly stats: ProbeStats[];
  readonly last = new Map<string, PacketResult>();
  private readonly staticRoutes: StaticRoute[] = [];
  private seq = 0;
  private readonly staticDecisions = new Map<ProbeSpec, RouteDecision>();
  /** Set by the lab when the scenario has NSGs: a drop reason when a rule denies the packet. */
  security: ((from: string, to: string) => string | undefined) | undefined;

  constructor(
    private readonly specs: ProbeSpec[],
    topology: ScenarioTopology,
    private readonly gateways: Map<string, GatewaySim>,
    private readonly components: LabComponent[],
    private readonly ctx: LabContext,
  ) {
    this.stats = specs.map((p) => ({ name: p.name, sent: 0, delivered: 0, dropped: {} }));
    // Static model until a routing component answers: a site's prefixes are reachable through
    // the connections to that site.
    for (const k of topology.connections) {
      const site = topology.sites.find((s) => s.name === k.site);
      if (!site) continue;
      for (const text of site.addressPrefixes) {
        const p = parseIpv4Prefix(text);
        if (p.ok) this.staticRoutes.push({ prefix: p.prefix, gateway: k.gateway, connection: k.name });
      }
    }
    this.staticRoutes.sort((a, b) => b.prefix.length - a.prefix.length);
    for (const p of specs) {
      const route = this.staticRoute(p.to, p.gateway);
      const g = route && this.gateways.get(route.gateway);
      if (g) g.hasProbes = true;
    }
  }

  start(): void {
    this.specs.forEach((spec, i) => {
      const label = `probe ${spec.name}`;
      const interval = msFromSeconds(spec.intervalSeconds);
      const tick = (): void => {
        this.send(spec, i);
        this.ctx.scheduler.after(interval, label, tick);
      };
      this.ctx.scheduler.after(interval, label, tick);
    });
  }

  private staticRoute(to: string, gateway?: string): StaticRoute | undefined {
    const addr = parseIpv4(to);
    if (addr === undefined) return undefined;
    return this.staticRoutes.find((r) => prefixContainsAddress(r.prefix, 4, [addr]) && (gateway === undefined || r.gateway === gateway));
  }

  private decide(spec: ProbeSpec): RouteDecision {
    for (const c of this.components) {
      if (!c.route) continue;
      const d = c.route({ probe: spec.name, from: spec.from, to: spec.to, time: this.ctx.scheduler.now() });
      if (d) return d;
    }
    // The static answer depends only on the probe: computed once, not per packet.
    let cached = this.staticDecisions.get(spec);
    if (!cached) {
      const r = this.staticRoute(spec.to, spec.gateway);
      cached = r ? { kind: 'gateway', gateway: r.gateway, connection: r.connection } : { kind: 'drop', reason: 'noRoute' };
      this.staticDecisions.set(spec, cached);
    }
    return cached;
  }

  /** Evaluates one packet now (exported for tests through the lab). */
  evaluate(spec: ProbeSpec): PacketResult {
    const denied = this.security?.(spec.from, spec.to);
    if (denied) return { delivered: false, reason: denied };
    const d = this.decide(spec);
    if (d.kind === 'drop') return { delivered: false, reason: d.reason };
    if (d.kind === 'delivered') return { delivered: true, gateway: d.via };
    const g = this.gateways.get(d.gateway);
    const k = g?.connection(d.connection);
    if (!g || !k) return { delivered: false, reason: 'noRoute', gateway: d.gateway };
    let instanceName;
    if (g.mode === 'activeActive') {
      // Flows hash across the instances the platform believes up; a lost instance keeps its
      // share until the loss is detected.
      const now = this.ctx.scheduler.now();
      const detect = this.ctx.timing.activeActiveDetectMs;
      // An instance takes flows once its tunnel is up (the site routes over established tunnels).
      const up = INSTANCE_NAMES.filter((n) => {
        const inst = g.instances[n];
        return (inst.serving && k.tunnels[n].status === 'Connected') || (!inst.serving && inst.lostAt !== null && now - inst.lostAt < detect);
      });
      if (up.length === 0) {
        const serving = g.servingInstances()[0];
        if (!serving) return { delivered: false, reason: 'noServingInstance', gateway: g.name };
        const st = k.tunnels[serving.name].status;
        return { delivered: false, reason: st === 'Connecting' ? 'tunnelConnecting' : 'tunnelDown', gateway: g.name, instance: serving.name };
      }
      instanceName = up[this.seq++ % up.length]!;
      if (!g.instances[instanceName].serving) return { delivered: false, reason: 'instanceLost', gateway: g.name, instance: instanceName };
    } else {
      const serving = g.instances.IN_0.serving ? g.instances.IN_0 : g.instances.IN_1.serving ? g.instances.IN_1 : undefined;
      if (!serving) return { delivered: false, reason: 'noServingInstance', gateway: g.name };
      instanceName = serving.name;
    }
    const tun = k.tunnels[instanceName];
    if (tun.status !== 'Connected') return { delivered: false, reason: tun.status === 'Connecting' ? 'tunnelConnecting' : 'tunnelDown', gateway: g.name, instance: instanceName };
    tun.egressBytes += PROBE_PACKET_BYTES;
    tun.ingressBytes += PROBE_PACKET_BYTES;
    return { delivered: true, gateway: g.name, instance: instanceName };
  }

  private send(spec: ProbeSpec, index: number): void {
    const r = this.evaluate(spec);
    const st = this.stats[index]!;
    st.sent++;
    const prev = this.last.get(spec.name);
    this.last.set(spec.name, r);
    if (r.delivered) {
      st.delivered++;
      if (r.gateway) this.gateways.get(r.gateway)?.noteDelivered(this.ctx.scheduler.now());
      if (prev && !prev.delivered) this.ctx.log({ kind: 'probe', message: `probe ${spec.name}: delivered again via ${r.gateway}/${r.instance}` });
    } else {
      const reason = r.reason ?? 'unknown';
      st.dropped[reason] = (st.dropped[reason] ?? 0) + 1;
      if (!prev || prev.delivered || prev.reason !== reason) this.ctx.log({ kind: 'probe', message: `probe ${spec.name}: dropping (${reason})` });
    }
  }
}
