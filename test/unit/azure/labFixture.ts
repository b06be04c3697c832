// Starts the lab's real ARM endpoint on a snapshot and builds the real client on it.
import { startArmEndpoint, type ArmEndpoint, type ArmEndpointOptions } from '../../../src/engine/arm/armEndpoint';
import { ArmGatewayDataSource, type ArmGatewayDataSourceOptions } from '../../../src/azure/armGatewayDataSource';
import { StaticTokenCredential } from '../../../src/azure/staticTokenCredential';
import type { NetworkSnapshot } from '../../../src/model/snapshot';

/** Fast settings: the lab answers Retry-After: 0, and the client polls/retries in milliseconds. */
export async function startLab(snapshot: NetworkSnapshot, options: Partial<ArmEndpointOptions> = {}): Promise<ArmEndpoint> {
  return startArmEndpoint({ snapshot: () => snapshot, lro: { pollsBeforeDone: 1, retryAfterSeconds: 0 }, ...options });
}

export function labSource(ep: ArmEndpoint, options: Partial<ArmGatewayDataSourceOptions> = {}): ArmGatewayDataSource {
  return new ArmGatewayDataSource({
    id: 'lab',
    label: 'Lab',
    endpoint: ep.baseUrl,
    credential: new StaticTokenCredential(ep.token),
    pollIntervalMs: 5,
    retry: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
    inventoryCacheMs: 0,
    ...options,
  });
}
