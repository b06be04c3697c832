// Juniper SRX in "set" form: security ike proposal/policy/gateway and security ipsec
// proposal/policy/vpn. One algorithm per proposal; policies list proposals in order.
import type { ChildProposal, DhGroup, Encryption, IkeProposal, Integrity } from '../algorithms';
import { dhFromNumber } from '../algorithms';
import { DeviceConfigError, maskSecrets, type DeviceConfig, type DeviceLine, type DevicePolicy, type Located } from '../devicePolicy';

const ENC: Record<string, Encryption> = { 'aes-128-cbc': 'aes128', 'aes-192-cbc': 'aes192', 'aes-256-cbc': 'aes256', 'aes-128-gcm': 'aes128gcm16', 'aes-192-gcm': 'aes192gcm16', 'aes-256-gcm': 'aes256gcm16', '3des-cbc': '3des', 'des-cbc': 'des' };
const IKE_AUTH: Record<string, Integrity> = { md5: 'md5', sha1: 'sha1', 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512' };
const ESP_AUTH: Record<string, Integrity> = { 'hmac-md5-96': 'md5', 'hmac-sha1-96': 'sha1', 'hmac-sha-256-128': 'sha256', 'hmac-sha-256-96': 'sha256', 'hmac-sha-384': 'sha384', 'hmac-sha-512': 'sha512' };
const IKE_LIFETIME = 28_800;
const IPSEC_LIFETIME = 3_600;
const SOFT = 0.9;

function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|\[([^\]]*)\]|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[1] ?? (m[2] !== undefined ? `[${m[2].trim()}]` : m[3]!));
  return out;
}
const listOf = (w: string): string[] => (w.startsWith('[') ? w.slice(1, -1).trim().split(/\s+/) : [w]);

function group(tok: string, line: number): DhGroup {
  const g = dhFromNumber(Number(tok.replace(/^group/, '')));
  if (g === undefined) throw new DeviceConfigError(line, `unknown dh-group "${tok}"`);
  return g;
}

export function parseJunos(text: string): DeviceConfig {
  const lines = text.split(/\r?\n/);
  const masked = lines.map(maskSecrets);
  const unsupported: DeviceLine[] = [];
  const ignored: DeviceLine[] = [];
  const note = (line: number, reason: string, into = unsupported): void => void into.push({ line, text: masked[line - 1]!.trim(), reason });
  type Prop = { enc?: Encryption; integ?: Integrity; dh?: DhGroup; seconds?: Located<number>; kb?: Located<number>; line: number };
  const ikeProps = new Map<string, Prop>();
  const ipsecProps = new Map<string, Prop>();
  const ikePolicies = new Map<string, { proposals?: Located<string[]>; mode?: string; psk?: Located<boolean>; line: number }>();
  const ipsecPolicies = new Map<string, { proposals?: Located<string[]>; pfs?: Located<DhGroup>; line: number }>();
  const gateways = new Map<string, { policy?: string; address?: Located<string>; version?: Located<(1 | 2)[]>; dpd?: Located<{ delaySeconds: number; action: string } | null>; natt?: Located<boolean>; line: number }>();
  const vpns = new Map<string, { gateway?: Located<string>; policy?: Located<string>; bind?: Located<string>; establish?: Located<boolean>; local?: Located<string[]>; remote?: Located<string[]>; line: number }>();
  const get = <T extends { line: number }>(m: Map<string, T>, k: string, line: number): T => {
    let v = m.get(k);
    if (!v) {
      v = { line } as T;
      m.set(k, v);
    }
    return v;
  };
  lines.forEach((raw, i) => {
    const n = i + 1;
    const text = raw.replace(/#.*$/, '').trim();
    if (text === '') return;
    const w = words(text);
    if (w[0] !== 'set' && w[0] !== 'delete' && w[0] !== 'deactivate') throw new DeviceConfigError(n, `expected a "set ..." command, found "${masked[i]!.trim()}"`);
    if (w[1] !== 'security' || (w[2] !== 'ike' && w[2] !== 'ipsec')) return note(n, 'not under "security ike" or "security ipsec"', ignored);
    if (w[0] !== 'set') return note(n, `"${w[0]}" commands are not applied by the check`);
    const [, , area, kind, name, key, ...rest] = w;
    if (!name || !key) return note(n, 'incomplete statement');
    const v = rest[0];
    try {
      if (area === 'ike' && kind === 'proposal') {
        const p = get(ikeProps, name, n);
        if (key === 'encryption-algorithm') { p.enc = ENC[v!]; if (!p.enc) throw new Error(`unknown encryption-algorithm "${v}"`); }
        else if (key === 'authentication-algorithm') { p.integ = IKE_AUTH[v!]; if (!p.integ) throw new Error(`unknown authentication-algorithm "${v}"`); }
        else if (key === 'dh-group') p.dh = group(v!, n);
        else if (key === 'lifetime-seconds') p.seconds = { value: Number(v), line: n };
        else if (key !== 'authentication-method' && key !== 'description') note(n, `ike proposal "${key}" is not evaluated`);
      } else if (area === 'ike' && kind === 'policy') {
        const p = get(ikePolicies, name, n);
        if (key === 'proposals') p.proposals = { value: listOf(v!), line: n };
        else if (key === 'mode') p.mode = v;
        else if (key === 'pre-shared-key') p.psk = { value: true, line: n };
        else if (key === 'proposal-set') note(n, `predefined proposal-set "${v}" is not expanded by the check; list proposals explicitly`);
        else note(n, `ike policy "${key}" is not evaluated`);
      } else if (area === 'ike' && kind === 'gateway') {
        const g = get(gateways, name, n);
        if (key === 'ike-policy') g.policy = v;
        else if (key === 'address') g.address = { value: v!, line: n };
        else if (key === 'version') g.version = { value: v === 'v2-only' ? [2] : v === 'v1-only' ? [1] : [1, 2], line: n };
        else if (key === 'dead-peer-detection') {
          const iv = rest.indexOf('interval');
          g.dpd = { value: { delaySeconds: iv >= 0 ? Number(rest[iv + 1]) : 10, action: 'restart' }, line: n };
        } else if (key === 'no-nat-traversal') g.natt = { value: false, line: n };
        else if (!['external-interface', 'local-identity', 'remote-identity', 'local-address', 'general-ikeid'].includes(key)) note(n, `ike gateway "${key}" is not evaluated`);
      } else if (area === 'ipsec' && kind === 'proposal') {
        const p = get(ipsecProps, name, n);
        if (key === 'encryption-algorithm') { p.enc = ENC[v!]; if (!p.enc) throw new Error(`unknown encryption-algorithm "${v}"`); }
        else if (key === 'authentication-algorithm') { p.integ = ESP_AUTH[v!]; if (!p.integ) throw new Error(`unknown authentication-algorithm "${v}"`); }
        else if (key === 'lifetime-seconds') p.seconds = { value: Number(v), line: n };
        else if (key === 'lifetime-kilobytes') p.kb = { value: Number(v), line: n };
        else if (key === 'protocol') { if (v !== 'esp') note(n, `protocol ${v}: Azure uses ESP`); }
        else if (key !== 'description') note(n, `ipsec proposal "${key}" is not evaluated`);
      } else if (area === 'ipsec' && kind === 'policy') {
        const p = get(ipsecPolicies, name, n);
        if (key === 'proposals') p.proposals = { value: listOf(v!), line: n };
        else if (key === 'perfect-forward-secrecy' && rest[0] === 'keys') p.pfs = { value: group(rest[1]!, n), line: n };
        else if (key === 'proposal-set') note(n, `predefined proposal-set "${v}" is not expanded by the check; list proposals explicitly`);
        else note(n, `ipsec policy "${key}" is not evaluated`);
      } else if (area === 'ipsec' && kind === 'vpn') {
        const p = get(vpns, name, n);
        if (key === 'ike' && v === 'gateway') p.gateway = { value: rest[1]!, line: n };
        else if (key === 'ike' && v === 'ipsec-policy') p.policy = { value: rest[1]!, line: n };
        else if (key === 'ike' && v === 'proxy-identity') {
          const li = rest.indexOf('local');
          const ri = rest.indexOf('remote');
          if (li >= 0) p.local = { value: [rest[li + 1]!], line: n };
          if (ri >= 0) p.remote = { value: [rest[ri + 1]!], line: n };
        } else if (key === 'traffic-selector') {
          const li = rest.indexOf('local-ip');
          const ri = rest.indexOf('remote-ip');
          if (li >= 0) p.local = { value: [...(p.local?.value ?? []), rest[li + 1]!], line: n };
          if (ri >= 0) p.remote = { value: [...(p.remote?.value ?? []), rest[ri + 1]!], line: n };
        } else if (key === 'bind-interface') p.bind = { value: v!, line: n };
        else if (key === 'establish-tunnels') p.establish = { value: v === 'immediately', line: n };
        else note(n, `ipsec vpn "${[key, v].join(' ')}" is not evaluated`);
      } else note(n, `"security ${area} ${kind}" is not evaluated by the check`);
    } catch (e) {
      if (e instanceof DeviceConfigError) throw e;
      throw new DeviceConfigError(n, (e as Error).message);
    }
  });
  const connections: DevicePolicy[] = [];
  for (const [name, vpn] of vpns) {
    if (!vpn.gateway) throw new DeviceConfigError(vpn.line, `ipsec vpn ${name} has no "ike gateway"`);
    const gw = gateways.get(vpn.gateway.value);
    if (!gw) throw new DeviceConfigError(vpn.gateway.line, `ike gateway "${vpn.gateway.value}" is not defined`);
    const ikePol = gw.policy ? ikePolicies.get(gw.policy) : undefined;
    if (!ikePol) throw new DeviceConfigError(gw.line, `ike gateway ${vpn.gateway.value} needs an existing "ike-policy"`);
    if (!vpn.policy) throw new DeviceConfigError(vpn.line, `ipsec vpn ${name} has no "ike ipsec-policy"`);
    const ipPol = ipsecPolicies.get(vpn.policy.value);
    if (!ipPol) throw new DeviceConfigError(vpn.policy.line, `ipsec policy "${vpn.policy.value}" is not defined`);
    const ikeList = (ikePol.proposals?.value ?? []).map((p) => {
      const x = ikeProps.get(p);
      if (!x) throw new DeviceConfigError(ikePol.proposals!.line, `ike proposal "${p}" is not defined`);
      if (!x.enc || !x.dh || (!x.integ && !x.enc.endsWith('gcm16'))) throw new DeviceConfigError(x.line, `ike proposal "${p}" needs encryption-algorithm, authentication-algorithm and dh-group`);
      return { x, located: { value: { encryption: [x.enc], integrity: x.integ && !x.enc.endsWith('gcm16') ? [x.integ] : [], prf: [x.integ ?? 'sha256'], dhGroups: [x.dh] } as IkeProposal, line: x.line } };
    });
    if (ikeList.length === 0) throw new DeviceConfigError(ikePol.line, `ike policy ${gw.policy} lists no proposals`);
    const ipList = (ipPol.proposals?.value ?? []).map((p) => {
      const x = ipsecProps.get(p);
      if (!x) throw new DeviceConfigError(ipPol.proposals!.line, `ipsec proposal "${p}" is not defined`);
      if (!x.enc) throw new DeviceConfigError(x.line, `ipsec proposal "${p}" needs an encryption-algorithm`);
      return { x, located: { value: { encryption: [x.enc], integrity: x.integ ? [x.integ] : [], dhGroups: ipPol.pfs ? [ipPol.pfs.value] : [] } as ChildProposal, line: x.line } };
    });
    if (ipList.length === 0) throw new DeviceConfigError(ipPol.line, `ipsec policy ${vpn.policy.value} lists no proposals`);
    const ikeLife = ikeList[0]!.x.seconds ?? { value: IKE_LIFETIME, line: 0 };
    const childLife = ipList[0]!.x.seconds ?? { value: IPSEC_LIFETIME, line: 0 };
    const route = vpn.bind !== undefined && vpn.local === undefined;
    const any: Located<string[]> = { value: ['0.0.0.0/0'], line: vpn.bind?.line ?? 0 };
    const versions: Located<(1 | 2)[]> = gw.version ?? { value: [1], line: 0 };
    connections.push({
      dialect: 'junos',
      name,
      ikeVersions: versions,
      ikeProposals: ikeList.map((p) => p.located),
      childProposals: ipList.map((p) => p.located),
      ikeLifetimeSeconds: ikeLife,
      ikeRekeySeconds: { value: Math.round(ikeLife.value * SOFT), line: ikeLife.line },
      reauth: { value: false, line: 0 },
      childLifetimeSeconds: childLife,
      childRekeySeconds: { value: Math.round(childLife.value * SOFT), line: childLife.line },
      childLifetimeKilobytes: ipList[0]!.x.kb ?? { value: null, line: 0 },
      localTs: route ? any : (vpn.local ?? any),
      remoteTs: route ? any : (vpn.remote ?? any),
      mode: { value: route ? 'route' : 'policy', line: vpn.bind?.line ?? vpn.local?.line ?? 0 },
      dpd: gw.dpd ?? { value: null, line: 0 },
      natTraversal: gw.natt ?? { value: true, line: 0 },
      initiates: { value: vpn.establish?.value ?? true, line: vpn.establish?.line ?? 0 },
      remoteAddress: gw.address ?? { value: null, line: 0 },
      hasPsk: ikePol.psk ?? { value: false, line: 0 },
      responderPrefersOwn: false,
      narrowsSelectors: route,
    });
  }
  if (connections.length === 0) throw new DeviceConfigError(0, 'no "set security ipsec vpn <name> ..." statement: nothing to check');
  return { dialect: 'junos', connections, unsupported, ignored, maskedLines: masked };
}
