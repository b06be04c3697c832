// The lab as a GatewayDataSource: starts the lab's ARM endpoint on a snapshot provider (the
// running LabController's snapshot()) and points the same ARM client at it that Azure uses.
import type { NetworkSnapshot } from '../model/snapshot';
import { startArmEndpoint, type ArmEndpoint, type ArmEndpointOptions } from '../engine/arm/armEndpoint';
import { ArmGatewayDataSource, type ArmGatewayDataSourceOptions } from './armGatewayDataSource';
import { StaticTokenCredential } from './staticTokenCredential';
import { SourceId } from '../model/sourceId';

export interface LabArmDataSource {
  readonly endpoint: ArmEndpoint;
  readonly dataSource: ArmGatewayDataSource;
  /** Closes the endpoint; the data source fails with a network error afterwards. */
  close(): Promise<void>;
}

export interface LabArmDataSourceOptions {
  endpoint?: Omit<ArmEndpointOptions, 'snapshot'>;
  client?: Partial<Omit<ArmGatewayDataSourceOptions, 'endpoint' | 'credential'>>;
}

export async function startLabArmDataSource(snapshot: () => NetworkSnapshot, options: LabArmDataSourceOptions = {}): Promise<LabArmDataSource> {
  // The lab answers in a second, not Azure's usual 10 s, so views stay snappy.
  const endpoint = await startArmEndpoint({ lro: { pollsBeforeDone: 0, retryAfterSeconds: 0 }, ...options.endpoint, snapshot });
  const dataSource = new ArmGatewayDataSource({
    id: SourceId.lab,
    label: 'Lab',
    pollIntervalMs: 50,
    retry: { maxRetries: 2, retryDelayInMs: 50, maxRetryDelayInMs: 500 },
    ...options.client,
    endpoint: endpoint.baseUrl,
    credential: new StaticTokenCredential(endpoint.token),
    // The lab lives in its own subscription(s); no need to ask ARM which ones.
    subscriptions: options.client?.subscriptions ?? [endpoint.subscriptionId],
    labEndpoint: { baseUrl: endpoint.baseUrl, subscriptionId: endpoint.subscriptionId, token: endpoint.token },
  });
  return { endpoint, dataSource, close: () => endpoint.close() };
}
