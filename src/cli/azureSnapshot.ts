// The Azure forms of `gateway-lab snapshot`: `--azure --subscription <id> [--resource-group <rg>]
// [--gateway <name>]` (a credential from @azure/identity: the Azure CLI login, then the default
// chain) and `--endpoint <url> --token <t>` (any ARM-compatible endpoint, such as `gateway-lab
// serve`). Both read through the extension's own client (ArmGatewayDataSource + collectSnapshot),
// so the JSON is what Save Snapshot writes and `gateway-lab diagnose --snapshot` reads.
import type { TokenCredential } from '@azure/core-auth';
import { ArmGatewayDataSource } from '../azure/armGatewayDataSource';
import { collectSnapshot, type CollectResult } from '../azure/collectSnapshot';
import { AZURE_CLOUDS, type AzureCloudName } from '../azure/azureClouds';
import { StaticTokenCredential } from '../azure/staticTokenCredential';
import { SourceId } from '../model/sourceId';

export interface AzureSnapshotOptions {
  /** https://management.azure.com (or a sovereign cloud's), or an ARM-compatible endpoint. */
  endpoint: string;
  credential: TokenCredential;
  scopes?: string[];
  subscriptions?: string[];
  resourceGroup?: string;
  gateway?: string;
  signal?: AbortSignal;
  /** Parallel calls of the network read (1: one after the other). */
  concurrency?: number;
}

export async function readAzureSnapshot(options: AzureSnapshotOptions): Promise<CollectResult> {
  const source = new ArmGatewayDataSource({
    id: SourceId.azure,
    label: 'Azure',
    endpoint: options.endpoint,
    credential: options.credential,
    ...(options.scopes ? { scopes: options.scopes } : {}),
    ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
    pollIntervalMs: 2000,
    timeoutMs: 120_000,
  });
  return collectSnapshot(source, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.resourceGroup !== undefined ? { resourceGroup: options.resourceGroup } : {}),
    ...(options.gateway !== undefined ? { gateway: options.gateway } : {}),
    ...(options.concurrency !== undefined ? { network: { concurrency: options.concurrency } } : {}),
  });
}

/** The Azure CLI's login first (what support engineers have), then DefaultAzureCredential's chain. */
export async function azureCredential(cloudName: AzureCloudName = 'AzureCloud'): Promise<{ credential: TokenCredential; endpoint: string; scopes: string[] }> {
  const identity = await import('@azure/identity');
  const cloud = AZURE_CLOUDS[cloudName];
  const credential = new identity.ChainedTokenCredential(new identity.AzureCliCredential(), new identity.DefaultAzureCredential({ authorityHost: cloud.authorityHost }));
  return { credential, endpoint: cloud.resourceManager, scopes: [cloud.scope] };
}

/** A bearer token for an ARM-compatible endpoint (the lab prints one with `gateway-lab serve`). */
export function tokenCredential(token: string): TokenCredential {
  return new StaticTokenCredential(token);
}
