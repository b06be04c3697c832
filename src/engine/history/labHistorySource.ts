// The lab's history as the Monitor routes of its endpoint read it (rows, Activity Log, metrics).
import type { Lab } from '../lab';
import type { MonitorHistorySource } from '../arm/monitorRoutes';
import { networkResourceId } from '../../model/resourceIds';
import { labMetricSeries } from './labMetrics';
import { labHistory } from '../createLab';
import { secondsFromMs } from '../scheduler';
import { historyUntil } from './labHistory';

/**
 * undefined when the lab records no history (recordEvents off). With `atMs` (virtual ms, at most
 * the lab's now) the history reads as it stood then: rows, Activity Log and metrics up to that
 * moment, and "now" is that moment (time travel; the lab is deterministic, so the live lab's
 * records up to t are the records a replay to t would write).
 */
export function labHistorySource(lab: Lab, atMs?: number): MonitorHistorySource | undefined {
  const h = labHistory(lab);
  if (!h) return undefined;
  const startMs = Date.parse(lab.scenario.startTime);
  const nowMs = (): number => (atMs === undefined ? lab.scheduler.now() : Math.min(atMs, lab.scheduler.now()));
  // The cut is computed once per source: a past moment's records never change.
  let past: { rows: MonitorHistorySource['rows']; activity: MonitorHistorySource['activity'] } | undefined;
  const view = (): NonNullable<typeof past> => {
    if (atMs === undefined) return { rows: () => h.rows, activity: () => h.activity };
    if (!past) {
      const v = historyUntil(h, secondsFromMs(nowMs()));
      past = { rows: () => v.rows, activity: () => v.activity };
    }
    return past;
  };
  return {
    rows: () => view().rows(),
    activity: () => view().activity(),
    nowMs: () => startMs + nowMs(),
    gatewayIds: () => lab.scenario.topology.gateways.map((g) => networkResourceId('virtualNetworkGateways', g.name)),
    metrics: (gateway, name, fromMs, toMs, intervalMs, filter) => {
      h.sampleAllBytes();
      return labMetricSeries({ series: h.series, nowSeconds: secondsFromMs(nowMs()), startMs }, gateway, name, fromMs, toMs, intervalMs, filter);
    },
  };
}
