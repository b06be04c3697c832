// The lab negotiates a site's device proposals: a mismatch keeps the tunnel NotConnected with the
// IKE error in the snapshot and in getikesas (over the lab's ARM endpoint); a lifetime mismatch
// drops the tunnel at each Azure IKE rekey; the faults ikeProposalChange and sharedKeyMismatch.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLab } from '../../../src/engine/createLab';
import type { Lab } from '../../../src/engine/lab';
import { scenario, scenarioObject } from '../engine/fixtures';
import { startArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import { validateScenario } from '../../../src/engine/scenario/validateScenario';
import { ScenarioError } from '../../../src/engine/scenario/validationError';

function withDevice(device: Record<string, unknown>, extra: Record<string, unknown> = {}): ReturnType<typeof scenario> {
  const base = scenarioObject();
  const topo = base.topology as { sites: Record<string, unknown>[] };
  topo.sites[0]!.device = device;
  return scenario({ topology: topo, ...extra });
}

const status = (lab: Lab): string => lab.snapshot().connections[0]!.connectionStatus;

describe('lab IKE negotiation', () => {
  it('compatible device: Connected, the chosen proposals in the snapshot', () => {
    const lab = createLab(withDevice({ ikeProposals: ['aes256-sha256-modp1024'], espProposals: ['aes256-sha256'] }));
    lab.runUntil(60);
    assert.equal(status(lab), 'Connected');
    const ike = lab.snapshot().lab!.ike![0]!;
    assert.equal(ike.negotiates, true);
    assert.equal(ike.ikeSa, 'aes256-sha256-prfsha256-modp1024');
  });

  it('DH mismatch: NotConnected/Connecting all along, NO_PROPOSAL_CHOSEN in the snapshot and in getikesas', async () => {
    const lab = createLab(withDevice({ ikeProposals: ['aes256-sha256-modp2048'], espProposals: ['aes256-sha256'] }));
    lab.runUntil(300);
    assert.notEqual(status(lab), 'Connected');
    const snap = lab.snapshot();
    assert.match(snap.lab!.ike![0]!.errors[0]!, /NO_PROPOSAL_CHOSEN.*DH group/);
    assert.ok(lab.events.some((e) => /IKE conn fails: NO_PROPOSAL_CHOSEN/.test(e.message)));
    const ep = await startArmEndpoint({ snapshot: () => snap, lro: { pollsBeforeDone: 0, retryAfterSeconds: 0 } });
    try {
      const id = snap.connections[0]!.id;
      const post = await fetch(`${ep.baseUrl}${id}/getikesas?api-version=2023-09-01`, { method: 'POST', headers: { authorization: `Bearer ${ep.token}` } });
      let res = post;
      for (let i = 0; i < 5 && res.status === 202; i++) res = await fetch(res.headers.get('location')!, { headers: { authorization: `Bearer ${ep.token}` } });
      assert.equal(res.status, 200);
      const sas = JSON.parse((await res.json()) as string) as { state?: string; errors?: string[] }[];
      assert.ok(sas.some((s) => s.state === 'Failed' && /NO_PROPOSAL_CHOSEN/.test(s.errors?.[0] ?? '')), JSON.stringify(sas));
    } finally {
      await ep.close();
    }
  });

  it('device IKE lifetime 24 h: the tunnel drops at each Azure IKE rekey (28,800 s) and comes back', () => {
    const lab = createLab(withDevice({ ikeProposals: ['aes256-sha1-modp1024'], espProposals: ['aes256-sha1'], ikeLifetime: '24h' }, { duration: '24h', probes: [] }));
    lab.runUntil(28_799);
    assert.equal(status(lab), 'Connected');
    lab.runUntil(28_801);
    assert.notEqual(status(lab), 'Connected');
    lab.runUntil(28_860);
    assert.equal(status(lab), 'Connected');
    lab.runUntil(86_400);
    const drops = lab.events.filter((e) => /dropped: Azure rekeys the IKE SA/.test(e.message)).map((e) => e.t);
    assert.deepEqual(drops, [28_800, 57_600, 86_400]);
    assert.equal(lab.snapshot().lab!.ike![0]!.outagesPer24h, 3);
  });

  it('faults: ikeProposalChange breaks the tunnel, restore brings it back; sharedKeyMismatch fails authentication', () => {
    const lab = createLab(withDevice({ ikeProposals: ['aes256-sha1-modp1024'], espProposals: ['aes256-sha1'] }, {
      duration: '1h',
      timeline: [
        { at: '5m', action: 'ikeProposalChange', site: 'site', device: { ikeProposals: ['aes256-sha512-modp4096'], espProposals: ['aes256-sha1'] } },
        { at: '10m', action: 'restore', connection: 'conn' },
        { at: '20m', action: 'sharedKeyMismatch', connection: 'conn' },
        { at: '30m', action: 'restore', connection: 'conn' },
      ],
    }));
    lab.runUntil(299);
    assert.equal(status(lab), 'Connected');
    lab.runUntil(540);
    assert.notEqual(status(lab), 'Connected');
    assert.match(lab.snapshot().lab!.ike![0]!.errors[0]!, /NO_PROPOSAL_CHOSEN/);
    lab.runUntil(660);
    assert.equal(status(lab), 'Connected');
    lab.runUntil(1500);
    assert.notEqual(status(lab), 'Connected');
    assert.match(lab.snapshot().lab!.ike![0]!.errors[0]!, /AUTHENTICATION_FAILED/);
    lab.runUntil(1860);
    assert.equal(status(lab), 'Connected');
  });

  it('sharedKeyMismatch works on a site without a device too', () => {
    const lab = createLab(scenario({ duration: '10m', timeline: [{ at: '1m', action: 'sharedKeyMismatch', connection: 'conn' }] }));
    lab.runUntil(120);
    assert.notEqual(status(lab), 'Connected');
  });

  it('scenario validation: a bad proposal and a refused policy are reported at their JSON paths', () => {
    const base = scenarioObject();
    const topo = base.topology as { sites: Record<string, unknown>[]; connections: Record<string, unknown>[] };
    topo.sites[0]!.device = { ikeProposals: ['aes256-sha256-modp9999'], espProposals: ['aes256-sha256'] };
    topo.connections[0]!.ipsecPolicies = [{ saLifeTimeSeconds: 27000, saDataSizeKilobytes: 102400000, ikeEncryption: 'AES256', ikeIntegrity: 'SHA256', dhGroup: 'DHGroup14', ipsecEncryption: 'GCMAES256', ipsecIntegrity: 'SHA256', pfsGroup: 'None' }];
    assert.throws(() => validateScenario({ ...base, topology: topo }), (e: unknown) => {
      const msg = (e as ScenarioError).message;
      return e instanceof ScenarioError && /\$\.topology\.sites\[0\]\.device\.ikeProposals\[0\]: unknown algorithm "modp9999"/.test(msg) && /\$\.topology\.connections\[0\]\.ipsecPolicies\[0\]: .*GCMAES/.test(msg);
    });
  });
});
