// The diagnostics rule for IKE/IPsec: lab negotiation errors and rekey drops, and custom
// policies Azure refuses (which works on Azure snapshots too: only ARM settings are needed).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLab } from '../../../src/engine/createLab';
import type { Lab } from '../../../src/engine/lab';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { scenario, scenarioObject } from '../engine/fixtures';
import { IKE_MISMATCH, IKE_POLICY_INVALID, IKE_REKEY_DROPS } from '../../../src/diagnostics/rules/ikeMismatch';

function labWith(device: Record<string, unknown>, extra: Record<string, unknown> = {}): Lab {
  const base = scenarioObject();
  const topo = base.topology as { sites: Record<string, unknown>[] };
  topo.sites[0]!.device = device;
  return createLab(scenario({ topology: topo, ...extra }));
}

describe('diagnostics: IKE/IPsec mismatch rule', () => {
  it('a DH mismatch with the site device is an error naming the IKE error and the fix', () => {
    const lab = labWith({ ikeProposals: ['aes256-sha256-modp2048'], espProposals: ['aes256-sha256'] });
    lab.runUntil(120);
    const f = diagnose(lab.snapshot()).find((x) => x.ruleId === IKE_MISMATCH)!;
    assert.equal(f.severity, 'error');
    assert.match(f.title, /NO_PROPOSAL_CHOSEN/);
    const table = f.evidence.find((t) => t.title.startsWith('IKE/IPsec check'))!;
    assert.ok(table.rows.some((r) => /DHGroup14/.test(String(r[3]))), 'the Azure-side fix names DHGroup14');
  });

  it('a 24 h device lifetime is a rekey-drops warning with a model note', () => {
    const lab = labWith({ ikeProposals: ['aes256-sha1-modp1024'], espProposals: ['aes256-sha1'], ikeLifetime: '24h' });
    lab.runUntil(60);
    const f = diagnose(lab.snapshot()).find((x) => x.ruleId === IKE_REKEY_DROPS)!;
    assert.equal(f.severity, 'warning');
    assert.match(f.title, /3 time\(s\) a day/);
    assert.ok(f.modelNote);
  });

  it('no finding when the device matches', () => {
    const lab = labWith({ ikeProposals: ['aes256-sha256-modp1024'], espProposals: ['aes256-sha256'], ikeLifetime: '8h' });
    lab.runUntil(60);
    assert.deepEqual(diagnose(lab.snapshot()).filter((x) => x.ruleId.startsWith('ike-')), []);
  });

  it('an Azure snapshot whose connection has a GCM policy with SHA256 integrity', () => {
    const lab = createLab(scenario());
    lab.runUntil(10);
    const snap = lab.snapshot();
    delete snap.lab;
    snap.source = 'azure';
    snap.connections[0]!.ipsecPolicies = [{ saLifeTimeSeconds: 27000, saDataSizeKilobytes: 102400000, ikeEncryption: 'AES256', ikeIntegrity: 'SHA256', dhGroup: 'DHGroup14', ipsecEncryption: 'GCMAES256', ipsecIntegrity: 'SHA256', pfsGroup: 'None' }];
    const f = diagnose(snap).find((x) => x.ruleId === IKE_POLICY_INVALID)!;
    assert.equal(f.severity, 'error');
    assert.match(f.explanation, /GCMAES/);
  });
});
