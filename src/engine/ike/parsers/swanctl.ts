// swanctl.conf (strongSwan's vici configuration): sections in braces, `key = value` settings.
import { parseStrongSwanProposal, type ChildProposal, type IkeProposal } from '../algorithms';
import { DeviceConfigError, maskSecrets, parseStrongSwanDuration, type DeviceConfig, type DeviceLine, type DevicePolicy, type Located } from '../devicePolicy';
import { STRONGSWAN_DEFAULT_ESP, STRONGSWAN_DEFAULT_IKE, SWANCTL_CHILD_REKEY, SWANCTL_IKE_REKEY } from './strongSwanDefaults';

interface Node {
  name: string;
  line: number;
  settings: Map<string, { value: string; line: number }>;
  sections: Node[];
}

function parseTree(lines: string[], unsupported: DeviceLine[]): Node {
  const root: Node = { name: '', line: 0, settings: new Map(), sections: [] };
  const stack: Node[] = [root];
  // Braces may share a line with settings ("local { auth = psk }"): split them into statements.
  const statements: { text: string; n: number; raw: string }[] = [];
  lines.forEach((raw, i) => {
    const body = raw.replace(/#.*$/, '');
    for (const part of body.split(/(?<=\{)|(?=\})|(?<=\})/)) if (part.trim() !== '') statements.push({ text: part.trim(), n: i + 1, raw });
  });
  statements.forEach(({ text, n, raw }) => {
    let m: RegExpExecArray | null;
    if ((m = /^([\w.-]+)\s*\{$/.exec(text))) {
      const node: Node = { name: m[1]!, line: n, settings: new Map(), sections: [] };
      stack[stack.length - 1]!.sections.push(node);
      stack.push(node);
    } else if (text === '}') {
      if (stack.length === 1) throw new DeviceConfigError(n, 'unexpected "}" (no section is open)');
      stack.pop();
    } else if ((m = /^([\w.-]+)\s*=\s*(.*)$/.exec(text))) {
      stack[stack.length - 1]!.settings.set(m[1]!, { value: m[2]!.replace(/^"(.*)"$/, '$1').trim(), line: n });
    } else if (/^include\s/.test(text)) {
      unsupported.push({ line: n, text: maskSecrets(raw), reason: 'include files are not followed; paste the included file' });
    } else {
      throw new DeviceConfigError(n, `expected "name {", "}" or "key = value", found "${maskSecrets(text)}"`);
    }
  });
  if (stack.length > 1) {
    const open = stack[stack.length - 1]!;
    throw new DeviceConfigError(open.line, `section "${open.name}" is never closed (missing "}")`);
  }
  return root;
}

const CONN_KEYS = new Set(['version', 'local_addrs', 'remote_addrs', 'proposals', 'rekey_time', 'reauth_time', 'over_time', 'dpd_delay', 'dpd_timeout', 'encap', 'mobike', 'keyingtries', 'unique', 'fragmentation', 'aggressive', 'local_port', 'remote_port', 'if_id_in', 'if_id_out', 'send_cert', 'send_certreq', 'rand_time']);
const CHILD_KEYS = new Set(['local_ts', 'remote_ts', 'esp_proposals', 'rekey_time', 'life_time', 'rand_time', 'rekey_bytes', 'life_bytes', 'start_action', 'dpd_action', 'close_action', 'mode', 'updown', 'if_id_in', 'if_id_out', 'mark_in', 'mark_out', 'policies', 'ipcomp', 'hostaccess', 'set_mark_in', 'set_mark_out']);
/** Settings that matter for interoperability but that this check does not evaluate. */
const CHECK_IGNORES = new Set(['mobike', 'keyingtries', 'unique', 'fragmentation', 'local_port', 'remote_port', 'if_id_in', 'if_id_out', 'send_cert', 'send_certreq', 'rand_time', 'updown', 'mark_in', 'mark_out', 'policies', 'ipcomp', 'hostaccess', 'set_mark_in', 'set_mark_out', 'close_action', 'over_time', 'rekey_bytes', 'dpd_timeout']);

function proposals<T extends IkeProposal | ChildProposal>(s: { value: string; line: number } | undefined, kind: 'ike' | 'esp', defaults: T[]): Located<T>[] {
  if (!s || s.value.trim() === '' || s.value.trim() === 'default') return defaults.map((p) => ({ value: p, line: s?.line ?? 0 }));
  const out: Located<T>[] = [];
  for (const text of s.value.split(',')) {
    if (text.trim() === 'default') {
      out.push(...defaults.map((p) => ({ value: p, line: s.line })));
      continue;
    }
    try {
      out.push({ value: parseStrongSwanProposal(text, kind) as T, line: s.line });
    } catch (e) {
      throw new DeviceConfigError(s.line, (e as Error).message);
    }
  }
  return out;
}

function duration(s: { value: string; line: number } | undefined, fallback: number): Located<number> {
  if (!s) return { value: fallback, line: 0 };
  const v = parseStrongSwanDuration(s.value);
  if (v === undefined) throw new DeviceConfigError(s.line, `"${s.value}" is not a duration (e.g. 28800, 8h, 480m)`);
  return { value: v, line: s.line };
}

function list(s: { value: string; line: number } | undefined, fallback: string[]): Located<string[]> {
  if (!s) return { value: fallback, line: 0 };
  return { value: s.value.split(',').map((x) => x.trim()).filter((x) => x !== ''), line: s.line };
}

export function parseSwanctl(text: string): DeviceConfig {
  const lines = text.split(/\r?\n/);
  const unsupported: DeviceLine[] = [];
  const ignored: DeviceLine[] = [];
  const root = parseTree(lines, unsupported);
  const masked = lines.map(maskSecrets);
  const note = (line: number, reason: string, into = unsupported): void => {
    into.push({ line, text: masked[line - 1]!.trim(), reason });
  };
  const connections: DevicePolicy[] = [];
  const secretsSections = root.sections.filter((s) => s.name === 'secrets');
  const hasIkeSecret = secretsSections.some((s) => s.sections.some((x) => x.name.startsWith('ike') && x.settings.has('secret')));
  for (const top of root.sections) {
    if (top.name === 'secrets') {
      for (const sec of top.sections) if (!sec.name.startsWith('ike')) note(sec.line, `secret type "${sec.name}" does not concern a pre-shared IKE key`, ignored);
      continue;
    }
    if (top.name !== 'connections') {
      note(top.line, `section "${top.name}" (pools, authorities) does not affect the IKE/IPsec check`, ignored);
      continue;
    }
    for (const conn of top.sections) {
      const s = conn.settings;
      for (const [k, v] of s) {
        if (!CONN_KEYS.has(k)) note(v.line, `unknown connection setting "${k}"`);
        else if (CHECK_IGNORES.has(k)) note(v.line, `"${k}" is not evaluated by the check`);
      }
      const children = conn.sections.find((x) => x.name === 'children');
      for (const sub of conn.sections) {
        if (sub.name === 'local' || sub.name.startsWith('local-') || sub.name === 'remote' || sub.name.startsWith('remote-')) {
          for (const [k, v] of sub.settings) if (!['auth', 'id', 'certs', 'cacerts', 'pubkeys', 'groups', 'eap_id', 'revocation'].includes(k)) note(v.line, `unknown ${sub.name} setting "${k}"`);
          const auth = sub.settings.get('auth');
          if (auth && auth.value !== 'psk') note(auth.line, `authentication "${auth.value}": Azure site-to-site uses a pre-shared key`);
        } else if (sub.name !== 'children') note(sub.line, `unknown section "${sub.name}" in connection "${conn.name}"`);
      }
      const version = s.get('version');
      const versions: (1 | 2)[] = version?.value === '1' ? [1] : version?.value === '2' ? [2] : version && version.value !== '0' ? [] : [1, 2];
      if (version && versions.length === 0) throw new DeviceConfigError(version.line, `version "${version.value}" (expected 0, 1 or 2)`);
      const ikeRekey = duration(s.get('rekey_time'), SWANCTL_IKE_REKEY);
      const reauthTime = duration(s.get('reauth_time'), 0);
      const reauth = reauthTime.value > 0;
      const ikeLife = reauth
        ? { value: Math.round(reauthTime.value * 1.1), line: reauthTime.line }
        : { value: Math.round(ikeRekey.value * 1.1), line: ikeRekey.line };
      const dpdDelay = duration(s.get('dpd_delay'), 0);
      const encap = s.get('encap');
      const remote = s.get('remote_addrs');
      const childNodes = children?.sections ?? [];
      if (childNodes.length === 0) {
        throw new DeviceConfigError(conn.line, `connection "${conn.name}" has no children { } section, so no CHILD SA (IPsec SA) can be negotiated`);
      }
      for (const child of childNodes) {
        const c = child.settings;
        for (const [k, v] of c) {
          if (!CHILD_KEYS.has(k)) note(v.line, `unknown child setting "${k}"`);
          else if (CHECK_IGNORES.has(k)) note(v.line, `"${k}" is not evaluated by the check`);
        }
        const childRekey = duration(c.get('rekey_time'), SWANCTL_CHILD_REKEY);
        const childLifeRaw = c.get('life_time');
        const childLife = childLifeRaw ? duration(childLifeRaw, 0) : { value: Math.round(childRekey.value * 1.1), line: childRekey.line };
        const lifeBytes = c.get('life_bytes');
        const start = c.get('start_action');
        const startVals = (start?.value ?? 'none').split('|').map((x) => x.trim());
        const dpdAction = c.get('dpd_action');
        const localTs = list(c.get('local_ts'), ['dynamic']);
        const remoteTs = list(c.get('remote_ts'), ['dynamic']);
        const anyAny = (ts: string[]): boolean => ts.every((t) => t === '0.0.0.0/0');
        const mode = c.get('mode');
        if (mode && mode.value !== 'tunnel') note(mode.line, `mode ${mode.value}: Azure uses tunnel mode`);
        connections.push({
          dialect: 'swanctl',
          name: childNodes.length > 1 ? `${conn.name}/${child.name}` : conn.name,
          ikeVersions: { value: versions, line: version?.line ?? 0 },
          ikeProposals: proposals<IkeProposal>(s.get('proposals'), 'ike', STRONGSWAN_DEFAULT_IKE),
          childProposals: proposals<ChildProposal>(c.get('esp_proposals'), 'esp', STRONGSWAN_DEFAULT_ESP),
          ikeLifetimeSeconds: ikeLife,
          ikeRekeySeconds: reauth ? reauthTime : ikeRekey,
          reauth: { value: reauth, line: reauthTime.line },
          childLifetimeSeconds: childLife,
          childRekeySeconds: childRekey,
          childLifetimeKilobytes: lifeBytes ? { value: Math.round(Number(lifeBytes.value) / 1024), line: lifeBytes.line } : { value: null, line: 0 },
          localTs,
          remoteTs,
          mode: { value: anyAny(localTs.value) && anyAny(remoteTs.value) ? 'route' : 'policy', line: localTs.line || remoteTs.line },
          dpd: { value: dpdDelay.value > 0 ? { delaySeconds: dpdDelay.value, action: dpdAction?.value ?? 'clear' } : null, line: dpdDelay.line },
          natTraversal: { value: true, line: encap?.line ?? 0 },
          initiates: { value: startVals.includes('start') || startVals.includes('trap'), line: start?.line ?? 0 },
          remoteAddress: { value: remote?.value ?? null, line: remote?.line ?? 0 },
          hasPsk: { value: hasIkeSecret, line: 0 },
          responderPrefersOwn: true,
          narrowsSelectors: true,
        });
      }
    }
  }
  if (connections.length === 0) throw new DeviceConfigError(0, 'no connection found: a swanctl.conf needs a connections { <name> { ... children { ... } } } section');
  return { dialect: 'swanctl', connections, unsupported, ignored, maskedLines: masked };
}
