// The lab's ARM-compatible HTTP endpoint: the subset of Azure Resource Manager (and Resource
// Graph) that Gateway Lens uses, served from a snapshot provider on 127.0.0.1 only, behind a
// bearer token generated per run, so @azure/arm-network works against the lab unchanged.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NetworkSnapshot, GatewaySnapshot } from '../../model/snapshot';
import type { GatewayRoute } from '../../model/arm';
import { LAB_SUBSCRIPTION_ID, LAB_LOCATION, parseResourceId } from '../../model/resourceIds';
import { idKey, sameId } from '../../model/armShapes';
import { ArmFaultInjector, injectedErrorCode, type ArmFaultConfig } from './armFaults';
import { LroStore, type LroOutcome, type LroStyle } from './armLro';
import {
  armErrorBody,
  resourceGraphRow,
  wireConnection,
  wireGateway,
  type JsonObject,
  type JsonValue,
} from './armWire';
import { KqlParseError, parseKql, runKql } from './resourceGraphQuery';
import { MonitorRoutes, type MonitorRoutesOptions } from './monitorRoutes';
import { HttpError, type Reply } from './armHttp';
import { LAB_TENANT_ID, NETWORK_WATCHER_GROUP, networkResourceIds, routeNetworkResource, routeSubscriptionList } from './armNetworkRoutes';
import { connectionEnds } from './armNetworkWire';

export interface ArmEndpointOptions {
  /** Called per request: the endpoint always answers from the current state of the lab. */
  snapshot: () => NetworkSnapshot;
  /**
   * The lab's change event (LabController.onDidChange). When given, one snapshot serves every
   * request until the next change: a 100k-route lab takes ~0.6 s of CPU per snapshot, and one
   * getLearnedRoutes alone used to take three.
   */
  onDidChange?: (listener: () => void) => { dispose(): void };
  faults?: ArmFaultConfig;
  /** 0 or omitted: a free port. */
  port?: number;
  /** Bearer token clients must send; a fresh random one per run when omitted. */
  token?: string;
  /** Items per page of ARM lists (nextLink beyond). */
  pageSize?: number;
  lro?: { pollsBeforeDone?: number; retryAfterSeconds?: number };
  /** Makes getLearnedRoutes answer like azure-rest-api-specs#34019: polled through
   *  Azure-AsyncOperation, final answer without `status`; the first `emptyResults` final answers
   *  also lack `value` (the operation "finished" with nothing in it). */
  learnedRoutesWithoutStatus?: { emptyResults?: number };
  /** Resource Graph's per-user quota, with its x-ms-user-quota-* headers (Azure's default is 15
   *  requests per 5 s window). Omitted: unlimited, so a fast-running lab never stalls its views. */
  resourceGraphQuota?: { requests: number; windowSeconds: number };
  /** Listed even when no resource lives there, so navigation has something to show. */
  subscriptionId?: string;
  /** Azure Monitor routes (Log Analytics query, metrics, diagnostic settings, Activity Log): see monitorRoutes.ts. */
  monitor?: MonitorRoutesOptions;
}

export interface ArmEndpointStats {
  requests: number;
  byRoute: Record<string, number>;
  /** Snapshots taken of the lab (fewer than requests when onDidChange is given). */
  snapshots: number;
}

/** A percent-encoded path segment (resource names may hold markup, spaces, quotes); bad encoding is the client's error. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'InvalidRequestUri', `The path segment '${segment}' is not valid percent-encoding.`);
  }
}

export interface ArmEndpoint {
  readonly baseUrl: string;
  readonly token: string;
  readonly subscriptionId: string;
  stats(): ArmEndpointStats;
  resetStats(): void;
  setFaults(config: ArmFaultConfig): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const RESOURCE_GRAPH_MAX_TOP = 1000;
const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;


function subscriptionOf(id: string): string | undefined {
  return parseResourceId(id)?.subscriptionId;
}

function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'RequestEntityTooLarge', `request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startArmEndpoint(options: ArmEndpointOptions): Promise<ArmEndpoint> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const pageSize = options.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`ARM endpoint: pageSize must be an integer >= 1, got ${pageSize}`);
  const defaultSubscription = options.subscriptionId ?? LAB_SUBSCRIPTION_ID;
  const faults = new ArmFaultInjector(options.faults);
  const lros = new LroStore({
    pollsBeforeDone: options.lro?.pollsBeforeDone ?? 1,
    retryAfterSeconds: options.lro?.retryAfterSeconds ?? 1,
  });
  let emptyLearnedResultsLeft = options.learnedRoutesWithoutStatus?.emptyResults ?? 0;
  const quota = options.resourceGraphQuota;
  let quotaWindowStart = Date.now();
  let quotaUsed = 0;
  let stats: ArmEndpointStats = { requests: 0, byRoute: {}, snapshots: 0 };
  let baseUrl = '';
  const monitor = options.monitor ? new MonitorRoutes(options.monitor) : undefined;

  const count = (route: string): void => {
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
  };

  let current: NetworkSnapshot | undefined;
  // LabRuntime fires on a microtask after each change, so no request is ever answered from a snapshot older than the last change.
  const changes = options.onDidChange?.(() => {
    current = undefined;
  });

  function snapshot(): NetworkSnapshot {
    if (current) return current;
    stats.snapshots += 1;
    const snap = options.snapshot();
    if (changes) current = snap;
    return snap;
  }

  function subscriptions(snap: NetworkSnapshot): string[] {
    const ids = new Set<string>([defaultSubscription]);
    for (const id of networkResourceIds(snap)) ids.add(subscriptionOf(id) ?? defaultSubscription);
    return [...ids].sort();
  }

  function requireSubscription(snap: NetworkSnapshot, sub: string): string {
    const found = subscriptions(snap).find((s) => sameId(s, sub));
    if (!found) throw new HttpError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
    return found;
  }

  /** Azure creates a region's Network Watcher with its first VNet there. */
  function hasWatcher(snap: NetworkSnapshot, sub: string): boolean {
    return snap.virtualNetworks.some((v) => sameId(subscriptionOf(v.id) ?? "", sub));
  }

  function inGroup(id: string, sub: string, rg: string): boolean {
    const p = parseResourceId(id);
    return p !== undefined && sameId(p.subscriptionId, sub) && sameId(p.resourceGroup, rg);
  }

  function findGateway(snap: NetworkSnapshot, sub: string, rg: string, name: string): GatewaySnapshot {
    const found = snap.gateways.find((g) => inGroup(g.gateway.id, sub, rg) && sameId(g.gateway.name, name));
    if (!found) {
      throw new HttpError(404, 'ResourceNotFound', `The Resource 'Microsoft.Network/virtualNetworkGateways/${name}' under resource group '${rg}' was not found.`);
    }
    return found;
  }

  function page(items: JsonObject[], url: URL, apiVersion: string): JsonObject {
    const raw = url.searchParams.get('$skiptoken');
    const offset = raw === null ? 0 : Number(raw);
    if (!Number.isInteger(offset) || offset < 0) throw new HttpError(400, 'InvalidSkipToken', `$skiptoken '${raw}' is not valid for this list.`);
    const slice = items.slice(offset, offset + pageSize);
    const body: JsonObject = { value: slice };
    if (offset + pageSize < items.length) {
      body.nextLink = `${baseUrl}${url.pathname}?api-version=${encodeURIComponent(apiVersion)}&$skiptoken=${offset + pageSize}`;
    }
    return body;
  }

  /** Polling URLs carry the api-version the client sent, as ARM's do. */
  function startLro(sub: string, apiVersion: string, style: LroStyle, compute: () => LroOutcome): Reply {
    const id = lros.start(style, compute);
    const headers: Record<string, string> = { 'retry-after': String(lros.retryAfterSeconds) };
    const prefix = `${baseUrl}/subscriptions/${sub}/providers/Microsoft.Network/locations/${LAB_LOCATION}`;
    if (style !== 'asyncOperationWithoutStatus') headers['location'] = `${prefix}/operationResults/${id}?api-version=${encodeURIComponent(apiVersion)}`;
    if (style !== 'location') headers['azure-asyncoperation'] = `${prefix}/operations/${id}?api-version=${encodeURIComponent(apiVersion)}`;
    return { status: 202, headers };
  }

  function pollLro(id: string, url: URL, via: 'operations' | 'operationResults'): Reply {
    if (via === 'operations' && lros.styleOf(id) === 'locationAndAsyncOperation') {
      // Azure-AsyncOperation: a status document; the result is then read from Location.
      const status = lros.pollStatus(id);
      if (status === undefined) throw new HttpError(404, 'OperationNotFound', `Operation '${id}' was not found or has expired.`);
      const headers: Record<string, string> = status === 'InProgress' ? { 'retry-after': String(lros.retryAfterSeconds) } : {};
      return { status: 200, headers, body: { status } };
    }
    const result = lros.poll(id);
    if (!result) throw new HttpError(404, 'OperationNotFound', `Operation '${id}' was not found or has expired.`);
    if (!result.done) {
      const headers: Record<string, string> = { 'retry-after': String(lros.retryAfterSeconds) };
      if (result.style === 'location') headers['location'] = `${baseUrl}${url.pathname}${url.search}`;
      else headers['azure-asyncoperation'] = `${baseUrl}${url.pathname}${url.search}`;
      return { status: 202, headers, body: result.style === 'location' ? undefined : {} };
    }
    return { status: result.outcome.status, body: result.outcome.body };
  }

  /** Recomputed when the operation completes: the gateway may have changed (or gone) meanwhile. */
  function gatewayOutcome(sub: string, rg: string, name: string, read: (g: GatewaySnapshot) => JsonValue): () => LroOutcome {
    return () => {
      try {
        return { status: 200, body: read(findGateway(snapshot(), sub, rg, name)) };
      } catch (err) {
        if (err instanceof HttpError) return { status: err.status, body: armErrorBody(err.code, err.message) };
        throw err;
      }
    };
  }

  function routesBody(routes: GatewayRoute[] | undefined): JsonObject {
    // Serialized right away by send(); no copy needed (100k-route tables are common in the lab).
    return { value: (routes ?? []) as unknown as JsonValue[] };
  }

  function advertisedFor(g: GatewaySnapshot, peer: string): GatewayRoute[] {
    const adv = g.advertisedRoutes ?? {};
    if (adv[peer]) return adv[peer];
    if ((g.bgpPeers ?? []).some((p) => p.neighbor === peer)) return [];
    throw new HttpError(400, 'InvalidParameter', `'${peer}' is not a BGP peer of virtual network gateway '${g.gateway.name}'.`);
  }

  function ikeSas(snap: NetworkSnapshot, sub: string, rg: string, name: string): LroOutcome {
    const c = snap.connections.find((x) => inGroup(x.id, sub, rg) && sameId(x.name, name));
    if (!c) return { status: 404, body: armErrorBody('ResourceNotFound', `The Resource 'Microsoft.Network/connections/${name}' under resource group '${rg}' was not found.`) };
    // ARM returns the SAs as a JSON document inside a string; the lab's snapshot holds them
    // (src/engine/ike/labIkeSas.ts), so a client read equals `gateway-lab snapshot`.
    const sas = snap.ikeSas?.[c.id] ?? [];
    return { status: 200, body: JSON.stringify(sas) };
  }

  function resourceGraph(bodyText: string): Reply {
    let quotaHeaders: Record<string, string> = {};
    if (quota) {
      const now = Date.now();
      if (now - quotaWindowStart >= quota.windowSeconds * 1000) {
        quotaWindowStart = now;
        quotaUsed = 0;
      }
      const resetsAfter = formatDuration((quotaWindowStart + quota.windowSeconds * 1000 - now) / 1000);
      if (quotaUsed >= quota.requests) {
        throw new HttpError(429, 'RateLimiting', 'Too many Resource Graph requests in this quota window; retry after the window resets.', {
          'retry-after': String(Math.max(1, Math.ceil((quotaWindowStart + quota.windowSeconds * 1000 - now) / 1000))),
          'x-ms-user-quota-remaining': '0',
          'x-ms-user-quota-resets-after': resetsAfter,
        });
      }
      quotaUsed += 1;
      quotaHeaders = {
        'x-ms-user-quota-remaining': String(quota.requests - quotaUsed),
        'x-ms-user-quota-resets-after': resetsAfter,
      };
    }
    let request: unknown;
    try {
      request = JSON.parse(bodyText);
    } catch {
      throw new HttpError(400, 'InvalidRequestContent', 'The request content is not valid JSON.', quotaHeaders);
    }
    if (typeof request !== 'object' || request === null) throw new HttpError(400, 'InvalidRequestContent', 'The request content must be a JSON object.', quotaHeaders);
    const { subscriptions: subs, query, options: qopts } = request as { subscriptions?: unknown; query?: unknown; options?: unknown };
    if (!Array.isArray(subs) || subs.length === 0 || !subs.every((s) => typeof s === 'string')) {
      throw new HttpError(400, 'BadRequest', "'subscriptions' must be a non-empty array of subscription ids.", quotaHeaders);
    }
    if (typeof query !== 'string' || query.trim() === '') throw new HttpError(400, 'BadRequest', "'query' must be a non-empty string.", quotaHeaders);
    const o = (typeof qopts === 'object' && qopts !== null ? qopts : {}) as { $top?: unknown; $skipToken?: unknown; $skip?: unknown };
    const top = o.$top === undefined ? 100 : o.$top;
    if (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > RESOURCE_GRAPH_MAX_TOP) {
      throw new HttpError(400, 'BadRequest', `options.$top must be an integer from 1 to ${RESOURCE_GRAPH_MAX_TOP}.`, quotaHeaders);
    }
    let offset = typeof o.$skip === 'number' && Number.isInteger(o.$skip) && o.$skip >= 0 ? o.$skip : 0;
    if (o.$skipToken !== undefined) {
      const decoded = typeof o.$skipToken === 'string' ? /^lab:(\d+)$/.exec(Buffer.from(o.$skipToken, 'base64url').toString('utf8')) : null;
      if (!decoded) throw new HttpError(400, 'BadRequest', 'options.$skipToken is not a token this endpoint issued.', quotaHeaders);
      offset = Number(decoded[1]);
    }
    let parsed;
    try {
      parsed = parseKql(query);
    } catch (err) {
      if (err instanceof KqlParseError) throw new HttpError(400, 'InvalidQuery', err.message, quotaHeaders);
      throw err;
    }
    const wanted = new Set((subs as string[]).map((s) => s.toLowerCase()));
    const snap = snapshot();
    const rows = [...snap.gateways.map((g) => wireGateway(g.gateway)), ...snap.connections.map((c) => wireConnection(c))]
      .map(resourceGraphRow)
      .filter((row) => wanted.has(String(row.subscriptionId).toLowerCase()));
    const all = runKql(parsed, rows);
    const data = all.slice(offset, offset + top);
    const body: JsonObject = { totalRecords: all.length, count: data.length, resultTruncated: 'false', data, facets: [] };
    if (offset + top < all.length) body.$skipToken = Buffer.from(`lab:${offset + top}`).toString('base64url');
    return { status: 200, body, headers: quotaHeaders };
  }

  function route(method: string, url: URL, bodyText: string): Reply {
    const parts = url.pathname.split('/').filter((s) => s !== '').map((s) => decodeSegment(s));
    const lower = parts.map((s) => s.toLowerCase());
    const monitorReply = monitor?.route(method, url, parts, lower, bodyText);
    if (monitorReply) {
      count(`monitor:${lower[0] === 'subscriptions' ? (lower[2] ?? '') : 'logs'}`);
      return monitorReply;
    }
    const apiVersion = url.searchParams.get('api-version');
    if (apiVersion === null) throw new HttpError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
    if (!API_VERSION.test(apiVersion)) throw new HttpError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported format is 'yyyy-mm-dd' or 'yyyy-mm-dd-preview'.`);

    if (method === 'POST' && lower.join('/') === 'providers/microsoft.resourcegraph/resources') {
      count('resourceGraph');
      return resourceGraph(bodyText);
    }
    if (lower[0] !== 'subscriptions') throw new HttpError(404, 'NotFound', `No ARM route for ${method} ${url.pathname}`);
    // Polls need no snapshot until the operation is done (operation ids are unguessable UUIDs).
    if (lower[2] === 'providers' && lower[3] === 'microsoft.network' && lower[4] === 'locations' && parts.length === 8 && method === 'GET') {
      if (lower[6] === 'operationresults' || lower[6] === 'operations') {
        count('lroPoll');
        return pollLro(parts[7]!, url, lower[6] === 'operations' ? 'operations' : 'operationResults');
      }
    }
    const snap = snapshot();
    if (parts.length === 1 && method === 'GET') {
      count('subscriptions');
      return {
        status: 200,
        body: { value: subscriptions(snap).map((s) => ({ id: `/subscriptions/${s}`, subscriptionId: s, displayName: s === LAB_SUBSCRIPTION_ID ? 'Gateway Lab' : `Lab subscription ${s}`, state: 'Enabled', tenantId: LAB_TENANT_ID })) },
      };
    }
    const sub = requireSubscription(snap, parts[1]!);
    if (parts.length === 2 && method === 'GET') {
      count('subscription');
      return { status: 200, body: { id: `/subscriptions/${sub}`, subscriptionId: sub, tenantId: LAB_TENANT_ID, displayName: sub === LAB_SUBSCRIPTION_ID ? 'Gateway Lab' : `Lab subscription ${sub}`, state: 'Enabled' } };
    }
    if (parts.length === 5 && lower[2] === 'providers' && lower[3] === 'microsoft.network' && method === 'GET') {
      const listed = routeSubscriptionList({ snapshot, page, startLro, count }, snap, url, lower, sub, apiVersion);
      if (listed) return listed;
    }
    if (parts.length === 3 && lower[2] === 'resourcegroups' && method === 'GET') {
      count('resourceGroups');
      const groups = new Map<string, string>();
      for (const id of networkResourceIds(snap)) {
        const p = parseResourceId(id);
        if (p && sameId(p.subscriptionId, sub) && !groups.has(idKey(p.resourceGroup))) groups.set(idKey(p.resourceGroup), p.resourceGroup);
      }
      if (hasWatcher(snap, sub)) groups.set(NETWORK_WATCHER_GROUP.toLowerCase(), NETWORK_WATCHER_GROUP);
      const items = [...groups.values()].sort().map((rg) => ({ id: `/subscriptions/${sub}/resourceGroups/${rg}`, name: rg, type: 'Microsoft.Resources/resourceGroups', location: LAB_LOCATION, properties: { provisioningState: 'Succeeded' } }));
      return { status: 200, body: page(items, url, apiVersion) };
    }
    if (lower[2] === 'resourcegroups' && lower[4] === 'providers' && (lower[5] === 'microsoft.network' || lower[5] === 'microsoft.compute')) {
      const rg = parts[3]!;
      const type = lower[6];
      const name = parts[7];
      const groupExists = networkResourceIds(snap).some((id) => inGroup(id, sub, rg)) || (sameId(rg, NETWORK_WATCHER_GROUP) && hasWatcher(snap, sub));
      if (!groupExists) throw new HttpError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
      const network = routeNetworkResource({ snapshot, page, startLro, count }, snap, method, url, parts, lower, sub, apiVersion, bodyText);
      if (network) return network;
      const ends = connectionEnds(snap);
      const action = lower[8];
      if (type === 'virtualnetworkgateways') {
        if (name === undefined && method === 'GET') {
          count('listGateways');
          const items = snap.gateways.filter((g) => inGroup(g.gateway.id, sub, rg)).map((g) => wireGateway(g.gateway));
          return { status: 200, body: page(items, url, apiVersion) };
        }
        if (name !== undefined && parts.length === 8 && method === 'GET') {
          count('getGateway');
          return { status: 200, body: wireGateway(findGateway(snap, sub, rg, name).gateway) };
        }
        if (name !== undefined && parts.length === 9) {
          const gw = findGateway(snap, sub, rg, name);
          const peer = url.searchParams.get('peer');
          if (action === 'connections' && method === 'GET') {
            count('listGatewayConnections');
            const items = snap.connections.filter((c) => sameId(c.virtualNetworkGateway1.id, gw.gateway.id)).map((c) => wireConnection(c, ends));
            return { status: 200, body: page(items, url, apiVersion) };
          }
          if (action === 'getbgppeerstatus' && method === 'POST') {
            count('getBgpPeerStatus');
            return startLro(sub, apiVersion, 'locationAndAsyncOperation', gatewayOutcome(sub, rg, name, (g) => ({
              value: (g.bgpPeers ?? []).filter((p) => peer === null || p.neighbor === peer).map((p) => ({ ...p })),
            })));
          }
          if (action === 'getlearnedroutes' && method === 'POST') {
            count('getLearnedRoutes');
            if (options.learnedRoutesWithoutStatus) {
              return startLro(sub, apiVersion, 'asyncOperationWithoutStatus', gatewayOutcome(sub, rg, name, (g) => {
                if (emptyLearnedResultsLeft > 0) {
                  emptyLearnedResultsLeft -= 1;
                  return {};
                }
                return routesBody(g.learnedRoutes);
              }));
            }
            return startLro(sub, apiVersion, 'locationAndAsyncOperation', gatewayOutcome(sub, rg, name, (g) => routesBody(g.learnedRoutes)));
          }
          if (action === 'getadvertisedroutes' && method === 'POST') {
            count('getAdvertisedRoutes');
            if (peer === null || peer === '') throw new HttpError(400, 'MissingParameter', "The 'peer' query parameter is required for getAdvertisedRoutes.");
            advertisedFor(gw, peer); // 400 now for a peer that is not a neighbor, as ARM validates up front.
            return startLro(sub, apiVersion, 'locationAndAsyncOperation', gatewayOutcome(sub, rg, name, (g) => routesBody(advertisedFor(g, peer))));
          }
        }
      }
      if (type === 'connections') {
        if (name === undefined && method === 'GET') {
          count('listConnections');
          const items = snap.connections.filter((c) => inGroup(c.id, sub, rg)).map((c) => wireConnection(c, ends));
          return { status: 200, body: page(items, url, apiVersion) };
        }
        const conn = name === undefined ? undefined : snap.connections.find((c) => inGroup(c.id, sub, rg) && sameId(c.name, name));
        if (name !== undefined && !conn) {
          throw new HttpError(404, 'ResourceNotFound', `The Resource 'Microsoft.Network/connections/${name}' under resource group '${rg}' was not found.`);
        }
        if (conn && parts.length === 8 && method === 'GET') {
          count('getConnection');
          return { status: 200, body: wireConnection(conn, ends) };
        }
        if (conn && parts.length === 9 && action === 'getikesas' && method === 'POST') {
          count('getIkeSas');
          return startLro(sub, apiVersion, 'location', () => ikeSas(snapshot(), sub, rg, conn.name));
        }
      }
    }
    throw new HttpError(404, 'NotFound', `No ARM route for ${method} ${url.pathname}`);
  }

  function send(res: ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { 'x-ms-request-id': randomBytes(16).toString('hex'), ...(reply.headers ?? {}) };
    if (reply.body === undefined) {
      res.writeHead(reply.status, { ...headers, 'content-length': '0' });
      res.end();
      return;
    }
    // One UTF-8 encoding pass: the buffer gives the length and is what goes out.
    const bytes = Buffer.from(JSON.stringify(reply.body), 'utf8');
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes.length) });
    res.end(bytes);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests += 1;
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      const bodyText = await readBody(req);
      if (faults.latency > 0) await new Promise((r) => setTimeout(r, faults.latency));
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ') || !tokensEqual(auth.slice('Bearer '.length), token)) {
        // ARM's challenge names the authority and resource, so a client knows where to get a token.
        throw new HttpError(401, 'AuthenticationFailed', 'Authentication failed: the Authorization header is missing or does not carry this lab run\'s bearer token.', {
          'www-authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${LAB_TENANT_ID}", error="invalid_token", error_description="The access token is missing or invalid."`,
        });
      }
      const failure = faults.take(method, url.pathname);
      if (failure) {
        const headers: Record<string, string> = {};
        if (failure.retryAfterSeconds !== undefined) headers['retry-after'] = String(failure.retryAfterSeconds);
        throw new HttpError(failure.status, injectedErrorCode(failure.status), `Injected fault: ${failure.status} for ${method} ${url.pathname}`, headers);
      }
      send(res, route(method, url, bodyText));
    } catch (err) {
      if (err instanceof HttpError) {
        send(res, { status: err.status, body: armErrorBody(err.code, err.message), headers: err.headers });
      } else {
        // A bug in the lab must not take the endpoint down: report it as ARM would a server error.
        const message = err instanceof Error ? err.message : String(err);
        if (!res.headersSent) send(res, { status: 500, body: armErrorBody('InternalServerError', `Lab ARM endpoint error: ${message}`) });
        else res.destroy();
      }
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only, whatever the caller asks: the endpoint serves lab data and a token.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    token,
    subscriptionId: defaultSubscription,
    stats: () => ({ requests: stats.requests, byRoute: { ...stats.byRoute }, snapshots: stats.snapshots }),
    resetStats: () => {
      stats = { requests: 0, byRoute: {}, snapshots: 0 };
    },
    setFaults: (config) => faults.configure(config),
    close: () =>
      new Promise<void>((resolve) => {
        changes?.dispose();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
