// Messages between the Timeline panel's host and its webview, and the data it draws: a gateway's
// classified events (with their raw rows), lanes, binned log counts, metrics, the Activity Log and
// the problems met reading them.
import type { ActivityLogEntry, GatewayLogRow, HistoryEventKind, MetricSeries } from '../../model/gatewayHistory';
import { type Checked, describe, fail, isOneOf, isRecord, ok, unknownKeys } from './guards';
import { isTimeTravelMessage, parseTimeTravel, type TimeTravelRequest } from './timeTravelProtocol';

export const TIMELINE_VIEW_TYPE = 'gatewayLens.timeline';
export const RANGE_PRESETS = ['run', 'hour', 'day', 'week'] as const;
/** A preset, or 'custom' (from / to typed by the user). */
export type RangePreset = (typeof RANGE_PRESETS)[number] | 'custom';

export interface TimelineEventView {
  kind: HistoryEventKind;
  at: string;
  title: string;
  fromInstance?: string;
  toInstance?: string;
  gapSeconds?: number | null;
  /** Activity Log events: the resource changed (id and name), who changed it and the outcome. */
  resourceId?: string;
  resource?: string;
  caller?: string;
  status?: ActivityLogEntry['status'];
  rows: GatewayLogRow[];
}

export interface TimelineLaneView {
  id: string;
  label: string;
  kind: 'instance' | 'tunnel' | 'bgp';
  segments: { from: string; to: string; state: 'up' | 'down' | 'primary' | 'standby' }[];
}

export interface TimelinePanelData {
  gateway: string;
  gatewayId: string;
  source: string;
  preset: RangePreset;
  from: string;
  to: string;
  zoom: { from: string; to: string } | null;
  events: TimelineEventView[];
  lanes: TimelineLaneView[];
  bins: { start: string; count: number }[];
  binSeconds: number;
  metrics: MetricSeries[];
  activity: ActivityLogEntry[];
  problems: string[];
  note: string;
  /** Lab gateways: lab time travel (virtual ms = epoch ms - originMs; the cursor at the moment shown) and the faults as jump targets. */
  travel?: { originMs: number; atMs: number; liveMs: number; live: boolean; faults: { atMs: number; label: string }[] };
}

export type HostToTimeline = { type: 'timeline'; data: TimelinePanelData } | { type: 'message'; text: string };

export type TimelineToHost =
  | { type: 'ready' }
  | { type: 'range'; preset: Exclude<RangePreset, 'custom'> }
  /** A custom range (the webview checked it; the host checks again). */
  | { type: 'customRange'; from: string; to: string }
  | TimeTravelRequest
  | { type: 'zoom'; from: string; to: string }
  | { type: 'unzoom' }
  | { type: 'export'; format: 'csv' | 'json' }
  /** What the webview drew (event titles): for the log and the extension-host tests. */
  | { type: 'rendered'; events: string[] };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function parseTimelineMessage(m: unknown): Checked<TimelineToHost> {
  if (!isRecord(m)) return fail(`message is not an object: ${describe(m)}`);
  if (isTimeTravelMessage(m)) return parseTimeTravel(m);
  const keys = (allowed: string[]): string[] => unknownKeys(m, ['type', ...allowed]);
  switch (m.type) {
    case 'ready':
    case 'unzoom':
      return keys([]).length ? fail(`"${m.type}" has unexpected fields`) : ok({ type: m.type });
    case 'range':
      return isOneOf(m.preset, RANGE_PRESETS) && keys(['preset']).length === 0 ? ok({ type: 'range', preset: m.preset }) : fail(`bad range message ${describe(m)}`);
    case 'customRange':
      return typeof m.from === 'string' && typeof m.to === 'string' && ISO.test(m.from) && ISO.test(m.to) && Date.parse(m.from) < Date.parse(m.to) && keys(['from', 'to']).length === 0 ? ok({ type: 'customRange', from: m.from, to: m.to }) : fail(`bad customRange message ${describe(m)}`);
    case 'zoom':
      return typeof m.from === 'string' && typeof m.to === 'string' && ISO.test(m.from) && ISO.test(m.to) && m.from < m.to && keys(['from', 'to']).length === 0 ? ok({ type: 'zoom', from: m.from, to: m.to }) : fail(`bad zoom message ${describe(m)}`);
    case 'export':
      return isOneOf(m.format, ['csv', 'json'] as const) && keys(['format']).length === 0 ? ok({ type: 'export', format: m.format }) : fail(`bad export message ${describe(m)}`);
    case 'rendered':
      return Array.isArray(m.events) && m.events.length <= 10_000 && m.events.every((e) => typeof e === 'string' && e.length <= 4096) && keys(['events']).length === 0 ? ok({ type: 'rendered', events: m.events as string[] }) : fail(`bad rendered message ${describe(m)}`);
    default:
      return fail(`unknown message type ${describe(m.type)}`);
  }
}
