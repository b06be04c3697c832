// Cisco configurations (IOS, IOS-XE, ASA) as blocks: a top-level command and the indented
// sub-mode commands under it (`exit` closes a sub-mode). Keyrings nest one level deeper. Also
// what IOS and ASA share once parsed: ACL addresses and the DevicePolicy of one tunnel.
import type { ChildProposal, IkeProposal } from '../algorithms';
import { maskToPrefix, type DevicePolicy, type Located } from '../devicePolicy';

/** Cisco rekeys at 90 % of a lifetime (soft lifetime). */
const SOFT = 0.9;
export interface CiscoLine {
  text: string;
  line: number;
  depth: number;
}

export interface CiscoBlock {
  header: string;
  line: number;
  children: CiscoLine[];
}

export function ciscoBlocks(lines: string[]): CiscoBlock[] {
  const blocks: CiscoBlock[] = [];
  let cur: CiscoBlock | undefined;
  lines.forEach((raw, i) => {
    const n = i + 1;
    if (/^\s*!/.test(raw) || raw.trim() === '' || /^\s*:/.test(raw)) return;
    const depth = raw.length - raw.trimStart().length;
    const text = raw.trim().replace(/\s+/g, ' ');
    if (depth === 0) {
      if (text === 'exit' || text === 'end') {
        cur = undefined;
        return;
      }
      cur = { header: text, line: n, children: [] };
      blocks.push(cur);
      return;
    }
    if (text === 'exit' || text === 'exit-address-family') return;
    if (cur) cur.children.push({ text, line: n, depth });
    else blocks.push({ header: text, line: n, children: [] });
  });
  return blocks;
}

/** Cisco "10.0.0.0 0.255.255.255" (wildcard) or "10.0.0.0 255.0.0.0" (mask) pairs, and "host a.b.c.d", "any". */
export function readAclAddress(tokens: string[], wildcard: boolean): { prefix: string; used: number } | undefined {
  const t = tokens[0];
  if (t === undefined) return undefined;
  if (t === 'any' || t === 'any4') return { prefix: '0.0.0.0/0', used: 1 };
  if (t === 'host' && tokens[1]) return { prefix: `${tokens[1]}/32`, used: 2 };
  const m = tokens[1];
  if (!m) return undefined;
  const prefix = maskToPrefix(t, m, wildcard);
  return prefix ? { prefix, used: 2 } : undefined;
}

/** What an IOS or ASA tunnel (crypto map entry or tunnel interface) says; the rest is Cisco's behaviour. */
export interface CiscoTunnel {
  dialect: 'cisco-ios' | 'cisco-asa';
  name: string;
  ikeVersions: Located<(1 | 2)[]>;
  ikeProposals: Located<IkeProposal>[];
  childProposals: Located<ChildProposal>[];
  ikeLifetime: Located<number>;
  childLifetime: Located<number>;
  childKilobytes: Located<number>;
  localTs: Located<string[]>;
  remoteTs: Located<string[]>;
  mode: 'route' | 'policy';
  /** The crypto map entry's or tunnel interface's line. */
  line: number;
  peer: Located<string | null>;
  dpd: DevicePolicy['dpd'];
  natTraversal: Located<boolean>;
  hasPsk: Located<boolean>;
}

/**
 * The DevicePolicy of a Cisco tunnel: rekeys at the soft lifetime and never re-authenticates,
 * initiates, and as responder is modelled with the initiator's order (RFC 7296 leaves it open);
 * only route-based (any/any) selectors are narrowed.
 */
export function ciscoDevicePolicy(t: CiscoTunnel): DevicePolicy {
  return {
    dialect: t.dialect,
    name: t.name,
    ikeVersions: t.ikeVersions,
    ikeProposals: t.ikeProposals,
    childProposals: t.childProposals,
    ikeLifetimeSeconds: t.ikeLifetime,
    ikeRekeySeconds: { value: Math.round(t.ikeLifetime.value * SOFT), line: t.ikeLifetime.line },
    reauth: { value: false, line: 0 },
    childLifetimeSeconds: t.childLifetime,
    childRekeySeconds: { value: Math.round(t.childLifetime.value * SOFT), line: t.childLifetime.line },
    childLifetimeKilobytes: t.childKilobytes,
    localTs: t.localTs,
    remoteTs: t.remoteTs,
    mode: { value: t.mode, line: t.line },
    dpd: t.dpd,
    natTraversal: t.natTraversal,
    initiates: { value: true, line: t.line },
    remoteAddress: t.peer,
    hasPsk: t.hasPsk,
    responderPrefersOwn: false,
    narrowsSelectors: t.mode === 'route',
  };
}
