// Effective NSGs read through @azure/arm-network (networkInterfaces.beginListEffectiveNetworkSecurityGroups,
// a long-running POST) from the lab's real ARM endpoint: what the client reads equals the lab's
// own NICs' NSGs; a 403 leaves them unknown and is a read problem, the rest is read.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Lab } from '../../../src/engine/lab';
import { createLab } from '../../../src/engine/createLab';
import { validateScenario } from '../../../src/engine/scenario/validateScenario';
import { collectSnapshot } from '../../../src/azure/collectSnapshot';
import type { ArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import type { NetworkSnapshot } from '../../../src/model/snapshot';
import { labSource, startLab } from './labFixture';
import { DENY_ONPREM, nsgScenario } from '../engine/nsgFixtures';

describe('effective NSGs through the ARM client', () => {
  let lab: Lab;
  let ep: ArmEndpoint;
  let expected: NetworkSnapshot;
  before(async () => {
    lab = createLab(validateScenario(nsgScenario(DENY_ONPREM, true)), { recordEvents: false });
    lab.runUntil(120);
    expected = lab.snapshot();
    ep = await startLab(expected);
  });
  after(async () => {
    await ep.close();
    await lab.dispose();
  });

  test('every NIC\'s effective NSGs read over the wire equal the lab\'s', async () => {
    ep.resetStats();
    const { snapshot, problems } = await collectSnapshot(labSource(ep));
    assert.deepEqual(problems, []);
    const byId = (s: NetworkSnapshot): [string, unknown][] => (s.networkInterfaces ?? []).map((n) => [n.nic.id, n.effectiveNetworkSecurityGroups] as [string, unknown]).sort((a, b) => a[0].localeCompare(b[0]));
    assert.deepEqual(byId(snapshot), byId(expected));
    const workload = snapshot.networkInterfaces!.find((n) => n.nic.ipConfigurations[0]!.privateIPAddress === '10.10.1.4')!;
    const rule = workload.effectiveNetworkSecurityGroups![0]!.effectiveSecurityRules[0]!;
    assert.deepEqual([rule.name, rule.access, rule.priority, rule.direction, rule.destinationAddressPrefix], ['securityRules/deny-onprem', 'Deny', 200, 'Outbound', '192.168.10.0/24']);
    // The other subnet has no NSG in this scenario: Azure answers an empty list (known, not unknown).
    assert.deepEqual(snapshot.networkInterfaces!.find((n) => n.nic.ipConfigurations[0]!.privateIPAddress === '10.10.2.4')!.effectiveNetworkSecurityGroups, []);
    assert.equal(ep.stats().byRoute.listEffectiveNetworkSecurityGroups, snapshot.networkInterfaces!.length);
  });

  test('a 403 on the effective NSGs leaves them unknown and says so; effective routes are still read', async () => {
    ep.setFaults({ failures: [{ status: 403, count: 100, pathIncludes: 'effectiveNetworkSecurityGroups' }] });
    try {
      const { snapshot, problems } = await collectSnapshot(labSource(ep, { retry: { maxRetries: 0 } }));
      assert.ok(problems.length > 0 && problems.every((p) => p.field === 'effectiveNetworkSecurityGroups' && /403/.test(p.message)), JSON.stringify(problems));
      for (const n of snapshot.networkInterfaces!) {
        assert.equal(n.effectiveNetworkSecurityGroups, undefined, 'unknown, not empty');
        assert.ok(n.effectiveRoutes!.length > 0);
      }
      assert.ok(snapshot.readProblems!.length > 0 && snapshot.readProblems!.every((p) => p.part === 'effectiveNetworkSecurityGroups'), JSON.stringify(snapshot.readProblems));
    } finally {
      ep.setFaults({});
    }
  });
});
