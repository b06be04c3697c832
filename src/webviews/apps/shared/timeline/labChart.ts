// The Lab panel's data as the shared lane chart draws it: lanes from the lab's samples, the
// faults as jump targets, the chart running to the live lab's time, the cursor at the moment
// shown (virtual ms since the scenario's start). DOM-free.
import type { LabPanelData } from '../../../protocol/labProtocol';
import { buildLanes, formatSeconds } from './labLanes';
import type { LaneChartModel } from './laneChart';

export function labChartModel(d: LabPanelData): LaneChartModel {
  const liveSeconds = d.moment.liveMs / 1000;
  const lastSample = d.timeline.samples.at(-1)?.t ?? 0;
  const endSeconds = Math.max(liveSeconds, lastSample, d.timeSeconds);
  const lanes = buildLanes(d.timeline, endSeconds, d.connectionGateways).map((lane) => ({
    group: lane.group,
    label: lane.label,
    segments: lane.segments.map((s) => ({ from: s.from * 1000, to: s.to * 1000, text: s.text, tone: s.tone })),
  }));
  const startSeconds = d.timeline.samples[0]?.t ?? 0;
  return {
    startMs: startSeconds * 1000,
    endMs: Math.max(endSeconds, startSeconds + 1) * 1000,
    lanes,
    markers: d.timeline.faults.map((f) => ({ atMs: f.t * 1000, label: f.label, kind: 'fault' as const })),
    format: (ms) => formatSeconds(ms / 1000),
    nowMs: d.moment.liveMs,
    travel: { cursorMs: d.moment.atMs, live: d.moment.live },
    ariaLabel: `Timeline from ${formatSeconds(startSeconds)} to ${formatSeconds(endSeconds)}: ${lanes.length} lanes, ${d.timeline.faults.length} faults`,
  };
}
