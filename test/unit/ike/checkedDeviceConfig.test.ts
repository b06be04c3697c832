// The last checked device configuration in the snapshot: diagnostics re-check it against the
// connection's current policy (a fix on either side clears the finding), a saved snapshot
// reproduces the same findings through `gateway-lab diagnose --snapshot`, and only masked text
// is carried (it re-parses to the same device).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLab } from '../../../src/engine/createLab';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { parseDeviceConfig } from '../../../src/engine/ike/parseDevice';
import { maskSecrets } from '../../../src/engine/ike/devicePolicy';
import { serializeSnapshot } from '../../../src/diagnostics/snapshotFormat';
import { parseSnapshotJson } from '../../../src/diagnostics/snapshotFile';
import { IKE_DEVICE_CONFIG_MISMATCH } from '../../../src/diagnostics/rules/checkedDeviceConfig';
import { commands } from '../../../src/cli/commands/index';
import { dispatch } from '../../../src/cli/dispatcher';
import type { NetworkSnapshot } from '../../../src/model/snapshot';
import { scenario } from '../engine/fixtures';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'ike');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

function labSnapshot(): NetworkSnapshot {
  const lab = createLab(scenario());
  lab.runUntil(30);
  return lab.snapshot();
}

function withChecked(snap: NetworkSnapshot, text: string): NetworkSnapshot {
  const conn = snap.connections[0]!;
  return { ...snap, checkedDeviceConfigs: [{ connectionId: conn.id, checkedAt: '2026-11-30T12:00:00Z', origin: 'branch.conf', maskedLines: parseDeviceConfig(text).maskedLines }] };
}

const mismatching = fixture('swanctl-azure-default.conf').replace('aes256-sha256-modp1024', 'aes256-sha256-modp2048');

describe('diagnostics: the last checked device configuration', () => {
  it('masked text re-parses to the same device in every dialect, and holds no key', () => {
    for (const name of readdirSync(FIXTURES)) {
      const original = parseDeviceConfig(fixture(name));
      const again = parseDeviceConfig(original.maskedLines.join('\n'));
      assert.deepEqual(again.connections, original.connections, name);
      assert.deepEqual(again.unsupported, original.unsupported, name);
      assert.deepEqual(again.maskedLines, original.maskedLines, name);
    }
    assert.ok(!parseDeviceConfig(fixture('swanctl-azure-default.conf')).maskedLines.join('\n').includes('Sup3rSecretKey'));
  });

  it('a key masked on a line that goes on (closing braces, a comment) leaves the rest, so the text still parses', () => {
    const text = 'connections {\n  az {\n    remote_addrs = 198.51.100.20\n    proposals = aes256-sha256-modp2048\n    children { net { esp_proposals = aes256-sha256 } }\n  }\n}\nsecrets { ike-1 { secret = "Top Secret" } }\n';
    const original = parseDeviceConfig(text);
    assert.equal(original.maskedLines[7], 'secrets { ike-1 { secret = ******** } }');
    assert.deepEqual(parseDeviceConfig(original.maskedLines.join('\n')).connections, original.connections);
    assert.equal(maskSecrets('%any : PSK "k e y" # branch key'), '%any : PSK ******** # branch key');
    assert.equal(maskSecrets('    secret = an unquoted key } }'), '    secret = ******** } }');
  });

  it('a matching configuration gives no finding; a DH mismatch is an error naming the device line', () => {
    const snap = labSnapshot();
    assert.deepEqual(diagnose(withChecked(snap, fixture('swanctl-azure-default.conf'))).filter((f) => f.ruleId === IKE_DEVICE_CONFIG_MISMATCH), []);
    const f = diagnose(withChecked(snap, mismatching)).find((x) => x.ruleId === IKE_DEVICE_CONFIG_MISMATCH);
    assert.ok(f, 'a finding for the mismatching configuration');
    assert.equal(f.severity, 'error');
    assert.match(f.title, /does not negotiate \(NO_PROPOSAL_CHOSEN/);
    assert.equal(f.resources[0], snap.connections[0]!.id);
    const lines = f.evidence.find((t) => t.columns.includes('device lines'))!;
    assert.ok(lines.rows.some((r) => String(r[2]).includes('7: proposals = aes256-sha256-modp2048')), JSON.stringify(lines.rows));
    assert.ok(!JSON.stringify(f).includes('Sup3rSecretKey'));
  });

  it('re-checks against the connection\'s current policy: a matching custom policy on Azure\'s side clears it', () => {
    const snap = withChecked(labSnapshot(), mismatching);
    assert.equal(diagnose(snap).filter((f) => f.ruleId === IKE_DEVICE_CONFIG_MISMATCH).length, 1);
    snap.connections[0]!.ipsecPolicies = [{ saLifeTimeSeconds: 3600, saDataSizeKilobytes: 102400000, ikeEncryption: 'AES256', ikeIntegrity: 'SHA256', dhGroup: 'DHGroup14', ipsecEncryption: 'AES256', ipsecIntegrity: 'SHA256', pfsGroup: 'None' }];
    assert.deepEqual(diagnose(snap).filter((f) => f.ruleId === IKE_DEVICE_CONFIG_MISMATCH).map((f) => f.title), []);
  });

  it('works on Azure data alike (only the connection\'s ARM settings are needed)', () => {
    const snap = withChecked(labSnapshot(), mismatching);
    delete snap.lab;
    snap.source = 'azure';
    const f = diagnose(snap).find((x) => x.ruleId === IKE_DEVICE_CONFIG_MISMATCH);
    assert.equal(f?.severity, 'error');
  });

  it('a 24 h IKE lifetime (ipsec.conf) is a rekey-drops warning', () => {
    const f = diagnose(withChecked(labSnapshot(), fixture('ipsec-conf-24h.conf'))).find((x) => x.ruleId === IKE_DEVICE_CONFIG_MISMATCH);
    assert.ok(f);
    assert.equal(f.severity, 'warning');
  });

  it('a configuration checked against another connection is not reported here', () => {
    const snap = withChecked(labSnapshot(), mismatching);
    snap.checkedDeviceConfigs![0]!.connectionId += '-other';
    assert.deepEqual(diagnose(snap).filter((f) => f.ruleId === IKE_DEVICE_CONFIG_MISMATCH), []);
  });

  it('a saved snapshot carries it: the file validates and gateway-lab diagnose --snapshot reports the same finding', async () => {
    const snap = withChecked(labSnapshot(), mismatching);
    const expected = diagnose(snap).filter((f) => f.ruleId === IKE_DEVICE_CONFIG_MISMATCH);
    const text = serializeSnapshot(snap);
    assert.deepEqual(diagnose(parseSnapshotJson(text, 'saved.json')).filter((f) => f.ruleId === IKE_DEVICE_CONFIG_MISMATCH), expected);
    const dir = mkdtempSync(join(tmpdir(), 'gwl-checked-'));
    try {
      const file = join(dir, 'saved.json');
      writeFileSync(file, text);
      let out = '';
      const code = await dispatch(['diagnose', '--snapshot', file, '--json'], commands, { out: (t) => (out += t), err: () => undefined });
      assert.equal(code, 1);
      const doc = JSON.parse(out) as { findings: { ruleId: string; title: string }[] };
      assert.deepEqual(doc.findings.filter((f) => f.ruleId === IKE_DEVICE_CONFIG_MISMATCH).map((f) => f.title), expected.map((f) => f.title));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the schema refuses a checked configuration without its lines, naming the place', () => {
    const snap = withChecked(labSnapshot(), mismatching) as unknown as { checkedDeviceConfigs: Record<string, unknown>[] };
    delete snap.checkedDeviceConfigs[0]!.maskedLines;
    assert.throws(() => parseSnapshotJson(JSON.stringify(snap), 'bad.json'), /bad\.json: \$\.checkedDeviceConfigs\[0\]: missing required field "maskedLines"/);
  });
});
