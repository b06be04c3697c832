// VS Code's built-in Microsoft account as a TokenCredential: the SDK asks it for ARM tokens, it
// asks vscode.authentication for a session with the cloud's scope. Sovereign clouds go through
// VS Code's "microsoft-sovereign-cloud" provider, which signs in to the cloud named by its
// `microsoft-sovereign-cloud.environment` setting: sign-in sets it when empty and refuses a
// mismatch. The token goes only to the SDK pipeline: never to a log, a message or a webview.
import * as vscode from 'vscode';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { AzureCloud } from './azureClouds';

export class NotSignedInError extends Error {
  override readonly name = 'NotSignedInError';
}

/** VS Code sessions do not expose their expiry; re-ask well before an ARM token would lapse. */
const ASSUMED_LIFETIME_MS = 5 * 60 * 1000;
const SOVEREIGN_SECTION = 'microsoft-sovereign-cloud';
const SOVEREIGN_KEY = 'environment';

export function authProviderId(cloud: AzureCloud): string {
  return cloud.name === 'AzureCloud' ? 'microsoft' : 'microsoft-sovereign-cloud';
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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

  /** The sovereign provider must point at this cloud; `fix` sets an empty setting (interactive sign-in only). */
  private async checkSovereignEnvironment(fix: boolean): Promise<void> {
    const wanted = this.cloud.vscodeSovereignEnvironment;
    if (!wanted) return;
    const config = vscode.workspace.getConfiguration(SOVEREIGN_SECTION);
    const current = config.get<string>(SOVEREIGN_KEY, '');
    if (current === wanted) return;
    if (current !== '' && current !== undefined) {
      throw new NotSignedInError(
        `gatewayLens.azure.cloud is ${this.cloud.name}, but VS Code's sovereign-cloud account is set to "${current}" (setting ${SOVEREIGN_SECTION}.${SOVEREIGN_KEY}); set it to "${wanted}" or change gatewayLens.azure.cloud`,
      );
    }
    if (!fix) throw new NotSignedInError(`VS Code's sovereign-cloud account is not set up for ${this.cloud.name} (setting ${SOVEREIGN_SECTION}.${SOVEREIGN_KEY} is empty)`);
    try {
      await config.update(SOVEREIGN_KEY, wanted, vscode.ConfigurationTarget.Global);
    } catch (err) {
      throw new NotSignedInError(`could not set ${SOVEREIGN_SECTION}.${SOVEREIGN_KEY} to "${wanted}" for ${this.cloud.name} (${reason(err)}); set it in your settings`);
    }
  }

  /** Silent: never pops a sign-in prompt from a background refresh. */
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    await this.checkSovereignEnvironment(false);
    let session: vscode.AuthenticationSession | undefined;
    try {
      session = await vscode.authentication.getSession(authProviderId(this.cloud), this.scopes(scopes), { silent: true });
    } catch (err) {
      // E.g. no such provider in this VS Code build: still "not signed in", with the reason.
      throw new NotSignedInError(`VS Code could not give a ${this.cloud.name} token: ${reason(err)}`);
    }
    if (!session) throw new NotSignedInError(`no ${this.cloud.name} account is signed in to VS Code`);
    return { token: session.accessToken, expiresOnTimestamp: Date.now() + ASSUMED_LIFETIME_MS };
  }

  /** Interactive sign-in (a user command); resolves with the account label. */
  async signIn(): Promise<string> {
    await this.checkSovereignEnvironment(true);
    try {
      const session = await vscode.authentication.getSession(authProviderId(this.cloud), this.scopes(this.cloud.scope), { createIfNone: true });
      return session.account.label;
    } catch (err) {
      const text = reason(err);
      throw new NotSignedInError(/cancel/i.test(text) ? 'the sign-in was cancelled' : `VS Code's ${this.cloud.name} sign-in failed: ${text}`);
    }
  }

  toString(): string {
    return `VscodeAuthCredential(${this.cloud.name})`;
  }
}
