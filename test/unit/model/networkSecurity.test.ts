import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSecurityRules, evaluateSecurity, type EffectiveNetworkSecurityGroup, type EffectiveSecurityRule } from '../../../src/model/networkSecurity';

const TAG = ['10.10.0.0/16', '192.168.10.0/24'];
const nsg = (name: string, rules: EffectiveSecurityRule[], on: 'subnet' | 'nic' = 'subnet'): EffectiveNetworkSecurityGroup => ({
  networkSecurityGroup: { id: `/nsg/${name}` },
  association: on === 'nic' ? { networkInterface: { id: '/nic' } } : { subnet: { id: '/subnet' } },
  effectiveSecurityRules: [...rules, ...defaultSecurityRules(TAG)],
});
const user = (name: string, priority: number, access: string, direction: string, destinationAddressPrefix: string, protocol = '*'): EffectiveSecurityRule => ({
  name: `securityRules/${name}`, protocol, sourcePortRange: '*', destinationPortRange: '*', sourceAddressPrefix: '*', destinationAddressPrefix, expandedSourceAddressPrefix: [], expandedDestinationAddressPrefix: [], access, priority, direction,
});

test('default rules: Azure\'s six rules with their documented priorities and the VirtualNetwork tag expanded', () => {
  const rules = defaultSecurityRules(TAG);
  assert.deepEqual(rules.map((r) => [r.name, r.direction, r.priority, r.access]), [
    ['defaultSecurityRules/AllowVnetInBound', 'Inbound', 65000, 'Allow'],
    ['defaultSecurityRules/AllowAzureLoadBalancerInBound', 'Inbound', 65001, 'Allow'],
    ['defaultSecurityRules/DenyAllInBound', 'Inbound', 65500, 'Deny'],
    ['defaultSecurityRules/AllowVnetOutBound', 'Outbound', 65000, 'Allow'],
    ['defaultSecurityRules/AllowInternetOutBound', 'Outbound', 65001, 'Allow'],
    ['defaultSecurityRules/DenyAllOutBound', 'Outbound', 65500, 'Deny'],
  ]);
  assert.deepEqual(rules[0]!.expandedSourceAddressPrefix, TAG);
});

test('default rules decide: VNet and on-premises both ways, Internet out, nothing else in', () => {
  const g = [nsg('d', [])];
  assert.equal(evaluateSecurity(g, 'Outbound', '10.10.1.4', '192.168.10.20')?.rule.name, 'defaultSecurityRules/AllowVnetOutBound');
  assert.equal(evaluateSecurity(g, 'Outbound', '10.10.1.4', '8.8.8.8')?.rule.name, 'defaultSecurityRules/AllowInternetOutBound');
  assert.equal(evaluateSecurity(g, 'Inbound', '192.168.10.20', '10.10.1.4')?.rule.name, 'defaultSecurityRules/AllowVnetInBound');
  const fromInternet = evaluateSecurity(g, 'Inbound', '8.8.8.8', '10.10.1.4');
  assert.equal(fromInternet?.access, 'Deny');
  assert.equal(fromInternet?.rule.name, 'defaultSecurityRules/DenyAllInBound');
  assert.equal(evaluateSecurity(g, 'Inbound', '168.63.129.16', '10.10.1.4')?.rule.name, 'defaultSecurityRules/AllowAzureLoadBalancerInBound');
});

test('user rules: lowest priority number wins; Tcp-only rules do not decide an ICMP probe; a Deny in either NSG decides', () => {
  const deny = nsg('s', [user('deny-onprem', 200, 'Deny', 'Outbound', '192.168.10.0/24'), user('allow-host', 100, 'Allow', 'Outbound', '192.168.10.7/32'), user('tcp', 50, 'Deny', 'Outbound', '192.168.10.7', 'Tcp')]);
  assert.equal(evaluateSecurity([deny], 'Outbound', '10.10.1.4', '192.168.10.7')?.rule.name, 'securityRules/allow-host');
  const d = evaluateSecurity([deny], 'Outbound', '10.10.1.4', '192.168.10.20');
  assert.deepEqual([d?.access, d?.rule.name, d?.rule.priority, d?.nsg], ['Deny', 'securityRules/deny-onprem', 200, '/nsg/s']);
  // The NIC's NSG allows, the subnet's denies: denied.
  const nicAllows = nsg('n', [user('allow', 100, 'Allow', 'Outbound', '*')], 'nic');
  assert.equal(evaluateSecurity([nicAllows, deny], 'Outbound', '10.10.1.4', '192.168.10.20')?.access, 'Deny');
  assert.equal(evaluateSecurity([], 'Outbound', '10.10.1.4', '192.168.10.20'), undefined);
});
