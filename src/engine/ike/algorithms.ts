// The IKE/IPsec algorithm vocabulary every dialect is normalised to. Keywords follow
// strongSwan's proposal syntax (the one oracle we test against), so a normalised proposal
// can be written back as a swanctl proposal string without a second table.

export const ENCRYPTIONS = ['aes128', 'aes192', 'aes256', 'aes128gcm16', 'aes192gcm16', 'aes256gcm16', '3des', 'des', 'null'] as const;
export type Encryption = (typeof ENCRYPTIONS)[number];

/** HMAC integrity (IKE and ESP); AEAD ciphers carry none. */
export const INTEGRITIES = ['md5', 'sha1', 'sha256', 'sha384', 'sha512'] as const;
export type Integrity = (typeof INTEGRITIES)[number];

/** IKE pseudo-random functions, named after their hash. */
export type Prf = Integrity;

/** Diffie-Hellman groups by IANA number (RFC 7296 transform type 4). */
export const DH_GROUPS = [1, 2, 5, 14, 15, 16, 19, 20, 21, 24] as const;
export type DhGroup = (typeof DH_GROUPS)[number];

export function isAead(e: Encryption): boolean {
  return e.endsWith('gcm16');
}

/** strongSwan keyword of a DH group (modp2048 for 14, ecp256 for 19, ...). */
export function dhKeyword(g: DhGroup): string {
  switch (g) {
    case 1: return 'modp768';
    case 2: return 'modp1024';
    case 5: return 'modp1536';
    case 14: return 'modp2048';
    case 15: return 'modp3072';
    case 16: return 'modp4096';
    case 19: return 'ecp256';
    case 20: return 'ecp384';
    case 21: return 'ecp521';
    case 24: return 'modp2048s256';
  }
}

const DH_BY_KEYWORD: Record<string, DhGroup> = {
  modp768: 1, modp1024: 2, modp1536: 5, modp2048: 14, modp3072: 15, modp4096: 16,
  ecp256: 19, ecp384: 20, ecp521: 21, modp2048s256: 24,
};

export function dhFromKeyword(k: string): DhGroup | undefined {
  return DH_BY_KEYWORD[k.toLowerCase()];
}

export function dhFromNumber(n: number): DhGroup | undefined {
  return (DH_GROUPS as readonly number[]).includes(n) ? (n as DhGroup) : undefined;
}

/** An IKE SA proposal: each transform type lists acceptable algorithms, most preferred first (RFC 7296 3.3). */
export interface IkeProposal {
  encryption: Encryption[];
  /** Empty for AEAD-only proposals. */
  integrity: Integrity[];
  prf: Prf[];
  dhGroups: DhGroup[];
}

/** A CHILD SA (ESP) proposal; `dhGroups` empty means no PFS. */
export interface ChildProposal {
  encryption: Encryption[];
  integrity: Integrity[];
  dhGroups: DhGroup[];
}

/** The one algorithm of each type both sides agreed on. */
export interface ChosenIke {
  encryption: Encryption;
  integrity: Integrity | null;
  prf: Prf;
  dhGroup: DhGroup;
}

export interface ChosenChild {
  encryption: Encryption;
  integrity: Integrity | null;
  /** PFS group, null for none. */
  dhGroup: DhGroup | null;
}

/** "aes256-sha256-prfsha256-modp2048": how reports and swanctl write a proposal. */
export function ikeProposalText(p: IkeProposal): string {
  return [...p.encryption, ...p.integrity, ...p.prf.map((h) => `prf${h}`), ...p.dhGroups.map(dhKeyword)].join('-');
}

export function childProposalText(p: ChildProposal): string {
  return [...p.encryption, ...p.integrity, ...p.dhGroups.map(dhKeyword)].join('-');
}

export function chosenIkeText(c: ChosenIke): string {
  return [c.encryption, c.integrity, `prf${c.prf}`, dhKeyword(c.dhGroup)].filter((x): x is string => x !== null).join('-');
}

export function chosenChildText(c: ChosenChild): string {
  return [c.encryption, c.integrity, c.dhGroup === null ? null : dhKeyword(c.dhGroup)].filter((x): x is string => x !== null).join('-');
}

const ENC_KEYWORDS: Record<string, Encryption> = {
  aes128: 'aes128', aes: 'aes128', aes192: 'aes192', aes256: 'aes256',
  aes128gcm16: 'aes128gcm16', aes128gcm128: 'aes128gcm16', aes192gcm16: 'aes192gcm16', aes192gcm128: 'aes192gcm16',
  aes256gcm16: 'aes256gcm16', aes256gcm128: 'aes256gcm16',
  '3des': '3des', des: 'des', null: 'null',
};
const INTEG_KEYWORDS: Record<string, Integrity> = {
  md5: 'md5', md5_128: 'md5', sha1: 'sha1', sha: 'sha1', sha1_160: 'sha1',
  sha256: 'sha256', sha2_256: 'sha256', sha384: 'sha384', sha2_384: 'sha384', sha512: 'sha512', sha2_512: 'sha512',
};

/**
 * Parses one strongSwan proposal ("aes256-sha256-modp2048", "aes256gcm16-prfsha384-ecp384").
 * Throws with the unknown keyword; in IKE proposals a missing PRF follows the integrity algorithms
 * (strongSwan does the same).
 */
export function parseStrongSwanProposal(text: string, kind: 'ike' | 'esp'): IkeProposal | ChildProposal {
  const p: IkeProposal = { encryption: [], integrity: [], prf: [], dhGroups: [] };
  for (const raw of text.trim().toLowerCase().split('-')) {
    const k = raw.trim();
    if (k === '' || k === 'noesn' || k === 'esn') continue;
    if (ENC_KEYWORDS[k]) p.encryption.push(ENC_KEYWORDS[k]);
    else if (INTEG_KEYWORDS[k]) p.integrity.push(INTEG_KEYWORDS[k]);
    else if (k.startsWith('prf') && INTEG_KEYWORDS[k.slice(3)]) p.prf.push(INTEG_KEYWORDS[k.slice(3)]!);
    else if (dhFromKeyword(k) !== undefined) p.dhGroups.push(dhFromKeyword(k)!);
    else throw new Error(`unknown algorithm "${raw}" in proposal "${text.trim()}"`);
  }
  if (p.encryption.length === 0) throw new Error(`proposal "${text.trim()}" names no encryption algorithm`);
  if (kind === 'esp') {
    if (p.prf.length > 0) throw new Error(`ESP proposal "${text.trim()}" cannot name a PRF`);
    return { encryption: p.encryption, integrity: p.integrity, dhGroups: p.dhGroups };
  }
  if (p.prf.length === 0) p.prf = [...p.integrity];
  if (p.dhGroups.length === 0) throw new Error(`IKE proposal "${text.trim()}" names no Diffie-Hellman group`);
  if (p.prf.length === 0) throw new Error(`IKE proposal "${text.trim()}" needs a PRF (prfsha256, ...) with an AEAD cipher`);
  return p;
}
