// Credentials chosen by the `gatewayLens.azure.credential` setting: VS Code's Microsoft account
// (see vscodeAuthCredential.ts, the default) or one of @azure/identity's (Azure CLI, environment
// variables, the default chain). @azure/identity loads only when one of these is chosen.
import type { TokenCredential } from '@azure/core-auth';
import type { AzureCloud } from './azureClouds';

export type CredentialKind = 'vscode' | 'azureCli' | 'environment' | 'default';
export const CREDENTIAL_KINDS: readonly CredentialKind[] = ['vscode', 'azureCli', 'environment', 'default'];

export function parseCredentialKind(setting: string | undefined): CredentialKind {
  const value = setting === undefined || setting === '' ? 'vscode' : setting;
  const kind = CREDENTIAL_KINDS.find((k) => k === value);
  if (!kind) throw new Error(`gatewayLens.azure.credential: unknown value "${value}"; use one of ${CREDENTIAL_KINDS.join(', ')}`);
  return kind;
}

export async function createIdentityCredential(kind: Exclude<CredentialKind, 'vscode'>, cloud: AzureCloud, tenantId?: string): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  const common = { authorityHost: cloud.authorityHost, ...(tenantId ? { tenantId } : {}) };
  switch (kind) {
    case 'azureCli':
      // The CLI must itself be set to the same cloud (`az cloud set`); tokens come from its cache.
      return new identity.AzureCliCredential(tenantId ? { tenantId } : {});
    case 'environment':
      return new identity.EnvironmentCredential(common);
    case 'default':
      return new identity.DefaultAzureCredential(common);
  }
}
