// What the Lab panel draws, read from the lab controller in one go. Pure (no vscode).
import type { LabController } from '../../engine/labApi';
import type { LabPanelData } from '../protocol/labProtocol';
import { parseResourceId } from '../../model/resourceIds';
import { buildTopology } from './labTopology';
import { shownMoment } from '../timeTravel/shownMoment';

export function labPanelData(lab: LabController): LabPanelData {
  const snapshot = lab.snapshot();
  return {
    scenario: lab.scenarioName,
    timeSeconds: lab.timeSeconds,
    paused: lab.paused,
    speed: lab.speed,
    timeline: lab.timeline(),
    moment: shownMoment(lab),
    failovers: snapshot.lab?.failovers ?? [],
    topology: buildTopology(snapshot),
    connectionGateways: Object.fromEntries(
      snapshot.connections.map((c) => [c.name, parseResourceId(c.virtualNetworkGateway1.id)?.name ?? c.virtualNetworkGateway1.id]),
    ),
  };
}
