// The Lab as a source of the trees: its inventory comes through the lab's GatewayDataSource,
// plus lab-only state (instance roles, lease holders, scenario peer names) from the controller.
import type { LabSession } from '../host/labSession';
import type { LabController } from '../engine/labApi';
import { errorMessage } from '../host/errors';
import { fetchSourceInventory, labPeerNames, type NetworkTopology, type SourceInventory } from '../azure/inventory';
import { formatVirtualTime } from './model/format';
import { SourceId } from '../model/sourceId';

export const LAB_SOURCE_ID = SourceId.lab;

/** The Lab row's description: the moment shown, past or live, and whether the scenario has ended. */
export function labDetail(c: Pick<LabController, 'scenarioName' | 'timeSeconds' | 'liveTimeSeconds' | 'momentSeconds' | 'finished' | 'speed' | 'paused'>): string {
  if (c.momentSeconds !== undefined) {
    return `${c.scenarioName} · at ${formatVirtualTime(c.momentSeconds)} (past) · live ${formatVirtualTime(c.liveTimeSeconds)}${c.finished ? ', ended' : ` · ${c.speed}x${c.paused ? ' · paused' : ''}`}`;
  }
  if (c.finished) return `${c.scenarioName} · ${formatVirtualTime(c.timeSeconds)} · ended, browsable (Go to Moment…)`;
  return `${c.scenarioName} · ${formatVirtualTime(c.timeSeconds)} · ${c.speed}x${c.paused ? ' · paused' : ''}`;
}

export async function fetchLabInventory(session: LabSession, signal?: AbortSignal): Promise<SourceInventory> {
  const base = { sourceId: LAB_SOURCE_ID, label: 'Lab' };
  const controller = session.controller;
  const dataSource = session.dataSource;
  if (!controller || !dataSource) {
    return { ...base, status: session.status === 'starting' ? 'starting' : 'stopped', gateways: [], connections: [] };
  }
  const status = controller.paused ? 'paused' : 'running';
  const detail = labDetail(controller);
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
