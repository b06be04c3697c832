// Cisco ASA: numbered IKEv1/IKEv2 policies (lower number preferred), IKEv2 IPsec proposals and
// IKEv1 transform sets, crypto map entries (policy-based) or IPsec profiles on tunnel interfaces
// (route-based, ASA 9.7+), tunnel-group ipsec-attributes for keys and keepalives.
import type { ChildProposal, DhGroup, Encryption, IkeProposal, Integrity } from '../algorithms';
import { dhFromNumber } from '../algorithms';
import { DeviceConfigError, maskSecrets, type DeviceConfig, type DeviceLine, type DevicePolicy, type Located } from '../devicePolicy';
import { ciscoBlocks, ciscoDevicePolicy, readAclAddress } from './ciscoBlocks';

const ENC: Record<string, Encryption> = { 'aes-256': 'aes256', 'aes-192': 'aes192', aes: 'aes128', 'aes-gcm-256': 'aes256gcm16', 'aes-gcm-192': 'aes192gcm16', 'aes-gcm': 'aes128gcm16', '3des': '3des', des: 'des', null: 'null' };
const IKE_INTEG: Record<string, Integrity | null> = { sha512: 'sha512', sha384: 'sha384', sha256: 'sha256', sha: 'sha1', md5: 'md5', null: null };
const ESP_INTEG: Record<string, Integrity | null> = { 'sha-512': 'sha512', 'sha-384': 'sha384', 'sha-256': 'sha256', 'sha-1': 'sha1', md5: 'md5', null: null };
const V1_TS: Record<string, { enc?: Encryption; integ?: Integrity }> = {
  'esp-aes-256': { enc: 'aes256' }, 'esp-aes-192': { enc: 'aes192' }, 'esp-aes': { enc: 'aes128' }, 'esp-3des': { enc: '3des' }, 'esp-des': { enc: 'des' },
  'esp-sha-hmac': { integ: 'sha1' }, 'esp-sha256-hmac': { integ: 'sha256' }, 'esp-sha384-hmac': { integ: 'sha384' }, 'esp-sha512-hmac': { integ: 'sha512' }, 'esp-md5-hmac': { integ: 'md5' },
};
const ASA_IKE_LIFETIME = 86_400;
const ASA_IPSEC_LIFETIME = 28_800;
const ASA_IPSEC_KB = 4_608_000;

function group(tok: string, line: number): DhGroup {
  const g = dhFromNumber(Number(tok.replace(/^group/, '')));
  if (g === undefined) throw new DeviceConfigError(line, `unknown Diffie-Hellman group "${tok}"`);
  return g;
}

interface MapEntry {
  name: string;
  seq: number;
  line: number;
  peer?: Located<string>;
  acl?: Located<string>;
  v2Proposals?: Located<string[]>;
  v1Sets?: Located<string[]>;
  pfs?: Located<DhGroup>;
  seconds?: Located<number>;
  kb?: Located<number>;
}

export function parseCiscoAsa(text: string): DeviceConfig {
  const lines = text.split(/\r?\n/);
  const masked = lines.map(maskSecrets);
  const unsupported: DeviceLine[] = [];
  const ignored: DeviceLine[] = [];
  const note = (line: number, reason: string, into = unsupported): void => void into.push({ line, text: masked[line - 1]!.trim(), reason });
  const v2Policies: { prio: number; p: Located<IkeProposal>; lifetime?: Located<number> }[] = [];
  const v1Policies: { prio: number; p: Located<IkeProposal>; lifetime?: Located<number> }[] = [];
  const v2Ipsec = new Map<string, Located<ChildProposal>>();
  const v1Sets = new Map<string, Located<ChildProposal>>();
  const maps = new Map<string, MapEntry>();
  const acls = new Map<string, { local: string[]; remote: string[]; line: number }>();
  const enabled = { v1: false, v2: false, line: 0 };
  const groups = new Map<string, { psk?: Located<boolean>; dpd?: Located<{ delaySeconds: number; action: string } | null> }>();
  const profiles = new Map<string, { proposals?: Located<string[]>; pfs?: Located<DhGroup>; seconds?: Located<number>; kb?: Located<number>; line: number }>();
  const tunnels: { name: string; line: number; profile?: Located<string>; destination?: Located<string> }[] = [];
  let natt: Located<boolean> = { value: true, line: 0 };
  for (const b of ciscoBlocks(lines)) {
    let m: RegExpExecArray | null;
    const h = b.header;
    if ((m = /^crypto ikev([12]) policy (\d+)$/.exec(h))) {
      const v = m[1] === '2' ? 2 : 1;
      const p: IkeProposal = { encryption: [], integrity: [], prf: [], dhGroups: [] };
      let lifetime: Located<number> | undefined;
      for (const c of b.children) {
        const [k, ...vals] = c.text.split(' ');
        if (k === 'encryption') for (const x of vals) { const e = ENC[x]; if (!e) throw new DeviceConfigError(c.line, `unknown encryption "${x}"`); p.encryption.push(e); }
        else if (k === 'integrity' || k === 'hash') for (const x of vals) { const i = IKE_INTEG[x]; if (i === undefined) throw new DeviceConfigError(c.line, `unknown integrity "${x}"`); if (i) p.integrity.push(i); }
        else if (k === 'prf') for (const x of vals) { const i = IKE_INTEG[x]; if (!i) throw new DeviceConfigError(c.line, `unknown PRF "${x}"`); p.prf.push(i); }
        else if (k === 'group') for (const x of vals) p.dhGroups.push(group(x, c.line));
        else if (k === 'lifetime') lifetime = { value: Number(vals[vals[0] === 'seconds' ? 1 : 0]), line: c.line };
        else if (k !== 'authentication') note(c.line, `unknown IKEv${v} policy command "${k}"`);
      }
      if (p.encryption.length === 0) p.encryption = v === 2 ? ['aes256'] : ['3des'];
      if (p.integrity.length === 0 && !p.encryption.every((e) => e.endsWith('gcm16'))) p.integrity = ['sha1'];
      if (p.prf.length === 0) p.prf = p.integrity.length ? [...p.integrity] : ['sha256'];
      if (p.dhGroups.length === 0) p.dhGroups = [v === 2 ? 14 : 2];
      (v === 2 ? v2Policies : v1Policies).push({ prio: Number(m[2]), p: { value: p, line: b.line }, lifetime });
    } else if ((m = /^crypto ikev([12]) enable \S+/.exec(h))) {
      if (m[1] === '2') enabled.v2 = true;
      else enabled.v1 = true;
      enabled.line = b.line;
    } else if ((m = /^crypto ipsec ikev2 ipsec-proposal (\S+)$/.exec(h))) {
      const p: ChildProposal = { encryption: [], integrity: [], dhGroups: [] };
      for (const c of b.children) {
        const t = c.text.split(' ');
        if (t[0] === 'protocol' && t[1] === 'esp' && t[2] === 'encryption') for (const x of t.slice(3)) { const e = ENC[x]; if (!e) throw new DeviceConfigError(c.line, `unknown ESP encryption "${x}"`); p.encryption.push(e); }
        else if (t[0] === 'protocol' && t[1] === 'esp' && t[2] === 'integrity') for (const x of t.slice(3)) { const i = ESP_INTEG[x]; if (i === undefined) throw new DeviceConfigError(c.line, `unknown ESP integrity "${x}"`); if (i) p.integrity.push(i); }
        else note(c.line, `unknown ipsec-proposal command "${t.slice(0, 3).join(' ')}"`);
      }
      if (p.encryption.length === 0) throw new DeviceConfigError(b.line, `ipsec-proposal ${m[1]} has no "protocol esp encryption"`);
      v2Ipsec.set(m[1]!, { value: p, line: b.line });
    } else if ((m = /^crypto ipsec ikev1 transform-set (\S+) (.+)$/.exec(h))) {
      const p: ChildProposal = { encryption: [], integrity: [], dhGroups: [] };
      for (const x of m[2]!.split(' ')) {
        const t = V1_TS[x];
        if (!t) throw new DeviceConfigError(b.line, `unknown transform "${x}"`);
        if (t.enc) p.encryption.push(t.enc);
        if (t.integ) p.integrity.push(t.integ);
      }
      v1Sets.set(m[1]!, { value: p, line: b.line });
    } else if ((m = /^crypto map (\S+) (\d+) (.+)$/.exec(h))) {
      const key = `${m[1]} ${m[2]}`;
      const e = maps.get(key) ?? { name: m[1]!, seq: Number(m[2]), line: b.line };
      maps.set(key, e);
      const t = m[3]!.split(' ');
      if (t[0] === 'match' && t[1] === 'address') e.acl = { value: t[2]!, line: b.line };
      else if (t[0] === 'set' && t[1] === 'peer') e.peer = { value: t[2]!, line: b.line };
      else if (t[0] === 'set' && t[1] === 'ikev2' && t[2] === 'ipsec-proposal') e.v2Proposals = { value: t.slice(3), line: b.line };
      else if (t[0] === 'set' && t[1] === 'ikev1' && t[2] === 'transform-set') e.v1Sets = { value: t.slice(3), line: b.line };
      else if (t[0] === 'set' && t[1] === 'pfs') e.pfs = { value: group(t[2] ?? 'group2', b.line), line: b.line };
      else if (t[0] === 'set' && t[1] === 'security-association' && t[2] === 'lifetime') {
        if (t[3] === 'kilobytes') e.kb = { value: Number(t[4]), line: b.line };
        else e.seconds = { value: Number(t[4]), line: b.line };
      } else note(b.line, `crypto map "${t.slice(0, 3).join(' ')}" is not evaluated by the check`);
    } else if (/^crypto map \S+ interface \S+$/.test(h)) {
      continue;
    } else if ((m = /^crypto ipsec profile (\S+)$/.exec(h))) {
      const p: { proposals?: Located<string[]>; pfs?: Located<DhGroup>; seconds?: Located<number>; kb?: Located<number>; line: number } = { line: b.line };
      for (const c of b.children) {
        const t = c.text.split(' ');
        if (t[0] === 'set' && t[1] === 'ikev2' && t[2] === 'ipsec-proposal') p.proposals = { value: t.slice(3), line: c.line };
        else if (t[0] === 'set' && t[1] === 'pfs') p.pfs = { value: group(t[2] ?? 'group2', c.line), line: c.line };
        else if (t[0] === 'set' && t[1] === 'security-association' && t[2] === 'lifetime') {
          if (t[3] === 'kilobytes') p.kb = { value: Number(t[4]), line: c.line };
          else p.seconds = { value: Number(t[4]), line: c.line };
        } else note(c.line, `"${c.text}" in an IPsec profile is not evaluated`);
      }
      profiles.set(m[1]!, p);
    } else if ((m = /^tunnel-group (\S+) (type|ipsec-attributes|general-attributes)(.*)$/.exec(h))) {
      const g = groups.get(m[1]!) ?? {};
      groups.set(m[1]!, g);
      for (const c of b.children) {
        const t = c.text.split(' ');
        if (/pre-shared-key/.test(c.text)) g.psk = { value: true, line: c.line };
        else if (t[0] === 'isakmp' && t[1] === 'keepalive') g.dpd = t[2] === 'disable' ? { value: null, line: c.line } : { value: { delaySeconds: Number(t[3] ?? 10), action: 'restart' }, line: c.line };
        else note(c.line, `tunnel-group "${t[0]}" is not evaluated by the check`);
      }
    } else if ((m = /^access-list (\S+) extended (.+)$/.exec(h))) {
      const t = m[2]!.split(' ');
      if (t[0] !== 'permit') { note(b.line, 'only permit entries define crypto selectors'); continue; }
      const src = readAclAddress(t.slice(2), false);
      const dst = src ? readAclAddress(t.slice(2 + src.used), false) : undefined;
      if (!src || !dst) { note(b.line, 'object-group and object selectors are not resolved by the check'); continue; }
      const acl = acls.get(m[1]!) ?? { local: [], remote: [], line: b.line };
      acl.local.push(src.prefix);
      acl.remote.push(dst.prefix);
      acls.set(m[1]!, acl);
    } else if ((m = /^interface (Tunnel\S*)$/i.exec(h))) {
      const t: (typeof tunnels)[number] = { name: m[1]!, line: b.line };
      for (const c of b.children) {
        const p = c.text.split(' ');
        if (p[0] === 'tunnel' && p[1] === 'protection') t.profile = { value: p[4]!, line: c.line };
        else if (p[0] === 'tunnel' && p[1] === 'destination') t.destination = { value: p[2]!, line: c.line };
      }
      tunnels.push(t);
    } else if (/^no crypto isakmp nat-traversal/.test(h)) {
      natt = { value: false, line: b.line };
    } else if (/^crypto /.test(h)) {
      note(b.line, 'crypto command not evaluated by the check');
    } else {
      note(b.line, 'not an IKE/IPsec command', ignored);
    }
  }
  v2Policies.sort((a, b) => a.prio - b.prio);
  v1Policies.sort((a, b) => a.prio - b.prio);
  const versions: (1 | 2)[] = [];
  if (enabled.v1) versions.push(1);
  if (enabled.v2) versions.push(2);
  if (versions.length === 0) {
    // A pasted excerpt often leaves out the interface lines; assume what the policies imply.
    if (v2Policies.length) versions.push(2);
    if (v1Policies.length) versions.push(1);
    unsupported.push({ line: 0, text: '', reason: `no "crypto ikev1/ikev2 enable <interface>" line: assumed IKEv${versions.join(' and IKEv')} is enabled on the outside interface` });
  }
  const connections: DevicePolicy[] = [];
  const build = (name: string, o: { peer: Located<string | null>; v2: Located<string[]> | undefined; v1: Located<string[]> | undefined; pfs?: Located<DhGroup>; seconds?: Located<number>; kb?: Located<number>; localTs: Located<string[]>; remoteTs: Located<string[]>; mode: 'route' | 'policy'; line: number }): DevicePolicy => {
    const child: Located<ChildProposal>[] = [];
    const lookup = (names: Located<string[]> | undefined, table: Map<string, Located<ChildProposal>>): void => {
      for (const n of names?.value ?? []) {
        const p = table.get(n);
        if (!p) throw new DeviceConfigError(names!.line, `"${n}" is not defined`);
        child.push({ value: { ...p.value, dhGroups: o.pfs ? [o.pfs.value] : [] }, line: p.line });
      }
    };
    const useV2 = versions.includes(2) && o.v2 !== undefined;
    lookup(useV2 ? o.v2 : o.v1, useV2 ? v2Ipsec : v1Sets);
    if (child.length === 0) throw new DeviceConfigError(o.line, `${name}: no IPsec proposal or transform set is applied`);
    const pols = useV2 ? v2Policies : v1Policies;
    if (pols.length === 0) throw new DeviceConfigError(o.line, `${name}: no crypto ikev${useV2 ? 2 : 1} policy is defined`);
    const ikeLife = pols[0]!.lifetime ?? { value: ASA_IKE_LIFETIME, line: 0 };
    const childLife = o.seconds ?? { value: ASA_IPSEC_LIFETIME, line: 0 };
    const g = o.peer.value ? groups.get(o.peer.value) : undefined;
    return ciscoDevicePolicy({
      dialect: 'cisco-asa',
      name,
      ikeVersions: { value: useV2 ? (versions.includes(1) && o.v1 ? [2, 1] : [2]) : [1], line: enabled.line },
      ikeProposals: pols.map((p) => p.p),
      childProposals: child,
      ikeLifetime: ikeLife,
      childLifetime: childLife,
      childKilobytes: o.kb ?? { value: ASA_IPSEC_KB, line: 0 },
      localTs: o.localTs,
      remoteTs: o.remoteTs,
      mode: o.mode,
      line: o.line,
      peer: o.peer,
      dpd: g?.dpd ?? { value: { delaySeconds: 10, action: 'restart' }, line: 0 },
      natTraversal: natt,
      hasPsk: g?.psk ?? { value: false, line: 0 },
    });
  };
  for (const e of maps.values()) {
    const acl = e.acl ? acls.get(e.acl.value) : undefined;
    if (!e.acl) throw new DeviceConfigError(e.line, `crypto map ${e.name} ${e.seq} has no "match address <acl>"`);
    if (!acl) throw new DeviceConfigError(e.acl.line, `access list "${e.acl.value}" has no readable permit entry`);
    connections.push(build(`${e.name} ${e.seq}`, { peer: e.peer ?? { value: null, line: 0 }, v2: e.v2Proposals, v1: e.v1Sets, pfs: e.pfs, seconds: e.seconds, kb: e.kb, localTs: { value: acl.local, line: acl.line }, remoteTs: { value: acl.remote, line: acl.line }, mode: 'policy', line: e.line }));
  }
  for (const t of tunnels) {
    if (!t.profile) continue;
    const p = profiles.get(t.profile.value);
    if (!p) throw new DeviceConfigError(t.profile.line, `IPsec profile "${t.profile.value}" is not defined`);
    const any: Located<string[]> = { value: ['0.0.0.0/0'], line: t.line };
    connections.push(build(t.name, { peer: t.destination ?? { value: null, line: 0 }, v2: p.proposals, v1: undefined, pfs: p.pfs, seconds: p.seconds, kb: p.kb, localTs: any, remoteTs: any, mode: 'route', line: t.line }));
  }
  if (connections.length === 0) throw new DeviceConfigError(0, 'no tunnel: expected "crypto map <name> <seq> ..." entries or an "interface Tunnel..." with "tunnel protection ipsec profile"');
  return { dialect: 'cisco-asa', connections, unsupported, ignored, maskedLines: masked };
}
