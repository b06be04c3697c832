// Who a sign-in is: the cloud, the credential kind and the tenant it was made with. A token for
// one cloud or tenant is useless for another, so when these settings change while signed in the
// session signs out and asks for a new sign-in instead of carrying on with the old credential.

export interface SignInIdentity {
  cloud: string;
  credential: string;
  tenantId: string;
}

/** The settings that decide which credential a sign-in makes. */
export const IDENTITY_SETTINGS = ['cloud', 'credential', 'tenantId'] as const;

export function signInIdentity(settings: { cloud: { name: string }; credential: string; tenantId?: string }): SignInIdentity {
  return { cloud: settings.cloud.name, credential: settings.credential, tenantId: settings.tenantId ?? '' };
}

/** What changed between two identities, in words for the user ("cloud AzureCloud -> AzureChinaCloud"), or undefined. */
export function identityChange(before: SignInIdentity, after: SignInIdentity): string | undefined {
  const show = (v: string): string => (v === '' ? '(none)' : v);
  const changes = IDENTITY_SETTINGS.filter((k) => before[k] !== after[k]).map((k) => `${k} ${show(before[k])} -> ${show(after[k])}`);
  return changes.length > 0 ? changes.join(', ') : undefined;
}
