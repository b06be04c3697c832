// The NSG hop of the route path: outbound at the source NIC, inbound at a destination NIC in the
// VNet; the deciding rule as evidence; not read = unknown. A scenario NSG that denies the
// on-premises prefix breaks the hop and the lab's probe agrees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLab } from '../../../src/engine/createLab';
import { validateScenario } from '../../../src/engine/scenario/validateScenario';
import { traceRoutePath } from '../../../src/routePath/traceRoutePath';
import { DENY_ONPREM, nsgScenario } from '../engine/nsgFixtures';

function labAt(scenario: Record<string, unknown>, at: number): ReturnType<typeof createLab> {
  const lab = createLab(validateScenario(scenario), { recordEvents: false });
  lab.runUntil(at);
  return lab;
}

test('an NSG denying the on-premises prefix: a broken NSG hop with the rule as evidence, and the probe is not delivered', () => {
  const lab = labAt(nsgScenario(DENY_ONPREM, true), 150);
  const r = traceRoutePath(lab.snapshot(), '10.10.1.4', '192.168.10.20');
  assert.equal(r.delivered, false);
  const hop = r.hops[r.firstBroken!]!;
  assert.deepEqual([hop.kind, hop.status], ['nsg', 'broken']);
  assert.match(hop.rule!, /securityRules\/deny-onprem \(priority 200, Deny\) in workload-nsg/);
  assert.deepEqual(hop.evidence[0]!.rows[0], ['workload-nsg', 'securityRules/deny-onprem', '200', 'Deny', 'Outbound', '0.0.0.0/0', '192.168.10.0/24']);
  assert.match(hop.fix!, /lower number than 200/);
  assert.match(r.verdict, /not delivered: first broken hop #1 \(nsg/);
  // The route itself is fine: only the NSG breaks the path.
  assert.ok(r.hops.filter((h) => h.kind !== 'nsg').every((h) => h.status === 'ok'));
  assert.equal(lab.probes.evaluate({ name: 'c', from: '10.10.1.4', to: '192.168.10.20', intervalSeconds: 5 }).delivered, false);
});

test('default rules: the NSG hop is ok with AllowVnetOutBound; an inbound deny at a destination NIC in the VNet breaks the path', () => {
  const ok = traceRoutePath(labAt(nsgScenario(undefined, true), 150).snapshot(), '10.10.1.4', '192.168.10.20');
  const nsg = ok.hops.find((h) => h.kind === 'nsg')!;
  assert.equal(nsg.status, 'ok');
  assert.match(nsg.rule!, /AllowVnetOutBound \(priority 65000, Allow\)/);
  assert.equal(ok.delivered, true);

  const denyIn = [{ name: 'app-nsg', virtualMachines: ['vm-10-10-2-4'], securityRules: [{ name: 'no-workload', priority: 300, direction: 'Inbound', access: 'Deny', sourceAddressPrefix: '10.10.1.0/24' }] }];
  const lab = labAt(nsgScenario(denyIn, true), 150);
  const r = traceRoutePath(lab.snapshot(), '10.10.1.4', '10.10.2.4');
  assert.deepEqual(r.hops.map((h) => [h.kind, h.status]), [['source', 'ok'], ['nsg', 'ok'], ['effectiveRoute', 'ok'], ['vnet', 'ok'], ['nsg', 'broken']]);
  assert.match(r.hops[4]!.summary, /denied inbound at NIC vm-10-10-2-4-nic by securityRules\/no-workload/);
  assert.equal(lab.probes.evaluate({ name: 'c', from: '10.10.1.4', to: '10.10.2.4', intervalSeconds: 5 }).delivered, false);
});

test('effective NSGs not read: the NSG hop is unknown, and the verdict cannot tell', () => {
  const snap = labAt(nsgScenario(undefined, true), 150).snapshot();
  for (const n of snap.networkInterfaces!) delete n.effectiveNetworkSecurityGroups;
  const r = traceRoutePath(snap, '10.10.1.4', '192.168.10.20');
  const nsg = r.hops.find((h) => h.kind === 'nsg')!;
  assert.deepEqual([nsg.status, nsg.summary], ['unknown', 'effective NSGs of vm-10-10-1-4-nic were not read']);
  assert.equal(r.delivered, false);
  assert.equal(r.firstBroken, null);
});

test('the NSG hop links to a document of the NIC\'s effective security rules with the deciding rule marked', async () => {
  const { hopLink } = await import('../../../src/webviews/routePath/hopLinks');
  const snap = labAt(nsgScenario(DENY_ONPREM, true), 150).snapshot();
  const r = traceRoutePath(snap, '10.10.1.4', '192.168.10.20');
  const link = hopLink(r.hops[1]!, r, snap, 'lab', false);
  assert.equal(link.kind, 'document');
  if (link.kind !== 'document') return;
  assert.match(link.markdown, /\| ▶ \| Outbound \| 200 \| securityRules/);
  assert.equal(link.markdown.split('\n').filter((l) => l.startsWith('| ▶')).length, 1);
  for (const n of snap.networkInterfaces!) delete n.effectiveNetworkSecurityGroups;
  const unread = traceRoutePath(snap, '10.10.1.4', '192.168.10.20');
  assert.equal(hopLink(unread.hops[1]!, unread, snap, 'lab', false).kind, 'none');
});
