// VS Code's built-in Microsoft account as a TokenCredential: the SDK asks it for ARM tokens, it
// asks vscode.authentication for a session with the cloud's scope. Sovereign clouds go through
// VS Code's "microsoft-sovereign-cloud" provider (configured by microsoft-sovereign-cloud.environment).
// The token goes only to the SDK pipeline: never to a log, a message or a webview.
import * as vscode from 'vscode';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { AzureCloud } from './azureClouds';

export class NotSignedInError extends Error {
  override readonly name = 'NotSignedInError';
}

/** VS Code sessions do not expose their expiry; re-ask well before an ARM token would lapse. */
const ASSUMED_LIFETIME_MS = 5 * 60 * 1000;

export function authProviderId(cloud: AzureCloud): string {
  return cloud.name === 'AzureCloud' ? 'microsoft' : 'microsoft-sovereign-cloud';
}

export class VscodeAuthCredential implements TokenCredential {
  constructor(
    private readonly cloud: AzureCloud,
    private readonly tenantId?: string,
  ) {}

  private scopes(requested: string | string[]): string[] {
    const list = Array.isArray(requested) ? requested : [requested];
    const scopes = list.length > 0 ? list : [this.cloud.scope];
    return this.tenantId ? [...scopes, `VSCODE_TENANT:${this.tenantId}`] : scopes;
  }

  /** Silent: never pops a sign-in prompt from a background refresh. */
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    const session = await vscode.authentication.getSession(authProviderId(this.cloud), this.scopes(scopes), { silent: true });
    if (!session) throw new NotSignedInError(`no ${this.cloud.name} account is signed in to VS Code`);
    return { token: session.accessToken, expiresOnTimestamp: Date.now() + ASSUMED_LIFETIME_MS };
  }

  /** Interactive sign-in (a user command); resolves with the account label. */
  async signIn(): Promise<string> {
    const session = await vscode.authentication.getSession(authProviderId(this.cloud), this.scopes(this.cloud.scope), { createIfNone: true });
    return session.account.label;
  }

  toString(): string {
    return `VscodeAuthCredential(${this.cloud.name})`;
  }
}
