// The lab's history as the Monitor routes of its endpoint read it (rows, Activity Log, metrics).
import type { Lab } from '../lab';
import type { MonitorHistorySource } from '../arm/monitorRoutes';
import { networkResourceId } from '../../model/resourceIds';
import { labMetricSeries } from './labMetrics';
import { labHistory } from '../createLab';
import { secondsFromMs } from '../scheduler';

/** undefined when the lab records no history (recordEvents off). */
export function labHistorySource(lab: Lab): MonitorHistorySource | undefined {
  const h = labHistory(lab);
  if (!h) return undefined;
  const startMs = Date.parse(lab.scenario.startTime);
  return {
    rows: () => h.rows,
    activity: () => h.activity,
    nowMs: () => startMs + lab.scheduler.now(),
    gatewayIds: () => lab.scenario.topology.gateways.map((g) => networkResourceId('virtualNetworkGateways', g.name)),
    metrics: (gateway, name, fromMs, toMs, intervalMs, filter) => {
      h.sampleAllBytes();
      return labMetricSeries({ series: h.series, nowSeconds: secondsFromMs(lab.scheduler.now()), startMs }, gateway, name, fromMs, toMs, intervalMs, filter);
    },
  };
}
