// Each dialect's parser on the project's own fixtures, and malformed files (clear error, line number).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDeviceConfig, detectDialect } from '../../../src/engine/ike/parseDevice';
import { DeviceConfigError } from '../../../src/engine/ike/devicePolicy';
import { ikeProposalText, childProposalText } from '../../../src/engine/ike/algorithms';

const fixture = (name: string): string => readFileSync(join(__dirname, '..', '..', 'fixtures', 'ike', name), 'utf8');

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('device configuration parsers', () => {
  it('swanctl.conf: proposals, lifetimes, selectors and DPD with their lines; the key is masked', () => {
    const text = fixture('swanctl-azure-default.conf');
    const cfg = parseDeviceConfig(text);
    assert.equal(cfg.dialect, 'swanctl');
    const c = cfg.connections[0]!;
    assert.equal(ikeProposalText(c.ikeProposals[0]!.value), 'aes256-sha256-prfsha256-modp1024');
    assert.equal(c.ikeProposals[0]!.line, lineOf(text, 'proposals = aes256'));
    assert.equal(childProposalText(c.childProposals[0]!.value), 'aes256-sha256');
    assert.equal(c.ikeRekeySeconds.value, 7 * 3600);
    assert.equal(c.childRekeySeconds.value, 3600);
    assert.equal(c.dpd.value?.delaySeconds, 10);
    assert.equal(c.initiates.value, true);
    assert.deepEqual(c.localTs.value, ['0.0.0.0/0']);
    assert.ok(!cfg.maskedLines.join('\n').includes('Sup3rSecretKey'), 'shared key masked');
    assert.ok(cfg.maskedLines.some((l) => l.includes('secret = ********')));
  });

  it('ipsec.conf: strict proposals, 24 h ikelifetime, reauth by default, %default inheritance', () => {
    const text = fixture('ipsec-conf-24h.conf');
    const c = parseDeviceConfig(text).connections[0]!;
    assert.deepEqual(c.ikeVersions.value, [2]);
    assert.equal(c.ikeProposals.length, 1, '"!" keeps charon from appending its defaults');
    assert.equal(c.ikeLifetimeSeconds.value, 86400);
    assert.equal(c.ikeLifetimeSeconds.line, lineOf(text, 'ikelifetime=24h'));
    assert.equal(c.reauth.value, true);
    assert.equal(c.childLifetimeSeconds.value, 8 * 3600);
  });

  it('ipsec.conf without "!" appends strongSwan default proposals', () => {
    const c = parseDeviceConfig('conn a\n  right=1.2.3.4\n  ike=aes256-sha1-modp1024\n  esp=aes256-sha1\n').connections[0]!;
    assert.ok(c.ikeProposals.length > 1);
  });

  it('Cisco IOS: IKEv2 proposal via policy, profile lifetime and DPD, transform set on a VTI', () => {
    const text = fixture('cisco-ios-vti.txt');
    const cfg = parseDeviceConfig(text);
    assert.equal(cfg.dialect, 'cisco-ios');
    const c = cfg.connections[0]!;
    assert.equal(c.name, 'Tunnel100');
    assert.equal(c.mode.value, 'route');
    assert.deepEqual(c.ikeProposals[0]!.value.encryption, ['aes256', 'aes128']);
    assert.deepEqual(c.ikeProposals[0]!.value.dhGroups, [2]);
    assert.equal(c.ikeLifetimeSeconds.value, 28800);
    assert.equal(c.ikeLifetimeSeconds.line, lineOf(text, ' lifetime 28800'));
    assert.equal(childProposalText(c.childProposals[0]!.value), 'aes256-sha256');
    assert.equal(c.childLifetimeSeconds.value, 27000);
    assert.equal(c.dpd.value?.delaySeconds, 10);
    assert.equal(c.hasPsk.value, true);
    assert.ok(!cfg.maskedLines.join('\n').includes('Sup3rSecretKey'));
    assert.ok(cfg.ignored.some((l) => l.text.startsWith('ip route')), 'routing line listed as ignored');
  });

  it('Cisco IOS crypto map: ACL selectors, PFS, IKEv2 default lifetime 86,400 s', () => {
    const c = parseDeviceConfig(fixture('cisco-ios-cryptomap-pfs.txt')).connections[0]!;
    assert.equal(c.mode.value, 'policy');
    assert.deepEqual(c.localTs.value, ['192.168.10.0/24']);
    assert.deepEqual(c.remoteTs.value, ['10.10.0.0/16']);
    assert.deepEqual(c.childProposals[0]!.value.dhGroups, [14]);
    assert.equal(c.ikeLifetimeSeconds.value, 86400);
    assert.equal(c.ikeLifetimeSeconds.line, 0, 'default, not written');
  });

  it('Cisco ASA: IKEv2 policy, ipsec-proposal, crypto map with ACL (masks), tunnel-group key masked', () => {
    const cfg = parseDeviceConfig(fixture('cisco-asa-ikev2.txt'));
    assert.equal(cfg.dialect, 'cisco-asa');
    const c = cfg.connections[0]!;
    assert.equal(ikeProposalText(c.ikeProposals[0]!.value), 'aes256-sha256-prfsha256-modp1024');
    assert.deepEqual(c.localTs.value, ['192.168.10.0/24']);
    assert.equal(c.childLifetimeSeconds.value, 27000);
    assert.equal(c.hasPsk.value, true);
    assert.ok(!cfg.maskedLines.join('\n').includes('Sup3rSecretKey'));
  });

  it('Juniper SRX set commands: proposals via policies, st0 binding = route-based, key masked', () => {
    const cfg = parseDeviceConfig(fixture('junos-route.txt'));
    assert.equal(cfg.dialect, 'junos');
    const c = cfg.connections[0]!;
    assert.equal(c.name, 'az-vpn');
    assert.deepEqual(c.ikeVersions.value, [2]);
    assert.equal(ikeProposalText(c.ikeProposals[0]!.value), 'aes256-sha256-prfsha256-modp1024');
    assert.equal(c.mode.value, 'route');
    assert.equal(c.dpd.value?.delaySeconds, 10);
    assert.equal(cfg.ignored.length, 2);
    assert.ok(!cfg.maskedLines.join('\n').includes('Sup3rSecretKey'));
  });

  it('unknown statements are reported, never dropped', () => {
    const cfg = parseDeviceConfig('connections {\n  a {\n    remote_addrs = 1.2.3.4\n    frobnicate = yes\n    children { c { esp_proposals = aes256-sha1 } }\n  }\n}\n');
    assert.ok(cfg.unsupported.some((u) => u.line === 4 && u.reason.includes('frobnicate')));
  });

  const malformed: [string, string, number, RegExp][] = [
    ['swanctl unclosed section', 'connections {\n  a {\n    remote_addrs = 1.2.3.4\n', 2, /never closed/],
    ['swanctl bad algorithm', 'connections {\n  a {\n    proposals = aes256-sha1-modp9999\n    children { c { } }\n  }\n}\n', 3, /unknown algorithm "modp9999"/],
    ['swanctl stray brace', 'connections {\n}\n}\n', 3, /unexpected "}"/],
    ['swanctl bad duration', 'connections {\n  a {\n    rekey_time = soon\n    children { c { } }\n  }\n}\n', 3, /not a duration/],
    ['ipsec.conf garbage line', 'conn a\n  right=1.2.3.4\nthis is not ipsec.conf\n', 3, /expected "conn <name>"/],
    ['ipsec.conf missing also target', 'conn a\n  also=nothere\n  right=1.2.3.4\n', 2, /no conn "nothere"/],
    ['IOS unknown transform', 'crypto ipsec transform-set ts esp-aes 256 esp-sha999\ncrypto map m 1 ipsec-isakmp\n set transform-set ts\n', 1, /unknown transform "esp-sha999"/],
    ['IOS undefined transform set', 'crypto ipsec profile p\n set transform-set nope\ninterface Tunnel1\n tunnel protection ipsec profile p\n', 2, /"nope" is not defined/],
    ['ASA bad group', 'crypto ikev2 policy 1\n encryption aes-256\n group 99\n', 3, /unknown Diffie-Hellman group/],
    ['Junos non-set line', 'set security ike proposal p dh-group group2\nshow configuration\n', 2, /expected a "set \.\.\." command/],
    ['Junos undefined gateway', 'set security ipsec vpn v ike gateway nogw\nset security ipsec vpn v ike ipsec-policy p\n', 1, /"nogw" is not defined/],
  ];
  for (const [name, text, line, re] of malformed) {
    it(`malformed: ${name} -> error at line ${line}`, () => {
      assert.throws(() => parseDeviceConfig(text), (e: unknown) => e instanceof DeviceConfigError && e.line === line && re.test(e.message) && e.message.startsWith(`line ${line}:`));
    });
  }

  it('empty, binary and unrecognised files get a clear whole-file error', () => {
    for (const [text, re] of [['', /empty/], ['abc\u0000def', /binary/], ['hello world\n', /cannot tell the dialect/]] as const) {
      assert.throws(() => parseDeviceConfig(text), (e: unknown) => e instanceof DeviceConfigError && e.line === 0 && re.test(e.message));
    }
  });

  it('detects each dialect', () => {
    assert.equal(detectDialect(fixture('swanctl-azure-default.conf')), 'swanctl');
    assert.equal(detectDialect(fixture('ipsec-conf-24h.conf')), 'ipsec.conf');
    assert.equal(detectDialect(fixture('cisco-ios-vti.txt')), 'cisco-ios');
    assert.equal(detectDialect(fixture('cisco-asa-ikev2.txt')), 'cisco-asa');
    assert.equal(detectDialect(fixture('junos-route.txt')), 'junos');
  });
});
