// The answer to "why can't this VM reach that address?": the hops from a source address to a
// destination and back, each with its status, the rule that decided it and the evidence rows.

import type { SourceId } from '../model/sourceId';

export type HopStatus = 'ok' | 'broken' | 'unknown';

export type HopKind =
  | 'source'
  | 'nsg'
  | 'effectiveRoute'
  | 'vnet'
  | 'plumbing'
  | 'gateway'
  | 'learnedRoute'
  | 'connection'
  | 'site'
  | 'circuit'
  | 'advertisedRoute'
  | 'circuitReturn';

/** Which table an evidence row comes from, so a view can link a hop to its row. */
export type EvidenceTable = 'effectiveSecurityRules' | 'effectiveRoutes' | 'learnedRoutes' | 'advertisedRoutes' | 'bgpPeers' | 'tunnels' | 'circuitRoutes' | 'localNetworkGateway' | 'routeTable' | 'instances';

export interface HopEvidence {
  table: EvidenceTable;
  /** The resource whose table it is (NIC, gateway, connection, circuit...). */
  resourceId: string;
  /** "primary" / "secondary" for circuit tables, the peer address for advertised routes. */
  qualifier?: string;
  columns: string[];
  rows: string[][];
}

export interface RoutePathHop {
  status: HopStatus;
  kind: HopKind;
  /** Resource id of what the hop is (NIC, subnet, gateway, connection, site, circuit). */
  id: string;
  name: string;
  /** One line: what happens at this hop. */
  summary: string;
  /** The rule that decided this hop (longest prefix, user > BGP > system, ER over S2S...). */
  rule?: string;
  evidence: HopEvidence[];
  /** For a broken hop: what to do. */
  fix?: string;
  /** Broken only because hop `consequenceOf` (further along the path) is broken. */
  consequenceOf?: number;
  /** Not breaking, but worth knowing (one ER path missing a prefix: no redundancy). */
  warnings?: string[];
}

export interface RoutePathResult {
  from: string;
  to: string;
  source: SourceId;
  takenAt: string;
  /** True when every hop is ok. Unknown hops make it false with firstBroken null. */
  delivered: boolean;
  hops: RoutePathHop[];
  /** Does the owner of the destination learn the source's prefix (advertised routes, circuit tables)? */
  returnHops: RoutePathHop[];
  /** null when the return path could not be checked (data not read, static site). */
  returnDelivered: boolean | null;
  /** Index in `hops` of the first hop broken in its own right (where to look), or null. */
  firstBroken: number | null;
  /** One sentence for humans: delivered via ..., or the first broken hop and its fix. */
  verdict: string;
  /** Product-model statements the verdict relies on (labelled, DESIGN.md). */
  notes: string[];
  /** Network Watcher's next hop against the first hop; absent when no watcher answered (or none was asked). */
  firstHopCheck?: FirstHopCheck;
}

/** An independent answer for the first hop (Network Watcher getNextHop) and whether the trace agrees. */
export interface FirstHopCheck {
  source: 'networkWatcher';
  nextHopType: string;
  nextHopIpAddress: string;
  /** A route table id, or "System Route" (verbatim). */
  routeTableId: string;
  agrees: boolean;
  /** One sentence: agreement, or what differs. */
  message: string;
}
