import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { coexistenceBgpBreak, COEXISTENCE_BGP_BREAK } from '../../../src/diagnostics/rules/coexistenceBgpBreak';
import { buildSnapshotIndex } from '../../../src/diagnostics/snapshotIndex';
import type { NetworkSnapshot } from '../../../src/model/snapshot';
import { breakCoexistence, coexistenceSnapshot, ER_ID, gw, S2S_ID, SITE_ID, SITE_PEER, SITE_PREFIXES, VNET_ID, VPN_ADDRESSES, VPN_ID } from './fixtures';

const run = (s: NetworkSnapshot) => coexistenceBgpBreak.run(buildSnapshotIndex(s));

test('healthy coexistence network: no finding above info from any rule', () => {
  const findings = diagnose(coexistenceSnapshot());
  assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => f.id), []);
});

test('coexistence break fires on the ER gateway with exactly the missing prefixes and down peers as evidence', () => {
  const [f, ...rest] = run(breakCoexistence(coexistenceSnapshot()));
  assert.equal(rest.length, 0);
  assert.ok(f);
  assert.equal(f.severity, 'error');
  assert.equal(f.id, `${COEXISTENCE_BGP_BREAK}:${ER_ID}|${VPN_ID}|${S2S_ID}|${SITE_ID}`);
  assert.equal(f.resources[0], ER_ID, 'the ER gateway is the place to look');
  assert.match(f.title, /er-gw/);
  assert.match(f.modelNote ?? '', /Gateway Lens's model: only the ExpressRoute gateway plumbs/);
  const [missing, vpnRoutes, peers, ...more] = f.evidence;
  assert.equal(more.length, 0, 'no UDR table without a UDR');
  assert.deepEqual(missing!.rows, SITE_PREFIXES.map((p) => [p, true, false, false]));
  // Both VPN instances learned both prefixes from the site: 4 rows, nothing else.
  assert.deepEqual(
    vpnRoutes!.rows.map((r) => [r[0], r[1], r[3]]),
    VPN_ADDRESSES.flatMap((a) => SITE_PREFIXES.map((p) => [a, p, SITE_PEER])),
  );
  assert.equal(peers!.rows.length, 4, 'two ER instances x two VPN instances');
  assert.ok(peers!.rows.every((r) => r[3] === 'Idle' && VPN_ADDRESSES.includes(String(r[1]))));
  assert.ok(f.actions.every((a) => a.url === undefined || a.url.startsWith('https://learn.microsoft.com/')));
  assert.ok(!/UDR|user route/i.test(f.explanation));
});

test('a UDR on GatewaySubnet covering the subnet is named as the trigger, and only that UDR is evidence', () => {
  const [f] = run(breakCoexistence(coexistenceSnapshot(), true));
  assert.ok(f);
  const udr = f.evidence.find((t) => t.title.includes('User routes'));
  assert.ok(udr);
  assert.deepEqual(udr.rows, [['GatewaySubnet', 'default-to-nva', '0.0.0.0/0', 'VirtualAppliance', '10.0.2.4']]);
  assert.match(f.explanation, /user route on GatewaySubnet/i);
  assert.ok(f.actions.some((a) => a.label.includes('default-to-nva')));
});

test('near miss: ER sessions towards the VPN gateway Connected -> no coexistence finding even if a prefix is missing', () => {
  const s = coexistenceSnapshot();
  const er = gw(s, ER_ID);
  er.learnedRoutes = er.learnedRoutes!.filter((r) => r.network !== SITE_PREFIXES[0]);
  assert.deepEqual(run(s), []);
});

test('near miss: sessions down but the tunnel not Connected -> no coexistence finding', () => {
  const s = breakCoexistence(coexistenceSnapshot());
  s.connections[0]!.connectionStatus = 'NotConnected';
  assert.deepEqual(run(s), []);
});

test('near miss: the VPN gateway itself did not learn the site prefixes -> not a coexistence break', () => {
  const s = breakCoexistence(coexistenceSnapshot());
  const vpn = gw(s, VPN_ID);
  vpn.learnedRoutes = vpn.learnedRoutes!.filter((r) => r.sourcePeer !== SITE_PEER);
  assert.deepEqual(run(s), []);
});

test('unknown learned routes give an info "not checked" finding, never a false error', () => {
  const s = breakCoexistence(coexistenceSnapshot());
  delete gw(s, ER_ID).learnedRoutes;
  const fs = run(s);
  assert.equal(fs.length, 1);
  assert.equal(fs[0]!.severity, 'info');
  assert.deepEqual(fs[0]!.evidence[0]!.rows, [['er-gw', 'learnedRoutes', 'not fetched']]);
});

test('unknown ER BGP peers: a warning that says the session state is unconfirmed', () => {
  const s = breakCoexistence(coexistenceSnapshot());
  delete gw(s, ER_ID).bgpPeers;
  const [f] = run(s);
  assert.equal(f?.severity, 'warning');
  assert.match(f!.explanation, /not fetched/);
});

test('empty (fetched) ER learned routes are a fault, not unknown', () => {
  const s = breakCoexistence(coexistenceSnapshot());
  gw(s, ER_ID).learnedRoutes = [];
  assert.equal(run(s)[0]?.severity, 'error');
});

test('effective routes unknown: the VNet column says unknown', () => {
  const s = breakCoexistence(coexistenceSnapshot());
  delete s.effectiveRoutes;
  const [f] = run(s);
  assert.deepEqual(f!.evidence[0]!.rows.map((r) => r[3]), ['unknown', 'unknown']);
});

test('static (non-BGP) site prefixes are checked too', () => {
  const s = breakCoexistence(coexistenceSnapshot());
  s.localNetworkGateways[0]!.localNetworkAddressSpace.addressPrefixes.push('192.168.50.0/24');
  gw(s, VPN_ID).learnedRoutes!.push({ localAddress: VPN_ADDRESSES[0]!, network: '192.168.50.0/24', nextHop: '', sourcePeer: VPN_ADDRESSES[0]!, origin: 'Network', asPath: '', weight: 32768 });
  const [f] = run(s);
  assert.deepEqual(f!.evidence[0]!.rows.map((r) => r[0]), [...SITE_PREFIXES, '192.168.50.0/24']);
  assert.ok(VNET_ID);
});

test('partial Azure export without VNets and sites: the break is still found, and the explanation says what was not checked', () => {
  const s = breakCoexistence(coexistenceSnapshot());
  s.virtualNetworks = [];
  s.localNetworkGateways = [];
  const fs = run(s);
  assert.equal(fs.length, 1);
  assert.equal(fs[0]!.severity, 'error');
  assert.deepEqual(fs[0]!.evidence[0]!.rows.map((r) => r[0]), SITE_PREFIXES);
  assert.match(fs[0]!.explanation, /Site site-a is not in the snapshot/);
  assert.match(fs[0]!.explanation, /VNet hub-vnet is not in the snapshot/);
  const healthy = coexistenceSnapshot();
  healthy.virtualNetworks = [];
  healthy.localNetworkGateways = [];
  assert.deepEqual(diagnose(healthy).filter((f) => f.severity !== 'info'), []);
});

test('near miss: prefixes missing on the ER gateway but still in the VNet effective routes (e.g. a user route) -> no coexistence finding', () => {
  const s = breakCoexistence(coexistenceSnapshot());
  s.effectiveRoutes![VNET_ID]!.push(
    ...SITE_PREFIXES.map((p) => ({ source: 'User' as const, state: 'Active' as const, addressPrefix: [p], nextHopIpAddress: [VPN_ADDRESSES[0]!], nextHopType: 'VirtualNetworkGateway' as const })),
  );
  assert.deepEqual(run(s), []);
  // One of the two back in the VNet: the finding lists only the other.
  s.effectiveRoutes![VNET_ID]!.pop();
  const [f] = run(s);
  assert.deepEqual(f!.evidence[0]!.rows, [[SITE_PREFIXES[1], true, false, false]]);
  assert.deepEqual([...new Set(f!.evidence[1]!.rows.map((r) => r[1]))], [SITE_PREFIXES[1]]);
});

test('near miss: an Invalid effective route does not count as present', () => {
  const s = breakCoexistence(coexistenceSnapshot());
  s.effectiveRoutes![VNET_ID]!.push({ source: 'User', state: 'Invalid', addressPrefix: [SITE_PREFIXES[0]!], nextHopIpAddress: [], nextHopType: 'VirtualNetworkGateway' });
  assert.deepEqual(run(s)[0]!.evidence[0]!.rows.map((r) => r[0]), SITE_PREFIXES);
});

test('the UDR trigger is not mentioned for a GatewaySubnet route that does not cover the gateway subnet', () => {
  const s = breakCoexistence(coexistenceSnapshot());
  s.virtualNetworks[0]!.subnets[0]!.routes = [{ name: 'branch', addressPrefix: '10.50.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.2.4' }];
  const [f] = run(s);
  assert.ok(f);
  assert.equal(f.evidence.some((t) => t.title.includes('User routes')), false);
  assert.doesNotMatch(f.explanation, /user route/i);
});
