// Cisco IOS / IOS-XE: IKEv2 proposal/policy/keyring/profile, IKEv1 isakmp policies, IPsec
// transform sets, IPsec profiles on tunnel interfaces (route-based) and crypto maps with ACLs
// (policy-based). Defaults from Cisco's IOS-XE security configuration guides.
import type { ChildProposal, DhGroup, Encryption, IkeProposal, Integrity } from '../algorithms';
import { dhFromNumber } from '../algorithms';
import { DeviceConfigError, maskSecrets, type DeviceConfig, type DeviceLine, type DevicePolicy, type Located } from '../devicePolicy';
import { ciscoBlocks, ciscoDevicePolicy, readAclAddress, type CiscoBlock } from './ciscoBlocks';

const IKE_ENC: Record<string, Encryption> = { 'aes-cbc-128': 'aes128', 'aes-cbc-192': 'aes192', 'aes-cbc-256': 'aes256', 'aes-gcm-128': 'aes128gcm16', 'aes-gcm-256': 'aes256gcm16', '3des': '3des', des: 'des' };
const IKE_INTEG: Record<string, Integrity> = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };
/** IOS-XE's built-in "default" IKEv2 proposal. */
const IOS_DEFAULT_IKE: IkeProposal = { encryption: ['aes256', 'aes192', 'aes128'], integrity: ['sha512', 'sha384', 'sha256', 'sha1', 'md5'], prf: ['sha512', 'sha384', 'sha256', 'sha1', 'md5'], dhGroups: [5, 2] };
const IOS_IKE_LIFETIME = 86_400;
const IOS_IKEV1_LIFETIME = 86_400;
const IOS_IPSEC_LIFETIME = 3_600;
const IOS_IPSEC_KB = 4_608_000;
/** IOS starts an IPsec rekey shortly before expiry (about 90 % of the lifetime; model). */

function group(tok: string, line: number): DhGroup {
  const g = dhFromNumber(Number(tok.replace(/^group/, '')));
  if (g === undefined) throw new DeviceConfigError(line, `unknown Diffie-Hellman group "${tok}"`);
  return g;
}

function transformSet(tokens: string[], line: number): ChildProposal {
  const p: ChildProposal = { encryption: [], integrity: [], dhGroups: [] };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const bits = /^(128|192|256)$/.test(tokens[i + 1] ?? '') ? tokens[++i]! : undefined;
    if (t === 'esp-aes') p.encryption.push(bits === '256' ? 'aes256' : bits === '192' ? 'aes192' : 'aes128');
    else if (t === 'esp-gcm') p.encryption.push(bits === '256' ? 'aes256gcm16' : bits === '192' ? 'aes192gcm16' : 'aes128gcm16');
    else if (t === 'esp-3des') p.encryption.push('3des');
    else if (t === 'esp-des') p.encryption.push('des');
    else if (t === 'esp-null') p.encryption.push('null');
    else if (t === 'esp-sha-hmac') p.integrity.push('sha1');
    else if (t === 'esp-sha256-hmac') p.integrity.push('sha256');
    else if (t === 'esp-sha384-hmac') p.integrity.push('sha384');
    else if (t === 'esp-sha512-hmac') p.integrity.push('sha512');
    else if (t === 'esp-md5-hmac') p.integrity.push('md5');
    else throw new DeviceConfigError(line, `unknown transform "${t}"`);
  }
  if (p.encryption.length === 0) throw new DeviceConfigError(line, 'transform set without an ESP encryption transform');
  return p;
}

export function parseCiscoIos(text: string): DeviceConfig {
  const lines = text.split(/\r?\n/);
  const masked = lines.map(maskSecrets);
  const unsupported: DeviceLine[] = [];
  const ignored: DeviceLine[] = [];
  const note = (line: number, reason: string, into = unsupported): void => void into.push({ line, text: masked[line - 1]!.trim(), reason });
  const blocks = ciscoBlocks(lines);
  const ikeProposals = new Map<string, Located<IkeProposal>>();
  const ikePolicies: { proposals: string[]; line: number }[] = [];
  const profiles = new Map<string, { lifetime?: Located<number>; dpd?: Located<{ delaySeconds: number; action: string } | null>; remote?: Located<string>; line: number }>();
  const transformSets = new Map<string, Located<ChildProposal>>();
  const ipsecProfiles = new Map<string, { sets: Located<string[]>; ikev2Profile?: string; pfs?: Located<DhGroup>; seconds?: Located<number>; kb?: Located<number>; line: number }>();
  const acls = new Map<string, { local: string[]; remote: string[]; line: number }>();
  const isakmp: Located<IkeProposal>[] = [];
  let isakmpLifetime: Located<number> | undefined;
  let globalSeconds: Located<number> | undefined;
  let globalDpd: Located<{ delaySeconds: number; action: string } | null> | undefined;
  let natt: Located<boolean> = { value: true, line: 0 };
  let psk: Located<boolean> = { value: false, line: 0 };
  const maps: { name: string; seq: number; line: number; peer?: Located<string>; sets?: Located<string[]>; acl?: Located<string>; pfs?: Located<DhGroup>; ikev2Profile?: string; seconds?: Located<number>; kb?: Located<number> }[] = [];
  const tunnels: { name: string; line: number; profile?: Located<string>; destination?: Located<string> }[] = [];
  const addAcl = (name: string, rest: string[], line: number): void => {
    if (rest[0] !== 'permit') return note(line, `ACL entry "${rest[0]}" is not a permit; only permit entries define crypto selectors`);
    const proto = rest[1];
    if (proto !== 'ip') note(line, `selector protocol "${proto}" is narrowed to IP by the check`);
    const src = readAclAddress(rest.slice(2), true);
    const dst = src ? readAclAddress(rest.slice(2 + src.used), true) : undefined;
    if (!src || !dst) throw new DeviceConfigError(line, 'cannot read the source and destination of this access-list entry');
    const acl = acls.get(name) ?? { local: [], remote: [], line };
    acl.local.push(src.prefix);
    acl.remote.push(dst.prefix);
    acls.set(name, acl);
  };
  const readLifetime = (tokens: string[], line: number): { seconds?: Located<number>; kb?: Located<number> } => {
    const v = Number(tokens[1]);
    if (!Number.isFinite(v)) throw new DeviceConfigError(line, `lifetime "${tokens.join(' ')}" needs a number`);
    return tokens[0] === 'kilobytes' ? { kb: { value: v, line } } : { seconds: { value: v, line } };
  };
  for (const b of blocks) {
    const h = b.header.split(' ');
    let m: RegExpExecArray | null;
    if ((m = /^crypto ikev2 proposal (\S+)$/.exec(b.header))) {
      const p: IkeProposal = { encryption: [], integrity: [], prf: [], dhGroups: [] };
      for (const c of b.children) {
        const [k, ...vals] = c.text.split(' ');
        if (k === 'encryption') for (const v of vals) { const e = IKE_ENC[v]; if (!e) throw new DeviceConfigError(c.line, `unknown IKEv2 encryption "${v}"`); p.encryption.push(e); }
        else if (k === 'integrity') for (const v of vals) { const e = IKE_INTEG[v]; if (!e) throw new DeviceConfigError(c.line, `unknown IKEv2 integrity "${v}"`); p.integrity.push(e); }
        else if (k === 'prf') for (const v of vals) { const e = IKE_INTEG[v]; if (!e) throw new DeviceConfigError(c.line, `unknown PRF "${v}"`); p.prf.push(e); }
        else if (k === 'group') for (const v of vals) p.dhGroups.push(group(v, c.line));
        else note(c.line, `unknown IKEv2 proposal command "${k}"`);
      }
      if (p.prf.length === 0) p.prf = [...p.integrity];
      if (p.encryption.length === 0 || p.dhGroups.length === 0 || p.prf.length === 0) throw new DeviceConfigError(b.line, `IKEv2 proposal ${m[1]} needs encryption, integrity (or prf) and group`);
      ikeProposals.set(m[1]!, { value: p, line: b.line });
    } else if (/^crypto ikev2 policy \S+$/.test(b.header)) {
      const names: string[] = [];
      for (const c of b.children) {
        const [k, v] = c.text.split(' ');
        if (k === 'proposal' && v) names.push(v);
        else if (k !== 'match') note(c.line, `unknown IKEv2 policy command "${k}"`);
      }
      ikePolicies.push({ proposals: names, line: b.line });
    } else if (/^crypto ikev2 keyring \S+$/.test(b.header)) {
      for (const c of b.children) {
        if (c.text.startsWith('pre-shared-key')) psk = { value: true, line: c.line };
        else if (!/^(peer|address|identity|description|hostname)\b/.test(c.text)) note(c.line, `unknown keyring command "${c.text.split(' ')[0]}"`);
      }
    } else if ((m = /^crypto ikev2 profile (\S+)$/.exec(b.header))) {
      const prof: { lifetime?: Located<number>; dpd?: Located<{ delaySeconds: number; action: string } | null>; remote?: Located<string>; line: number } = { line: b.line };
      for (const c of b.children) {
        const t = c.text.split(' ');
        if (t[0] === 'lifetime') prof.lifetime = { value: Number(t[1]), line: c.line };
        else if (t[0] === 'dpd') prof.dpd = { value: { delaySeconds: Number(t[1]), action: t[3] ?? 'periodic' }, line: c.line };
        else if (t[0] === 'match' && t[1] === 'identity' && t[2] === 'remote' && t[3] === 'address') prof.remote = { value: t[4]!, line: c.line };
        else if (t[0] === 'match' || t[0] === 'authentication' || t[0] === 'keyring' || t[0] === 'identity' || t[0] === 'description') continue;
        else note(c.line, `"${t[0]}" in an IKEv2 profile is not evaluated by the check`);
      }
      profiles.set(m[1]!, prof);
    } else if ((m = /^crypto ipsec transform-set (\S+) (.+)$/.exec(b.header))) {
      transformSets.set(m[1]!, { value: transformSet(m[2]!.split(' '), b.line), line: b.line });
      for (const c of b.children) if (c.text !== 'mode tunnel') note(c.line, `"${c.text}": Azure uses tunnel mode`);
    } else if ((m = /^crypto ipsec profile (\S+)$/.exec(b.header))) {
      const p: { sets: Located<string[]>; ikev2Profile?: string; pfs?: Located<DhGroup>; seconds?: Located<number>; kb?: Located<number>; line: number } = { sets: { value: [], line: 0 }, line: b.line };
      for (const c of b.children) {
        const t = c.text.split(' ');
        if (t[0] === 'set' && t[1] === 'transform-set') p.sets = { value: t.slice(2), line: c.line };
        else if (t[0] === 'set' && t[1] === 'ikev2-profile') p.ikev2Profile = t[2];
        else if (t[0] === 'set' && t[1] === 'pfs') p.pfs = { value: group(t[2] ?? 'group1', c.line), line: c.line };
        else if (t[0] === 'set' && t[1] === 'security-association' && t[2] === 'lifetime') Object.assign(p, readLifetime(t.slice(3), c.line));
        else note(c.line, `"${c.text}" in an IPsec profile is not evaluated by the check`);
      }
      ipsecProfiles.set(m[1]!, p);
    } else if ((m = /^crypto map (\S+) (\d+) ipsec-isakmp( dynamic .*)?$/.exec(b.header))) {
      const e: (typeof maps)[number] = { name: m[1]!, seq: Number(m[2]), line: b.line };
      for (const c of b.children) {
        const t = c.text.split(' ');
        if (t[0] === 'set' && t[1] === 'peer') e.peer = { value: t[2]!, line: c.line };
        else if (t[0] === 'set' && t[1] === 'transform-set') e.sets = { value: t.slice(2), line: c.line };
        else if (t[0] === 'match' && t[1] === 'address') e.acl = { value: t[2]!, line: c.line };
        else if (t[0] === 'set' && t[1] === 'pfs') e.pfs = { value: group(t[2] ?? 'group1', c.line), line: c.line };
        else if (t[0] === 'set' && t[1] === 'ikev2-profile') e.ikev2Profile = t[2];
        else if (t[0] === 'set' && t[1] === 'security-association' && t[2] === 'lifetime') Object.assign(e, readLifetime(t.slice(3), c.line));
        else note(c.line, `"${c.text}" in a crypto map is not evaluated by the check`);
      }
      maps.push(e);
    } else if (/^crypto isakmp policy \d+$/.test(b.header)) {
      const p: IkeProposal = { encryption: ['3des'], integrity: ['sha1'], prf: ['sha1'], dhGroups: [1] };
      for (const c of b.children) {
        const t = c.text.split(' ');
        if (t[0] === 'encr' || t[0] === 'encryption') p.encryption = [t[1] === 'aes' ? (t[2] === '256' ? 'aes256' : t[2] === '192' ? 'aes192' : 'aes128') : t[1] === '3des' ? '3des' : 'des'];
        else if (t[0] === 'hash') { const i = t[1] === 'sha' ? 'sha1' : IKE_INTEG[t[1]!]; if (!i) throw new DeviceConfigError(c.line, `unknown hash "${t[1]}"`); p.integrity = [i]; p.prf = [i]; }
        else if (t[0] === 'group') p.dhGroups = [group(t[1]!, c.line)];
        else if (t[0] === 'lifetime') isakmpLifetime = { value: Number(t[1]), line: c.line };
        else if (t[0] !== 'authentication') note(c.line, `unknown isakmp policy command "${t[0]}"`);
      }
      isakmp.push({ value: p, line: b.line });
    } else if (/^crypto isakmp key /.test(b.header)) {
      psk = { value: true, line: b.line };
    } else if ((m = /^crypto ipsec security-association lifetime seconds (\d+)$/.exec(b.header))) {
      globalSeconds = { value: Number(m[1]), line: b.line };
    } else if ((m = /^crypto (?:ikev2 dpd|isakmp keepalive) (\d+) (\d+)(?: (\S+))?$/.exec(b.header))) {
      globalDpd = { value: { delaySeconds: Number(m[1]), action: m[3] ?? 'periodic' }, line: b.line };
    } else if (b.header === 'no crypto ipsec nat-transparency udp-encapsulation' || b.header === 'no crypto ipsec nat-transparency udp-encaps') {
      natt = { value: false, line: b.line };
    } else if ((m = /^access-list (\S+) (.+)$/.exec(b.header))) {
      addAcl(m[1]!, m[2]!.split(' '), b.line);
    } else if ((m = /^ip access-list extended (\S+)$/.exec(b.header))) {
      for (const c of b.children) addAcl(m[1]!, c.text.replace(/^\d+ /, '').split(' '), c.line);
    } else if ((m = /^interface (Tunnel\S*)$/i.exec(b.header))) {
      const t: (typeof tunnels)[number] = { name: m[1]!, line: b.line };
      for (const c of b.children) {
        const p = c.text.split(' ');
        if (p[0] === 'tunnel' && p[1] === 'protection') t.profile = { value: p[4]!, line: c.line };
        else if (p[0] === 'tunnel' && p[1] === 'destination') t.destination = { value: p[2]!, line: c.line };
        else if (!(p[0] === 'tunnel' || p[0] === 'ip' || p[0] === 'description' || p[0] === 'shutdown' || p[0] === 'no')) note(c.line, `"${c.text}" on a tunnel interface is not evaluated`, ignored);
      }
      tunnels.push(t);
    } else if (h[0] === 'crypto') {
      note(b.line, `crypto command "${b.header.split(' ').slice(0, 3).join(' ')}" is not evaluated by the check`);
      for (const c of b.children) note(c.line, 'inside an unevaluated crypto block');
    } else {
      note(b.line, 'not an IKE/IPsec command', ignored);
      for (const c of b.children) note(c.line, 'not an IKE/IPsec command', ignored);
    }
  }
  const ikev2Proposals: Located<IkeProposal>[] = [];
  for (const pol of ikePolicies) {
    for (const n of pol.proposals) {
      const p = ikeProposals.get(n);
      if (!p) throw new DeviceConfigError(pol.line, `IKEv2 policy names proposal "${n}", which is not defined`);
      ikev2Proposals.push(p);
    }
  }
  if (ikePolicies.length === 0) {
    if (ikeProposals.size > 0) for (const p of ikeProposals.values()) note(p.line, 'no "crypto ikev2 policy" references this proposal; IOS then uses its default proposal');
    ikev2Proposals.push({ value: IOS_DEFAULT_IKE, line: 0 });
  }
  const sets = (names: Located<string[]> | undefined, line: number): Located<ChildProposal>[] => {
    if (!names || names.value.length === 0) throw new DeviceConfigError(line, 'no transform set is applied (set transform-set <name>)');
    return names.value.map((n) => {
      const t = transformSets.get(n);
      if (!t) throw new DeviceConfigError(names.line, `transform set "${n}" is not defined`);
      return t;
    });
  };
  const build = (name: string, opts: { ikev2Profile?: string; sets: Located<ChildProposal>[]; pfs?: Located<DhGroup>; seconds?: Located<number>; kb?: Located<number>; localTs: Located<string[]>; remoteTs: Located<string[]>; mode: 'route' | 'policy'; peer: Located<string | null>; line: number }): DevicePolicy => {
    const prof = opts.ikev2Profile ? profiles.get(opts.ikev2Profile) : undefined;
    if (opts.ikev2Profile && !prof) throw new DeviceConfigError(opts.line, `IKEv2 profile "${opts.ikev2Profile}" is not defined`);
    const v2 = opts.ikev2Profile !== undefined;
    const ikeLife = v2 ? (prof?.lifetime ?? { value: IOS_IKE_LIFETIME, line: 0 }) : (isakmpLifetime ?? { value: IOS_IKEV1_LIFETIME, line: 0 });
    const childLife = opts.seconds ?? globalSeconds ?? { value: IOS_IPSEC_LIFETIME, line: 0 };
    const withPfs = opts.sets.map((s) => ({ value: { ...s.value, dhGroups: opts.pfs ? [opts.pfs.value] : [] }, line: s.line }));
    return ciscoDevicePolicy({
      dialect: 'cisco-ios',
      name,
      ikeVersions: { value: v2 ? [2] : [1], line: opts.line },
      ikeProposals: v2 ? ikev2Proposals : isakmp.length ? isakmp : [{ value: { encryption: ['aes256', 'aes192', 'aes128', '3des'], integrity: ['sha256', 'sha1'], prf: ['sha256', 'sha1'], dhGroups: [2] }, line: 0 }],
      childProposals: withPfs,
      ikeLifetime: ikeLife,
      childLifetime: childLife,
      childKilobytes: opts.kb ?? { value: IOS_IPSEC_KB, line: 0 },
      localTs: opts.localTs,
      remoteTs: opts.remoteTs,
      mode: opts.mode,
      line: opts.line,
      peer: opts.peer,
      dpd: prof?.dpd ?? globalDpd ?? { value: null, line: 0 },
      natTraversal: natt,
      hasPsk: psk,
    });
  };
  const connections: DevicePolicy[] = [];
  for (const t of tunnels) {
    if (!t.profile) continue;
    const p = ipsecProfiles.get(t.profile.value);
    if (!p) throw new DeviceConfigError(t.profile.line, `IPsec profile "${t.profile.value}" is not defined`);
    const any: Located<string[]> = { value: ['0.0.0.0/0'], line: t.line };
    connections.push(build(t.name, { ...p, sets: sets(p.sets, p.line), localTs: any, remoteTs: any, mode: 'route', peer: t.destination ?? { value: null, line: 0 }, line: t.line }));
  }
  for (const e of maps) {
    const acl = e.acl ? acls.get(e.acl.value) : undefined;
    if (e.acl && !acl) throw new DeviceConfigError(e.acl.line, `access list "${e.acl.value}" is not defined`);
    if (!acl) throw new DeviceConfigError(e.line, `crypto map ${e.name} ${e.seq} has no "match address <acl>"`);
    connections.push(build(`${e.name} ${e.seq}`, {
      ...e, sets: sets(e.sets, e.line),
      localTs: { value: acl.local, line: acl.line }, remoteTs: { value: acl.remote, line: acl.line }, mode: 'policy', peer: e.peer ?? { value: null, line: 0 }, line: e.line,
    }));
  }
  if (connections.length === 0) throw new DeviceConfigError(0, 'no tunnel: expected an "interface Tunnel..." with "tunnel protection ipsec profile" or a "crypto map ... ipsec-isakmp"');
  return { dialect: 'cisco-ios', connections, unsupported, ignored, maskedLines: masked };
}

export type { CiscoBlock };
