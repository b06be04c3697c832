// Reads a gateway's history from Azure Monitor (or the lab's Monitor-compatible endpoint, the same
// way): where its logs go (diagnostic settings, @azure/arm-monitor, and the workspace's customer
// id), its diagnostic log rows (@azure/monitor-query-logs: counts per time bin over long ranges,
// computed by Log Analytics; raw rows only for the window zoomed into), its metrics
// (@azure/monitor-query-metrics) and the Activity Log of it and its related resources. Each part
// that fails or is incomplete becomes a problem on the result; the timeline never fails as a whole.
// The SDKs are import()ed on first use, so activation does not load them.
import type { TokenCredential } from '@azure/core-auth';
import type { LogsQueryClient } from '@azure/monitor-query-logs';
import type { MetricsClient, MetricsQueryResourcesOptions } from '@azure/monitor-query-metrics';
import type { MonitorClient } from '@azure/arm-monitor';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { ActivityLogEntry, DiagnosticCategory, GatewayLogRow, GatewayMetricName, MetricSeries } from '../../model/gatewayHistory';
import { DIAGNOSTIC_CATEGORIES, GATEWAY_METRICS, LOG_COLUMNS } from '../../model/gatewayHistory';
import { parseResourceId } from '../../model/resourceIds';
import { isLoopbackUrl, loopbackBearerPolicy } from '../loopbackBearerPolicy';
import { toAzureError } from '../azureErrors';
import { kqlString, resourceSpecificQuery, rowsQuery, binsQuery, SCHEMA_QUERY, REQUIRED_COLUMNS, OPTIONAL_COLUMNS } from './historyQueries';

export interface GatewayHistoryClientOptions {
  /** Resource Manager base URL (Azure's or the lab's). */
  armEndpoint: string;
  /** Log Analytics query API, e.g. https://api.loganalytics.io/v1 or the lab's logsEndpoint. */
  logsEndpoint: string;
  /** Metrics batch API host, e.g. https://westeurope.metrics.monitor.azure.com or the lab's metricsEndpoint. */
  metricsEndpoint: string;
  credential: TokenCredential;
  armScopes?: string[];
  logsScopes?: string[];
  metricsScopes?: string[];
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  /** Most raw rows one zoomed window asks for. */
  maxRows?: number;
}

export interface WorkspaceInfo {
  /** The workspace's customer id (what the query API takes). */
  workspaceId: string;
  workspaceResourceId: string;
  /** 'AzureDiagnostics' (legacy) or 'Dedicated' (resource-specific tables). */
  destination: 'AzureDiagnostics' | 'Dedicated';
  categories: DiagnosticCategory[];
  settingName: string;
}

export interface HistoryProblem {
  part: 'workspace' | 'logs' | 'metrics' | 'activity';
  message: string;
}

export interface LogBin {
  start: string;
  category: string;
  operation: string;
  instance: string;
  count: number;
}

export interface LogsResult {
  rows: GatewayLogRow[];
  /** Optional columns the workspace does not have (their cells read as ''). */
  missingColumns: string[];
  partial?: string;
}

export interface BinsResult {
  bins: LogBin[];
  binSeconds: number;
  missingColumns: string[];
  partial?: string;
}

const DEFAULT_MAX_ROWS = 10_000;

export class GatewayHistoryClient {
  private logsClient: Promise<LogsQueryClient> | undefined;
  private metricsClient: Promise<MetricsClient> | undefined;
  private monitorClients = new Map<string, Promise<MonitorClient>>();
  private schemas = new Map<string, Promise<Set<string>>>();

  constructor(private readonly options: GatewayHistoryClientOptions) {
    for (const [name, url] of [['armEndpoint', options.armEndpoint], ['logsEndpoint', options.logsEndpoint], ['metricsEndpoint', options.metricsEndpoint]] as const) {
      if (url.startsWith('http://') && !isLoopbackUrl(url)) throw new Error(`${name} ${url}: plain http is allowed only on loopback (the lab)`);
    }
  }

  /** Swaps the SDK's https-only bearer policy for the loopback one when the endpoint is the lab's. */
  private async secure(pipeline: { removePolicy(o: { name: string }): unknown; addPolicy(p: PipelinePolicy): void }, endpoint: string, scopes: string[]): Promise<void> {
    if (!endpoint.startsWith('http://')) return;
    const { bearerTokenAuthenticationPolicyName } = await import('@azure/core-rest-pipeline');
    pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
    pipeline.addPolicy(loopbackBearerPolicy(this.options.credential, scopes));
  }

  /** What every Monitor SDK client here is built with: the token scopes, retries, user agent, and http only on loopback endpoints. */
  private clientOptions(endpoint: string, scopes: string[]) {
    return {
      credentials: { scopes },
      allowInsecureConnection: endpoint.startsWith('http://'),
      retryOptions: this.options.retry,
      userAgentOptions: { userAgentPrefix: 'gateway-lens' },
    };
  }

  private monitor(subscriptionId: string): Promise<MonitorClient> {
    let c = this.monitorClients.get(subscriptionId);
    if (!c) {
      c = (async () => {
        const { MonitorClient } = await import('@azure/arm-monitor');
        const endpoint = this.options.armEndpoint;
        const scopes = this.options.armScopes ?? [`${endpoint}/.default`];
        const client = new MonitorClient(this.options.credential, subscriptionId, { endpoint, ...this.clientOptions(endpoint, scopes) });
        await this.secure(client.pipeline, endpoint, scopes);
        return client;
      })();
      this.monitorClients.set(subscriptionId, c);
      c.catch(() => this.monitorClients.delete(subscriptionId));
    }
    return c;
  }

  private logs(): Promise<LogsQueryClient> {
    this.logsClient ??= (async () => {
      const { LogsQueryClient } = await import('@azure/monitor-query-logs');
      const endpoint = this.options.logsEndpoint;
      const scopes = this.options.logsScopes ?? ['https://api.loganalytics.io/.default'];
      const client = new LogsQueryClient(this.options.credential, { endpoint, ...this.clientOptions(endpoint, scopes) });
      await this.secure(client.pipeline, endpoint, scopes);
      return client;
    })();
    return this.logsClient;
  }

  private metrics(): Promise<MetricsClient> {
    this.metricsClient ??= (async () => {
      const { MetricsClient } = await import('@azure/monitor-query-metrics');
      const endpoint = this.options.metricsEndpoint;
      const scopes = this.options.metricsScopes ?? ['https://metrics.monitor.azure.com/.default'];
      const client = new MetricsClient(endpoint, this.options.credential, this.clientOptions(endpoint, scopes));
      await this.secure(client.pipeline, endpoint, scopes);
      return client;
    })();
    return this.metricsClient;
  }

  /** Where the gateway's logs go: the first diagnostic setting that sends to a Log Analytics workspace. */
  async findWorkspace(gatewayId: string, signal?: AbortSignal): Promise<WorkspaceInfo | undefined> {
    const parsed = parseResourceId(gatewayId);
    if (!parsed) throw new Error(`not a resource id: ${gatewayId}`);
    const what = `diagnostic settings of ${parsed.name}`;
    try {
      const client = await this.monitor(parsed.subscriptionId);
      for await (const s of client.diagnosticSettings.list(gatewayId.replace(/^\//, ''), { abortSignal: signal })) {
        if (!s.workspaceId) continue;
        const categories = (s.logs ?? []).filter((l) => l.enabled && (DIAGNOSTIC_CATEGORIES as readonly string[]).includes(l.category ?? '')).map((l) => l.category as DiagnosticCategory);
        const workspaceId = await this.customerId(parsed.subscriptionId, s.workspaceId, signal);
        return { workspaceId, workspaceResourceId: s.workspaceId, destination: s.logAnalyticsDestinationType === 'Dedicated' ? 'Dedicated' : 'AzureDiagnostics', categories, settingName: s.name ?? '' };
      }
      return undefined;
    } catch (err) {
      throw toAzureError(err, what, signal);
    }
  }

  /** The workspace resource's customerId, read through the Monitor client's pipeline (same credential and retries). */
  private async customerId(subscriptionId: string, workspaceResourceId: string, signal?: AbortSignal): Promise<string> {
    const client = await this.monitor(subscriptionId);
    const { createPipelineRequest, createDefaultHttpClient } = await import('@azure/core-rest-pipeline');
    const url = `${this.options.armEndpoint}${workspaceResourceId}?api-version=2022-10-01`;
    const request = createPipelineRequest({ url, method: 'GET', abortSignal: signal, allowInsecureConnection: url.startsWith('http://') });
    const response = await client.pipeline.sendRequest(createDefaultHttpClient(), request);
    const body = JSON.parse(response.bodyAsText ?? '{}') as { properties?: { customerId?: string }; error?: { code?: string; message?: string } };
    if (response.status !== 200 || !body.properties?.customerId) {
      const e = Object.assign(new Error(body.error?.message ?? `workspace ${workspaceResourceId}: ${response.status}`), { name: 'RestError', statusCode: response.status, code: body.error?.code, response: { headers: { get: (n: string) => response.headers.get(n) } } });
      throw e;
    }
    return body.properties.customerId;
  }

  /** The columns the workspace's AzureDiagnostics table has (asked once per workspace). */
  private schema(workspaceId: string, signal?: AbortSignal): Promise<Set<string>> {
    let s = this.schemas.get(workspaceId);
    if (!s) {
      s = (async () => {
        const client = await this.logs();
        const r = await client.queryWorkspace(workspaceId, SCHEMA_QUERY, { duration: 'P30D' }, { abortSignal: signal });
        const table = r.status === 'Success' ? r.tables[0] : r.status === 'PartialFailure' ? r.partialTables[0] : undefined;
        const i = table?.columnDescriptors.findIndex((c) => c.name === 'ColumnName') ?? -1;
        return new Set((table?.rows ?? []).map((row) => String(row[i])));
      })();
      this.schemas.set(workspaceId, s);
      s.catch(() => this.schemas.delete(workspaceId));
    }
    return s;
  }

  private async missingColumns(workspaceId: string, signal?: AbortSignal): Promise<string[]> {
    const have = await this.schema(workspaceId, signal);
    const missing = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].filter((c) => !have.has(c));
    const required = missing.filter((c) => (REQUIRED_COLUMNS as readonly string[]).includes(c));
    if (required.length > 0) throw new Error(`the workspace's AzureDiagnostics table has no ${required.join(', ')} column: no VPN gateway logs have arrived there yet`);
    return missing;
  }

  /** Counts per time bin, category, operation and instance: Log Analytics does the work, so a month is a few KB. */
  async bins(workspace: WorkspaceInfo, gatewayId: string, from: Date, to: Date, binSeconds: number, signal?: AbortSignal): Promise<BinsResult> {
    const what = `log counts of ${parseResourceId(gatewayId)?.name ?? gatewayId}`;
    try {
      const missingColumns = workspace.destination === 'AzureDiagnostics' ? await this.missingColumns(workspace.workspaceId, signal) : [];
      const client = await this.logs();
      const r = await client.queryWorkspace(workspace.workspaceId, binsQuery(gatewayId, workspace.categories, binSeconds), { startTime: from, endTime: to }, { abortSignal: signal });
      const table = r.status === 'Success' ? r.tables[0] : r.status === 'PartialFailure' ? r.partialTables[0] : undefined;
      const cols = (table?.columnDescriptors ?? []).map((c) => c.name);
      const at = (n: string): number => cols.indexOf(n);
      const bins = (table?.rows ?? []).map((row) => ({
        start: new Date(row[at('TimeGenerated')] as Date | string).toISOString(),
        category: String(row[at('Category')] ?? ''),
        operation: String(row[at('OperationName')] ?? ''),
        instance: String(row[at('instance_s')] ?? ''),
        count: Number(row[at('count_')] ?? 0),
      }));
      const out: BinsResult = { bins, binSeconds, missingColumns };
      if (r.status === 'PartialFailure') out.partial = r.partialError.message;
      return out;
    } catch (err) {
      throw toAzureError(err, what, signal);
    }
  }

  /** Raw rows of one window (the one zoomed into), oldest first, at most maxRows. */
  async rows(workspace: WorkspaceInfo, gatewayId: string, from: Date, to: Date, signal?: AbortSignal): Promise<LogsResult> {
    const what = `diagnostic logs of ${parseResourceId(gatewayId)?.name ?? gatewayId}`;
    const limit = this.options.maxRows ?? DEFAULT_MAX_ROWS;
    try {
      const client = await this.logs();
      if (workspace.destination === 'Dedicated') {
        // Resource-specific tables: one per category (table and column names are this product's model).
        const rows: GatewayLogRow[] = [];
        const missing = new Set<string>();
        for (const category of workspace.categories) {
          const r = await client.queryWorkspace(workspace.workspaceId, resourceSpecificQuery(category, gatewayId, limit), { startTime: from, endTime: to }, { abortSignal: signal });
          const table = r.status === 'Success' ? r.tables[0] : r.partialTables[0];
          rows.push(...toRows(table?.columnDescriptors.map((c) => c.name ?? '') ?? [], table?.rows ?? [], category));
          for (const c of OPTIONAL_COLUMNS) if (rows.every((x) => x[c as keyof GatewayLogRow] === undefined)) missing.add(c);
        }
        rows.sort((a, b) => Date.parse(a.TimeGenerated) - Date.parse(b.TimeGenerated));
        return { rows, missingColumns: [...missing] };
      }
      const missingColumns = await this.missingColumns(workspace.workspaceId, signal);
      const r = await client.queryWorkspace(workspace.workspaceId, rowsQuery(gatewayId, workspace.categories, from, to, limit), { startTime: from, endTime: to }, { abortSignal: signal });
      const table = r.status === 'Success' ? r.tables[0] : r.status === 'PartialFailure' ? r.partialTables[0] : undefined;
      const out: LogsResult = { rows: toRows(table?.columnDescriptors.map((c) => c.name ?? '') ?? [], table?.rows ?? []), missingColumns };
      if (r.status === 'PartialFailure') out.partial = r.partialError.message;
      else if (out.rows.length >= limit) out.partial = `only the first ${limit} rows of this window were read; zoom in for the rest`;
      return out;
    } catch (err) {
      throw toAzureError(err, what, signal);
    }
  }

  /** Metric series of the gateway, split by their dimensions (peer and instance, connection). */
  async metricSeries(gatewayId: string, names: GatewayMetricName[], from: Date, to: Date, intervalIso = 'PT5M', signal?: AbortSignal): Promise<MetricSeries[]> {
    const what = `metrics of ${parseResourceId(gatewayId)?.name ?? gatewayId}`;
    try {
      const client = await this.metrics();
      const out: MetricSeries[] = [];
      // One request per dimension set: a filter names the dimensions to split by.
      const groups = new Map<string, GatewayMetricName[]>();
      for (const n of names) {
        const dims = GATEWAY_METRICS[n].dimensions.join(',');
        groups.set(dims, [...(groups.get(dims) ?? []), n]);
      }
      for (const [dims, group] of groups) {
        const filter = dims.split(',').map((d) => `${d} eq '*'`).join(' and ');
        // `top` defaults to 10 series once a filter splits by dimensions; a gateway has more peers than that.
        const query: MetricsQueryResourcesOptions & { abortSignal?: AbortSignal } = { startTime: from, endTime: to, interval: intervalIso, filter, top: 1000, aggregation: 'average,maximum,total', abortSignal: signal };
        const results = await client.queryResources([gatewayId], group, 'Microsoft.Network/virtualNetworkGateways', query);
        for (const result of results) {
          for (const m of result.metrics) {
            const name = m.name as GatewayMetricName;
            const agg = GATEWAY_METRICS[name]?.aggregation ?? 'Average';
            for (const ts of m.timeseries ?? []) {
              const dimensions: Record<string, string> = {};
              // Azure spells dimension names in lower case on the wire; use the documented spelling.
              for (const md of ts.metadatavalues ?? []) {
                const raw = String(md.name ?? '');
                const canonical = (GATEWAY_METRICS[name]?.dimensions as readonly string[] | undefined)?.find((d) => d.toLowerCase() === raw.toLowerCase()) ?? raw;
                dimensions[canonical] = String(md.value ?? '');
              }
              out.push({
                name,
                unit: String(m.unit ?? ''),
                dimensions,
                points: (ts.data ?? []).map((p) => ({
                  timeStamp: new Date(p.timeStamp).toISOString(),
                  value: (agg === 'Total' ? p.total : agg === 'Maximum' ? p.maximum : p.average) ?? null,
                })),
              });
            }
          }
        }
      }
      return out;
    } catch (err) {
      throw toAzureError(err, what, signal);
    }
  }

  /** Activity Log entries (control plane) of the gateway and the related resources, oldest first. */
  async activity(gatewayId: string, relatedIds: string[], from: Date, to: Date, signal?: AbortSignal): Promise<ActivityLogEntry[]> {
    const parsed = parseResourceId(gatewayId);
    if (!parsed) throw new Error(`not a resource id: ${gatewayId}`);
    const what = `Activity Log of ${parsed.name}`;
    const ids = [gatewayId, ...relatedIds].map((id) => id.toLowerCase());
    const groups = new Set([gatewayId, ...relatedIds].map((id) => parseResourceId(id.split('/').slice(0, 9).join('/'))?.resourceGroup).filter((g): g is string => g !== undefined));
    try {
      const client = await this.monitor(parsed.subscriptionId);
      const out: ActivityLogEntry[] = [];
      for (const group of groups) {
        const filter = `eventTimestamp ge '${from.toISOString()}' and eventTimestamp le '${to.toISOString()}' and resourceGroupName eq ${kqlString(group).replace(/^"|"$/g, "'")}`;
        for await (const e of client.activityLogs.list(filter, { abortSignal: signal })) {
          const id = e.resourceId ?? '';
          if (!ids.some((x) => id.toLowerCase() === x || id.toLowerCase().startsWith(`${x}/`))) continue;
          const status = (e.status?.value ?? 'Succeeded') as ActivityLogEntry['status'];
          out.push({
            eventTimestamp: (e.eventTimestamp ?? new Date(0)).toISOString(),
            operationName: e.operationName?.value ?? '',
            resourceId: id,
            status,
            caller: e.caller ?? '',
            level: (e.level ?? 'Informational') as ActivityLogEntry['level'],
            correlationId: e.correlationId ?? '',
            ...(e.description ? { description: e.description } : {}),
          });
        }
      }
      const phase: Record<string, number> = { Started: 0, Accepted: 1, Succeeded: 2, Failed: 2 };
      return out.sort((a, b) => Date.parse(a.eventTimestamp) - Date.parse(b.eventTimestamp) || a.correlationId.localeCompare(b.correlationId) || (phase[a.status] ?? 3) - (phase[b.status] ?? 3));
    } catch (err) {
      throw toAzureError(err, what, signal);
    }
  }
}

/** Rows in LOG_COLUMNS shape from a result table; resource-specific column names map back to AzureDiagnostics ones. */
function toRows(columns: string[], rows: unknown[][], category?: DiagnosticCategory): GatewayLogRow[] {
  const rename: Record<string, string> = { Instance: 'instance_s', RemoteIP: 'remoteIP_s', LocalIP: 'localIP_s', Status: 'status_s', StateChangeReason: 'stateChangeReason_s', _ResourceId: 'ResourceId' };
  const names = columns.map((c) => rename[c] ?? c);
  return rows.map((r) => {
    const row: Record<string, string> = {};
    names.forEach((n, i) => {
      if (!(LOG_COLUMNS as readonly string[]).includes(n)) return;
      const v = r[i];
      if (v === null || v === undefined || v === '') return;
      row[n] = v instanceof Date ? v.toISOString() : String(v);
    });
    if (category && !row.Category) row.Category = category;
    return row as unknown as GatewayLogRow;
  });
}
