import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalNetworkGateway, VirtualNetworkGateway } from '../../../src/model/arm';
import {
  gatewayBgpAddresses,
  idKey,
  instanceBgpAddress,
  isGatewaySubnetName,
  resourceName,
  sameId,
  siteBgpAddress,
  vnetIdOfGateway,
  vnetIdOfSubnet,
} from '../../../src/model/armShapes';
import { networkResourceId } from '../../../src/model/resourceIds';

const vnetId = networkResourceId('virtualNetworks', 'hub-vnet');

function gateway(over: Partial<VirtualNetworkGateway>): VirtualNetworkGateway {
  return {
    id: networkResourceId('virtualNetworkGateways', 'vpn-gw'),
    name: 'vpn-gw',
    location: 'westeurope',
    gatewayType: 'Vpn',
    vpnType: 'RouteBased',
    sku: { name: 'VpnGw1', tier: 'VpnGw1' },
    activeActive: false,
    enableBgp: true,
    ipConfigurations: [{ id: 'ip0', name: 'default', subnet: { id: `${vnetId}/subnets/GatewaySubnet` } }],
    provisioningState: 'Succeeded',
    ...over,
  };
}

test('resource names come from ids; ids that do not parse give their last segment', () => {
  assert.equal(resourceName(vnetId), 'hub-vnet');
  assert.equal(resourceName('/some/odd/path'), 'path');
  assert.equal(resourceName('plain'), 'plain');
});

test('ids compare and key case-insensitively, as ARM compares them', () => {
  const upper = vnetId.toUpperCase();
  assert.ok(sameId(vnetId, upper));
  assert.equal(idKey(vnetId), idKey(upper));
  assert.ok(!sameId(vnetId, networkResourceId('virtualNetworks', 'hub-vnet2')));
  assert.ok(isGatewaySubnetName('gatewaysubnet'));
  assert.ok(!isGatewaySubnetName('GatewaySubnet2'));
});

test('the VNet of a gateway is its GatewaySubnet id without the subnet', () => {
  assert.equal(vnetIdOfSubnet(`${vnetId}/SUBNETS/GatewaySubnet`), vnetId);
  assert.equal(vnetIdOfSubnet('GatewaySubnet'), undefined);
  assert.equal(vnetIdOfGateway(gateway({})), vnetId);
  assert.equal(vnetIdOfGateway(undefined), undefined);
  assert.equal(vnetIdOfGateway(gateway({ ipConfigurations: [] })), undefined);
});

test('BGP addresses of a gateway: comma-separated and per IP configuration, each once, trimmed', () => {
  const gw = gateway({
    bgpSettings: {
      asn: 65515,
      bgpPeeringAddress: '10.0.0.4, 10.0.0.5',
      bgpPeeringAddresses: [
        { ipconfigurationId: 'ip0', defaultBgpIpAddresses: ['10.0.0.4'], customBgpIpAddresses: ['169.254.21.1 '], tunnelIpAddresses: [] },
        { ipconfigurationId: 'ip1', defaultBgpIpAddresses: ['10.0.0.5'], customBgpIpAddresses: [], tunnelIpAddresses: [] },
      ],
    },
  });
  assert.deepEqual(gatewayBgpAddresses(gw), ['10.0.0.4', '10.0.0.5', '169.254.21.1']);
  assert.deepEqual(gatewayBgpAddresses(gateway({})), []);
  assert.equal(instanceBgpAddress(gw, 1), '10.0.0.5');
  assert.equal(instanceBgpAddress(gw, 2), undefined);
  assert.equal(instanceBgpAddress(undefined, 0), undefined);
  const site: LocalNetworkGateway = { id: 's', name: 's', location: '', gatewayIpAddress: '', localNetworkAddressSpace: { addressPrefixes: [] } };
  assert.equal(siteBgpAddress(site), undefined);
  assert.equal(siteBgpAddress({ ...site, bgpSettings: { asn: 65010, bgpPeeringAddress: ' 192.168.255.1 ' } }), '192.168.255.1');
  assert.equal(siteBgpAddress({ ...site, bgpSettings: { asn: 65010, bgpPeeringAddress: '' } }), undefined);
});
