// Azure Monitor metric points computed from the lab's recorded changes: BGP peer status and routes
// learned per peer and instance, tunnel bytes and bandwidth per connection, at the grain asked
// (Azure's is 5 minutes for these metrics; monitor-vpn-gateway-reference).
import type { GatewayMetricName } from '../../model/gatewayHistory';
import { GATEWAY_METRICS } from '../../model/gatewayHistory';
import type { StepSeries } from './stepSeries';

export interface MetricPoint {
  timeStamp: string;
  average?: number;
  minimum?: number;
  maximum?: number;
  total?: number;
  count?: number;
}

export interface LabMetricSeries {
  name: GatewayMetricName;
  unit: string;
  dimensions: Record<string, string>;
  data: MetricPoint[];
}

/** What the computation needs from a recorder (keeps this file testable without a lab). */
export interface MetricSource {
  series: ReadonlyMap<string, StepSeries>;
  /** Virtual seconds of "now": no point is computed past it. */
  nowSeconds: number;
  startMs: number;
}

const SOURCES: Record<GatewayMetricName, { key: string; dims: string[]; kind: 'level' | 'counter' | 'rate' }> = {
  BgpPeerStatus: { key: 'BgpPeerStatus', dims: ['BgpPeerAddress', 'Instance'], kind: 'level' },
  BgpRoutesLearned: { key: 'BgpRoutesLearned', dims: ['BgpPeerAddress', 'Instance'], kind: 'level' },
  TunnelIngressBytes: { key: 'TunnelIngressBytesCounter', dims: ['ConnectionName', 'RemoteIP'], kind: 'counter' },
  TunnelEgressBytes: { key: 'TunnelEgressBytesCounter', dims: ['ConnectionName', 'RemoteIP'], kind: 'counter' },
  TunnelAverageBandwidth: { key: 'TunnelEgressBytesCounter', dims: ['ConnectionName', 'RemoteIP'], kind: 'rate' },
};

/**
 * Points of one metric of one gateway over [fromMs, toMs) at `intervalMs`, one series per
 * dimension combination; `filter` keeps combinations whose dimension values match (case-insensitive,
 * '*' = any).
 */
export function labMetricSeries(source: MetricSource, gateway: string, name: GatewayMetricName, fromMs: number, toMs: number, intervalMs: number, filter: Record<string, string> = {}): LabMetricSeries[] {
  const def = SOURCES[name];
  const out: LabMetricSeries[] = [];
  const nowMs = source.startMs + source.nowSeconds * 1000;
  const start = Math.floor(fromMs / intervalMs) * intervalMs;
  for (const [key, series] of source.series) {
    const [metric, gw, ...dimValues] = key.split('|');
    if (metric !== def.key || gw?.toLowerCase() !== gateway.toLowerCase()) continue;
    const dimensions: Record<string, string> = {};
    def.dims.forEach((d, i) => (dimensions[d] = dimValues[i] ?? ''));
    const keep = Object.entries(filter).every(([d, v]) => {
      const actual = Object.entries(dimensions).find(([k]) => k.toLowerCase() === d.toLowerCase())?.[1];
      return v === '*' || (actual !== undefined && actual.toLowerCase() === v.toLowerCase());
    });
    if (!keep) continue;
    const data: MetricPoint[] = [];
    for (let t = start; t < toMs && t < nowMs; t += intervalMs) {
      const a = (t - source.startMs) / 1000;
      const b = (Math.min(t + intervalMs, nowMs) - source.startMs) / 1000;
      const point: MetricPoint = { timeStamp: new Date(t).toISOString() };
      if (def.kind === 'level') {
        const agg = series.aggregate(Math.max(0, a), b);
        if (agg) Object.assign(point, { average: agg.average, minimum: agg.minimum, maximum: agg.maximum, count: 1 });
      } else if (b > 0) {
        const delta = series.counterAt(b) - series.counterAt(Math.max(0, a));
        if (def.kind === 'counter') Object.assign(point, { total: delta, count: 1 });
        else Object.assign(point, { average: delta / Math.max(1e-9, b - Math.max(0, a)), count: 1 });
      }
      data.push(point);
    }
    out.push({ name, unit: GATEWAY_METRICS[name].unit, dimensions, data });
  }
  return out;
}
