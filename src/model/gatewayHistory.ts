// A gateway's history as Azure keeps it: diagnostic log rows (AzureDiagnostics columns), Activity
// Log entries, metric series, and the events classified from them. Shared by the lab (which
// writes these records), the Azure client (which reads them) and the timeline (which shows them).
import type { InstanceName } from './snapshot';

/** Log categories of Microsoft.Network/virtualNetworkGateways (troubleshoot-vpn-with-azure-diagnostics). */
export const DIAGNOSTIC_CATEGORIES = ['GatewayDiagnosticLog', 'TunnelDiagnosticLog', 'RouteDiagnosticLog', 'IKEDiagnosticLog', 'P2SDiagnosticLog'] as const;
export type DiagnosticCategory = (typeof DIAGNOSTIC_CATEGORIES)[number];

/** Azure's role-instance names as they appear in `instance_s`. */
export const INSTANCE_COLUMN: Record<InstanceName, string> = { IN_0: 'GatewayTenantWorker_IN_0', IN_1: 'GatewayTenantWorker_IN_1' };

export function instanceFromColumn(value: string | undefined): InstanceName | undefined {
  if (value === undefined) return undefined;
  const m = /IN_([01])\s*$/i.exec(value);
  return m ? (m[1] === '0' ? 'IN_0' : 'IN_1') : undefined;
}

/**
 * One diagnostic log row with the AzureDiagnostics columns the documented queries project
 * (TimeGenerated, Category, OperationName, Resource, ResourceGroup, instance_s, remoteIP_s,
 * status_s, stateChangeReason_s, Message, Level). Optional columns may be missing in a real
 * workspace; readers must say so instead of failing.
 */
export interface GatewayLogRow {
  TimeGenerated: string;
  Category: DiagnosticCategory;
  OperationName: string;
  /** Azure writes the gateway name upper-case here. */
  Resource: string;
  ResourceGroup: string;
  ResourceId: string;
  Level: 'Informational' | 'Warning' | 'Error';
  Message: string;
  instance_s?: string;
  remoteIP_s?: string;
  localIP_s?: string;
  status_s?: string;
  stateChangeReason_s?: string;
  /** Lab model (not a documented column): the connection a tunnel row belongs to. */
  connectionName_s?: string;
  /** Lab model (not a documented column): the BGP neighbour of a RouteDiagnosticLog row. */
  peerAddress_s?: string;
}

/** The column order of `gateway-lab logs` and of the lab's query endpoint schema. */
export const LOG_COLUMNS: readonly (keyof GatewayLogRow)[] = [
  'TimeGenerated',
  'Category',
  'OperationName',
  'Resource',
  'ResourceGroup',
  'ResourceId',
  'Level',
  'Message',
  'instance_s',
  'remoteIP_s',
  'localIP_s',
  'status_s',
  'stateChangeReason_s',
  'connectionName_s',
  'peerAddress_s',
];

/** One Azure Activity Log entry (control plane: who changed what, when, and whether it worked). */
export interface ActivityLogEntry {
  eventTimestamp: string;
  /** e.g. Microsoft.Network/virtualNetworkGateways/reset/action */
  operationName: string;
  resourceId: string;
  status: 'Started' | 'Accepted' | 'Succeeded' | 'Failed';
  caller: string;
  level: 'Informational' | 'Warning' | 'Error';
  correlationId: string;
  description?: string;
}

/** Metric names of Microsoft.Network/virtualNetworkGateways the timeline reads (monitor-vpn-gateway-reference). */
export const GATEWAY_METRICS = {
  BgpPeerStatus: { unit: 'Count', grain: 'PT5M', aggregation: 'Average', dimensions: ['BgpPeerAddress', 'Instance'] },
  BgpRoutesLearned: { unit: 'Count', grain: 'PT5M', aggregation: 'Maximum', dimensions: ['BgpPeerAddress', 'Instance'] },
  TunnelAverageBandwidth: { unit: 'BytesPerSecond', grain: 'PT5M', aggregation: 'Average', dimensions: ['ConnectionName', 'RemoteIP'] },
  TunnelIngressBytes: { unit: 'Bytes', grain: 'PT5M', aggregation: 'Total', dimensions: ['ConnectionName', 'RemoteIP'] },
  TunnelEgressBytes: { unit: 'Bytes', grain: 'PT5M', aggregation: 'Total', dimensions: ['ConnectionName', 'RemoteIP'] },
} as const;
export type GatewayMetricName = keyof typeof GATEWAY_METRICS;

/** One metric time series: points at the grain, with the dimension values it is split by. */
export interface MetricSeries {
  name: GatewayMetricName;
  unit: string;
  dimensions: Record<string, string>;
  points: { timeStamp: string; value: number | null }[];
}

export const HISTORY_EVENT_KINDS = ['failover', 'flap', 'maintenance', 'reset', 'bgpDrop', 'configChange', 'ikeError'] as const;
export type HistoryEventKind = (typeof HISTORY_EVENT_KINDS)[number];

/** One classified event on a gateway's timeline, with the rows that prove it. */
export interface HistoryEvent {
  kind: HistoryEventKind;
  /** ISO time the event starts (the first row). */
  at: string;
  gateway: string;
  title: string;
  fromInstance?: InstanceName;
  toInstance?: InstanceName;
  /** Failover and flap: seconds from the disconnect to the tunnel (and routes) being back. */
  gapSeconds?: number | null;
  connection?: string;
  remoteIP?: string;
  peer?: string;
  reason?: string;
  /** Activity Log events (configChange, reset): the resource changed (a route's id, a connection's...). */
  resourceId?: string;
  /** Its top-level resource's name (the route table of a route). */
  resource?: string;
  /** Who made the change, and whether it worked. */
  caller?: string;
  status?: ActivityLogEntry['status'];
  /** Indices into the rows (and activity entries) the classifier read. */
  rows: number[];
  activity?: number[];
}
