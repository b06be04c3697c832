// Inventory through Azure Resource Graph: one KQL query for every VPN/ER gateway and gateway
// connection of the selected subscriptions, paged with $skipToken, pacing itself by Resource
// Graph's per-user quota headers (x-ms-user-quota-remaining / x-ms-user-quota-resets-after).
import type { RawArmSender } from './rawArmRequest';
import { AzureRequestError } from './azureErrors';
import { flattenWireResource } from './armMapping';
import { abortableDelay } from './concurrency';

export const RESOURCE_GRAPH_API_VERSION = '2022-10-01';
export const RESOURCE_GRAPH_PATH = '/providers/Microsoft.ResourceGraph/resources';
/** Resource Graph accepts at most 1,000 rows per page and is documented for batches of 1,000 subscriptions. */
export const RESOURCE_GRAPH_MAX_TOP = 1000;
export const RESOURCE_GRAPH_SUBSCRIPTION_BATCH = 1000;

export const INVENTORY_TYPES = ['microsoft.network/virtualnetworkgateways', 'microsoft.network/connections'] as const;

/** Ordered by id so $skipToken paging is stable across pages. */
export function buildInventoryQuery(types: readonly string[] = INVENTORY_TYPES): string {
  const list = types.map((t) => `'${t.toLowerCase().replace(/'/g, "\\'")}'`).join(', ');
  return [
    'resources',
    `where type in~ (${list})`,
    'project id, name, type, location, resourceGroup, subscriptionId, properties',
    'order by id asc',
  ].join('\n| ');
}

export interface ResourceGraphRequestBody {
  subscriptions: string[];
  query: string;
  options: { $top: number; resultFormat: 'objectArray'; $skipToken?: string };
}

export function buildResourceGraphRequest(subscriptions: string[], query: string, skipToken?: string, top = RESOURCE_GRAPH_MAX_TOP): ResourceGraphRequestBody {
  const body: ResourceGraphRequestBody = { subscriptions, query, options: { $top: top, resultFormat: 'objectArray' } };
  if (skipToken !== undefined) body.options.$skipToken = skipToken;
  return body;
}

/** "hh:mm:ss" (or "d.hh:mm:ss") to milliseconds; undefined when unparseable. */
export function parseQuotaResetsAfter(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, d, h, mi, s] = m;
  return (((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(mi)) * 60 + Number(s)) * 1000;
}

export interface InventoryRows {
  /** Flattened like the SDK's models, ready for toGateway / toConnection. */
  gateways: Record<string, unknown>[];
  connections: Record<string, unknown>[];
  requests: number;
}

export interface ResourceGraphOptions {
  pageSize?: number;
  /** Longest wait for the quota window to reset before failing as throttled. */
  maxQuotaWaitMs?: number;
  signal?: AbortSignal;
}

interface ResourceGraphPage {
  data?: unknown;
  $skipToken?: unknown;
}

/** Runs the inventory query over all subscriptions (in batches), following $skipToken. */
export async function queryInventory(send: RawArmSender, subscriptions: string[], options: ResourceGraphOptions = {}): Promise<InventoryRows> {
  const query = buildInventoryQuery();
  const out: InventoryRows = { gateways: [], connections: [], requests: 0 };
  const maxWait = options.maxQuotaWaitMs ?? 30_000;
  for (let i = 0; i < subscriptions.length; i += RESOURCE_GRAPH_SUBSCRIPTION_BATCH) {
    const batch = subscriptions.slice(i, i + RESOURCE_GRAPH_SUBSCRIPTION_BATCH);
    let skipToken: string | undefined;
    do {
      const body = buildResourceGraphRequest(batch, query, skipToken, options.pageSize);
      const res = await send({ method: 'POST', path: `${RESOURCE_GRAPH_PATH}?api-version=${RESOURCE_GRAPH_API_VERSION}`, body, signal: options.signal });
      out.requests += 1;
      const page = (typeof res.body === 'object' && res.body !== null ? res.body : {}) as ResourceGraphPage;
      if (!Array.isArray(page.data)) {
        throw new AzureRequestError('incompleteResult', 'Resource Graph answered without a data array (expected resultFormat objectArray).');
      }
      for (const row of page.data) {
        const flat = flattenWireResource(row);
        const type = String(flat.type ?? '').toLowerCase();
        if (type === INVENTORY_TYPES[0]) out.gateways.push(flat);
        else if (type === INVENTORY_TYPES[1]) out.connections.push(flat);
      }
      skipToken = typeof page.$skipToken === 'string' && page.$skipToken !== '' ? page.$skipToken : undefined;
      // Spent quota: wait for the window instead of collecting 429s (Resource Graph's guidance).
      const remaining = Number(res.header('x-ms-user-quota-remaining'));
      const moreToCome = skipToken !== undefined || i + RESOURCE_GRAPH_SUBSCRIPTION_BATCH < subscriptions.length;
      if (moreToCome && res.header('x-ms-user-quota-remaining') !== undefined && remaining <= 0) {
        const waitMs = parseQuotaResetsAfter(res.header('x-ms-user-quota-resets-after')) ?? 1000;
        if (waitMs > maxWait) {
          throw new AzureRequestError('throttled', `Resource Graph quota is spent and resets in ${Math.ceil(waitMs / 1000)} s; try again then.`, 429);
        }
        await abortableDelay(waitMs, options.signal);
      }
    } while (skipToken !== undefined);
  }
  return out;
}
