// Azure Monitor on the lab's loopback endpoint, behind the same per-run token as its ARM routes:
// a Log Analytics workspace query API (POST {logs}/workspaces/{id}/query, the KQL subset of
// logAnalyticsQuery.ts), the metrics batch API (POST /subscriptions/{s}/metrics:getBatch), a
// gateway's diagnostic settings, the workspace resource (its customerId), and the Activity Log
// (GET /subscriptions/{s}/providers/Microsoft.Insights/eventtypes/management/values). Shapes are
// the REST shapes @azure/monitor-query-logs, @azure/monitor-query-metrics and @azure/arm-monitor
// read, so the extension reads lab and Azure history through the same SDKs.
import type { ActivityLogEntry, GatewayLogRow, GatewayMetricName } from '../../model/gatewayHistory';
import { DIAGNOSTIC_CATEGORIES, GATEWAY_METRICS, LOG_COLUMNS } from '../../model/gatewayHistory';
import { LAB_DEFAULT_RESOURCE_GROUP, LAB_LOCATION, LAB_SUBSCRIPTION_ID, parseResourceId } from '../../model/resourceIds';
import type { LabMetricSeries } from '../history/labMetrics';
import type { JsonObject, JsonValue } from './armWire';
import { LogQueryError, ROW_WEIGHT_COLUMN, cubeBinMs, parseLogQuery, runLogQuery, type Cell, type LogQuery, type LogTable } from './logAnalyticsQuery';
import { LogTimeCube } from './logTimeCube';

/** Columns with few distinct values: the time cubes keep counts per distinct set of them. */
const CUBE_DIMENSIONS = ['ResourceId', 'Resource', 'ResourceGroup', 'Category', 'OperationName', 'Level', 'instance_s'];
/**
 * Cube grains, finest first: a bin that is a whole number of a grain reads that grain's cube.
 * An hour: ranges of a day or more bin by an hour or more (binSecondsFor); shorter ranges scan
 * only their own rows. A minute cube would cost as much to build as the rows it saves.
 */
const CUBE_GRAINS_MS = [3_600_000];
/** The newest rows may still change (the lab folds route updates into them): cubes stop before them. */
const UNSETTLED_ROWS = 64;

/** The lab's workspace: its customer id (what the query API takes) and its ARM id. */
export const LAB_WORKSPACE_ID = '1ab0a0b0-0000-4000-8000-00000000f00d';
export const LAB_WORKSPACE_NAME = 'gateway-lab-workspace';
export const LAB_WORKSPACE_RESOURCE_ID = `/subscriptions/${LAB_SUBSCRIPTION_ID}/resourceGroups/${LAB_DEFAULT_RESOURCE_GROUP}/providers/Microsoft.OperationalInsights/workspaces/${LAB_WORKSPACE_NAME}`;
/** Path under the endpoint's base URL where the Log Analytics API lives (the SDK's `endpoint`). */
export const LOGS_PATH = '/loganalytics/v1';

export interface MonitorHistorySource {
  rows(): readonly GatewayLogRow[];
  activity(): readonly ActivityLogEntry[];
  metrics(gateway: string, name: GatewayMetricName, fromMs: number, toMs: number, intervalMs: number, filter: Record<string, string>): LabMetricSeries[];
  /** The lab's "now" (a query's default end). */
  nowMs(): number;
  /** Gateways that send their logs to the lab's workspace (the others have no diagnostic setting). */
  gatewayIds(): string[];
}

export interface MonitorRoutesOptions {
  source: () => MonitorHistorySource | undefined;
  /** Columns the workspace lacks (a workspace where some categories never arrived): queries naming them fail as in Log Analytics. */
  missingColumns?: string[];
  /** More rows than this: the first ones and a PartialError, as Log Analytics does past its limits. */
  maxRows?: number;
}

export interface MonitorReply {
  status: number;
  body?: JsonValue;
  headers?: Record<string, string>;
}

function laError(status: number, code: string, message: string, inner?: { code: string; message: string }): MonitorReply {
  const error: JsonObject = { code, message, correlationId: '00000000-0000-4000-8000-000000000000' };
  if (inner) error.innererror = { code: inner.code, message: inner.message };
  return { status, body: { error } };
}

function armError(status: number, code: string, message: string): MonitorReply {
  return { status, body: { error: { code, message } } };
}

/** ISO 8601 durations as the SDKs send them (PT1H, P1D, PT5M, P30D, PT0.5S). */
export function isoDurationMs(text: string): number | undefined {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase() === 'PT') return undefined;
  const [d, h, min, s] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0));
  return ((d! * 24 + h!) * 60 + min!) * 60_000 + s! * 1000;
}

/** A timespan: "start/end", "start/duration", "duration/end" or "duration" (ending now). */
export function parseTimespan(text: string, nowMs: number): { from: number; to: number } | undefined {
  const parts = text.split('/');
  const when = (s: string): number | undefined => (/^\d{4}-/.test(s) ? (Number.isNaN(Date.parse(s)) ? undefined : Date.parse(s)) : undefined);
  if (parts.length === 1) {
    const d = isoDurationMs(parts[0]!);
    return d === undefined ? undefined : { from: nowMs - d, to: nowMs };
  }
  if (parts.length !== 2) return undefined;
  const [a, b] = parts as [string, string];
  const from = when(a);
  const to = when(b);
  if (from !== undefined && to !== undefined) return { from, to };
  if (from !== undefined) {
    const d = isoDurationMs(b);
    return d === undefined ? undefined : { from, to: from + d };
  }
  if (to !== undefined) {
    const d = isoDurationMs(a);
    return d === undefined ? undefined : { from: to - d, to };
  }
  return undefined;
}

/** Rows (sorted by their first cell, epoch ms) in [from, to). */
function sliceByTime(rows: Cell[][], from: number, to: number): Cell[][] {
  const first = (t: number): number => {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((rows[mid]![0] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return rows.slice(first(from), first(to));
}

export class MonitorRoutes {
  private cache: { rows: readonly GatewayLogRow[]; converted: Cell[][] } | undefined;
  private cubes: LogTimeCube[] = [];

  constructor(private readonly options: MonitorRoutesOptions) {}

  private columns(): { name: string; type: string }[] {
    const missing = new Set(this.options.missingColumns ?? []);
    return LOG_COLUMNS.filter((c) => !missing.has(c)).map((c) => ({ name: c, type: c === 'TimeGenerated' ? 'datetime' : 'string' }));
  }

  /** The AzureDiagnostics table as cells; rows are converted once (the last few again: the lab folds route updates into its newest rows). */
  private table(source: MonitorHistorySource): LogTable {
    const columns = this.columns();
    const rows = source.rows();
    const names = columns.map((c) => c.name as keyof GatewayLogRow);
    const convert = (r: GatewayLogRow): Cell[] => names.map((n) => (n === 'TimeGenerated' ? Date.parse(r.TimeGenerated) : (r[n] ?? '')));
    let converted: Cell[][];
    if (this.cache && this.cache.rows === rows && this.cache.converted.length <= rows.length) {
      converted = this.cache.converted;
      const redo = Math.max(0, converted.length - 64);
      converted.length = redo;
      for (let i = redo; i < rows.length; i++) converted.push(convert(rows[i]!));
    } else {
      converted = rows.map(convert);
      const dims = CUBE_DIMENSIONS.map((d) => columns.findIndex((c) => c.name === d)).filter((i) => i >= 0);
      this.cubes = CUBE_GRAINS_MS.map((g) => new LogTimeCube(g, dims, columns.length));
    }
    this.cache = { rows, converted };
    const settled = Math.max(0, converted.length - UNSETTLED_ROWS);
    if (settled < converted.length) {
      // Each coarser cube is built from the finer one (its rows carry their counts).
      let input: readonly Cell[][] = converted;
      let until = converted[settled]![0] as number;
      let weighted = false;
      for (const cube of this.cubes) {
        cube.advance(input, until, weighted);
        input = cube.entries;
        until = cube.coveredUntilMs;
        weighted = true;
      }
    }
    return { columns, rows: converted };
  }

  /**
   * A summarize by time bins read from the coarsest cube whose grain divides the bin: whole grains
   * inside the range from the cube, the partial grains at its edges (and rows newer than the
   * cube) row by row. undefined when no cube can answer (the query then scans the rows).
   */
  private fromCube(q: LogQuery, table: LogTable, span: { from: number; to: number } | undefined): LogTable | undefined {
    const binMs = cubeBinMs(q, CUBE_DIMENSIONS.filter((d) => table.columns.some((c) => c.name === d)));
    if (binMs === undefined) return undefined;
    const cube = [...this.cubes].reverse().find((c) => binMs % c.grainMs === 0);
    if (!cube) return undefined;
    const from = span?.from ?? -Infinity;
    const to = span?.to ?? Infinity;
    const lo = Number.isFinite(from) ? Math.ceil(from / cube.grainMs) * cube.grainMs : -Infinity;
    const hi = Math.min(Number.isFinite(to) ? Math.floor(to / cube.grainMs) * cube.grainMs : Infinity, cube.coveredUntilMs);
    if (!(lo < hi)) return undefined;
    const one = (r: Cell[]): Cell[] => [...r, 1];
    const rows = [...sliceByTime(table.rows, from, lo).map(one), ...sliceByTime(cube.entries, lo, hi), ...sliceByTime(table.rows, hi, to).map(one)];
    return runLogQuery(q, { columns: [...table.columns, { name: ROW_WEIGHT_COLUMN, type: 'long' }], rows });
  }

  route(method: string, url: URL, parts: string[], lower: string[], bodyText: string): MonitorReply | undefined {
    const path = lower.join('/');
    if (path.startsWith(LOGS_PATH.slice(1) + '/')) return this.logs(method, lower, parts, bodyText);
    if (lower[0] !== 'subscriptions') return undefined;
    if (lower.length === 3 && lower[2] === 'metrics:getbatch' && method === 'POST') return this.metrics(url, bodyText);
    if (lower.length === 7 && lower[2] === 'providers' && lower[3] === 'microsoft.insights' && lower[4] === 'eventtypes' && lower[5] === 'management' && lower[6] === 'values' && method === 'GET') return this.activityLog(url, parts[1]!);
    const insights = lower.lastIndexOf('microsoft.insights');
    if (insights >= 2 && lower[insights - 1] === 'providers' && lower[insights + 1] === 'diagnosticsettings' && method === 'GET') {
      return this.diagnosticSettings('/' + parts.slice(0, insights - 1).join('/'), parts[insights + 2]);
    }
    if (lower[4] === 'providers' && lower[5] === 'microsoft.operationalinsights' && lower[6] === 'workspaces' && lower.length === 8 && method === 'GET') {
      if (parts[7]!.toLowerCase() !== LAB_WORKSPACE_NAME) return armError(404, 'ResourceNotFound', `The Resource 'Microsoft.OperationalInsights/workspaces/${parts[7]}' under resource group '${parts[3]}' was not found.`);
      return { status: 200, body: { id: LAB_WORKSPACE_RESOURCE_ID, name: LAB_WORKSPACE_NAME, type: 'Microsoft.OperationalInsights/workspaces', location: LAB_LOCATION, properties: { customerId: LAB_WORKSPACE_ID, provisioningState: 'Succeeded', retentionInDays: 30 } } };
    }
    return undefined;
  }

  // ---- Log Analytics ----------------------------------------------------------------------------

  private logs(method: string, lower: string[], parts: string[], bodyText: string): MonitorReply {
    // loganalytics/v1/workspaces/{id}/query
    if (lower.length !== 5 || lower[2] !== 'workspaces' || lower[4] !== 'query') return laError(404, 'PathNotFoundError', `The requested path does not exist: /${parts.join('/')}`);
    if (method !== 'POST') return laError(405, 'MethodNotAllowed', 'The lab answers queries sent with POST.');
    if (lower[3] !== LAB_WORKSPACE_ID) return laError(404, 'WorkspaceNotFoundError', `Workspace '${parts[3]}' could not be found (the lab's workspace is ${LAB_WORKSPACE_ID}).`);
    const source = this.options.source();
    if (!source) return laError(503, 'ServiceUnavailableError', 'The lab is not recording history (events are off in this run).');
    let body: { query?: unknown; timespan?: unknown };
    try {
      body = JSON.parse(bodyText) as typeof body;
    } catch {
      return laError(400, 'BadArgumentError', 'The request body is not valid JSON.');
    }
    if (typeof body !== 'object' || body === null || typeof body.query !== 'string' || body.query.trim() === '') return laError(400, 'BadArgumentError', "The request body must hold a 'query' string.");
    let span: { from: number; to: number } | undefined;
    if (body.timespan !== undefined && body.timespan !== null) {
      if (typeof body.timespan !== 'string' || !(span = parseTimespan(body.timespan, source.nowMs()))) return laError(400, 'BadArgumentError', `'timespan' "${String(body.timespan)}" is not an ISO 8601 interval (start/end, start/duration or duration).`);
    }
    let result: LogTable;
    try {
      const q = parseLogQuery(body.query);
      if (q.table !== 'AzureDiagnostics') {
        const hint = (DIAGNOSTIC_CATEGORIES as readonly string[]).includes(q.table) ? ' (the lab\'s diagnostic setting sends to the AzureDiagnostics table)' : '';
        throw new LogQueryError('SemanticError', `'${q.table}': Failed to resolve table or column expression named '${q.table}'${hint}`);
      }
      const table = this.table(source);
      const cubed = this.fromCube(q, table, span);
      if (cubed) result = cubed;
      else {
        // Rows are kept in time order (the lab appends as time goes on), so a timespan is two binary searches.
        const rows = span ? sliceByTime(table.rows, span.from, span.to) : table.rows;
        result = runLogQuery(q, { columns: table.columns, rows });
      }
    } catch (err) {
      if (err instanceof LogQueryError) return laError(400, 'BadArgumentError', `Query could not be parsed at the lab's endpoint: ${err.message}`, { code: err.code, message: err.message });
      throw err;
    }
    const dateCols = result.columns.map((c, i) => (c.type === 'datetime' ? i : -1)).filter((i) => i >= 0);
    const max = this.options.maxRows ?? 500_000;
    const truncated = result.rows.length > max;
    const rows = (truncated ? result.rows.slice(0, max) : result.rows).map((r) => {
      if (dateCols.length === 0) return r;
      const copy = [...r];
      for (const i of dateCols) if (typeof copy[i] === 'number') copy[i] = new Date(copy[i] as number).toISOString();
      return copy;
    });
    const out: JsonObject = { tables: [{ name: 'PrimaryResult', columns: result.columns, rows: rows as JsonValue[] }] };
    if (truncated) out.error = { code: 'PartialError', message: `Query result set has exceeded the internal record count limit (${max} rows): the result is partial.` };
    return { status: 200, body: out };
  }

  // ---- metrics ------------------------------------------------------------------------------------

  private metrics(url: URL, bodyText: string): MonitorReply {
    const source = this.options.source();
    if (!source) return armError(503, 'ServiceUnavailable', 'The lab is not recording history (events are off in this run).');
    const q = url.searchParams;
    const ns = q.get('metricnamespace');
    if (ns === null || ns.toLowerCase() !== 'microsoft.network/virtualnetworkgateways') return armError(400, 'BadRequest', `metricnamespace '${ns ?? ''}' is not served by the lab (Microsoft.Network/virtualNetworkGateways is).`);
    const names = (q.get('metricnames') ?? '').split(',').filter((s) => s !== '');
    const known = Object.keys(GATEWAY_METRICS);
    const unknown = names.filter((n) => !known.includes(n));
    if (names.length === 0 || unknown.length > 0) return armError(400, 'BadRequest', `Unknown metric name(s) ${unknown.map((n) => `'${n}'`).join(', ') || '(none given)'}; the lab serves ${known.join(', ')}.`);
    const now = source.nowMs();
    const from = q.get('starttime') ? Date.parse(q.get('starttime')!) : now - 3_600_000;
    const to = q.get('endtime') ? Date.parse(q.get('endtime')!) : now;
    if (Number.isNaN(from) || Number.isNaN(to) || from >= to) return armError(400, 'BadRequest', `starttime/endtime must be ISO times with starttime before endtime (got '${q.get('starttime')}' / '${q.get('endtime')}').`);
    const interval = q.get('interval') ?? 'PT5M';
    const intervalMs = isoDurationMs(interval);
    if (intervalMs === undefined || intervalMs < 60_000) return armError(400, 'BadRequest', `interval '${interval}' is not an ISO 8601 duration of at least PT1M.`);
    if ((to - from) / intervalMs > 50_000) return armError(400, 'BadRequest', `The time range divided by the interval gives more than 50,000 points; use a larger interval.`);
    const filter: Record<string, string> = {};
    const rawFilter = q.get('filter');
    if (rawFilter) {
      for (const clause of rawFilter.split(/\s+and\s+/i)) {
        const m = /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i.exec(clause);
        if (!m) return armError(400, 'BadRequest', `filter clause "${clause}" is not supported by the lab (use "<Dimension> eq '<value>'" or "eq '*'" joined by "and").`);
        filter[m[1]!] = m[2]!;
      }
    }
    let body: { resourceids?: unknown };
    try {
      body = JSON.parse(bodyText) as typeof body;
    } catch {
      return armError(400, 'BadRequest', 'The request body is not valid JSON.');
    }
    if (!Array.isArray(body.resourceids) || !body.resourceids.every((r) => typeof r === 'string')) return armError(400, 'BadRequest', "The body must hold 'resourceids': an array of resource ids.");
    const values = (body.resourceids as string[]).map((id) => {
      const gateway = parseResourceId(id)?.name ?? '';
      return {
        starttime: new Date(from).toISOString(),
        endtime: new Date(to).toISOString(),
        interval,
        namespace: 'Microsoft.Network/virtualNetworkGateways',
        resourceregion: LAB_LOCATION,
        resourceid: id,
        value: names.map((name) => {
          const metric = name as GatewayMetricName;
          const series = source.metrics(gateway, metric, from, to, intervalMs, filter);
          return {
            id: `${id}/providers/Microsoft.Insights/metrics/${name}`,
            type: 'Microsoft.Insights/metrics',
            name: { value: name, localizedValue: name },
            displayDescription: `${name} (lab model)`,
            unit: GATEWAY_METRICS[metric].unit,
            errorCode: 'Success',
            timeseries: series.map((s) => ({
              metadatavalues: Object.entries(s.dimensions)
                .filter(([d]) => Object.keys(filter).some((f) => f.toLowerCase() === d.toLowerCase()))
                .map(([d, v]) => ({ name: { value: d.toLowerCase(), localizedValue: d }, value: v })),
              data: s.data as unknown as JsonValue[],
            })),
          };
        }),
      };
    });
    return { status: 200, body: { values } as unknown as JsonObject };
  }

  // ---- diagnostic settings, Activity Log ---------------------------------------------------------

  private diagnosticSettings(resourceId: string, name: string | undefined): MonitorReply {
    const source = this.options.source();
    const known = source?.gatewayIds().some((id) => id.toLowerCase() === resourceId.toLowerCase()) ?? false;
    const settings = known
      ? [
          {
            id: `${resourceId}/providers/Microsoft.Insights/diagnosticSettings/gateway-lab`,
            name: 'gateway-lab',
            type: 'Microsoft.Insights/diagnosticSettings',
            properties: {
              workspaceId: LAB_WORKSPACE_RESOURCE_ID,
              logs: DIAGNOSTIC_CATEGORIES.filter((c) => c !== 'P2SDiagnosticLog').map((category) => ({ category, enabled: true })),
              metrics: [{ category: 'AllMetrics', enabled: true }],
              logAnalyticsDestinationType: null,
            },
          },
        ]
      : [];
    if (name !== undefined) {
      const found = settings.find((s) => s.name.toLowerCase() === name.toLowerCase());
      return found ? { status: 200, body: found as unknown as JsonObject } : armError(404, 'ResourceNotFound', `Diagnostic setting '${name}' was not found on ${resourceId}.`);
    }
    return { status: 200, body: { value: settings as unknown as JsonValue[] } };
  }

  private activityLog(url: URL, subscription: string): MonitorReply {
    const source = this.options.source();
    const filter = url.searchParams.get('$filter');
    if (!filter) return armError(400, 'BadRequest', "The $filter parameter is required (eventTimestamp ge '<start>' and eventTimestamp le '<end>' [and resourceUri eq '<id>' | resourceGroupName eq '<rg>']).");
    let from = -Infinity;
    let to = Infinity;
    let resourceUri: string | undefined;
    let group: string | undefined;
    for (const clause of filter.split(/\s+and\s+/i)) {
      const m = /^\s*(eventTimestamp|resourceUri|resourceGroupName|resourceId)\s+(ge|le|eq)\s+'([^']*)'\s*$/i.exec(clause);
      if (!m) return armError(400, 'BadRequest', `$filter clause "${clause}" is not supported by the lab (eventTimestamp ge/le, resourceUri eq, resourceGroupName eq).`);
      const [, field, op, value] = m as unknown as [string, string, string, string];
      if (field.toLowerCase() === 'eventtimestamp') {
        const t = Date.parse(value);
        if (Number.isNaN(t)) return armError(400, 'BadRequest', `eventTimestamp '${value}' is not a date.`);
        if (op.toLowerCase() === 'ge') from = t;
        else to = t;
      } else if (field.toLowerCase() === 'resourcegroupname') group = value;
      else resourceUri = value;
    }
    if (from === -Infinity) return armError(400, 'BadRequest', "The $filter must give a start: eventTimestamp ge '<start>'.");
    const entries = (source?.activity() ?? []).filter((e) => {
      const t = Date.parse(e.eventTimestamp);
      if (t < from || t > to) return false;
      const p = parseResourceId(e.resourceId) ?? parseResourceId(e.resourceId.split('/').slice(0, 9).join('/'));
      if (p && p.subscriptionId.toLowerCase() !== subscription.toLowerCase()) return false;
      if (group && p?.resourceGroup.toLowerCase() !== group.toLowerCase()) return false;
      if (resourceUri && !e.resourceId.toLowerCase().startsWith(resourceUri.toLowerCase())) return false;
      return true;
    });
    const value = entries.map((e, i) => {
      const p = parseResourceId(e.resourceId.split('/').slice(0, 9).join('/'));
      return {
        id: `${e.resourceId}/events/${e.correlationId}-${i}/ticks/${Date.parse(e.eventTimestamp)}`,
        eventDataId: `${e.correlationId}-${e.status}`,
        correlationId: e.correlationId,
        caller: e.caller,
        description: e.description ?? '',
        level: e.level,
        category: { value: 'Administrative', localizedValue: 'Administrative' },
        operationName: { value: e.operationName, localizedValue: e.operationName },
        status: { value: e.status, localizedValue: e.status },
        resourceId: e.resourceId,
        resourceGroupName: p?.resourceGroup ?? '',
        resourceProviderName: { value: 'Microsoft.Network', localizedValue: 'Microsoft.Network' },
        eventTimestamp: e.eventTimestamp,
        submissionTimestamp: e.eventTimestamp,
        subscriptionId: subscription,
      };
    });
    // Newest first, as the Activity Log lists.
    value.reverse();
    return { status: 200, body: { value: value as unknown as JsonValue[] } };
  }
}
