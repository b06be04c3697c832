// IKE SAs through the one ARM client: collectSnapshot reads getikesas (a long-running POST, the
// real SDK against the lab's endpoint) for every VPN connection into the snapshot; Save
// Snapshot's file carries them through the schema; a 403 is a readProblems entry and the rest is read.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../../../src/engine/lab';
import { createLab } from '../../../src/engine/createLab';
import { parseScenario } from '../../../src/engine/scenario/validateScenario';
import { collectSnapshot } from '../../../src/azure/collectSnapshot';
import { toIkeSas } from '../../../src/azure/armNetworkMapping';
import type { ArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import { serializeSnapshot } from '../../../src/diagnostics/snapshotFormat';
import { parseSnapshotJson } from '../../../src/diagnostics/snapshotFile';
import { labSource, startLab } from './labFixture';

describe('IKE SAs (getikesas) in the snapshot read through the ARM client', () => {
  let lab: Lab;
  let ep: ArmEndpoint;
  before(async () => {
    const text = readFileSync(join(__dirname, '../../../scenarios/coex-healthy.gwlab.json'), 'utf8');
    lab = createLab(parseScenario(text, 'coex-healthy.gwlab.json'), { recordEvents: false });
    lab.runUntil(120);
    ep = await startLab(lab.snapshot());
  });
  after(async () => {
    await ep.close();
    await lab.dispose();
  });

  test('each IPsec connection has its SAs (one per connected tunnel); ExpressRoute connections are not asked; the file keeps them', async () => {
    ep.resetStats();
    const { snapshot, problems } = await collectSnapshot(labSource(ep));
    assert.deepEqual(problems, []);
    const expected = lab.snapshot();
    const vpn = expected.connections.filter((c) => c.connectionType === 'IPsec');
    assert.ok(vpn.length > 0);
    assert.deepEqual(Object.keys(snapshot.ikeSas ?? {}).sort(), vpn.map((c) => c.id).sort());
    for (const c of vpn) {
      const sas = snapshot.ikeSas![c.id]!;
      const up = (c.tunnelConnectionStatus ?? []).filter((t) => t.connectionStatus === 'Connected');
      assert.equal(sas.length, up.length, `${c.name}: one SA per connected tunnel`);
      assert.deepEqual(sas.map((s) => s.remoteEndpoint), up.map((t) => t.tunnel));
      for (const sa of sas) assert.equal(typeof sa.encryption, 'string');
    }
    assert.equal(ep.stats().byRoute.getIkeSas, vpn.length);
    // One road: the client's read of the lab's endpoint is exactly the lab snapshot's own ikeSas.
    assert.deepEqual(snapshot.ikeSas, expected.ikeSas);
    const back = parseSnapshotJson(serializeSnapshot(snapshot), 'saved.json');
    assert.deepEqual(back.ikeSas, snapshot.ikeSas);
  });

  test('a 403 on getikesas: no SAs for that connection, a readProblems entry, the rest read', async () => {
    ep.setFaults({ failures: [{ status: 403, count: 100, pathIncludes: 'getikesas' }] });
    try {
      const { snapshot, problems } = await collectSnapshot(labSource(ep, { retry: { maxRetries: 0 } }));
      assert.ok(problems.length > 0 && problems.every((p) => p.field === 'ikeSas' && /403/.test(p.message)), JSON.stringify(problems));
      assert.deepEqual(snapshot.ikeSas, {});
      assert.deepEqual(snapshot.readProblems!.map((p) => p.part), problems.map(() => 'ikeSas'));
      assert.ok(snapshot.networkInterfaces!.length > 0 && snapshot.gateways.every((g) => g.learnedRoutes !== undefined), 'the rest is read');
    } finally {
      ep.setFaults({});
    }
  });

  test('toIkeSas: Azure\'s JSON-in-a-string, fields kept as sent; not JSON or not a list is a clear error', () => {
    const azure = '[{"localEndpoint":"52.180.160.154","remoteEndpoint":"104.208.54.1","initiatorCookie":5490733703579933026,"encryption":"AES256","integrity":"SHA1","dhGroup":"DHGroup2","lifeTimeSeconds":28800,"isSaInitiator":true,"elapsedTimeInseconds":23092,"quickModeSa":[]}]';
    const [sa] = toIkeSas(azure);
    assert.deepEqual([sa!.remoteEndpoint, sa!.dhGroup, sa!.isSaInitiator, sa!.quickModeSa], ['104.208.54.1', 'DHGroup2', true, []]);
    assert.deepEqual(toIkeSas('null'), []);
    assert.throws(() => toIkeSas('<html>'), /not JSON/);
    assert.throws(() => toIkeSas('{"value":1}'), /not a list/);
  });
});
