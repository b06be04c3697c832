// Extension points of the lab engine: a LabComponent simulates alongside the failover core
// (the BGP/routing component in src/engine/bgp is one) and sees the lab only through LabHost.
// createLab.ts decides which components a scenario gets; lab.ts imports none of them.
import type { NetworkSnapshot } from '../model/snapshot';
import type { LabFault } from './labApi';
import type { LabTimelineSample } from '../model/labTimeline';
import type { GatewaySim } from './gatewaySim';
import type { LabEvent } from './labContext';
import type { Scheduler } from './scheduler';
import type { Scenario } from './scenario/types';

/** A packet a probe is about to send; the routing component decides where it goes. */
export interface RouteQuery {
  probe: string;
  from: string;
  to: string;
  /** Virtual time in whole milliseconds. */
  time: number;
}

export type RouteDecision =
  /** Send it through this gateway's connection (the failover engine checks instances and tunnels). */
  | { kind: 'gateway'; gateway: string; connection: string }
  /** Drop it; `reason` appears in probe statistics (e.g. "noRoute", "bgpRouteMissing"). */
  | { kind: 'drop'; reason: string }
  /** Delivered by a path the failover engine does not model (an ExpressRoute circuit); `via` names the gateway. */
  | { kind: 'delivered'; via: string };

/** What a component may ask of the lab it runs in. */
export interface LabHost {
  readonly scenario: Scenario;
  /** The virtual clock: components schedule their own timers on it (keepalive, hold). */
  readonly scheduler: Scheduler;
  /** The VPN gateways of the failover core: which instance serves, tunnel status. */
  readonly gateways: ReadonlyMap<string, GatewaySim>;
  /** Adds an event to the lab's log (BGP session changes and the like). */
  log(event: Omit<LabEvent, 't'>): void;
  /** Tells the lab that the component changed state, so the views and invariants update. */
  notifyChanged(): void;
  /** The first component the guard accepts. */
  findComponent<T extends LabComponent>(guard: (c: LabComponent) => c is T): T | undefined;
}

/**
 * A part of the simulation beside the failover core. The lab calls these hooks; a component
 * reads the lab through its LabHost at any time.
 */
export interface LabComponent {
  readonly name: string;
  /** True when the component takes this fault (e.g. bgpSessionDown, or a restore of one). */
  handleFault?(fault: LabFault): boolean;
  /** Called after every observable change of roles, serving instances or tunnels. */
  onChange?(): void;
  /** Called with every event the lab logs (the history recorder turns them into log rows). */
  onLog?(event: Omit<LabEvent, 't'>): void;
  /** Called after a fault or restore was applied. */
  onInjected?(fault: LabFault): void;
  /**
   * Probe routing; undefined means "no opinion". The first component returning a decision wins,
   * otherwise the static "site prefixes via its connection" routing applies; the failover core
   * then checks the gateway's serving instance and tunnel.
   */
  route?(query: RouteQuery): RouteDecision | undefined;
  /**
   * Changes whenever what the component contributes to a snapshot changes, other than by the
   * clock (counters, durations); equal strings at two moments mean equal contributions. Part of
   * the lab's dataVersion: a component that notifies every change (notifyChanged) needs none.
   */
  dataVersion?(): string;
  /** Fills its parts of a snapshot (bgpPeers, learnedRoutes, advertisedRoutes, effectiveRoutes, lab.bgpSessions). */
  contribute?(snapshot: NetworkSnapshot): void;
  /** Adds rows (e.g. bgpSessions) to a timeline sample. */
  sample?(sample: LabTimelineSample): void;
  dispose?(): void;
}
