import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type GatewayRouteCandidate,
  computeSubnetRoutes,
  gatewaySubnetUdrBreak,
  routeToOnPremises,
} from '../../../src/engine/routing/effectiveRoutes';
import { parsePrefix } from '../../../src/model/prefix';

const space = [parsePrefix('10.1.0.0/16')];
const er = (p: string, hop = '172.31.0.1'): GatewayRouteCandidate => ({ prefix: parsePrefix(p), nextHop: hop, via: 'ExpressRoute' });
const vpn = (p: string, hop = '10.1.255.4'): GatewayRouteCandidate => ({ prefix: parsePrefix(p), nextHop: hop, via: 'Vpn' });

function active(table: ReturnType<typeof computeSubnetRoutes>, ip: string): string {
  const r = table.lookup(ip);
  return r ? `${r.prefix.text} ${r.route.source} ${r.route.nextHopType} ${r.via ?? ''}`.trim() : 'none';
}

test('system routes: VNet space is local, private ranges None, default Internet', () => {
  const t = computeSubnetRoutes({ addressSpace: space, gatewayRoutes: [] });
  assert.equal(active(t, '10.1.2.3'), '10.1.0.0/16 Default VnetLocal');
  assert.equal(active(t, '10.2.0.1'), '10.0.0.0/8 Default None');
  assert.equal(active(t, '8.8.8.8'), '0.0.0.0/0 Default Internet');
  assert.ok(t.routes.every((r) => r.source === 'Default' && r.state === 'Active'));
});

test('longest prefix first: a /24 from the gateway beats the 10/8 system route', () => {
  const t = computeSubnetRoutes({ addressSpace: space, gatewayRoutes: [vpn('10.2.0.0/24')] });
  assert.equal(active(t, '10.2.0.9'), '10.2.0.0/24 VirtualNetworkGateway VirtualNetworkGateway Vpn');
  assert.equal(active(t, '10.2.1.9'), '10.0.0.0/8 Default None');
});

test('equal prefix: user > gateway > system, losers shown Invalid', () => {
  const t = computeSubnetRoutes({
    addressSpace: space,
    gatewayRoutes: [vpn('192.168.0.0/16')],
    userRoutes: [{ name: 'to-nva', addressPrefix: '192.168.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.1.5.4' }],
  });
  assert.equal(active(t, '192.168.1.1'), '192.168.0.0/16 User VirtualAppliance');
  const rows = t.routes.filter((r) => r.addressPrefix[0] === '192.168.0.0/16').map((r) => `${r.source}:${r.state}`);
  assert.deepEqual(rows, ['Default:Invalid', 'VirtualNetworkGateway:Invalid', 'User:Active']);
  const noUser = computeSubnetRoutes({ addressSpace: space, gatewayRoutes: [vpn('192.168.0.0/16')] });
  assert.equal(active(noUser, '192.168.1.1'), '192.168.0.0/16 VirtualNetworkGateway VirtualNetworkGateway Vpn');
  assert.deepEqual(
    noUser.routes.filter((r) => r.addressPrefix[0] === '192.168.0.0/16').map((r) => `${r.source}:${r.state}`),
    ['Default:Invalid', 'VirtualNetworkGateway:Active'],
  );
});

test('VNet system routes are never overridden by BGP, and on-prem prefixes inside the VNet are not installed', () => {
  const t = computeSubnetRoutes({ addressSpace: space, gatewayRoutes: [vpn('10.1.0.0/16'), er('10.1.7.0/24'), vpn('10.0.0.0/8')] });
  assert.equal(active(t, '10.1.7.1'), '10.1.0.0/16 Default VnetLocal');
  assert.deepEqual(
    t.notInstalled.map((n) => [n.prefix, /never overridden/.test(n.reason) ? 'equal' : /overlaps/.test(n.reason) ? 'inside' : '?']),
    [['10.1.0.0/16', 'equal'], ['10.1.7.0/24', 'inside']],
  );
  assert.ok(!t.routes.some((r) => r.addressPrefix[0] === '10.1.7.0/24'));
  // A covering on-prem prefix is installed (it does not take VNet traffic: the /16 is more specific).
  assert.equal(active(t, '10.9.0.1'), '10.0.0.0/8 VirtualNetworkGateway VirtualNetworkGateway Vpn');
});

test('ExpressRoute beats S2S VPN for an identical prefix; a more specific S2S prefix still wins', () => {
  const t = computeSubnetRoutes({
    addressSpace: space,
    gatewayRoutes: [vpn('10.20.0.0/16'), er('10.20.0.0/16', '172.31.0.1'), er('10.20.0.0/16', '172.31.0.2'), vpn('10.20.5.0/24'), vpn('10.20.0.0/16', '10.1.255.5')],
  });
  assert.equal(active(t, '10.20.1.1'), '10.20.0.0/16 VirtualNetworkGateway VirtualNetworkGateway ExpressRoute');
  assert.deepEqual(t.lookup('10.20.1.1')?.route.nextHopIpAddress, ['172.31.0.1', '172.31.0.2']);
  assert.equal(active(t, '10.20.5.1'), '10.20.5.0/24 VirtualNetworkGateway VirtualNetworkGateway Vpn');
  // Order of arrival does not matter.
  const t2 = computeSubnetRoutes({ addressSpace: space, gatewayRoutes: [er('10.20.0.0/16'), vpn('10.20.0.0/16')] });
  assert.equal(active(t2, '10.20.1.1'), '10.20.0.0/16 VirtualNetworkGateway VirtualNetworkGateway ExpressRoute');
});

test('probes to on-premises: gateway when routed, "no route" otherwise', () => {
  const t = computeSubnetRoutes({ addressSpace: space, gatewayRoutes: [vpn('192.168.1.0/24')] });
  assert.equal(routeToOnPremises(t, '192.168.1.10').kind, 'gateway');
  const missing = routeToOnPremises(t, '192.168.2.10');
  assert.deepEqual([missing.kind, missing.kind === 'drop' ? missing.reason : ''], ['drop', 'no route']);
  assert.equal(routeToOnPremises(t, '1.1.1.1').kind, 'drop');
  const blackhole = computeSubnetRoutes({
    addressSpace: space,
    gatewayRoutes: [vpn('192.168.1.0/24')],
    userRoutes: [{ name: 'drop', addressPrefix: '192.168.1.0/24', nextHopType: 'None' }],
  });
  assert.equal(routeToOnPremises(blackhole, '192.168.1.10').kind, 'drop');
});

test('GatewaySubnet UDR trigger: only a route that takes gateway-to-gateway traffic off the VNet breaks BGP', () => {
  const gws = ['10.1.255.4', '10.1.255.5', '10.1.255.12'];
  assert.equal(gatewaySubnetUdrBreak(space, undefined, gws), undefined);
  assert.equal(gatewaySubnetUdrBreak(space, [{ name: 'default', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.1.5.4' }], gws), undefined, '0/0 is less specific than the VNet route');
  assert.equal(gatewaySubnetUdrBreak(space, [{ name: 'onprem', addressPrefix: '192.168.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.1.5.4' }], gws), undefined);
  assert.match(
    gatewaySubnetUdrBreak(space, [{ name: 'all-vnet', addressPrefix: '10.1.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.1.5.4' }], gws) ?? '',
    /UDR "all-vnet" \(10.1.0.0\/16 -> VirtualAppliance 10.1.5.4\) on GatewaySubnet covers gateway address 10.1.255.4/,
  );
  assert.match(gatewaySubnetUdrBreak(space, [{ name: 'gw', addressPrefix: '10.1.255.0/27', nextHopType: 'None' }], gws) ?? '', /covers gateway address/);
  assert.equal(gatewaySubnetUdrBreak(space, [{ name: 'local', addressPrefix: '10.1.255.0/27', nextHopType: 'VnetLocal' }], gws), undefined);
});
