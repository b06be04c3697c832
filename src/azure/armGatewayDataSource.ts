// The one data path of the views: GatewayDataSource on @azure/arm-network's
// NetworkManagementClient, for Azure and for the lab's ARM endpoint alike (the lab is just another
// endpoint and credential). Inventory via Resource Graph with the per-resource-group listing as
// fallback; BGP tables through the SDK's long-running-operation pollers, cancellable mid-poll.
// The SDK loads on first use (dynamic import) so the extension's main bundle stays small.
import type { TokenCredential } from '@azure/core-auth';
import type { NetworkManagementClient, NetworkManagementClientOptionalParams } from '@azure/arm-network';
import type { PipelineRetryOptions } from '@azure/core-rest-pipeline';
import type {
  BgpPeerStatus,
  GatewayRoute,
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
} from '../model/arm';
import { parseResourceId } from '../model/resourceIds';
import type { GatewayDataSource } from './gatewayDataSource';
import { AzureRequestError, toAzureError } from './azureErrors';
import { toBgpPeer, toConnection, toGateway, toGatewayRoute } from './armMapping';
import { isLoopbackUrl, loopbackBearerPolicy } from './loopbackBearerPolicy';
import { rawArmSender, type RawArmSender } from './rawArmRequest';
import { queryInventory } from './resourceGraphInventory';
import { abortableDelay, mapWithConcurrency } from './concurrency';

export type InventoryMode = 'resourceGraph' | 'resourceGroups' | 'auto';

export interface ArmGatewayDataSourceOptions {
  id: string;
  label: string;
  /** Resource Manager base URL: https://management.azure.com, a sovereign cloud's, or the lab's. */
  endpoint: string;
  credential: TokenCredential;
  /** Token scopes; `${endpoint}/.default` when omitted. */
  scopes?: string[];
  /** Subscriptions to show; all the credential can list when empty or omitted. */
  subscriptions?: string[];
  /** 'auto' (default): Resource Graph, then the per-resource-group listing if Resource Graph fails. */
  inventory?: InventoryMode;
  /** LRO poll interval when the server sends no Retry-After (or Retry-After: 0). */
  pollIntervalMs?: number;
  /** The SDK pipeline's retry policy (429/503 per Retry-After, 5xx and network errors with backoff). */
  retry?: PipelineRetryOptions;
  /** Whole-call time limit, polling included; none when omitted. */
  timeoutMs?: number;
  /** Parallel requests of the per-resource-group listing. */
  concurrency?: number;
  /** listGateways and listConnections right after each other share one inventory for this long. */
  inventoryCacheMs?: number;
  /** Rows per Resource Graph page (max and default 1,000). */
  resourceGraphPageSize?: number;
  /** Lab only: how other local tools reach the same endpoint (copied on request, never logged). */
  labEndpoint?: LabEndpointInfo;
  /** Called on every poll of a long-running operation, so a view can show progress. */
  onOperationProgress?: (event: OperationProgress) => void;
  /** Attempts at getLearnedRoutes when a result arrives without status nor value (#34019). */
  learnedRoutesAttempts?: number;
  /** Called for each HTTP request the pipeline sends, retries included (benchmarks and retry tests count them). */
  onRequestSent?: () => void;
}

export interface InventoryResult {
  gateways: VirtualNetworkGateway[];
  connections: VirtualNetworkGatewayConnection[];
  via: 'resourceGraph' | 'resourceGroups';
  /** Why Resource Graph was not used, when the fallback ran in 'auto' mode. */
  fallbackReason?: string;
}

export interface LabEndpointInfo {
  baseUrl: string;
  subscriptionId: string;
  token: string;
}

export interface OperationProgress {
  operation:
    | 'getBgpPeerStatus'
    | 'getLearnedRoutes'
    | 'getAdvertisedRoutes'
    | 'getIkeSas'
    | 'getEffectiveRouteTable'
    | 'listEffectiveNetworkSecurityGroups'
    | 'listRoutesTable'
    | 'listRoutesTableSummary'
    | 'listArpTable'
    | 'getNextHop';
  resourceId: string;
  /** Answers so far that said "still running" (the first is the POST's 202); not sent for the final one. */
  polls: number;
}

/** What the SDK's LRO pollers offer that this client uses. */
interface PollerLike<T> {
  onProgress(callback: () => void): () => void;
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
}

export interface SubscriptionInfo {
  subscriptionId: string;
  displayName: string;
}

const SUBSCRIPTIONS_API_VERSION = '2022-12-01';
const RESOURCE_GROUPS_API_VERSION = '2021-04-01';

interface ParsedGatewayId {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

function parseId(id: string, type: 'virtualNetworkGateways' | 'connections'): ParsedGatewayId {
  const p = parseResourceId(id);
  if (!p || p.provider.toLowerCase() !== 'microsoft.network' || p.type.toLowerCase() !== type.toLowerCase()) {
    throw new AzureRequestError('badRequest', `"${id}" is not a Microsoft.Network/${type} resource id.`);
  }
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name: p.name };
}

export class ArmGatewayDataSource implements GatewayDataSource {
  readonly id: string;
  readonly label: string;
  private readonly endpoint: string;
  private readonly clients = new Map<string, Promise<NetworkManagementClient>>();
  private inventoryCache: { at: number; promise: Promise<InventoryResult>; signal?: AbortSignal } | undefined;
  private readonly progressListeners = new Set<(event: OperationProgress) => void>();

  constructor(private readonly options: ArmGatewayDataSourceOptions) {
    this.id = options.id;
    this.label = options.label;
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    if (!/^https:\/\//i.test(this.endpoint) && !isLoopbackUrl(this.endpoint)) {
      throw new Error(`Azure endpoint must be https (or http on 127.0.0.1 for the lab), got "${options.endpoint}"`);
    }
  }

  /** Set for the lab's data source only: what `gateway-lab serve` prints, for other local tools. */
  get labEndpoint(): LabEndpointInfo | undefined {
    return this.options.labEndpoint;
  }

  /** Hears every poll of every long-running operation, like onOperationProgress; returns the unsubscribe. */
  addProgressListener(listener: (event: OperationProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Drops the cached inventory so the next list call fetches again. */
  invalidate(): void {
    this.inventoryCache = undefined;
  }

  async listGateways(signal?: AbortSignal): Promise<VirtualNetworkGateway[]> {
    return (await this.cachedInventory(signal)).gateways;
  }

  async listConnections(signal?: AbortSignal): Promise<VirtualNetworkGatewayConnection[]> {
    return (await this.cachedInventory(signal)).connections;
  }

  async getBgpPeerStatus(gatewayId: string, signal?: AbortSignal): Promise<BgpPeerStatus[]> {
    const gw = parseId(gatewayId, 'virtualNetworkGateways');
    return this.call(`getBgpPeerStatus on ${gw.name}`, signal, gw.subscriptionId, async (client, s) => {
      const poller = await client.virtualNetworkGateways.beginGetBgpPeerStatus(gw.resourceGroup, gw.name, this.lroOptions(s));
      const result = await this.untilDone(poller, 'getBgpPeerStatus', gatewayId, s);
      return (result.value ?? []).map(toBgpPeer);
    });
  }

  async getLearnedRoutes(gatewayId: string, signal?: AbortSignal): Promise<GatewayRoute[]> {
    const gw = parseId(gatewayId, 'virtualNetworkGateways');
    const what = `getLearnedRoutes on ${gw.name}`;
    const attempts = Math.max(1, this.options.learnedRoutesAttempts ?? 3);
    for (let attempt = 1; ; attempt++) {
      const value = await this.call(what, signal, gw.subscriptionId, async (client, s) => {
        const poller = await client.virtualNetworkGateways.beginGetLearnedRoutes(gw.resourceGroup, gw.name, this.lroOptions(s));
        const result = await this.untilDone(poller, 'getLearnedRoutes', gatewayId, s);
        return result.value;
      });
      if (value !== undefined && value !== null) return value.map(toGatewayRoute);
      // azure-rest-api-specs#34019: the operation can end without a status and without routes.
      // Asking again is what the portal does; only after several empty answers give up.
      if (attempt >= attempts) {
        throw new AzureRequestError(
          'incompleteResult',
          `${what}: Azure finished the operation without a status or any routes ${attempts} times (a known ARM behaviour, azure-rest-api-specs#34019). Try again in a few seconds.`,
        );
      }
      await abortableDelay(this.options.pollIntervalMs ?? 2000, signal).catch((err: unknown) => {
        throw toAzureError(err, what, signal);
      });
    }
  }

  async getAdvertisedRoutes(gatewayId: string, peer: string, signal?: AbortSignal): Promise<GatewayRoute[]> {
    const gw = parseId(gatewayId, 'virtualNetworkGateways');
    if (peer.trim() === '') throw new AzureRequestError('badRequest', `getAdvertisedRoutes on ${gw.name}: the peer address is empty.`);
    return this.call(`getAdvertisedRoutes (peer ${peer}) on ${gw.name}`, signal, gw.subscriptionId, async (client, s) => {
      const poller = await client.virtualNetworkGateways.beginGetAdvertisedRoutes(gw.resourceGroup, gw.name, peer, this.lroOptions(s));
      const result = await this.untilDone(poller, 'getAdvertisedRoutes', gatewayId, s);
      return (result.value ?? []).map(toGatewayRoute);
    });
  }

  async getGateway(gatewayId: string, signal?: AbortSignal): Promise<VirtualNetworkGateway> {
    const gw = parseId(gatewayId, 'virtualNetworkGateways');
    return this.call(`get gateway ${gw.name}`, signal, gw.subscriptionId, async (client, s) =>
      toGateway(await client.virtualNetworkGateways.get(gw.resourceGroup, gw.name, { abortSignal: s })),
    );
  }

  /** The connection's IKE security associations, as the JSON text ARM returns. */
  async getIkeSas(connectionId: string, signal?: AbortSignal): Promise<string> {
    const c = parseId(connectionId, 'connections');
    return this.call(`getIkeSas on ${c.name}`, signal, c.subscriptionId, async (client, s) => {
      const poller = await client.virtualNetworkGatewayConnections.beginGetIkeSas(c.resourceGroup, c.name, this.lroOptions(s));
      const result = await this.untilDone(poller, 'getIkeSas', connectionId, s);
      return typeof result.body === 'string' ? result.body : JSON.stringify(result.body ?? null);
    });
  }

  async listSubscriptions(signal?: AbortSignal): Promise<SubscriptionInfo[]> {
    return this.call('list subscriptions', signal, undefined, async (client, s) => {
      const send = this.sender(client);
      const out: SubscriptionInfo[] = [];
      let next: string | undefined = `/subscriptions?api-version=${SUBSCRIPTIONS_API_VERSION}`;
      while (next) {
        const res = await send({ method: 'GET', path: next, signal: s });
        const body = (res.body ?? {}) as { value?: { subscriptionId?: unknown; displayName?: unknown }[]; nextLink?: unknown };
        for (const sub of body.value ?? []) {
          if (typeof sub.subscriptionId === 'string') out.push({ subscriptionId: sub.subscriptionId, displayName: typeof sub.displayName === 'string' ? sub.displayName : sub.subscriptionId });
        }
        next = typeof body.nextLink === 'string' ? body.nextLink : undefined;
      }
      return out;
    });
  }

  /** Gateways and connections of the selected subscriptions, by the configured inventory path. */
  async inventory(signal?: AbortSignal, mode: InventoryMode = this.options.inventory ?? 'auto'): Promise<InventoryResult> {
    const subscriptions = await this.selectedSubscriptions(signal);
    if (subscriptions.length === 0) return { gateways: [], connections: [], via: mode === 'resourceGroups' ? 'resourceGroups' : 'resourceGraph' };
    if (mode === 'resourceGroups') return this.inventoryByResourceGroups(subscriptions, signal);
    try {
      return await this.inventoryByResourceGraph(subscriptions, signal);
    } catch (err) {
      const e = toAzureError(err, 'Resource Graph inventory', signal);
      if (mode === 'resourceGraph' || e.kind === 'cancelled' || e.kind === 'timeout' || e.kind === 'notSignedIn' || e.kind === 'unauthorized') throw e;
      return { ...(await this.inventoryByResourceGroups(subscriptions, signal)), fallbackReason: e.message };
    }
  }

  /**
   * One logical call on a subscription's client with this source's retries, time limit and error
   * mapping: the road the network reads (networkReader.ts) take, so they behave like the rest.
   */
  withClient<T>(what: string, signal: AbortSignal | undefined, subscriptionId: string | undefined, fn: (client: NetworkManagementClient, signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    return this.call(what, signal, subscriptionId, fn);
  }

  /** Polls a long-running operation to the end, reporting progress and honouring the signal. */
  pollToEnd<T>(poller: PollerLike<T>, operation: OperationProgress['operation'], resourceId: string, signal: AbortSignal | undefined): Promise<T> {
    return this.untilDone(poller, operation, resourceId, signal);
  }

  /** Options for a begin* call: the signal and this source's poll interval. */
  lroCallOptions(signal: AbortSignal | undefined): { abortSignal?: AbortSignal; updateIntervalInMs: number } {
    return this.lroOptions(signal);
  }

  /** The subscriptions this source reads (its filter, or all the credential can list). */
  subscriptionsInScope(signal?: AbortSignal): Promise<string[]> {
    return this.selectedSubscriptions(signal);
  }

  private cachedInventory(signal?: AbortSignal): Promise<InventoryResult> {
    const now = Date.now();
    const ttl = this.options.inventoryCacheMs ?? 2000;
    const cached = this.inventoryCache;
    // A cancelled fetch is never shared: a newer refresh must not inherit the older one's abort.
    if (cached && now - cached.at <= ttl && cached.signal?.aborted !== true) return cached.promise;
    const promise = this.inventory(signal);
    this.inventoryCache = { at: now, promise, signal };
    // A failed inventory must not be served from the cache to the next caller.
    promise.catch(() => {
      if (this.inventoryCache?.promise === promise) this.inventoryCache = undefined;
    });
    return promise;
  }

  private async selectedSubscriptions(signal?: AbortSignal): Promise<string[]> {
    const filter = (this.options.subscriptions ?? []).filter((s) => s.trim() !== '');
    if (filter.length > 0) return filter;
    return (await this.listSubscriptions(signal)).map((s) => s.subscriptionId);
  }

  private inventoryByResourceGraph(subscriptions: string[], signal?: AbortSignal): Promise<InventoryResult> {
    return this.call('Resource Graph inventory', signal, undefined, async (client, s) => {
      const rows = await queryInventory(this.sender(client), subscriptions, { signal: s, pageSize: this.options.resourceGraphPageSize });
      return { gateways: rows.gateways.map(toGateway), connections: rows.connections.map(toConnection), via: 'resourceGraph' };
    });
  }

  private inventoryByResourceGroups(subscriptions: string[], signal?: AbortSignal): Promise<InventoryResult> {
    return this.call('resource group inventory', signal, undefined, async (anyClient, s) => {
      const send = this.sender(anyClient);
      const limit = this.options.concurrency ?? 8;
      const groupLists = await mapWithConcurrency(subscriptions, limit, async (sub) => {
        const groups: string[] = [];
        let next: string | undefined = `/subscriptions/${encodeURIComponent(sub)}/resourcegroups?api-version=${RESOURCE_GROUPS_API_VERSION}`;
        while (next) {
          const res = await send({ method: 'GET', path: next, signal: s });
          const body = (res.body ?? {}) as { value?: { name?: unknown }[]; nextLink?: unknown };
          for (const g of body.value ?? []) if (typeof g.name === 'string') groups.push(g.name);
          next = typeof body.nextLink === 'string' ? body.nextLink : undefined;
        }
        return groups.map((rg) => ({ sub, rg }));
      });
      const results = await mapWithConcurrency(groupLists.flat(), limit, async ({ sub, rg }) => {
        const client = await this.client(sub);
        const gateways: VirtualNetworkGateway[] = [];
        const connections: VirtualNetworkGatewayConnection[] = [];
        for await (const g of client.virtualNetworkGateways.list(rg, { abortSignal: s })) gateways.push(toGateway(g));
        for await (const c of client.virtualNetworkGatewayConnections.list(rg, { abortSignal: s })) connections.push(toConnection(c));
        return { gateways, connections };
      });
      return {
        gateways: results.flatMap((r) => r.gateways),
        connections: results.flatMap((r) => r.connections),
        via: 'resourceGroups',
      };
    });
  }

  private sender(client: NetworkManagementClient): RawArmSender {
    return rawArmSender(client, this.endpoint);
  }

  private async untilDone<T>(poller: PollerLike<T>, operation: OperationProgress['operation'], resourceId: string, signal: AbortSignal | undefined): Promise<T> {
    const option = this.options.onOperationProgress;
    const report = (event: OperationProgress): void => {
      option?.(event);
      // A listener's bug must not fail the call it only watches.
      for (const listener of [...this.progressListeners]) {
        try {
          listener(event);
        } catch {
          /* ignored */
        }
      }
    };
    let polls = 1;
    report({ operation, resourceId, polls });
    const stop = poller.onProgress(() => report({ operation, resourceId, polls: ++polls }));
    try {
      // The signal goes to pollUntilDone too: the SDK's *AndWait helpers would not cancel mid-poll.
      return await poller.pollUntilDone({ abortSignal: signal });
    } finally {
      stop();
    }
  }

  private lroOptions(signal: AbortSignal | undefined): { abortSignal?: AbortSignal; updateIntervalInMs: number } {
    return { abortSignal: signal, updateIntervalInMs: this.options.pollIntervalMs ?? 2000 };
  }

  /** Runs one logical call with the caller's signal plus the time limit, mapping every failure. */
  private async call<T>(what: string, signal: AbortSignal | undefined, subscriptionId: string | undefined, fn: (client: NetworkManagementClient, signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    const timeout = this.options.timeoutMs !== undefined ? AbortSignal.timeout(this.options.timeoutMs) : undefined;
    const signals = [signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const combined = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    try {
      combined?.throwIfAborted();
      const client = await this.client(subscriptionId ?? this.options.subscriptions?.[0] ?? '00000000-0000-0000-0000-000000000000');
      return await fn(client, combined);
    } catch (err) {
      throw toAzureError(err, what, combined, () => timeout?.aborted === true && signal?.aborted !== true);
    }
  }

  private client(subscriptionId: string): Promise<NetworkManagementClient> {
    let client = this.clients.get(subscriptionId);
    if (!client) {
      client = this.createClient(subscriptionId);
      this.clients.set(subscriptionId, client);
      client.catch(() => this.clients.delete(subscriptionId));
    }
    return client;
  }

  private async createClient(subscriptionId: string): Promise<NetworkManagementClient> {
    const [{ NetworkManagementClient }, { bearerTokenAuthenticationPolicyName }] = await Promise.all([
      import('@azure/arm-network'),
      import('@azure/core-rest-pipeline'),
    ]);
    const scopes = this.options.scopes ?? [`${this.endpoint}/.default`];
    const clientOptions: NetworkManagementClientOptionalParams = {
      endpoint: this.endpoint,
      $host: this.endpoint,
      credentialScopes: scopes,
      retryOptions: this.options.retry,
      userAgentOptions: { userAgentPrefix: 'gateway-lens' },
      // Plain http is allowed for the lab on loopback only (checked in the constructor).
      allowInsecureConnection: this.endpoint.startsWith('http://'),
    };
    const client = new NetworkManagementClient(this.options.credential, subscriptionId, clientOptions);
    if (this.endpoint.startsWith('http://')) {
      client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
      client.pipeline.addPolicy(loopbackBearerPolicy(this.options.credential, scopes));
    }
    // After the retry phase, so every attempt (retries included) is counted once.
    client.pipeline.addPolicy(
      {
        name: 'gatewayLensRequestCounter',
        sendRequest: (request, next) => {
          this.options.onRequestSent?.();
          return next(request);
        },
      },
      { afterPhase: 'Retry' },
    );
    return client;
  }
}
