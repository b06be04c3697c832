// Reads a pasted device configuration: guesses the dialect from its statements (or takes the
// one given) and hands it to that dialect's parser.
import { DeviceConfigError, type DeviceConfig, type Dialect } from './devicePolicy';
import { parseSwanctl } from './parsers/swanctl';
import { parseIpsecConf } from './parsers/ipsecConf';
import { parseCiscoIos } from './parsers/ciscoIos';
import { parseCiscoAsa } from './parsers/ciscoAsa';
import { parseJunos } from './parsers/junos';

export function detectDialect(text: string): Dialect | undefined {
  const lines = text.split(/\r?\n/).map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l !== '' && !l.startsWith('!'));
  if (lines.some((l) => /^connections\s*\{/.test(l))) return 'swanctl';
  if (lines.some((l) => /^conn\s+\S+$/.test(l))) return 'ipsec.conf';
  if (lines.length > 0 && lines.filter((l) => l.startsWith('set ')).length >= lines.length / 2) return 'junos';
  if (lines.some((l) => /^tunnel-group\s/.test(l) || /^crypto\s+ipsec\s+ikev[12]\s/.test(l) || /^crypto\s+ikev[12]\s+(policy\s+\d+|enable)/.test(l))) return 'cisco-asa';
  if (lines.some((l) => /^crypto\s+(ikev2|isakmp|ipsec|map)\s/.test(l))) return 'cisco-ios';
  return undefined;
}

const PARSERS: Record<Dialect, (text: string) => DeviceConfig> = {
  swanctl: parseSwanctl,
  'ipsec.conf': parseIpsecConf,
  'cisco-ios': parseCiscoIos,
  'cisco-asa': parseCiscoAsa,
  junos: parseJunos,
};

export function parseDeviceConfig(text: string, dialect?: Dialect): DeviceConfig {
  if (text.includes('\u0000')) throw new DeviceConfigError(0, 'this is a binary file, not a device configuration');
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new DeviceConfigError(0, 'the configuration is empty');
  const d = dialect ?? detectDialect(body);
  if (!d) throw new DeviceConfigError(0, 'cannot tell the dialect: expected strongSwan swanctl.conf ("connections {"), ipsec.conf ("conn <name>"), Cisco IOS/ASA ("crypto ...") or Juniper ("set security ...")');
  return PARSERS[d](body);
}
