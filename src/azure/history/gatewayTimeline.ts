// One gateway's timeline, read from wherever its history lives (Azure or the lab's endpoint):
// binned log counts over the whole range (Log Analytics bins them), raw rows and classified
// events for the zoomed window, metrics and the Activity Log. A part that fails becomes a problem
// saying what is missing; the others still show.
import type { ActivityLogEntry, GatewayMetricName, HistoryEvent, MetricSeries } from '../../model/gatewayHistory';
import { classifyHistory } from '../../diagnostics/history/classifyHistory';
import type { BinsResult, GatewayHistoryClient, HistoryProblem, LogsResult, WorkspaceInfo } from './gatewayHistoryClient';

export interface TimelineRequest {
  gatewayId: string;
  /** Connections, local network gateways and route tables whose Activity Log belongs on this timeline. */
  relatedIds?: string[];
  from: Date;
  to: Date;
  /** Raw rows only for this window (defaults to the whole range when it is a day or less). */
  zoom?: { from: Date; to: Date };
  metrics?: GatewayMetricName[];
}

export interface GatewayTimeline {
  workspace?: WorkspaceInfo;
  bins?: BinsResult;
  logs?: LogsResult;
  events: HistoryEvent[];
  activity: ActivityLogEntry[];
  metrics: MetricSeries[];
  problems: HistoryProblem[];
}

/** Bin size for a range: about 200 bins, at least a minute. */
export function binSecondsFor(from: Date, to: Date): number {
  const span = (to.getTime() - from.getTime()) / 1000;
  const steps = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400];
  return steps.find((s) => span / s <= 200) ?? 86400;
}

const DAY_MS = 86_400_000;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function readGatewayTimeline(client: GatewayHistoryClient, req: TimelineRequest, signal?: AbortSignal): Promise<GatewayTimeline> {
  const out: GatewayTimeline = { events: [], activity: [], metrics: [], problems: [] };
  const zoom = req.zoom ?? (req.to.getTime() - req.from.getTime() <= DAY_MS ? { from: req.from, to: req.to } : undefined);
  const metricNames = req.metrics ?? ['BgpPeerStatus', 'BgpRoutesLearned', 'TunnelAverageBandwidth'];
  const interval = binSecondsFor(req.from, req.to) >= 3600 ? 'PT1H' : 'PT5M';
  const workspace = client.findWorkspace(req.gatewayId, signal).then(
    (ws) => {
      if (!ws) out.problems.push({ part: 'workspace', message: 'This gateway has no diagnostic setting sending its logs to a Log Analytics workspace: no diagnostic logs to show (metrics and the Activity Log still are).' });
      return ws;
    },
    (err: unknown) => {
      out.problems.push({ part: 'workspace', message: message(err) });
      return undefined;
    },
  );
  const logs = workspace.then(async (ws) => {
    if (!ws) return;
    out.workspace = ws;
    const [bins, rows] = await Promise.allSettled([client.bins(ws, req.gatewayId, req.from, req.to, binSecondsFor(req.from, req.to), signal), zoom ? client.rows(ws, req.gatewayId, zoom.from, zoom.to, signal) : Promise.resolve(undefined)]);
    if (bins.status === 'fulfilled') out.bins = bins.value;
    else out.problems.push({ part: 'logs', message: message(bins.reason) });
    if (rows.status === 'fulfilled') out.logs = rows.value;
    else out.problems.push({ part: 'logs', message: message(rows.reason) });
    const missing = out.logs?.missingColumns ?? out.bins?.missingColumns ?? [];
    if (missing.length > 0) out.problems.push({ part: 'logs', message: `The workspace has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}: those details are blank (the events still show).` });
    if (out.logs?.partial) out.problems.push({ part: 'logs', message: `Partial result: ${out.logs.partial}` });
  });
  const metrics = client.metricSeries(req.gatewayId, metricNames, req.from, req.to, interval, signal).then(
    (m) => void (out.metrics = m),
    (err: unknown) => void out.problems.push({ part: 'metrics', message: message(err) }),
  );
  const activity = client.activity(req.gatewayId, req.relatedIds ?? [], req.from, req.to, signal).then(
    (a) => void (out.activity = a),
    (err: unknown) => void out.problems.push({ part: 'activity', message: message(err) }),
  );
  await Promise.all([logs, metrics, activity]);
  out.events = classifyHistory(out.logs?.rows ?? [], out.activity);
  return out;
}
