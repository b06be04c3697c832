// The unmodified NetworkManagementClient pointed at a lab ARM endpoint, as the SDK-compatibility
// tests use it: the endpoint's per-run token on its loopback http address, no retries.
import { NetworkManagementClient } from '@azure/arm-network';
import { bearerTokenAuthenticationPolicyName } from '@azure/core-rest-pipeline';
import { loopbackBearerPolicy } from '../../../src/azure/loopbackBearerPolicy';
import { StaticTokenCredential } from '../../../src/azure/staticTokenCredential';
import type { ArmEndpoint } from '../../../src/engine/arm/armEndpoint';

export function sdkClientFor(ep: ArmEndpoint, subscriptionId: string): NetworkManagementClient {
  const credential = new StaticTokenCredential(ep.token);
  const scopes = [`${ep.baseUrl}/.default`];
  const client = new NetworkManagementClient(credential, subscriptionId, { endpoint: ep.baseUrl, credentialScopes: scopes, allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
  // The SDK's bearer policy refuses http; the loopback policy sends the same token to 127.0.0.1 only.
  client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
  client.pipeline.addPolicy(loopbackBearerPolicy(credential, scopes));
  return client;
}

/** Every item of a paged SDK list. */
export async function all<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iter) out.push(x);
  return out;
}
