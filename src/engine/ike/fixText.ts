// The configuration a fix asks for, written in the device's own dialect or as Azure's custom policy.
import type { ChildProposal, DhGroup, Encryption, IkeProposal, Integrity } from './algorithms';
import { childProposalText, ikeProposalText } from './algorithms';
import type { Dialect } from './devicePolicy';

const IOS_ENC: Partial<Record<Encryption, string>> = { aes128: 'aes-cbc-128', aes192: 'aes-cbc-192', aes256: 'aes-cbc-256', aes128gcm16: 'aes-gcm-128', aes256gcm16: 'aes-gcm-256', '3des': '3des' };
const IOS_ESP_ENC: Partial<Record<Encryption, string>> = { aes128: 'esp-aes 128', aes192: 'esp-aes 192', aes256: 'esp-aes 256', aes128gcm16: 'esp-gcm 128', aes256gcm16: 'esp-gcm 256', '3des': 'esp-3des', des: 'esp-des' };
const IOS_ESP_INTEG: Record<Integrity, string> = { md5: 'esp-md5-hmac', sha1: 'esp-sha-hmac', sha256: 'esp-sha256-hmac', sha384: 'esp-sha384-hmac', sha512: 'esp-sha512-hmac' };
const ASA_ENC: Partial<Record<Encryption, string>> = { aes128: 'aes', aes192: 'aes-192', aes256: 'aes-256', aes128gcm16: 'aes-gcm', aes256gcm16: 'aes-gcm-256', '3des': '3des', des: 'des' };
const ASA_INTEG: Record<Integrity, string> = { md5: 'md5', sha1: 'sha', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };
const ASA_ESP_INTEG: Record<Integrity, string> = { md5: 'md5', sha1: 'sha-1', sha256: 'sha-256', sha384: 'sha-384', sha512: 'sha-512' };
const JUNOS_ENC: Partial<Record<Encryption, string>> = { aes128: 'aes-128-cbc', aes192: 'aes-192-cbc', aes256: 'aes-256-cbc', aes128gcm16: 'aes-128-gcm', aes256gcm16: 'aes-256-gcm', '3des': '3des-cbc', des: 'des-cbc' };
const JUNOS_IKE_INTEG: Record<Integrity, string> = { md5: 'md5', sha1: 'sha1', sha256: 'sha-256', sha384: 'sha-384', sha512: 'sha-512' };
const JUNOS_ESP_INTEG: Record<Integrity, string> = { md5: 'hmac-md5-96', sha1: 'hmac-sha1-96', sha256: 'hmac-sha-256-128', sha384: 'hmac-sha-384', sha512: 'hmac-sha-512' };

export function deviceIkeFix(dialect: Dialect, p: IkeProposal): string {
  const e = p.encryption[0]!;
  const i = p.integrity[0];
  const g = p.dhGroups[0]!;
  switch (dialect) {
    case 'swanctl': return `proposals = ${ikeProposalText(p)}`;
    case 'ipsec.conf': return `ike=${ikeProposalText(p)}!`;
    case 'cisco-ios': return `crypto ikev2 proposal <name> / encryption ${IOS_ENC[e] ?? e} / integrity ${i === 'sha1' ? 'sha1' : (i ?? 'sha256')} / group ${g}`;
    case 'cisco-asa': return `crypto ikev2 policy <priority> / encryption ${ASA_ENC[e] ?? e} / integrity ${i ? ASA_INTEG[i] : 'null'} / group ${g} / prf ${ASA_INTEG[p.prf[0]!]}`;
    case 'junos': return `set security ike proposal <name> encryption-algorithm ${JUNOS_ENC[e] ?? e}; ... authentication-algorithm ${JUNOS_IKE_INTEG[i ?? p.prf[0]!]}; ... dh-group group${g}`;
  }
}

export function deviceChildFix(dialect: Dialect, p: ChildProposal): string {
  const e = p.encryption[0]!;
  const i = p.integrity[0];
  const g = p.dhGroups[0];
  switch (dialect) {
    case 'swanctl': return `esp_proposals = ${childProposalText(p)}`;
    case 'ipsec.conf': return `esp=${childProposalText(p)}!`;
    case 'cisco-ios': return `crypto ipsec transform-set <name> ${IOS_ESP_ENC[e] ?? e}${i ? ` ${IOS_ESP_INTEG[i]}` : ''}${g ? ` / set pfs group${g}` : ' / no set pfs'}`;
    case 'cisco-asa': return `crypto ipsec ikev2 ipsec-proposal <name> / protocol esp encryption ${ASA_ENC[e] ?? e} / protocol esp integrity ${i ? ASA_ESP_INTEG[i] : 'null'}${g ? ` / set pfs group${g}` : ''}`;
    case 'junos': return `set security ipsec proposal <name> encryption-algorithm ${JUNOS_ENC[e] ?? e}${i ? `; ... authentication-algorithm ${JUNOS_ESP_INTEG[i]}` : ''}${g ? `; set security ipsec policy <name> perfect-forward-secrecy keys group${g}` : ''}`;
  }
}

const ARM_IKE_ENC: Partial<Record<Encryption, string>> = { aes128: 'AES128', aes192: 'AES192', aes256: 'AES256', aes128gcm16: 'GCMAES128', aes256gcm16: 'GCMAES256' };
const ARM_IPSEC_ENC: Partial<Record<Encryption, string>> = { aes128: 'AES128', aes192: 'AES192', aes256: 'AES256', aes128gcm16: 'GCMAES128', aes192gcm16: 'GCMAES192', aes256gcm16: 'GCMAES256', '3des': 'DES3', des: 'DES', null: 'None' };
const ARM_INTEG: Partial<Record<Integrity, string>> = { md5: 'MD5', sha1: 'SHA1', sha256: 'SHA256', sha384: 'SHA384' };
const ARM_DH: Partial<Record<DhGroup, string>> = { 1: 'DHGroup1', 2: 'DHGroup2', 14: 'DHGroup14', 19: 'ECP256', 20: 'ECP384', 24: 'DHGroup24' };
const ARM_PFS: Partial<Record<DhGroup, string>> = { 1: 'PFS1', 2: 'PFS2', 14: 'PFS2048', 19: 'ECP256', 20: 'ECP384', 24: 'PFS24' };

/**
 * A custom ipsecPolicies entry matching the device's first usable IKE and ESP algorithms, or
 * undefined when the device uses something Azure cannot be set to (e.g. SHA512, group 5).
 */
export function azurePolicyFix(ike: IkeProposal, child: ChildProposal, childLifetimeSeconds: number): string | undefined {
  const enc = ike.encryption.find((e) => ARM_IKE_ENC[e]);
  const integ = (ike.integrity.length ? ike.integrity : ike.prf).find((i) => ARM_INTEG[i]);
  const dh = ike.dhGroups.find((g) => ARM_DH[g]);
  const cenc = child.encryption.find((e) => ARM_IPSEC_ENC[e]);
  if (!enc || !integ || !dh || !cenc) return undefined;
  const gcm = cenc.endsWith('gcm16');
  const cinteg = gcm ? ARM_IPSEC_ENC[cenc] : child.integrity.map((i) => (i === 'sha384' ? undefined : ARM_INTEG[i])).find((x) => x);
  if (!cinteg) return undefined;
  const pfs = child.dhGroups.length ? child.dhGroups.map((g) => ARM_PFS[g]).find((x) => x) : 'None';
  if (!pfs) return undefined;
  return `ipsecPolicies: [{ikeEncryption: ${ARM_IKE_ENC[enc]}, ikeIntegrity: ${ARM_INTEG[integ]}, dhGroup: ${ARM_DH[dh]}, ipsecEncryption: ${ARM_IPSEC_ENC[cenc]}, ipsecIntegrity: ${cinteg}, pfsGroup: ${pfs}, saLifeTimeSeconds: ${Math.max(300, childLifetimeSeconds)}, saDataSizeKilobytes: 102400000}]`;
}
