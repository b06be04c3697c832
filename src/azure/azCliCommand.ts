// "Copy the az CLI command" for the table shown: the az network command that prints the same
// data, so an engineer can reproduce it in a terminal or a support ticket.
import { parseResourceId } from '../model/resourceIds';

export type GatewayTable = 'bgpPeers' | 'learnedRoutes' | 'advertisedRoutes' | 'gateways' | 'connections';

/** Quotes for POSIX shells only when needed; single quotes survive every character but '. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function azCliCommand(table: GatewayTable, resourceId: string, peer?: string): string {
  const p = parseResourceId(resourceId);
  if (!p) throw new Error(`Not an Azure resource id: "${resourceId}"`);
  const target = `--resource-group ${shellQuote(p.resourceGroup)} --subscription ${shellQuote(p.subscriptionId)}`;
  const gw = `--name ${shellQuote(p.name)} ${target}`;
  switch (table) {
    case 'bgpPeers':
      return `az network vnet-gateway list-bgp-peer-status ${gw} --output table`;
    case 'learnedRoutes':
      return `az network vnet-gateway list-learned-routes ${gw} --output table`;
    case 'advertisedRoutes':
      if (!peer) throw new Error('The advertised-routes command needs the BGP peer address');
      return `az network vnet-gateway list-advertised-routes ${gw} --peer ${shellQuote(peer)} --output table`;
    case 'gateways':
      return `az network vnet-gateway list ${target} --output table`;
    case 'connections':
      return `az network vpn-connection list ${target} --output table`;
  }
}
