// A lab's history read at one moment: the rows, Activity Log entries and metric points the lab
// wrote up to then. One reader for the CLI (`gateway-lab logs`/`timeline`), the lab's Log
// Analytics/metrics endpoints and the benchmarks, so they all see the same records.
import type { ActivityLogEntry, GatewayLogRow } from '../../model/gatewayHistory';
import type { HistoryRecorder } from './historyRecorder';

export interface LabHistoryView {
  rows: GatewayLogRow[];
  /** Virtual seconds of each row. */
  times: number[];
  activity: ActivityLogEntry[];
}

/** The rows written at or before `atSeconds` (all when undefined), in time order. */
export function historyUntil(recorder: HistoryRecorder, atSeconds?: number): LabHistoryView {
  const end = atSeconds === undefined ? Infinity : atSeconds + 1e-9;
  const idx = recorder.rows.map((_, i) => i).filter((i) => recorder.times[i]! <= end);
  idx.sort((a, b) => recorder.times[a]! - recorder.times[b]! || a - b);
  const activity = recorder.activity.filter((_, i) => recorder.activityTimes[i]! <= end);
  return { rows: idx.map((i) => recorder.rows[i]!), times: idx.map((i) => recorder.times[i]!), activity };
}
