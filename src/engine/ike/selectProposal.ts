// Proposal selection as RFC 7296 section 2.7 describes it: the responder picks one proposal and,
// within it, one algorithm of each transform type that both sides list. Which side's order wins
// is the responder's choice; strongSwan (and Azure, per its documented "order of preference that
// the offer is presented or accepted") iterate their own list first.
import type { ChildProposal, ChosenChild, ChosenIke, DhGroup, IkeProposal } from './algorithms';
import { dhKeyword, isAead } from './algorithms';

function firstCommon<T>(preferred: readonly T[], other: readonly T[]): T | undefined {
  return preferred.find((x) => other.includes(x));
}

export type Mismatch = 'encryption' | 'integrity' | 'prf' | 'dh' | 'pfs';

interface Pick<C> {
  chosen?: C;
  missing: Mismatch[];
}

function pickIke(a: IkeProposal, b: IkeProposal): Pick<ChosenIke> {
  const missing: Mismatch[] = [];
  const enc = firstCommon(a.encryption, b.encryption);
  if (!enc) missing.push('encryption');
  const aead = enc !== undefined && isAead(enc);
  let integ: ChosenIke['integrity'] = null;
  if (!aead) {
    const i = firstCommon(a.integrity, b.integrity);
    if (!i) missing.push('integrity');
    else integ = i;
  }
  const prf = firstCommon(a.prf, b.prf);
  if (!prf) missing.push('prf');
  const dh = firstCommon(a.dhGroups, b.dhGroups);
  if (!dh) missing.push('dh');
  if (missing.length > 0 || !enc || !prf || !dh) return { missing };
  return { chosen: { encryption: enc, integrity: integ, prf, dhGroup: dh }, missing };
}

/** `withPfs`: a CREATE_CHILD_SA (rekey, or IKEv1 quick mode) where the PFS groups must agree, "none" included. */
function pickChild(a: ChildProposal, b: ChildProposal, withPfs: boolean): Pick<ChosenChild> {
  const missing: Mismatch[] = [];
  const enc = firstCommon(a.encryption, b.encryption);
  if (!enc) missing.push('encryption');
  let integ: ChosenChild['integrity'] = null;
  if (enc !== undefined && !isAead(enc)) {
    const i = firstCommon(a.integrity, b.integrity);
    if (!i) missing.push('integrity');
    else integ = i;
  }
  let pfs: DhGroup | null = null;
  if (withPfs) {
    if (a.dhGroups.length === 0 && b.dhGroups.length === 0) pfs = null;
    else {
      const g = firstCommon(a.dhGroups, b.dhGroups);
      if (!g) missing.push('pfs');
      else pfs = g;
    }
  }
  if (missing.length > 0 || !enc) return { missing };
  return { chosen: { encryption: enc, integrity: integ, dhGroup: pfs }, missing };
}

export interface Selection<C> {
  chosen?: C;
  /** Index in the responder's preferred list and in the other list. */
  preferredIndex?: number;
  otherIndex?: number;
  /** When nothing matched: the closest pair and what it lacked. */
  closest?: { preferredIndex: number; otherIndex: number; missing: Mismatch[] };
}

function select<P, C>(preferred: readonly P[], other: readonly P[], pick: (a: P, b: P) => Pick<C>): Selection<C> {
  let closest: Selection<C>['closest'];
  for (let i = 0; i < preferred.length; i++) {
    for (let j = 0; j < other.length; j++) {
      const r = pick(preferred[i]!, other[j]!);
      if (r.chosen) return { chosen: r.chosen, preferredIndex: i, otherIndex: j };
      if (!closest || r.missing.length < closest.missing.length) closest = { preferredIndex: i, otherIndex: j, missing: r.missing };
    }
  }
  return { closest };
}

export function selectIke(preferred: readonly IkeProposal[], other: readonly IkeProposal[]): Selection<ChosenIke> {
  return select(preferred, other, pickIke);
}

export function selectChild(preferred: readonly ChildProposal[], other: readonly ChildProposal[], withPfs: boolean): Selection<ChosenChild> {
  return select(preferred, other, (a, b) => pickChild(a, b, withPfs));
}

/** "no common DH group (Azure: modp1024; device: modp2048)" for the closest pair. */
export function describeMismatch(missing: readonly Mismatch[], azure: IkeProposal | ChildProposal, device: IkeProposal | ChildProposal): string {
  const show = (m: Mismatch, p: IkeProposal | ChildProposal): string => {
    switch (m) {
      case 'encryption': return p.encryption.join('/');
      case 'integrity': return p.integrity.join('/') || 'none (AEAD)';
      case 'prf': return 'prf' in p ? p.prf.join('/') : '';
      case 'dh':
      case 'pfs': return p.dhGroups.length ? p.dhGroups.map((g) => `${g} (${dhKeyword(g)})`).join('/') : 'none';
    }
  };
  const names: Record<Mismatch, string> = { encryption: 'encryption', integrity: 'integrity', prf: 'PRF', dh: 'DH group', pfs: 'PFS group' };
  return missing.map((m) => `no common ${names[m]} (Azure: ${show(m, azure)}; device: ${show(m, device)})`).join('; ');
}
