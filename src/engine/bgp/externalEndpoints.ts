// What a real router needs to know to peer with the lab: the gateway instances' endpoints and
// the sites real routers play (rows of `gateway-lab serve`'s first line, inputs of routerConfigs.ts).
import type { InstanceName } from '../../model/snapshot';

/** One gateway instance's BGP endpoint (the `bgpEndpoints` rows of `gateway-lab serve`). */
export interface BgpEndpoint {
  gateway: string;
  instance: InstanceName;
  address: string;
  port: number;
  asn: number;
  /** The instance's modelled BGP address: its router id and the NEXT_HOP it advertises. */
  bgpPeeringAddress: string;
}

/** A site played by a real router (the `externalSites` rows of `gateway-lab serve`). */
export interface ExternalSiteInfo {
  site: string;
  address: string;
  port: number;
  asn: number;
  /** The router's modelled BGP address: the NEXT_HOP it should advertise. */
  bgpPeeringAddress: string;
  /** What the router should announce (the site's address prefixes). */
  prefixes: string[];
}
