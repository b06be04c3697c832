// Raw ARM requests (Resource Graph, subscriptions, resource groups) sent through the SAME
// pipeline as @azure/arm-network's client, so they share its credential, retry and throttling
// policies instead of duplicating them.
import type { NetworkManagementClient } from '@azure/arm-network';

export interface RawArmRequest {
  method: 'GET' | 'POST';
  /** Path + query relative to the endpoint, or an absolute URL (nextLink). */
  path: string;
  body?: unknown;
  signal?: AbortSignal;
}

export interface RawArmResponse {
  status: number;
  body: unknown;
  header(name: string): string | undefined;
}

export type RawArmSender = (request: RawArmRequest) => Promise<RawArmResponse>;

/** Shaped like core-rest-pipeline's RestError so toAzureError maps both the same way. */
export class ArmHttpError extends Error {
  override readonly name = 'RestError';
  constructor(
    readonly statusCode: number,
    readonly code: string | undefined,
    message: string,
    readonly response: { headers: { get(name: string): string | undefined } },
  ) {
    super(message);
  }
}

export function rawArmSender(client: Pick<NetworkManagementClient, 'sendRequest'>, endpoint: string): RawArmSender {
  return async (request) => {
    const { createPipelineRequest, createHttpHeaders } = await import('@azure/core-rest-pipeline');
    const url = /^https?:\/\//.test(request.path) ? request.path : `${endpoint}${request.path}`;
    const headers = createHttpHeaders({ accept: 'application/json' });
    if (request.body !== undefined) headers.set('content-type', 'application/json; charset=utf-8');
    const pipelineRequest = createPipelineRequest({
      url,
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      abortSignal: request.signal,
      // Only ever true for the lab's loopback endpoint: the client refuses other http URLs.
      allowInsecureConnection: url.startsWith('http://'),
    });
    const res = await client.sendRequest(pipelineRequest);
    let body: unknown = undefined;
    if (res.bodyAsText) {
      try {
        body = JSON.parse(res.bodyAsText);
      } catch {
        body = undefined;
      }
    }
    const header = (name: string): string | undefined => res.headers.get(name);
    if (res.status >= 400) {
      const error = (typeof body === 'object' && body !== null ? (body as { error?: { code?: unknown; message?: unknown } }).error : undefined) ?? {};
      const code = typeof error.code === 'string' ? error.code : undefined;
      const message = typeof error.message === 'string' ? error.message : `HTTP ${res.status}`;
      throw new ArmHttpError(res.status, code, message, { headers: { get: header } });
    }
    return { status: res.status, body, header };
  };
}
