// The Lab as a source of the trees: its inventory comes through the lab's GatewayDataSource,
// plus lab-only state (instance roles, lease holders, scenario peer names) from the controller.
import type { LabSession } from '../host/labSession';
import { errorMessage } from '../host/errors';
import { fetchSourceInventory, labPeerNames, type NetworkTopology, type SourceInventory } from '../azure/inventory';
import { formatVirtualTime } from './model/format';
import { SourceId } from '../model/sourceId';

export const LAB_SOURCE_ID = SourceId.lab;

export async function fetchLabInventory(session: LabSession, signal?: AbortSignal): Promise<SourceInventory> {
  const base = { sourceId: LAB_SOURCE_ID, label: 'Lab' };
  const controller = session.controller;
  const dataSource = session.dataSource;
  if (!controller || !dataSource) {
    return { ...base, status: session.status === 'starting' ? 'starting' : 'stopped', gateways: [], connections: [] };
  }
  const status = controller.paused ? 'paused' : 'running';
  const detail = `${controller.scenarioName} · ${formatVirtualTime(controller.timeSeconds)} · ${controller.speed}x${controller.paused ? ' · paused' : ''}`;
  let lab;
  let peerNames;
  try {
    const snapshot = controller.snapshot();
    lab = snapshot.lab;
    peerNames = labPeerNames(snapshot);
  } catch (error) {
    return { ...base, status, detail, gateways: [], connections: [], error: `Reading the lab state failed: ${errorMessage(error)}` };
  }
  // Each refresh reads the lab as it is now: a cached inventory would lag behind a fault just injected.
  dataSource.invalidate?.();
  // VNets and NICs through the same ARM client (loaded with it, on first use).
  const readTopology = async (s?: AbortSignal): Promise<NetworkTopology | undefined> =>
    (await import(/* webpackChunkName: "topology" */ '../azure/topologyReader')).readTopology(dataSource, s);
  return fetchSourceInventory({ ...base, status, detail, lab, peerNames }, dataSource, signal, readTopology);
}
