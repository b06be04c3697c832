// Messages between the Lab panel's host and its webview, and the data the panel draws: the
// timeline (LabController.timeline()), a topology derived from the snapshot and the failovers.
import type { LabTimeline } from '../../model/labTimeline';
import type { LabFailover } from '../../model/snapshot';
import { type Checked, describe, fail, isRecord, ok, unknownKeys } from './guards';
import { isTimeTravelMessage, parseTimeTravel, type TimeTravelRequest } from './timeTravelProtocol';

export const LAB_VIEW_TYPE = 'gatewayLens.lab';

/** ok: working; degraded: works but something is wrong (one instance down); down: not working. */
export type Health = 'ok' | 'degraded' | 'down';

export interface TopologyNode {
  id: string;
  kind: 'site' | 'circuit' | 'gateway' | 'instance' | 'vnet';
  label: string;
  detail: string;
  health: Health;
  /** Words for the health, shown next to the colour (never colour alone). */
  healthText: string;
  /** Instances belong to a gateway. */
  parent?: string;
}

export interface TopologyLink {
  id: string;
  kind: 'tunnel' | 'expressRoute' | 'bgp' | 'attachment';
  from: string;
  to: string;
  label: string;
  up: boolean;
  stateText: string;
}

export interface Topology {
  nodes: TopologyNode[];
  links: TopologyLink[];
}

export interface LabPanelData {
  scenario: string;
  timeSeconds: number;
  paused: boolean;
  speed: number;
  timeline: LabTimeline;
  failovers: LabFailover[];
  topology: Topology;
  /** Connection name -> its gateway's name, so the timeline knows which instance a tunnel belongs to. */
  connectionGateways: Record<string, string>;
  /** The moment shown (virtual ms; the snapshot's own time), the live lab's time, and whether they are the same. */
  moment: { atMs: number; liveMs: number; live: boolean };
}

export type HostToLab = { type: 'lab'; data: LabPanelData } | { type: 'noLab'; message: string };

export type LabToHost = { type: 'ready' } | TimeTravelRequest;

/** The runtime check for every message from the lab webview. */
export function parseLabMessage(message: unknown): Checked<LabToHost> {
  if (!isRecord(message)) return fail(`message is not an object: ${describe(message)}`);
  if (isTimeTravelMessage(message)) return parseTimeTravel(message);
  if (message.type !== 'ready') return fail(`unknown message type ${describe(message.type)}`);
  const extra = unknownKeys(message, ['type']);
  return extra.length ? fail(`"ready" has unexpected fields ${extra.join(', ')}`) : ok({ type: 'ready' });
}
