// One error type for everything that can go wrong talking to Azure (or the lab's endpoint), with
// a kind the views branch on and a message written for the user: what failed, why, what to do.
// Messages never include tokens or request headers.

export type AzureErrorKind =
  | 'notSignedIn'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'badRequest'
  | 'throttled'
  | 'server'
  | 'timeout'
  | 'cancelled'
  | 'network'
  | 'incompleteResult';

export class AzureRequestError extends Error {
  override readonly name = 'AzureRequestError';
  constructor(
    readonly kind: AzureErrorKind,
    message: string,
    readonly statusCode?: number,
    readonly armCode?: string,
  ) {
    super(message);
  }
}

interface RestErrorLike {
  name?: unknown;
  message?: unknown;
  statusCode?: unknown;
  code?: unknown;
  response?: { headers?: { get?(name: string): string | undefined } };
}

function retryAfterText(err: RestErrorLike): string {
  const value = err.response?.headers?.get?.('retry-after');
  return value ? ` Azure asked to wait ${value} s.` : '';
}

/** ARM puts the real reason in error.message; the SDK already copies it into RestError.message. */
function armMessage(err: RestErrorLike): string {
  return typeof err.message === 'string' && err.message !== '' ? err.message : 'no details';
}

/**
 * Maps anything thrown by the SDK, the pipeline or a credential to an AzureRequestError.
 * `what` names the operation and resource, e.g. "getLearnedRoutes on vpn-gw".
 */
export function toAzureError(err: unknown, what: string, signal?: AbortSignal, timedOut?: () => boolean): AzureRequestError {
  if (err instanceof AzureRequestError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as RestErrorLike;
  const name = typeof e.name === 'string' ? e.name : '';
  if (timedOut?.()) return new AzureRequestError('timeout', `${what} timed out; Azure did not answer in time. Try again.`);
  if (name === 'AbortError' || signal?.aborted) return new AzureRequestError('cancelled', `${what} was cancelled.`);
  if (name === 'CredentialUnavailableError' || name === 'AuthenticationRequiredError' || name === 'AuthenticationError' || name === 'NotSignedInError') {
    return new AzureRequestError('notSignedIn', `Not signed in to Azure (${what}): ${armMessage(e)}. Sign in with "Gateway Lens: Sign in to Azure".`);
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (status === undefined) {
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'REQUEST_SEND_ERROR') {
      return new AzureRequestError('network', `${what} failed: cannot reach the endpoint (${code}). Check the network or that the lab is running.`, undefined, code);
    }
    return new AzureRequestError('server', `${what} failed: ${armMessage(e)}`, undefined, code);
  }
  if (status === 401) return new AzureRequestError('unauthorized', `${what}: Azure rejected the credentials (401 ${code ?? ''}). Sign in again.`.replace(' )', ')'), status, code);
  if (status === 403) return new AzureRequestError('forbidden', `${what}: no access (403 ${code ?? 'Forbidden'}). You need at least the Reader role on the resource. ${armMessage(e)}`, status, code);
  if (status === 404) return new AzureRequestError('notFound', `${what}: not found (404 ${code ?? 'NotFound'}); it may have been deleted or moved. ${armMessage(e)}`, status, code);
  if (status === 429) return new AzureRequestError('throttled', `${what}: Azure is throttling requests (429) and retries did not get through.${retryAfterText(e)} Try again shortly.`, status, code);
  if (status >= 500) return new AzureRequestError('server', `${what}: Azure answered with a server error (${status} ${code ?? ''}) after retries. Try again later.`.replace(' )', ')'), status, code);
  return new AzureRequestError('badRequest', `${what}: the request was rejected (${status} ${code ?? ''}): ${armMessage(e)}`.replace(' )', ')'), status, code);
}
