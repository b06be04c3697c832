// The panel's pure parts and the data road: the message guard, the report the webview draws
// (masked lines only), and a connection's IPsec settings read through the real ARM client from
// the lab's endpoint, then checked as the panel does.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIkeCheckMessage, MAX_CONFIG_CHARS } from '../../../src/webviews/protocol/ikeCheckProtocol';
import { runIkeCheck } from '../../../src/webviews/ikeCheck/runIkeCheck';
import { createLab } from '../../../src/engine/createLab';
import { scenario, scenarioObject } from '../engine/fixtures';
import { labSource, startLab } from '../azure/labFixture';

const fixture = (n: string): string => readFileSync(join(__dirname, '..', '..', 'fixtures', 'ike', n), 'utf8');

describe('IKE check panel data', () => {
  it('the guard accepts ready, openFile and check; refuses the rest with a reason', () => {
    assert.deepEqual(parseIkeCheckMessage({ type: 'ready' }), { ok: true, value: { type: 'ready' } });
    assert.deepEqual(parseIkeCheckMessage({ type: 'openFile' }), { ok: true, value: { type: 'openFile' } });
    assert.equal(parseIkeCheckMessage({ type: 'check', text: 'x' }).ok, true);
    for (const bad of [null, 'ready', { type: 'check' }, { type: 'check', text: 1 }, { type: 'ready', x: 1 }, { type: 'run', command: 'x' }, { type: 'check', text: 'a'.repeat(MAX_CONFIG_CHARS + 1) }]) {
      const r = parseIkeCheckMessage(bad);
      assert.equal(r.ok, false, JSON.stringify(bad).slice(0, 60));
    }
  });

  it('the report holds the verdict, both directions, the lines to change, and never the key', () => {
    const lab = createLab(scenario());
    lab.runUntil(5);
    const r = runIkeCheck(fixture('cisco-asa-ikev2.txt'), lab.snapshot(), 'conn', 'lab');
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.data.established, false);
    assert.deepEqual(r.data.directions.map((d) => d.initiator), ['Azure', 'device']);
    const ts = r.data.findings.find((f) => /Traffic selectors/.test(f.title))!;
    assert.match(ts.lines[0]!.text, /^access-list azure-acl extended permit ip/);
    assert.ok(!JSON.stringify(r.data).includes('Sup3rSecretKey'));
  });

  it('a malformed paste is a message with the line, not an exception', () => {
    const lab = createLab(scenario());
    const r = runIkeCheck('connections {\n  a {\n', lab.snapshot(), 'conn', 'lab');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /line 2: section "a" is never closed/);
  });

  it('IPsec settings travel the ARM road (lab endpoint -> SDK -> mapping) and the check uses them', async () => {
    const base = scenarioObject();
    const topo = base.topology as { connections: Record<string, unknown>[] };
    topo.connections[0]!.ipsecPolicies = [{ saLifeTimeSeconds: 3600, saDataSizeKilobytes: 102400000, ikeEncryption: 'AES256', ikeIntegrity: 'SHA256', dhGroup: 'DHGroup14', ipsecEncryption: 'AES256', ipsecIntegrity: 'SHA256', pfsGroup: 'PFS2048' }];
    topo.connections[0]!.connectionMode = 'ResponderOnly';
    const lab = createLab(scenario({ topology: topo }));
    lab.runUntil(5);
    const ep = await startLab(lab.snapshot());
    try {
      const source = labSource(ep);
      const [connections, gateways] = await Promise.all([source.listConnections(), source.listGateways()]);
      const c = connections[0]!;
      assert.equal(c.ipsecPolicies?.[0]?.dhGroup, 'DHGroup14');
      assert.equal(c.connectionMode, 'ResponderOnly');
      assert.equal(c.connectionProtocol, 'IKEv2');
      const snap = { source: 'azure' as const, takenAt: new Date().toISOString(), connections, gateways: gateways.map((gateway) => ({ gateway })), localNetworkGateways: [], virtualNetworks: [] };
      const r = runIkeCheck(fixture('swanctl-azure-default.conf'), snap, c.name, 'Azure');
      assert.ok(r.ok && !r.data.established, 'the device is on DH group 2, the policy says DHGroup14');
      assert.ok(r.ok && r.data.directions[0]!.applicable === false, 'ResponderOnly: Azure never initiates');
    } finally {
      await ep.close();
    }
  });
});
