// Bearer-token policy for the lab's ARM endpoint. The SDK's own bearer policy refuses plain
// http (rightly, for Azure); the lab serves http on 127.0.0.1 only, so this policy allows
// exactly that and nothing else: a token never travels unencrypted off the machine.
import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export const LOOPBACK_BEARER_POLICY_NAME = 'gatewayLensLoopbackBearer';

/** True for http(s)://127.0.0.1, ::1 or localhost URLs. */
export function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return ['127.0.0.1', '[::1]', 'localhost'].includes(parsed.hostname);
}

export function loopbackBearerPolicy(credential: TokenCredential, scopes: string[]): PipelinePolicy {
  return {
    name: LOOPBACK_BEARER_POLICY_NAME,
    async sendRequest(request, next) {
      if (!isLoopbackUrl(request.url)) {
        throw new Error(`Refusing to send a bearer token over plain http to a non-loopback address (${new URL(request.url).host})`);
      }
      const token = await credential.getToken(scopes, { abortSignal: request.abortSignal });
      if (token) request.headers.set('Authorization', `Bearer ${token.token}`);
      return next(request);
    },
  };
}
