// The trees' read of what a route path starts from: VNets (subnets with their UDRs, peerings)
// and NICs, through the same ARM client and network reader as Save Snapshot, for Azure and the
// lab's endpoint alike, without the slow parts (NIC effective routes, circuit tables are long-
// running POSTs: Trace Route Path reads them when it needs them, through collectSnapshot).
import type { GatewayDataSource } from './gatewayDataSource';
import type { NetworkTopology } from './inventory';
import { ArmGatewayDataSource } from './armGatewayDataSource';
import { ProgressDataSource } from './progressDataSource';
import { readNetwork } from './networkReader';

/** VNets and NICs of the source's subscriptions; undefined when the source is not an ARM client. */
export async function readTopology(source: GatewayDataSource, signal?: AbortSignal): Promise<NetworkTopology | undefined> {
  const arm = source instanceof ProgressDataSource ? source.inner : source;
  if (!(arm instanceof ArmGatewayDataSource)) return undefined;
  const subscriptions = await arm.subscriptionsInScope(signal);
  const net = await readNetwork(arm, { subscriptions }, { signal, effectiveRoutes: false, circuits: false });
  // A listing that failed as a whole (the VNets themselves) is the group's error, not an empty group.
  const vnetsFailed = net.problems.find((p) => p.part === 'virtualNetworks');
  if (vnetsFailed && net.virtualNetworks.length === 0) throw new Error(vnetsFailed.message);
  return { virtualNetworks: net.virtualNetworks, networkInterfaces: net.networkInterfaces.map((n) => n.nic), problems: net.problems };
}
