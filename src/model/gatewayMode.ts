// How a gateway's instances share the work, in the words every view, panel, report and finding
// uses. ARM's `activeActive` flag is a VPN gateway setting (active/standby unless set); ARM reports
// it false for ExpressRoute gateways, whose instances run active/active by default ("A gateway runs
// in active-active mode by default": Microsoft Learn, Reliability in Azure virtual network gateways,
// ExpressRoute pivot, https://learn.microsoft.com/azure/reliability/reliability-virtual-network-gateway?pivot=expressroute).
// The lab runs them so: both ER instances keep BGP with the circuit and carry traffic.
import type { VirtualNetworkGateway } from './arm';

export type GatewayModeKind = 'vpnActiveActive' | 'vpnActivePassive' | 'expressRouteActiveActive';

export interface GatewayMode {
  kind: GatewayModeKind;
  /** Short label for rows and tables: "active/active" or "active/passive". */
  label: string;
  /** One sentence on where the label comes from (tooltips, reports). */
  explanation: string;
}

export const ER_ACTIVE_ACTIVE_DOC = 'https://learn.microsoft.com/azure/reliability/reliability-virtual-network-gateway?pivot=expressroute';

export function gatewayMode(gateway: Pick<VirtualNetworkGateway, 'gatewayType' | 'activeActive'>): GatewayMode {
  if (gateway.gatewayType === 'ExpressRoute') {
    return {
      kind: 'expressRouteActiveActive',
      label: 'active/active',
      explanation: 'ExpressRoute gateway instances are active/active by default; ARM\'s activeActive flag describes VPN gateways only.',
    };
  }
  return gateway.activeActive
    ? { kind: 'vpnActiveActive', label: 'active/active', explanation: 'VPN gateway in active/active mode: each instance has its own tunnels.' }
    : { kind: 'vpnActivePassive', label: 'active/passive', explanation: 'VPN gateway in active/standby mode: one instance carries the tunnels, the other stands by.' };
}
