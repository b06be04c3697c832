// The checker against documented compatible and incompatible pairs (Microsoft Learn tables in
// azureIkeData.ts), the 24 h rekey timeline, and `gateway-lab ike-check`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { azureIkeSide } from '../../../src/engine/ike/azureSide';
import { checkIke } from '../../../src/engine/ike/ikeCheck';
import { parseDeviceConfig } from '../../../src/engine/ike/parseDevice';
import { swanctlDevice } from './oracleCorpus';
import { cli } from '../cli/cliHarness';
import type { AzureConnectionIke } from '../../../src/engine/ike/azureSide';

const check = (conn: AzureConnectionIke, device: string, opts: { vpnType?: 'RouteBased' | 'PolicyBased'; sku?: string } = {}) =>
  checkIke(azureIkeSide({ connection: conn, vnetPrefixes: ['10.1.0.0/16'], sitePrefixes: ['10.100.0.0/16'], ...opts }), parseDeviceConfig(device).connections[0]!);

describe('IKE/IPsec checker', () => {
  const table: [string, AzureConnectionIke, Parameters<typeof swanctlDevice>[0], boolean, string?][] = [
    ['default IKE offer 1 (AES256/SHA1/DH2)', { name: 'c' }, { ike: 'aes256-sha1-modp1024', esp: 'aes256-sha1' }, true, 'aes256-sha1-prfsha1-modp1024'],
    ['default IKE offer 6 (3DES/SHA256)', { name: 'c' }, { ike: '3des-sha256-modp1024', esp: 'aes256-sha1' }, true, '3des-sha256-prfsha256-modp1024'],
    ['default: DH group 14 is not in the documented main mode list', { name: 'c' }, { ike: 'aes256-sha256-modp2048', esp: 'aes256-sha256' }, false],
    ['default QM responder offer 1 (GCM AES256)', { name: 'c' }, { ike: 'aes256-sha1-modp1024', esp: 'aes256gcm16' }, true],
    ['default: ESP AES-GCM-128 is in neither QM list', { name: 'c' }, { ike: 'aes256-sha1-modp1024', esp: 'aes128gcm16' }, false],
    ['custom policy GCMAES256 IKE + GCMAES256 IPsec', { name: 'c', ipsecPolicies: [{ saLifeTimeSeconds: 27000, saDataSizeKilobytes: 102400000, ikeEncryption: 'GCMAES256', ikeIntegrity: 'SHA384', dhGroup: 'ECP384', ipsecEncryption: 'GCMAES256', ipsecIntegrity: 'GCMAES256', pfsGroup: 'ECP384' }] }, { ike: 'aes256gcm16-prfsha384-ecp384', esp: 'aes256gcm16-ecp384' }, true, 'aes256gcm16-prfsha384-ecp384'],
    ['custom policy: the device must match exactly (DH2 refused)', { name: 'c', ipsecPolicies: [{ saLifeTimeSeconds: 27000, saDataSizeKilobytes: 102400000, ikeEncryption: 'AES256', ikeIntegrity: 'SHA256', dhGroup: 'DHGroup14', ipsecEncryption: 'AES256', ipsecIntegrity: 'SHA256', pfsGroup: 'None' }] }, { ike: 'aes256-sha256-modp1024', esp: 'aes256-sha256' }, false],
    ['IKEv1 device against an IKEv2 connection', { name: 'c' }, { version: 1, ike: 'aes256-sha1-modp1024', esp: 'aes256-sha1' }, false],
    ['IKEv1 connection and device', { name: 'c', connectionProtocol: 'IKEv1' }, { version: 1, ike: 'aes256-sha1-modp1024', esp: 'aes256-sha1' }, true],
  ];
  for (const [name, conn, dev, ok, ike] of table) {
    it(`${ok ? 'compatible' : 'incompatible'}: ${name}`, () => {
      const r = check(conn, swanctlDevice(dev));
      assert.equal(r.established, ok, JSON.stringify(r.directions.map((d) => d.ikeSa.reason ?? d.childSa.reason)));
      if (ike) assert.equal(r.directions[0]!.ikeSa.chosen, ike);
      if (!ok) assert.ok(r.findings.some((f) => f.severity === 'error' && f.fix.device), 'an error finding with a device fix');
    });
  }

  it('a DH mismatch names the device line and offers both fixes', () => {
    const dev = swanctlDevice({ ike: 'aes256-sha256-modp2048', esp: 'aes256-sha256' });
    const r = check({ name: 'c' }, dev);
    const f = r.findings.find((x) => x.id === 'ike-proposal-Azure')!;
    assert.equal(f.line, dev.split('\n').findIndex((l) => l.includes('proposals =')) + 1);
    assert.match(f.detail, /no common DH group \(Azure: 2 \(modp1024\); device: 14 \(modp2048\)\)/);
    assert.match(f.fix.azure ?? '', /dhGroup: DHGroup14/);
  });

  it('PFS only on the device: up at first, then every Azure-initiated CHILD rekey fails (IKEv2 skips KE in IKE_AUTH)', () => {
    const conn: AzureConnectionIke = { name: 'c', ipsecPolicies: [{ saLifeTimeSeconds: 3600, saDataSizeKilobytes: 102400000, ikeEncryption: 'AES256', ikeIntegrity: 'SHA256', dhGroup: 'DHGroup14', ipsecEncryption: 'AES256', ipsecIntegrity: 'SHA256', pfsGroup: 'None' }] };
    const dev = swanctlDevice({ ike: 'aes256-sha256-modp2048', esp: 'aes256-sha256-modp2048' }).replace('start_action = none', 'start_action = none\n        rekey_time = 8h');
    const r = check(conn, dev);
    assert.equal(r.established, true);
    assert.ok(r.findings.some((f) => f.id === 'pfs-rekey' && f.severity === 'error'));
    assert.ok(r.timeline.some((e) => e.sa === 'CHILD' && e.kind === 'drop' && e.atSeconds === 3600));
  });

  it('device IKE lifetime 86,400 s against Azure 28,800 s: Azure rekeys and the lab drops every 8 h', () => {
    const dev = 'conn a\n  right=198.51.100.20\n  leftsubnet=0.0.0.0/0\n  rightsubnet=0.0.0.0/0\n  ike=aes256-sha1-modp1024!\n  esp=aes256-sha1!\n  ikelifetime=86400s\n  reauth=no\n  auto=start\n';
    const r = check({ name: 'c' }, dev);
    const drops = r.timeline.filter((e) => e.kind === 'drop' && e.sa === 'IKE').map((e) => e.atSeconds);
    assert.deepEqual(drops, [28800, 57600, 86400]);
    const f = r.findings.find((x) => x.id === 'ike-lifetime')!;
    assert.equal(f.line, 7);
  });

  it('policy-based Azure gateway: IKEv1 only, quick mode 3,600 s', () => {
    const a = azureIkeSide({ connection: { name: 'c' }, vpnType: 'PolicyBased', sku: 'Basic' });
    assert.equal(a.ikeVersion, 1);
    assert.equal(a.childLifetimeSeconds, 3600);
    assert.equal(a.dpdSupported, false);
  });

  it('custom policy on Basic is refused; GCM with mismatched integrity is refused', () => {
    const pol = { saLifeTimeSeconds: 27000, saDataSizeKilobytes: 102400000, ikeEncryption: 'AES256', ikeIntegrity: 'SHA256', dhGroup: 'DHGroup14', ipsecEncryption: 'GCMAES256', ipsecIntegrity: 'SHA256', pfsGroup: 'None' };
    assert.ok(azureIkeSide({ connection: { name: 'c', ipsecPolicies: [pol] }, sku: 'Basic' }).problems.some((p) => /not available/.test(p.title)));
    const a = azureIkeSide({ connection: { name: 'c', ipsecPolicies: [pol] }, sku: 'VpnGw1' });
    assert.equal(a.custom, false);
    assert.ok(a.problems.some((p) => /GCMAES/.test(p.detail)));
  });

  it('ResponderOnly and a device that never initiates: nobody starts the tunnel', () => {
    const r = check({ name: 'c', connectionMode: 'ResponderOnly' }, swanctlDevice({ ike: 'aes256-sha1-modp1024', esp: 'aes256-sha1' }));
    assert.ok(r.findings.some((f) => f.id === 'nobody-initiates'));
  });
});

describe('gateway-lab ike-check', () => {
  const fx = (n: string): string => join(__dirname, '..', '..', 'fixtures', 'ike', n);
  it('exit 0 and JSON with both directions when compatible', async () => {
    const { code, out } = await cli('ike-check', '--connection', 'gateway-reset:vpn-gw-to-paris', '--device', fx('junos-route.txt'), '--json');
    assert.equal(code, 0);
    const j = JSON.parse(out) as { established: boolean; directions: { initiator: string; ikeSa: { chosen: string } }[]; findings: unknown[] };
    assert.equal(j.established, true);
    assert.deepEqual(j.directions.map((d) => d.initiator), ['Azure', 'device']);
    assert.equal(j.directions[0]!.ikeSa.chosen, 'aes256-sha256-prfsha256-modp1024');
  });
  it('exit 1 with findings carrying severity, title and line when not', async () => {
    const { code, out } = await cli('ike-check', '--connection', 'gateway-reset:vpn-gw-to-paris', '--device', fx('cisco-asa-ikev2.txt'), '--json');
    assert.equal(code, 1);
    const j = JSON.parse(out) as { established: boolean; findings: { severity: string; title: string; line: number | null }[] };
    assert.equal(j.established, false);
    assert.ok(j.findings.some((f) => f.severity === 'error' && f.line === 12 && /Traffic selectors/.test(f.title)));
    assert.ok(!out.includes('Sup3rSecretKey'));
  });
  it('exit 2 for a bad connection name, a missing file, a malformed device file', async () => {
    assert.equal((await cli('ike-check', '--connection', 'gateway-reset:nope', '--device', fx('junos-route.txt'))).code, 2);
    assert.equal((await cli('ike-check', '--connection', 'gateway-reset:vpn-gw-to-paris', '--device', fx('missing.conf'))).code, 2);
    assert.equal((await cli('ike-check', '--connection', 'gateway-reset', '--device', fx('junos-route.txt'))).code, 2);
    const bad = await cli('ike-check', '--connection', 'gateway-reset:vpn-gw-to-paris', '--device', join(__dirname, '..', '..', '..', 'tsconfig.json'));
    assert.equal(bad.code, 2);
    assert.match(bad.err, /cannot tell the dialect/);
  });
});
