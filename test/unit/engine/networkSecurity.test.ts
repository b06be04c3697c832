// Scenario NSGs: validation errors, the lab NICs' effective NSGs (defaults when none are given),
// and probes that honour a deny rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLab } from '../../../src/engine/createLab';
import { validateScenario } from '../../../src/engine/scenario/validateScenario';
import { ScenarioError } from '../../../src/engine/scenario/validationError';
import { DENY_ONPREM, nsgScenario } from './nsgFixtures';

test('scenario NSGs: bad references and Azure\'s limits are clear errors with their path', () => {
  const bad = nsgScenario([
    { name: 'a', subnets: ['GatewaySubnet', 'nope'], virtualMachines: ['ghost'], securityRules: [{ name: 'r', priority: 100, direction: 'Inbound', access: 'Deny', sourceAddressPrefix: '10.0.0.0/33' }, { name: 'r2', priority: 100, direction: 'Inbound', access: 'Allow' }] },
    { name: 'a', subnets: [] },
  ]);
  assert.throws(() => validateScenario(bad, 'x.gwlab.json'), (e: unknown) => {
    assert.ok(e instanceof ScenarioError);
    for (const text of [
      'networkSecurityGroups[0].subnets[0]: an NSG on GatewaySubnet is not supported',
      'networkSecurityGroups[0].subnets[1]: unknown subnet "nope"',
      'networkSecurityGroups[0].virtualMachines[0]: unknown VM "ghost"',
      'networkSecurityGroups[0].securityRules[0].sourceAddressPrefix: "10.0.0.0/33" is not an IPv4 CIDR',
      'networkSecurityGroups[0].securityRules[1].priority: priority 100 is already used by Inbound rule "r"',
      'networkSecurityGroups[1].name: duplicate NSG name "a"',
    ]) assert.ok(e.message.includes(text), `missing "${text}" in:\n${e.message}`);
    return true;
  });
  assert.throws(() => validateScenario(nsgScenario([{ name: 'a', securityRules: [{ name: 'r', priority: 99, direction: 'Inbound', access: 'Deny' }] }]), 'x.gwlab.json'), /priority.*100/);
});

test('without scenario NSGs every lab NIC has a subnet NSG with Azure\'s default rules and the VirtualNetwork tag', () => {
  const lab = createLab(validateScenario(nsgScenario()), { recordEvents: false });
  lab.runUntil(120);
  const nic = lab.snapshot().networkInterfaces!.find((n) => n.nic.ipConfigurations[0]!.privateIPAddress === '10.10.1.4')!;
  const groups = nic.effectiveNetworkSecurityGroups!;
  assert.equal(groups.length, 1);
  assert.match(groups[0]!.networkSecurityGroup!.id, /networkSecurityGroups\/workload-nsg$/);
  assert.deepEqual(groups[0]!.effectiveSecurityRules.map((r) => `${r.priority} ${r.name}`), ['65000 defaultSecurityRules/AllowVnetInBound', '65001 defaultSecurityRules/AllowAzureLoadBalancerInBound', '65500 defaultSecurityRules/DenyAllInBound', '65000 defaultSecurityRules/AllowVnetOutBound', '65001 defaultSecurityRules/AllowInternetOutBound', '65500 defaultSecurityRules/DenyAllOutBound']);
  // VNet space + the on-premises prefix the gateway carries.
  assert.deepEqual(groups[0]!.effectiveSecurityRules[0]!.expandedSourceAddressPrefix, ['10.10.0.0/16', '192.168.10.0/24']);
  assert.equal(lab.probes.evaluate({ name: 'c', from: '10.10.1.4', to: '192.168.10.20', intervalSeconds: 5 }).delivered, true);
});

for (const bgp of [false, true]) {
  test(`a scenario NSG denying the on-premises prefix drops the probe with the rule as reason (${bgp ? 'BGP' : 'static'})`, () => {
    const lab = createLab(validateScenario(nsgScenario(DENY_ONPREM, bgp)), { recordEvents: false });
    lab.runUntil(200);
    const out = lab.probes.evaluate({ name: 'c', from: '10.10.1.4', to: '192.168.10.20', intervalSeconds: 5 });
    assert.deepEqual([out.delivered, out.reason], [false, 'nsgDenied:securityRules/deny-onprem']);
    // The other subnet's VM has no NSG (scenario NSGs given): delivered.
    assert.equal(lab.probes.evaluate({ name: 'c', from: '10.10.2.4', to: '192.168.10.20', intervalSeconds: 5 }).delivered, true);
    const groups = lab.snapshot().networkInterfaces!.find((n) => n.nic.ipConfigurations[0]!.privateIPAddress === '10.10.1.4')!.effectiveNetworkSecurityGroups!;
    assert.equal(groups[0]!.effectiveSecurityRules[0]!.name, 'securityRules/deny-onprem');
  });
}
