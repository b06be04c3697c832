// Which routes a gateway plumbs into its VNet. Product model (DESIGN.md, labelled as such in
// reports): in coexistence only the ExpressRoute gateway plumbs learned routes; it offers every
// path its instances hold, tagged by whether it came over the circuit or from the VPN gateway,
// so that the VNet can prefer ExpressRoute for identical prefixes.
import type { GatewayKind, GatewayRouteCandidate } from '../routing/effectiveRoutes';
import type { BgpPath } from './bgpPath';
import type { BgpSpeaker } from './bgpSpeaker';

/** Label for reports and docs wherever the rule below decides something. */
export const PLUMBING_MODEL_NOTE =
  "Product model: in an ExpressRoute/VPN coexistence VNet only the ExpressRoute gateway plumbs learned routes into the VNet; Azure documents only that both gateways must exchange routes over BGP.";

/**
 * Candidates from the plumbing gateway's instances. `classify` says which kind of path a peer
 * address brings (a circuit's MSEE -> ExpressRoute, a VPN gateway instance or a site -> Vpn);
 * undefined leaves the path out. Yielded one at a time: with 1,000,000 routes on two instances
 * an array of candidates would add two million objects to the peak memory of a table build.
 */
export function* plumbedCandidates(instances: readonly BgpSpeaker[], classify: (path: BgpPath) => GatewayKind | undefined): Generator<GatewayRouteCandidate> {
  for (const speaker of instances) {
    if (!speaker.up) continue;
    for (const path of speaker.rib.allPaths()) {
      if (path.learnedFrom === 'local') continue;
      const via = classify(path);
      if (via) yield { prefix: path.prefix, nextHop: path.nextHop, via };
    }
  }
}
