// Azure-shaped data through the real client: the fixture network served by the lab's ARM
// endpoint, read with ArmGatewayDataSource (@azure/arm-network), collected and diagnosed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { collectSnapshot } from '../../../src/azure/collectSnapshot';
import { labSource, startLab } from '../azure/labFixture';
import { breakCoexistence, coexistenceSnapshot, ER_ID, SITE_PREFIXES } from './fixtures';

test('coexistence break found on data read through the ARM client, with no VNet or site listing', async () => {
  const ep = await startLab(breakCoexistence(coexistenceSnapshot()));
  try {
    const { snapshot, problems } = await collectSnapshot(labSource(ep), { now: () => new Date('2026-11-24T12:00:00Z'), network: false });
    assert.deepEqual(problems, []);
    assert.equal(snapshot.gateways.length, 2);
    const f = diagnose(snapshot).find((x) => x.ruleId === 'coexistence-bgp-break');
    assert.ok(f, 'coexistence finding');
    assert.equal(f.severity, 'error');
    assert.equal(f.resources[0]!.toLowerCase(), ER_ID.toLowerCase());
    assert.deepEqual(f.evidence[0]!.rows.map((r) => r[0]), SITE_PREFIXES);
  } finally {
    await ep.close();
  }
});

test('a call that fails leaves the field unknown (not empty): info instead of a false error', async () => {
  const ep = await startLab(breakCoexistence(coexistenceSnapshot()), {
    faults: { failures: [{ status: 403, count: 100, pathIncludes: 'er-gw/getLearnedRoutes' }] },
  });
  try {
    const { snapshot, problems } = await collectSnapshot(labSource(ep, { retry: { maxRetries: 0 } }), { network: false });
    assert.deepEqual(problems.map((p) => p.field), ['learnedRoutes']);
    const er = snapshot.gateways.find((g) => g.gateway.name === 'er-gw')!;
    assert.equal(er.learnedRoutes, undefined);
    const fs = diagnose(snapshot).filter((x) => x.ruleId === 'coexistence-bgp-break');
    assert.deepEqual(fs.map((x) => x.severity), ['info']);
  } finally {
    await ep.close();
  }
});
