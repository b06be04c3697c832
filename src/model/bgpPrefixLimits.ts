// Per-peer BGP prefix limits as Azure documents them, for the lab's sessions and the diagnostics
// rule alike, so the two never disagree about where a limit applies.
//   - VPN gateway: 4,000 prefixes per BGP peer; above it the session is dropped (VPN Gateway FAQ, BGP).
//   - ExpressRoute private peering: 4,000 IPv4 routes advertised from on-premises (10,000 with the
//     Premium add-on); enforced where the customer's routes enter, on the circuit's peering with
//     the Microsoft edge (ExpressRoute limits, "Route advertisement limits").
//   - Between the ExpressRoute and the VPN gateway of a coexistence VNet, Azure documents no per-peer
//     limit (the ExpressRoute limits page only lists the gateway SKU's total of learned routes, a
//     capacity figure, not a session drop), so neither the lab nor the rule applies one there.

export const VPN_PEER_PREFIX_LIMIT = 4000;
export const ER_PRIVATE_PEERING_PREFIX_LIMIT = 4000;
export const ER_PREMIUM_PRIVATE_PEERING_PREFIX_LIMIT = 10000;

/** Who sits at the other end of a gateway's BGP session. */
export type BgpNeighborKind =
  /** An on-premises device behind a VPN gateway's S2S connection. */
  | 'onPremises'
  /** The Microsoft edge of an ExpressRoute circuit (MSEE), seen from the ER gateway. */
  | 'microsoftEdge'
  /** The other Azure gateway of a coexistence VNet. */
  | 'azureGateway';

/** The documented per-peer limit for a session of a gateway with this kind of neighbor, or undefined for none. */
export function documentedPrefixLimit(neighbor: BgpNeighborKind, options: { premium?: boolean } = {}): number | undefined {
  switch (neighbor) {
    case 'onPremises':
      return VPN_PEER_PREFIX_LIMIT;
    case 'microsoftEdge':
      return options.premium ? ER_PREMIUM_PRIVATE_PEERING_PREFIX_LIMIT : ER_PRIVATE_PEERING_PREFIX_LIMIT;
    case 'azureGateway':
      return undefined;
  }
}
