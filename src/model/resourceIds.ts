// Azure resource ids for lab resources, so lab data looks exactly like ARM data.

/** The subscription every lab resource lives in. */
export const LAB_SUBSCRIPTION_ID = '00000000-0000-4000-8000-00000000001a';
export const LAB_DEFAULT_RESOURCE_GROUP = 'gateway-lab';
export const LAB_LOCATION = 'westeurope';

export type NetworkResourceType =
  | 'virtualNetworkGateways'
  | 'connections'
  | 'localNetworkGateways'
  | 'virtualNetworks'
  | 'expressRouteCircuits'
  | 'routeTables'
  | 'networkSecurityGroups'
  | 'publicIPAddresses'
  | 'networkInterfaces'
  | 'networkWatchers';

export function networkResourceId(
  type: NetworkResourceType,
  name: string,
  resourceGroup = LAB_DEFAULT_RESOURCE_GROUP,
  subscriptionId = LAB_SUBSCRIPTION_ID,
): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/${type}/${name}`;
}

/** A lab VM's id (Microsoft.Compute): the owner of a NIC, the target of Network Watcher's next hop. */
export function virtualMachineResourceId(name: string, resourceGroup = LAB_DEFAULT_RESOURCE_GROUP, subscriptionId = LAB_SUBSCRIPTION_ID): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`;
}

export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  type: string;
  name: string;
}

/** Parses `/subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{type}/{name}`; undefined if it is not one. */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i.exec(id);
  if (!m) return undefined;
  return { subscriptionId: m[1]!, resourceGroup: m[2]!, provider: m[3]!, type: m[4]!, name: m[5]! };
}
