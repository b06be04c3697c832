// Which routes a gateway plumbs into its VNet. Product model (DESIGN.md, labelled as such in
// reports): in coexistence only the ExpressRoute gateway plumbs learned routes; it offers every
// path its instances hold, tagged by whether it came over the circuit or from the VPN gateway,
// so that the VNet can prefer ExpressRoute for identical prefixes.
import type { GatewayKind, KeyedGatewayRoutes } from '../routing/effectiveRoutes';
import type { PathAttrs } from './bgpPath';
import type { BgpSpeaker } from './bgpSpeaker';

/** Label for reports and docs wherever the rule below decides something. */
export const PLUMBING_MODEL_NOTE =
  "Product model: in an ExpressRoute/VPN coexistence VNet only the ExpressRoute gateway plumbs learned routes into the VNet; Azure documents only that both gateways must exchange routes over BGP.";

/**
 * Candidates from the plumbing gateway's instances, by prefix key. `classify` says which kind of
 * path a peer's attributes bring (a circuit's MSEE -> ExpressRoute, a VPN gateway instance or a
 * site -> Vpn); undefined leaves the path out. Visited one at a time and classified once per
 * shared attribute object: with 1,000,000 routes on two instances, objects per candidate would
 * add millions of objects to the peak memory of a table build.
 */
export function plumbedRoutes(instances: readonly BgpSpeaker[], classify: (path: PathAttrs) => GatewayKind | undefined): KeyedGatewayRoutes {
  return (visit) => {
    let last: PathAttrs | undefined;
    let lastVia: GatewayKind | undefined;
    for (const speaker of instances) {
      if (!speaker.up) continue;
      speaker.rib.eachPath((key, attrs) => {
        if (attrs.learnedFrom === 'local') return;
        if (attrs !== last) {
          last = attrs;
          lastVia = classify(attrs);
        }
        if (lastVia) visit(key, attrs.nextHop, lastVia);
      });
    }
  };
}
