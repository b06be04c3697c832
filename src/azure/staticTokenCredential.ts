// A TokenCredential holding one fixed token: the lab endpoint's per-run bearer token. The lab is
// "just another endpoint and credential" to the client.
import type { AccessToken, TokenCredential } from '@azure/core-auth';

export class StaticTokenCredential implements TokenCredential {
  constructor(private readonly token: string) {}

  getToken(): Promise<AccessToken> {
    // The lab's token lives as long as its run; an hour keeps the SDK from refreshing it.
    return Promise.resolve({ token: this.token, expiresOnTimestamp: Date.now() + 3600_000 });
  }

  /** Never print the token: objects reach logs by accident through string conversion. */
  toString(): string {
    return 'StaticTokenCredential(<redacted>)';
  }

  toJSON(): string {
    return this.toString();
  }
}
