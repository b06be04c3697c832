// strongSwan's built-in values when a configuration leaves them out (swanctl.conf and ipsec.conf
// manual pages, strongSwan 5.9). The built-in proposals depend on the crypto plugins loaded;
// these are the ones a stock Debian/Ubuntu charon offers (no MODP-1024: it was dropped from the
// default proposal long ago, a frequent reason Azure's DH-group-2 defaults find no match).
import type { ChildProposal, IkeProposal } from '../algorithms';

export const STRONGSWAN_DEFAULT_IKE: IkeProposal[] = [
  { encryption: ['aes128', 'aes192', 'aes256'], integrity: ['sha256', 'sha384', 'sha512', 'sha1'], prf: ['sha256', 'sha384', 'sha512', 'sha1'], dhGroups: [19, 20, 21, 15, 16, 14] },
];

export const STRONGSWAN_DEFAULT_ESP: ChildProposal[] = [
  { encryption: ['aes128gcm16', 'aes192gcm16', 'aes256gcm16'], integrity: [], dhGroups: [] },
  { encryption: ['aes128', 'aes192', 'aes256'], integrity: ['sha256', 'sha384', 'sha512', 'sha1'], dhGroups: [] },
];

/** swanctl.conf: rekey_time 4h (IKE), 1h (CHILD); over_time/life_time 10% more. */
export const SWANCTL_IKE_REKEY = 14_400;
export const SWANCTL_CHILD_REKEY = 3_600;

/** ipsec.conf: ikelifetime 3h, lifetime 1h, margintime 9m (rekey starts margintime before expiry). */
export const IPSEC_CONF_IKE_LIFETIME = 10_800;
export const IPSEC_CONF_CHILD_LIFETIME = 3_600;
export const IPSEC_CONF_MARGIN = 540;
