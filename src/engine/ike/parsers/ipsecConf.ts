// strongSwan's legacy ipsec.conf (stroke/starter): `config setup` and `conn <name>` sections with
// indented key=value settings, `conn %default` and `also=` inheritance.
import { parseStrongSwanProposal, type ChildProposal, type IkeProposal } from '../algorithms';
import { DeviceConfigError, maskSecrets, parseStrongSwanDuration, type DeviceConfig, type DeviceLine, type DevicePolicy, type Located } from '../devicePolicy';
import { IPSEC_CONF_CHILD_LIFETIME, IPSEC_CONF_IKE_LIFETIME, IPSEC_CONF_MARGIN, STRONGSWAN_DEFAULT_ESP, STRONGSWAN_DEFAULT_IKE } from './strongSwanDefaults';

interface Section {
  kind: 'conn' | 'config' | 'ca';
  name: string;
  line: number;
  settings: Map<string, { value: string; line: number }>;
}

const KNOWN = new Set([
  'keyexchange', 'ike', 'esp', 'ikelifetime', 'lifetime', 'keylife', 'margintime', 'rekeymargin', 'rekeyfuzz', 'reauth', 'rekey',
  'left', 'right', 'leftsubnet', 'rightsubnet', 'auto', 'dpddelay', 'dpdtimeout', 'dpdaction', 'authby', 'type', 'forceencaps',
  'leftid', 'rightid', 'also', 'leftauth', 'rightauth', 'ikedscp', 'keyingtries', 'mobike', 'fragmentation', 'mark', 'leftupdown',
  'installpolicy', 'closeaction', 'compress', 'aggressive', 'leftsourceip', 'rightsourceip', 'leftfirewall', 'lifebytes', 'marginbytes',
]);
const NOT_EVALUATED = new Set(['keyingtries', 'mobike', 'fragmentation', 'mark', 'leftupdown', 'installpolicy', 'closeaction', 'compress', 'aggressive', 'leftsourceip', 'rightsourceip', 'leftfirewall', 'ikedscp', 'marginbytes', 'leftid', 'rightid', 'rekeyfuzz', 'dpdtimeout']);

function parseSections(lines: string[]): Section[] {
  const out: Section[] = [];
  let cur: Section | undefined;
  lines.forEach((raw, i) => {
    const n = i + 1;
    const noComment = raw.replace(/#.*$/, '');
    if (noComment.trim() === '') return;
    const indented = /^\s/.test(noComment);
    const text = noComment.trim();
    let m: RegExpExecArray | null;
    if (!indented) {
      if ((m = /^conn\s+(\S+)$/.exec(text))) cur = { kind: 'conn', name: m[1]!, line: n, settings: new Map() };
      else if (text === 'config setup') cur = { kind: 'config', name: 'setup', line: n, settings: new Map() };
      else if ((m = /^ca\s+(\S+)$/.exec(text))) cur = { kind: 'ca', name: m[1]!, line: n, settings: new Map() };
      else if (/^version\s/.test(text) || /^include\s/.test(text)) return;
      else throw new DeviceConfigError(n, `expected "conn <name>", "config setup" or an indented key=value, found "${maskSecrets(text)}"`);
      out.push(cur);
      return;
    }
    if (!cur) throw new DeviceConfigError(n, 'setting outside any "conn" or "config setup" section');
    if (!(m = /^([\w%]+)\s*=\s*(.*)$/.exec(text))) throw new DeviceConfigError(n, `expected key=value, found "${maskSecrets(text)}"`);
    cur.settings.set(m[1]!, { value: m[2]!.replace(/^"(.*)"$/, '$1').trim(), line: n });
  });
  return out;
}

/** "aes256-sha1-modp1024,aes128-sha1-modp1024!": without "!" charon appends its defaults. */
function proposalList<T extends IkeProposal | ChildProposal>(s: { value: string; line: number } | undefined, kind: 'ike' | 'esp', defaults: T[]): Located<T>[] {
  if (!s) return defaults.map((p) => ({ value: p, line: 0 }));
  const strict = s.value.trim().endsWith('!');
  const body = s.value.trim().replace(/!$/, '');
  const out: Located<T>[] = [];
  for (const text of body.split(',')) {
    try {
      out.push({ value: parseStrongSwanProposal(text, kind) as T, line: s.line });
    } catch (e) {
      throw new DeviceConfigError(s.line, (e as Error).message);
    }
  }
  if (!strict) out.push(...defaults.map((p) => ({ value: p, line: s.line })));
  return out;
}

export function parseIpsecConf(text: string): DeviceConfig {
  const lines = text.split(/\r?\n/);
  const masked = lines.map(maskSecrets);
  const unsupported: DeviceLine[] = [];
  const ignored: DeviceLine[] = [];
  const sections = parseSections(lines);
  const conns = new Map(sections.filter((s) => s.kind === 'conn').map((s) => [s.name, s]));
  const defaults = conns.get('%default');
  const note = (line: number, reason: string, into = unsupported): void => void into.push({ line, text: masked[line - 1]!.trim(), reason });
  for (const s of sections) {
    if (s.kind !== 'conn') {
      for (const [, v] of s.settings) note(v.line, `${s.kind} ${s.name} settings do not affect the IKE/IPsec check`, ignored);
      continue;
    }
    for (const [k, v] of s.settings) {
      if (!KNOWN.has(k)) note(v.line, `unknown ipsec.conf setting "${k}"`);
      else if (NOT_EVALUATED.has(k)) note(v.line, `"${k}" is not evaluated by the check`);
    }
  }
  /** Effective settings of a conn: %default, then also= chains, then its own. */
  const effective = (c: Section, seen = new Set<string>()): Map<string, { value: string; line: number }> => {
    const out = new Map(defaults && c !== defaults ? defaults.settings : []);
    const also = c.settings.get('also');
    if (also) {
      for (const name of also.value.split(/\s+/)) {
        const parent = conns.get(name);
        if (!parent) throw new DeviceConfigError(also.line, `also=${name}: no conn "${name}" in this file`);
        if (seen.has(name)) throw new DeviceConfigError(also.line, `also=${name} loops back to itself`);
        for (const [k, v] of effective(parent, new Set([...seen, c.name]))) out.set(k, v);
      }
    }
    for (const [k, v] of c.settings) out.set(k, v);
    return out;
  };
  const connections: DevicePolicy[] = [];
  for (const c of conns.values()) {
    if (c.name === '%default') continue;
    const s = effective(c);
    const auto = s.get('auto');
    // A conn only used through also= (auto=ignore or never started) is a template.
    if (auto?.value === 'ignore') continue;
    const dur = (key: string, fallback: number): Located<number> => {
      const v = s.get(key);
      if (!v) return { value: fallback, line: 0 };
      const d = parseStrongSwanDuration(v.value);
      if (d === undefined) throw new DeviceConfigError(v.line, `${key}=${v.value} is not a duration`);
      return { value: d, line: v.line };
    };
    const kx = s.get('keyexchange');
    const versions: (1 | 2)[] = !kx || kx.value === 'ikev2' ? [2] : kx.value === 'ikev1' ? [1] : kx.value === 'ike' ? [1, 2] : [];
    if (kx && versions.length === 0) throw new DeviceConfigError(kx.line, `keyexchange=${kx.value} (expected ikev1, ikev2 or ike)`);
    const ikeLife = dur('ikelifetime', IPSEC_CONF_IKE_LIFETIME);
    const childLife = s.has('lifetime') ? dur('lifetime', IPSEC_CONF_CHILD_LIFETIME) : dur('keylife', IPSEC_CONF_CHILD_LIFETIME);
    const margin = s.has('margintime') ? dur('margintime', IPSEC_CONF_MARGIN) : dur('rekeymargin', IPSEC_CONF_MARGIN);
    const reauthSetting = s.get('reauth');
    // IKEv2 re-authenticates by default (reauth=yes); IKEv1 always re-authenticates.
    const reauth = versions.includes(1) && versions.length === 1 ? true : reauthSetting ? reauthSetting.value !== 'no' : true;
    const rekey = s.get('rekey');
    const leftsubnet = s.get('leftsubnet');
    const rightsubnet = s.get('rightsubnet');
    const localTs = leftsubnet ? { value: leftsubnet.value.split(',').map((x) => x.trim()), line: leftsubnet.line } : { value: ['dynamic'], line: 0 };
    const remoteTs = rightsubnet ? { value: rightsubnet.value.split(',').map((x) => x.trim()), line: rightsubnet.line } : { value: ['dynamic'], line: 0 };
    const anyAny = (ts: string[]): boolean => ts.every((t) => t === '0.0.0.0/0');
    const dpddelay = dur('dpddelay', 30);
    const dpdaction = s.get('dpdaction');
    const authby = s.get('authby');
    if (authby && !['psk', 'secret'].includes(authby.value)) note(authby.line, `authby=${authby.value}: Azure site-to-site uses a pre-shared key`);
    const type = s.get('type');
    if (type && type.value !== 'tunnel') note(type.line, `type=${type.value}: Azure uses tunnel mode`);
    const right = s.get('right');
    const lifebytes = s.get('lifebytes');
    connections.push({
      dialect: 'ipsec.conf',
      name: c.name,
      ikeVersions: { value: versions, line: kx?.line ?? 0 },
      ikeProposals: proposalList<IkeProposal>(s.get('ike'), 'ike', STRONGSWAN_DEFAULT_IKE),
      childProposals: proposalList<ChildProposal>(s.get('esp'), 'esp', STRONGSWAN_DEFAULT_ESP),
      ikeLifetimeSeconds: ikeLife,
      ikeRekeySeconds: { value: Math.max(0, ikeLife.value - margin.value), line: ikeLife.line || margin.line },
      reauth: { value: reauth && rekey?.value !== 'no', line: reauthSetting?.line ?? 0 },
      childLifetimeSeconds: childLife,
      childRekeySeconds: { value: Math.max(0, childLife.value - margin.value), line: childLife.line || margin.line },
      childLifetimeKilobytes: lifebytes ? { value: Math.round(Number(lifebytes.value) / 1024), line: lifebytes.line } : { value: null, line: 0 },
      localTs,
      remoteTs,
      mode: { value: anyAny(localTs.value) && anyAny(remoteTs.value) ? 'route' : 'policy', line: localTs.line || remoteTs.line },
      dpd: { value: dpdaction && dpdaction.value !== 'none' ? { delaySeconds: dpddelay.value, action: dpdaction.value } : null, line: dpdaction?.line ?? 0 },
      natTraversal: { value: true, line: s.get('forceencaps')?.line ?? 0 },
      initiates: { value: auto?.value === 'start' || auto?.value === 'route', line: auto?.line ?? 0 },
      remoteAddress: { value: right?.value ?? null, line: right?.line ?? 0 },
      hasPsk: { value: false, line: 0 },
      responderPrefersOwn: true,
      narrowsSelectors: true,
    });
  }
  if (connections.length === 0) throw new DeviceConfigError(0, 'no "conn <name>" section found (an ipsec.conf needs at least one connection besides %default)');
  return { dialect: 'ipsec.conf', connections, unsupported, ignored, maskedLines: masked };
}
