// Which resources' Activity Log belongs on a gateway's timeline besides the gateway's own: its
// connections, their local network gateways and the route tables of its VNet's subnets (a UDR
// on GatewaySubnet is a classic cause of an outage). Found from what the extension reads anyway
// (gateways, connections, and the trees' topology read of VNets and route tables), through the
// same ARM client for Azure and the lab's endpoint.
import type { VirtualNetwork, VirtualNetworkGateway, VirtualNetworkGatewayConnection } from '../../model/arm';
import type { RouteTable } from '../../model/armNetwork';
import { parseResourceId } from '../../model/resourceIds';
import type { GatewayDataSource } from '../gatewayDataSource';
import { ArmGatewayDataSource } from '../armGatewayDataSource';
import { ProgressDataSource } from '../progressDataSource';
import { readNetwork, vnetIdOfSubnet } from '../networkReader';

export interface TimelineResourceInput {
  gateways: readonly VirtualNetworkGateway[];
  connections: readonly VirtualNetworkGatewayConnection[];
  virtualNetworks: readonly VirtualNetwork[];
  routeTables?: readonly RouteTable[];
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The related resource ids of `gatewayId` (not the gateway itself), deduplicated, in a stable order. */
export function timelineRelatedIds(gatewayId: string, input: TimelineResourceInput): string[] {
  const out = new Map<string, string>();
  const add = (id: string | undefined): void => {
    if (id && !same(id, gatewayId) && !out.has(id.toLowerCase())) out.set(id.toLowerCase(), id);
  };
  for (const c of input.connections) {
    if (!same(c.virtualNetworkGateway1.id, gatewayId)) continue;
    add(c.id);
    add(c.localNetworkGateway2?.id);
  }
  const gateway = input.gateways.find((g) => same(g.id, gatewayId));
  const vnetIds = new Set((gateway?.ipConfigurations ?? []).filter((c) => c.subnet.id !== '').map((c) => vnetIdOfSubnet(c.subnet.id).toLowerCase()));
  const subnets = new Set<string>();
  for (const v of input.virtualNetworks) {
    if (!vnetIds.has(v.id.toLowerCase())) continue;
    for (const s of v.subnets) {
      subnets.add(s.id.toLowerCase());
      add(s.routeTable?.id);
    }
  }
  for (const t of input.routeTables ?? []) if (t.subnets.some((s) => subnets.has(s.toLowerCase()))) add(t.id);
  return [...out.values()];
}

/**
 * Reads what timelineRelatedIds needs from a data source: gateways and connections, and on an ARM
 * client (Azure or the lab's endpoint) the gateway's resource group's VNets and route tables
 * (its VNet read by id when it lives elsewhere), without the slow parts (no effective routes, no circuits).
 */
export async function readTimelineRelatedIds(source: GatewayDataSource, gatewayId: string, signal?: AbortSignal): Promise<{ ids: string[]; problems: string[] }> {
  const [gateways, connections] = await Promise.all([source.listGateways(signal), source.listConnections(signal)]);
  const arm = source instanceof ProgressDataSource ? source.inner : source;
  const parsed = parseResourceId(gatewayId);
  const gateway = gateways.find((g) => same(g.id, gatewayId));
  if (!(arm instanceof ArmGatewayDataSource) || !parsed || !gateway) return { ids: timelineRelatedIds(gatewayId, { gateways, connections, virtualNetworks: [] }), problems: [] };
  const vnetIds = gateway.ipConfigurations.filter((c) => c.subnet.id !== '').map((c) => vnetIdOfSubnet(c.subnet.id));
  const mine = connections.filter((c) => same(c.virtualNetworkGateway1.id, gatewayId));
  const net = await readNetwork(arm, { subscriptions: [parsed.subscriptionId], resourceGroup: parsed.resourceGroup, connections: mine, virtualNetworkIds: vnetIds }, { signal, effectiveRoutes: false, circuits: false });
  // A part that could not be read (403 on route tables...) leaves its resources off; the timeline says so.
  const problems = net.problems.filter((p) => p.part === 'virtualNetworks' || p.part === 'routeTables').map((p) => `${p.part} of ${p.resource} not read (their Activity Log is not shown): ${p.message}`);
  return { ids: timelineRelatedIds(gatewayId, { gateways, connections, virtualNetworks: net.virtualNetworks, routeTables: net.routeTables }), problems };
}
