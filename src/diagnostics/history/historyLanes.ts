// Lanes of a gateway's timeline from its log rows: the primary instance, each tunnel per instance,
// each BGP peer per instance, as intervals of a state. Pure; the Timeline panel draws them.
import type { GatewayLogRow } from '../../model/gatewayHistory';
import { instanceFromColumn } from '../../model/gatewayHistory';

export interface LaneSegment {
  from: string;
  to: string;
  state: 'up' | 'down' | 'primary' | 'standby';
}

export interface HistoryLane {
  id: string;
  kind: 'instance' | 'tunnel' | 'bgp';
  label: string;
  segments: LaneSegment[];
}

export function historyLanes(rows: readonly GatewayLogRow[], from: string, to: string): HistoryLane[] {
  const lanes = new Map<string, HistoryLane & { open?: { at: string; state: LaneSegment['state'] } }>();
  const lane = (id: string, kind: HistoryLane['kind'], label: string): HistoryLane & { open?: { at: string; state: LaneSegment['state'] } } => {
    let l = lanes.get(id);
    if (!l) {
      l = { id, kind, label, segments: [] };
      lanes.set(id, l);
    }
    return l;
  };
  const set = (l: ReturnType<typeof lane>, at: string, state: LaneSegment['state']): void => {
    if (l.open && l.open.state === state) return;
    if (l.open && at > l.open.at) l.segments.push({ from: l.open.at, to: at, state: l.open.state });
    l.open = { at: l.open ? at : at < from ? from : at, state };
  };
  const sorted = [...rows].sort((a, b) => (a.TimeGenerated < b.TimeGenerated ? -1 : a.TimeGenerated > b.TimeGenerated ? 1 : 0));
  for (const r of sorted) {
    const inst = instanceFromColumn(r.instance_s);
    if (r.OperationName === 'GatewayTenantPrimaryChanged' && inst) {
      const other = inst === 'IN_0' ? 'IN_1' : 'IN_0';
      set(lane(`instance|${inst}`, 'instance', `${inst} role`), r.TimeGenerated, 'primary');
      set(lane(`instance|${other}`, 'instance', `${other} role`), r.TimeGenerated, 'standby');
    } else if ((r.OperationName === 'TunnelConnected' || r.OperationName === 'TunnelDisconnected') && inst) {
      const t = r.connectionName_s ?? r.remoteIP_s ?? 'tunnel';
      set(lane(`tunnel|${t}|${inst}`, 'tunnel', `${t} on ${inst}`), r.TimeGenerated, r.OperationName === 'TunnelConnected' ? 'up' : 'down');
    } else if ((r.OperationName === 'BgpConnectedEvent' || r.OperationName === 'BgpDisconnectedEvent') && inst) {
      const p = r.peerAddress_s ?? /peer\s+([0-9a-f.:]+)/i.exec(r.Message)?.[1] ?? 'peer';
      set(lane(`bgp|${p}|${inst}`, 'bgp', `BGP ${p} on ${inst}`), r.TimeGenerated, r.OperationName === 'BgpConnectedEvent' ? 'up' : 'down');
    }
  }
  const order = { instance: 0, tunnel: 1, bgp: 2 };
  return [...lanes.values()]
    .map((l) => {
      const segments = [...l.segments];
      if (l.open && to > l.open.at) segments.push({ from: l.open.at, to, state: l.open.state });
      return { id: l.id, kind: l.kind, label: l.label, segments: segments.filter((s) => s.to > from && s.from < to) };
    })
    .sort((a, b) => order[a.kind] - order[b.kind] || a.label.localeCompare(b.label));
}
