// The on-premises device's IKE/IPsec settings, normalised from any dialect, each with the
// configuration line it came from (0 = not written, the dialect's default applies).
import type { ChildProposal, IkeProposal } from './algorithms';

export type Dialect = 'swanctl' | 'ipsec.conf' | 'cisco-ios' | 'cisco-asa' | 'junos';

export const DIALECT_NAMES: Record<Dialect, string> = {
  swanctl: 'strongSwan swanctl.conf',
  'ipsec.conf': 'strongSwan ipsec.conf',
  'cisco-ios': 'Cisco IOS / IOS-XE',
  'cisco-asa': 'Cisco ASA',
  junos: 'Juniper SRX (set commands)',
};

export interface Located<T> {
  value: T;
  /** 1-based line of the setting; 0 when the dialect's default applies. */
  line: number;
}

export interface DeviceLine {
  line: number;
  /** The line as written, shared keys masked. */
  text: string;
  reason: string;
}

export interface DevicePolicy {
  dialect: Dialect;
  /** Connection / peer / VPN name in the configuration. */
  name: string;
  ikeVersions: Located<(1 | 2)[]>;
  /** Proposals in the device's order of preference. */
  ikeProposals: Located<IkeProposal>[];
  childProposals: Located<ChildProposal>[];
  /** Hard IKE SA lifetime. */
  ikeLifetimeSeconds: Located<number>;
  /** When the device itself starts an IKE SA rekey (or reauthentication). */
  ikeRekeySeconds: Located<number>;
  /** True when the device re-authenticates (new IKE SA, tears the old one down) instead of rekeying. */
  reauth: Located<boolean>;
  childLifetimeSeconds: Located<number>;
  childRekeySeconds: Located<number>;
  childLifetimeKilobytes: Located<number | null>;
  /** Traffic selectors; ['0.0.0.0/0'] for a route-based (VTI) device. */
  localTs: Located<string[]>;
  remoteTs: Located<string[]>;
  /** Route-based (tunnel interface, any-to-any) or policy-based (crypto map / ACL selectors). */
  mode: Located<'route' | 'policy'>;
  dpd: Located<{ delaySeconds: number; action: string } | null>;
  natTraversal: Located<boolean>;
  initiates: Located<boolean>;
  remoteAddress: Located<string | null>;
  /** Whether a pre-shared key is configured for this peer (never the key itself). */
  hasPsk: Located<boolean>;
  /** As responder the device picks by its own order (strongSwan) rather than the initiator's (model). */
  responderPrefersOwn: boolean;
  /** As responder the device narrows a wider proposed selector to its own (strongSwan) or refuses it. */
  narrowsSelectors: boolean;
}

export interface DeviceConfig {
  dialect: Dialect;
  connections: DevicePolicy[];
  /** IKE/IPsec statements the checker does not evaluate. */
  unsupported: DeviceLine[];
  /** Statements outside IKE/IPsec (interfaces, routing, ...), listed so nothing is dropped silently. */
  ignored: DeviceLine[];
  /** The configuration with shared keys masked, for display. */
  maskedLines: string[];
}

/** A configuration that cannot be read; `line` is 1-based (0 when the whole file is the problem). */
export class DeviceConfigError extends Error {
  override name = 'DeviceConfigError';
  constructor(readonly line: number, message: string) {
    super(line > 0 ? `line ${line}: ${message}` : message);
  }
}

/**
 * A strongSwan value: quoted (escapes allowed), or unquoted up to a "}" or a comment (it may hold
 * spaces), so `secret = "k" } }` keeps its braces and nothing of an unquoted key stays visible.
 */
const SWAN_VALUE = String.raw`("(?:[^"\\]|\\.)*"|'[^']*'|[^\s}#](?:[^}#]*[^\s}#])?)`;

const MASKS: RegExp[] = [
  new RegExp(String.raw`(\bsecret\s*=\s*)` + SWAN_VALUE, 'i'),
  new RegExp(String.raw`(:\s*PSK\s+)` + SWAN_VALUE),
  // Cisco and Junos keys run to the end of the line.
  /(\bpre-shared-key\s+(?:ascii-text\s+|hexadecimal\s+|local\s+|remote\s+|0\s+|6\s+|7\s+)?)(\S.*)$/i,
  /(\bcrypto\s+isakmp\s+key\s+(?:[067]\s+)?)(\S+)/i,
  /(^\s*key\s+(?:[067]\s+)?)(\S+)/i,
];

/** The line with any shared key replaced by ******** (a pasted key is never shown or stored); the rest of the line is kept, so masked text parses as the original did. */
export function maskSecrets(line: string): string {
  for (const re of MASKS) {
    if (re.test(line)) return line.replace(re, (_m, head: string) => `${head}********`);
  }
  return line;
}

/** "3h", "60m", "28800s", "1d", "28800" -> seconds; undefined when malformed. */
export function parseStrongSwanDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(text);
  if (!m) return undefined;
  const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!.toLowerCase() as '' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * mult);
}

/** a.b.c.d + dotted mask or wildcard -> prefix length, or undefined when not contiguous. */
export function maskToPrefix(addr: string, mask: string, wildcard: boolean): string | undefined {
  const parts = mask.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  let bits = parts.reduce((acc, p) => acc * 256 + p, 0);
  if (wildcard) bits = 0xffffffff - bits;
  const bin = bits.toString(2).padStart(32, '0');
  if (!/^1*0*$/.test(bin)) return undefined;
  return `${addr}/${bin.indexOf('0') === -1 ? 32 : bin.indexOf('0')}`;
}
