// Turns a gateway's diagnostic log rows and Activity Log entries into the events a support engineer
// looks for, with the triage rules of Microsoft Learn's "Troubleshoot Azure VPN Gateway using
// diagnostic logs": a disconnect on one instance followed by a connect on the other instance is a
// failover (expected during maintenance or after a gateway reset); a disconnect followed by a
// connect on the same instance is a network glitch (DPD timeout) or an on-premises disconnect.
// Pure: rows in, events out (lab and Azure rows alike); nothing here knows where the rows came from.
import type { ActivityLogEntry, GatewayLogRow, HistoryEvent } from '../../model/gatewayHistory';
import { instanceFromColumn } from '../../model/gatewayHistory';
import type { InstanceName } from '../../model/snapshot';

export interface ClassifyOptions {
  /** A connect on the other instance this long after a disconnect is still the same failover (unplanned failover: 1-3 min). */
  failoverWindowSeconds?: number;
  /** Active/active: how long flows still reach a lost instance (the lab's model, timing.activeActiveDetect). */
  activeActiveDetectSeconds?: number;
  /** Disconnects of several tunnels this close together belong to one instance event. */
  groupSeconds?: number;
  /** IKE errors of one remote this close together are one failing negotiation being retried. */
  ikeRetrySeconds?: number;
  /** How long after a HostMaintenanceEvent or a reset a disconnect is explained by it. */
  explainSeconds?: number;
}

const DEFAULTS: Required<ClassifyOptions> = { failoverWindowSeconds: 300, activeActiveDetectSeconds: 5, groupSeconds: 5, ikeRetrySeconds: 120, explainSeconds: 120 };

const CONFIG_OPERATIONS = new Set(['SetGatewayConfiguration', 'SetConnectionConfiguration', 'ValidateGatewayConfiguration', 'GatewayResourceMove', 'MigrateCustomerSubscription']);
const IKE_ERROR = /\berror\b|fail|NO_PROPOSAL_CHOSEN|AUTHENTICATION_FAILED|TS_UNACCEPTABLE|INVALID_|timed? ?out/i;

function ms(iso: string): number {
  return Date.parse(iso);
}

/** The gateway name a row belongs to (Resource, else the last segment of ResourceId). */
export function rowGateway(row: Pick<GatewayLogRow, 'Resource' | 'ResourceId'>): string {
  if (row.Resource) return row.Resource;
  const parts = (row.ResourceId ?? '').split('/');
  return parts[parts.length - 1] ?? '';
}

/** The name of the top-level resource of an id (a route's route table, a gateway of its ipConfiguration). */
export function topResourceName(id: string): string {
  const parts = id.split('/');
  const p = parts.findIndex((x) => x.toLowerCase() === 'providers');
  return (p >= 0 ? parts[p + 3] : parts[parts.length - 1]) ?? '';
}

/** "route table GatewaySubnet-rt" from a route table's (or its route's) id; the type as ARM spells it otherwise. */
function resourceLabel(id: string): string {
  const parts = id.split('/');
  const p = parts.findIndex((x) => x.toLowerCase() === 'providers');
  const type = (p >= 0 ? parts[p + 2] : undefined) ?? '';
  const names: Record<string, string> = { routetables: 'route table', connections: 'connection', localnetworkgateways: 'local network gateway', virtualnetworkgateways: 'gateway' };
  return `${names[type.toLowerCase()] ?? type} ${topResourceName(id)}`.trim();
}

function activityFields(a: ActivityLogEntry): Pick<HistoryEvent, 'resourceId' | 'resource' | 'caller' | 'status'> {
  return { resourceId: a.resourceId, resource: topResourceName(a.resourceId), caller: a.caller, status: a.status };
}

function tunnelKey(row: GatewayLogRow): string {
  return `${rowGateway(row).toLowerCase()}|${row.connectionName_s ?? row.remoteIP_s ?? '?'}`;
}

interface Disconnect {
  index: number;
  at: number;
  instance: InstanceName;
  key: string;
}

export function classifyHistory(rows: readonly GatewayLogRow[], activity: readonly ActivityLogEntry[] = [], options: ClassifyOptions = {}): HistoryEvent[] {
  const o = { ...DEFAULTS, ...options };
  const order = rows.map((_, i) => i).sort((a, b) => ms(rows[a]!.TimeGenerated) - ms(rows[b]!.TimeGenerated) || a - b);
  const events: HistoryEvent[] = [];

  // ---- tunnels: failovers and same-instance flaps -------------------------------------------
  const up = new Map<string, Set<InstanceName>>();
  const pending: Disconnect[] = [];
  const tunnelEvents: { kind: 'failover' | 'flap'; d: Disconnect; to: InstanceName | undefined; endAt: number | null; rows: number[] }[] = [];
  const close = (d: Disconnect, to: InstanceName | undefined, endAt: number | null, extra: number[]): void => {
    tunnelEvents.push({ kind: to !== undefined && to !== d.instance ? 'failover' : 'flap', d, to, endAt, rows: [d.index, ...extra] });
  };
  for (const i of order) {
    const row = rows[i]!;
    if (row.Category !== 'TunnelDiagnosticLog') continue;
    const instance = instanceFromColumn(row.instance_s);
    if (!instance) continue;
    const key = tunnelKey(row);
    const at = ms(row.TimeGenerated);
    const set = up.get(key) ?? new Set<InstanceName>();
    up.set(key, set);
    if (row.OperationName === 'TunnelDisconnected') {
      set.delete(instance);
      const other = [...set][0];
      const d = { index: i, at, instance, key };
      // Active/active: the other instance still carries this tunnel, so its flows move there.
      if (other !== undefined) close(d, other, at + o.activeActiveDetectSeconds * 1000, []);
      else pending.push(d);
    } else if (row.OperationName === 'TunnelConnected') {
      set.add(instance);
      for (let p = pending.length - 1; p >= 0; p--) {
        const d = pending[p]!;
        if (d.key !== key) continue;
        pending.splice(p, 1);
        if (at - d.at <= o.failoverWindowSeconds * 1000 || d.instance === instance) close(d, instance, at, [i]);
        else close(d, undefined, null, []);
      }
    }
  }
  for (const d of pending) close(d, undefined, null, []);

  // One instance event per gateway: the tunnels of a gateway that fail over together are one failover.
  tunnelEvents.sort((a, b) => a.d.at - b.d.at);
  const merged: typeof tunnelEvents = [];
  for (const e of tunnelEvents) {
    const gw = e.d.key.split('|')[0];
    const same = merged.find((m) => m.kind === e.kind && m.d.key.split('|')[0] === gw && m.d.instance === e.d.instance && m.to === e.to && Math.abs(m.d.at - e.d.at) <= o.groupSeconds * 1000);
    if (same) {
      same.rows.push(...e.rows);
      same.endAt = same.endAt === null || e.endAt === null ? null : Math.max(same.endAt, e.endAt);
    } else merged.push({ ...e, rows: [...e.rows] });
  }

  // ---- what explains them: maintenance rows and resets in the Activity Log --------------------
  const maintenance: { index: number; at: number; gateway: string; instance: InstanceName | undefined }[] = [];
  for (const i of order) {
    const row = rows[i]!;
    if (row.Category === 'GatewayDiagnosticLog' && row.OperationName === 'HostMaintenanceEvent') {
      maintenance.push({ index: i, at: ms(row.TimeGenerated), gateway: rowGateway(row).toLowerCase(), instance: instanceFromColumn(row.instance_s) });
    }
  }
  const resets: { index: number; at: number; gateway: string }[] = [];
  activity.forEach((a, index) => {
    if (!/virtualNetworkGateways\/reset\/action$/i.test(a.operationName) || a.status === 'Started' || a.status === 'Failed') return;
    const name = topResourceName(a.resourceId);
    resets.push({ index, at: ms(a.eventTimestamp), gateway: name.toLowerCase() });
  });

  for (const m of maintenance) {
    const row = rows[m.index]!;
    events.push({ kind: 'maintenance', at: row.TimeGenerated, gateway: rowGateway(row), title: `Planned maintenance on ${m.instance ?? 'an instance'}`, ...(m.instance ? { fromInstance: m.instance } : {}), rows: [m.index] });
  }
  for (const r of resets) {
    const a = activity[r.index]!;
    events.push({ kind: 'reset', at: a.eventTimestamp, gateway: topResourceName(a.resourceId), title: `Gateway reset by ${a.caller}`, ...activityFields(a), rows: [], activity: [r.index] });
  }

  for (const e of merged) {
    const first = rows[e.d.index]!;
    const gateway = rowGateway(first);
    const gw = gateway.toLowerCase();
    const maint = maintenance.find((m) => m.gateway === gw && (m.instance === undefined || m.instance === e.d.instance) && e.d.at >= m.at && e.d.at - m.at <= o.explainSeconds * 1000);
    const reset = resets.find((r) => r.gateway === gw && e.d.at >= r.at && e.d.at - r.at <= o.explainSeconds * 1000);
    // Over BGP, traffic needs the routes back too: the first route update on the new instance after
    // its BGP session re-connects (within a minute of the tunnel) ends the gap.
    if (e.kind === 'failover' && e.endAt !== null && e.to !== undefined) {
      const toCol = e.to;
      const tunnelAt = e.endAt;
      const bgp = order.find((i) => {
        const r = rows[i]!;
        const t = ms(r.TimeGenerated);
        return r.OperationName === 'BgpConnectedEvent' && rowGateway(r).toLowerCase() === gw && instanceFromColumn(r.instance_s) === toCol && t >= tunnelAt && t - tunnelAt <= 60_000;
      });
      if (bgp !== undefined) {
        const bgpAt = ms(rows[bgp]!.TimeGenerated);
        const update = order.find((i) => {
          const r = rows[i]!;
          const t = ms(r.TimeGenerated);
          return r.OperationName === 'BgpRouteUpdate' && rowGateway(r).toLowerCase() === gw && instanceFromColumn(r.instance_s) === toCol && r.peerAddress_s === rows[bgp]!.peerAddress_s && t >= bgpAt && t - bgpAt <= 60_000;
        });
        e.rows.push(bgp);
        if (update !== undefined) e.rows.push(update);
        e.endAt = update !== undefined ? ms(rows[update]!.TimeGenerated) : bgpAt;
      }
    }
    const reason = maint ? 'planned maintenance' : reset ? 'gateway reset' : first.stateChangeReason_s;
    const gapSeconds = e.endAt === null ? null : Math.round(e.endAt - e.d.at) / 1000;
    const connections = [...new Set(e.rows.map((i) => rows[i]!.connectionName_s ?? rows[i]!.remoteIP_s ?? '?'))];
    const ev: HistoryEvent = {
      kind: e.kind,
      at: first.TimeGenerated,
      gateway,
      title:
        e.kind === 'failover'
          ? `Failover ${e.d.instance} -> ${e.to}${reason ? ` (${reason})` : ''}: traffic gap ${gapSeconds}s`
          : e.endAt === null
            ? `Tunnel down on ${e.d.instance}, not reconnected in range${reason ? ` (${reason})` : ''}`
            : `Tunnel flap on ${e.d.instance}: back after ${gapSeconds}s (DPD timeout or on-premises disconnect)`,
      fromInstance: e.d.instance,
      gapSeconds,
      rows: e.rows,
    };
    if (e.to !== undefined) ev.toInstance = e.to;
    if (reason) ev.reason = reason;
    if (connections.length === 1) ev.connection = connections[0]!;
    if (first.remoteIP_s) ev.remoteIP = first.remoteIP_s;
    events.push(ev);
  }

  // ---- BGP session drops (not those that only follow their tunnel down) ------------------------
  // Sessions of one gateway that drop together for the same reason (both instances, both peers of
  // an ER<->VPN pair) are one event.
  const tunnelDowns = order.filter((i) => rows[i]!.OperationName === 'TunnelDisconnected');
  const drops: { event: HistoryEvent; at: number; peers: Set<string> }[] = [];
  for (const i of order) {
    const row = rows[i]!;
    if (row.Category !== 'RouteDiagnosticLog' || row.OperationName !== 'BgpDisconnectedEvent') continue;
    const at = ms(row.TimeGenerated);
    const gw = rowGateway(row).toLowerCase();
    const followsTunnel = tunnelDowns.some((t) => {
      const r = rows[t]!;
      return rowGateway(r).toLowerCase() === gw && r.instance_s === row.instance_s && at >= ms(r.TimeGenerated) && at - ms(r.TimeGenerated) <= 2000;
    });
    if (followsTunnel) continue;
    const reason = row.stateChangeReason_s ?? /:\s*([^:]+)$/.exec(row.Message)?.[1]?.trim() ?? 'unknown';
    const instance = instanceFromColumn(row.instance_s);
    const peer = row.peerAddress_s ?? /peer\s+([0-9a-f.:]+)/i.exec(row.Message)?.[1];
    const same = drops.find((d) => d.event.gateway.toLowerCase() === gw && d.event.reason === reason && at - d.at <= o.groupSeconds * 1000);
    if (same) {
      same.event.rows.push(i);
      if (peer) same.peers.add(peer);
      if (instance && same.event.fromInstance !== instance) delete same.event.fromInstance;
      same.event.title = `BGP sessions dropped (${[...same.peers].join(', ')}): ${reason}`;
      continue;
    }
    const ev: HistoryEvent = { kind: 'bgpDrop', at: row.TimeGenerated, gateway: rowGateway(row), title: `BGP session ${peer ?? ''} dropped${instance ? ` on ${instance}` : ''}: ${reason}`, reason, rows: [i] };
    if (instance) ev.fromInstance = instance;
    if (peer) ev.peer = peer;
    drops.push({ event: ev, at, peers: new Set(peer ? [peer] : []) });
    events.push(ev);
  }

  // ---- configuration changes ---------------------------------------------------------------------
  for (const i of order) {
    const row = rows[i]!;
    if (row.Category === 'GatewayDiagnosticLog' && CONFIG_OPERATIONS.has(row.OperationName)) {
      events.push({ kind: 'configChange', at: row.TimeGenerated, gateway: rowGateway(row), title: `${row.OperationName}: ${row.Message}`, rows: [i] });
    }
  }
  activity.forEach((a, index) => {
    if (a.status === 'Started' || /\/reset\/action$/i.test(a.operationName)) return;
    if (!/\/(write|delete|action)$/i.test(a.operationName)) return;
    // The gateway, its connections, local network gateways and its VNet's route tables: the
    // resource names which one changed.
    events.push({ kind: 'configChange', at: a.eventTimestamp, gateway: topResourceName(a.resourceId), title: `${resourceLabel(a.resourceId)}: ${a.operationName} ${a.status} by ${a.caller}${a.description ? `: ${a.description}` : ''}`, ...activityFields(a), rows: [], activity: [index] });
  });

  // ---- IKE errors: one event per failing negotiation series ---------------------------------------
  const open = new Map<string, { event: HistoryEvent; last: number }>();
  for (const i of order) {
    const row = rows[i]!;
    if (row.Category !== 'IKEDiagnosticLog') continue;
    if (row.Level !== 'Error' && !IKE_ERROR.test(row.Message)) continue;
    const at = ms(row.TimeGenerated);
    const key = `${rowGateway(row).toLowerCase()}|${row.remoteIP_s ?? ''}`;
    const cur = open.get(key);
    if (cur && at - cur.last <= o.ikeRetrySeconds * 1000) {
      cur.event.rows.push(i);
      cur.last = at;
      continue;
    }
    const ev: HistoryEvent = { kind: 'ikeError', at: row.TimeGenerated, gateway: rowGateway(row), title: `IKE negotiation failing${row.remoteIP_s ? ` with ${row.remoteIP_s}` : ''}: ${row.Message}`, rows: [i] };
    if (row.remoteIP_s) ev.remoteIP = row.remoteIP_s;
    const instance = instanceFromColumn(row.instance_s);
    if (instance) ev.fromInstance = instance;
    open.set(key, { event: ev, last: at });
    events.push(ev);
  }

  return events.sort((a, b) => ms(a.at) - ms(b.at));
}
