// Extension points of the lab engine, for the BGP/routing half (src/engine/bgp, src/engine/routing)
// and anything else that simulates alongside the failover model. See the note at the top of lab.ts.
import type { NetworkSnapshot } from '../model/snapshot';
import type { LabFault } from './labApi';
import type { LabTimelineSample } from '../model/labTimeline';

/** A packet a probe is about to send; the routing component decides where it goes. */
export interface RouteQuery {
  probe: string;
  from: string;
  to: string;
  time: number;
}

export type RouteDecision =
  /** Send it through this gateway's connection (the failover engine checks instances and tunnels). */
  | { kind: 'gateway'; gateway: string; connection: string }
  /** Drop it; `reason` appears in probe statistics (e.g. "noRoute", "bgpRouteMissing"). */
  | { kind: 'drop'; reason: string }
  /** Delivered by a path the failover engine does not model (an ExpressRoute circuit); `via` names the gateway. */
  | { kind: 'delivered'; via: string };

export interface LabComponent {
  readonly name: string;
  /** True when the component takes this fault (e.g. bgpSessionDown, or a restore of one). */
  handleFault?(fault: LabFault): boolean;
  /** Called after every observable change of roles, serving instances or tunnels. */
  onChange?(): void;
  /** Probe routing; undefined means "no opinion" and the static site-prefix routing applies. */
  route?(query: RouteQuery): RouteDecision | undefined;
  /** Fills its parts of a snapshot (bgpPeers, learnedRoutes, advertisedRoutes, effectiveRoutes, lab.bgpSessions). */
  contribute?(snapshot: NetworkSnapshot): void;
  /** Adds rows (e.g. bgpSessions) to a timeline sample. */
  sample?(sample: LabTimelineSample): void;
  dispose?(): void;
}
