// Moments of a lab run worth jumping to: the lab's fault markers (scenario timeline and faults
// injected from the UI, restores included) and the events the timeline classifier finds in the
// lab's diagnostic logs (failover, flap, maintenance, reset, bgpDrop, configChange, ikeError).
// Pure: the classified events are passed in (the classifier loads lazily with the history chunk).
import type { HistoryEvent } from '../model/gatewayHistory';

export interface JumpTarget {
  /** Virtual seconds since the scenario's start. */
  seconds: number;
  kind: 'fault' | HistoryEvent['kind'];
  title: string;
}

/** Sorted by time; events of one kind at one second appear once. */
export function jumpTargets(faults: readonly { t: number; label: string }[], events: readonly HistoryEvent[], startMs: number, liveSeconds: number): JumpTarget[] {
  const out: JumpTarget[] = [];
  const seen = new Set<string>();
  const add = (t: JumpTarget): void => {
    const key = `${t.seconds}|${t.kind}|${t.title}`;
    if (seen.has(key) || t.seconds < 0 || t.seconds > liveSeconds) return;
    seen.add(key);
    out.push(t);
  };
  for (const f of faults) add({ seconds: f.t, kind: 'fault', title: f.label });
  for (const e of events) {
    const ms = Date.parse(e.at);
    if (Number.isFinite(ms)) add({ seconds: (ms - startMs) / 1000, kind: e.kind, title: e.title });
  }
  return out.sort((a, b) => a.seconds - b.seconds || (a.kind === 'fault' ? -1 : 0) - (b.kind === 'fault' ? -1 : 0));
}

/** The first target strictly after `seconds` (undefined: none). Targets within 1 ms count as the same moment. */
export function nextTarget(targets: readonly JumpTarget[], seconds: number): JumpTarget | undefined {
  return targets.find((t) => t.seconds > seconds + 0.0005);
}

/** The last target strictly before `seconds`. */
export function previousTarget(targets: readonly JumpTarget[], seconds: number): JumpTarget | undefined {
  return [...targets].reverse().find((t) => t.seconds < seconds - 0.0005);
}
