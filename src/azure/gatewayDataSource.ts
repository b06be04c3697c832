// What every view reads: one interface, implemented once on @azure/arm-network's client
// for both Azure and the lab's ARM-compatible endpoint.
import type {
  BgpPeerStatus,
  GatewayRoute,
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
} from '../model/arm';

export interface GatewayDataSource {
  /** Stable key: "lab" or "azure". */
  readonly id: string;
  readonly label: string;
  listGateways(signal?: AbortSignal): Promise<VirtualNetworkGateway[]>;
  listConnections(signal?: AbortSignal): Promise<VirtualNetworkGatewayConnection[]>;
  getBgpPeerStatus(gatewayId: string, signal?: AbortSignal): Promise<BgpPeerStatus[]>;
  getLearnedRoutes(gatewayId: string, signal?: AbortSignal): Promise<GatewayRoute[]>;
  getAdvertisedRoutes(gatewayId: string, peer: string, signal?: AbortSignal): Promise<GatewayRoute[]>;
}
