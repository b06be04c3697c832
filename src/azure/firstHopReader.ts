// Asks Network Watcher (getNextHop, through the one ARM client) for the first hop of a traced
// route path and attaches the comparison to the result. Azure and the lab's endpoint alike; a
// source that is not a VM's NIC, a region without a watcher or a failed read leave the result
// without `firstHopCheck` and say why ("not checked: ...").
import type { NetworkSnapshot } from '../model/snapshot';
import type { RoutePathResult } from '../routePath/routePathTypes';
import { firstHopCheck } from '../routePath/firstHopCheck';
import { errorMessage } from '../host/errors';
import type { GatewayDataSource } from './gatewayDataSource';
import { ArmGatewayDataSource } from './armGatewayDataSource';
import { readNextHop } from './networkReader';

export interface FirstHopOutcome {
  /** The result with `firstHopCheck` set when Network Watcher answered. */
  result: RoutePathResult;
  /** Why there is no check (undefined when there is one). */
  notChecked?: string;
}

export async function checkFirstHop(source: GatewayDataSource | undefined, snapshot: NetworkSnapshot, result: RoutePathResult, signal?: AbortSignal): Promise<FirstHopOutcome> {
  if (!(source instanceof ArmGatewayDataSource)) return { result, notChecked: 'no ARM endpoint to ask' };
  const nic = (snapshot.networkInterfaces ?? []).find((n) => n.nic.ipConfigurations.some((c) => c.privateIPAddress === result.from));
  if (!nic?.nic.virtualMachine) return { result, notChecked: `${result.from} is not a VM's NIC (Network Watcher answers for a VM)` };
  try {
    const hop = await readNextHop(source, { vmId: nic.nic.virtualMachine.id, nicId: nic.nic.id, location: nic.nic.location, sourceIp: result.from, destinationIp: result.to }, signal);
    if (!hop) return { result, notChecked: `no Network Watcher in ${nic.nic.location}` };
    return { result: { ...result, firstHopCheck: firstHopCheck(result, hop) } };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { result, notChecked: `Network Watcher not read: ${errorMessage(error)}` };
  }
}
