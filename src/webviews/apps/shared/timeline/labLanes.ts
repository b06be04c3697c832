// Turns the lab timeline's samples into chart lanes: one lane per instance, tunnel, BGP session
// and probe, each a list of segments where the state stays the same. DOM-free, tested in Node.
import type { LabTimeline, LabTimelineSample } from '../../../../model/labTimeline';

export type Tone = 'ok' | 'standby' | 'warn' | 'bad';

export interface Segment {
  from: number;
  to: number;
  /** The state in words; the chart prints it, so state is never shown by colour alone. */
  text: string;
  tone: Tone;
}

export interface Lane {
  group: 'Instances' | 'Tunnels' | 'BGP sessions' | 'Probes';
  label: string;
  segments: Segment[];
}

type Reading = { text: string; tone: Tone };

function instanceReading(i: LabTimelineSample['instances'][number]): Reading {
  const text = `${i.role}${i.holdsLease ? ' · lease' : ''}`;
  const tone: Tone = i.role === 'active' ? (i.serving ? 'ok' : 'warn') : i.role === 'standby' ? 'standby' : i.role === 'starting' ? 'warn' : 'bad';
  return { text, tone };
}

function statusReading(status: string): Reading {
  const tone: Tone = status === 'Connected' ? 'ok' : status === 'Connecting' || status === 'Idle' ? 'warn' : 'bad';
  return { text: status, tone };
}

/** Words for a tunnel that is down by design: in active/passive the standby instance carries none. */
export const STANDBY_TUNNEL_TEXT = 'standby (no tunnel)';

function tunnelReading(status: string, instanceRole: string | undefined): Reading {
  // Red is kept for real outages; a standby instance without a tunnel is the normal A/P state.
  if (status !== 'Connected' && instanceRole === 'standby') return { text: STANDBY_TUNNEL_TEXT, tone: 'standby' };
  return statusReading(status);
}

/**
 * Lanes in a fixed order (instances, tunnels, BGP sessions, probes); the last segment ends at
 * `endTime`. `connectionGateways` (connection name -> gateway name) lets a tunnel lane read the
 * role of the instance that would carry it.
 */
export function buildLanes(timeline: LabTimeline, endTime?: number, connectionGateways: Readonly<Record<string, string>> = {}): Lane[] {
  const lanes = new Map<string, Lane>();
  const open = new Map<string, Segment>();
  const samples = timeline.samples;
  const end = endTime ?? (samples.length ? samples[samples.length - 1]!.t : 0);

  const record = (key: string, group: Lane['group'], label: string, t: number, r: Reading): void => {
    let lane = lanes.get(key);
    if (!lane) {
      lane = { group, label, segments: [] };
      lanes.set(key, lane);
    }
    const current = open.get(key);
    if (current && current.text === r.text && current.tone === r.tone) return;
    if (current) current.to = t;
    const seg: Segment = { from: t, to: t, text: r.text, tone: r.tone };
    lane.segments.push(seg);
    open.set(key, seg);
  };

  for (const s of samples) {
    const roles = new Map<string, string>();
    for (const i of s.instances) {
      roles.set(`${i.gateway}/${i.instance}`, i.role);
      record(`i:${i.gateway}/${i.instance}`, 'Instances', `${i.gateway} ${i.instance}`, s.t, instanceReading(i));
    }
    for (const t of s.tunnels) {
      const gateway = Object.hasOwn(connectionGateways, t.connection) ? connectionGateways[t.connection] : undefined;
      const role = gateway === undefined ? undefined : roles.get(`${gateway}/${t.tunnel}`);
      record(`t:${t.connection}/${t.tunnel}`, 'Tunnels', `${t.connection} ${t.tunnel}`, s.t, tunnelReading(t.status, role));
    }
    for (const b of s.bgpSessions) record(`b:${b.gateway}/${b.peer}`, 'BGP sessions', `${b.gateway} ↔ ${b.peer}`, s.t, statusReading(b.state));
    for (const p of s.probes) {
      record(`p:${p.probe}`, 'Probes', p.probe, s.t, p.delivered ? { text: 'delivered', tone: 'ok' } : { text: p.reason ? `lost: ${p.reason}` : 'lost', tone: 'bad' });
    }
  }
  for (const seg of open.values()) seg.to = Math.max(seg.to, end);
  const order: Lane['group'][] = ['Instances', 'Tunnels', 'BGP sessions', 'Probes'];
  return [...lanes.values()].sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group));
}

/** "1:05" style times for axis ticks. */
export function formatSeconds(t: number): string {
  const s = Math.round(t);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m % 60).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Round tick spacing for a span, aiming at about `target` ticks. */
export function tickStep(span: number, target = 8): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
  return steps.find((s) => span / s <= target) ?? 3600;
}
