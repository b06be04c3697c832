// Firing and near-miss cases for every rule except the coexistence break (own file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DiagnosticRule } from '../../../src/diagnostics/rule';
import { buildSnapshotIndex } from '../../../src/diagnostics/snapshotIndex';
import { asnProblems, reservedAsnReason } from '../../../src/diagnostics/rules/asnProblems';
import { bgpPeerNotConnected } from '../../../src/diagnostics/rules/bgpPeerNotConnected';
import { coexistencePrerequisites } from '../../../src/diagnostics/rules/coexistencePrerequisites';
import { connectionNotConnected } from '../../../src/diagnostics/rules/connectionNotConnected';
import { dataNotFetched } from '../../../src/diagnostics/rules/dataNotFetched';
import { erVsS2sPrefixes } from '../../../src/diagnostics/rules/erVsS2sPrefixes';
import { failover } from '../../../src/diagnostics/rules/failover';
import { onPremOverlap } from '../../../src/diagnostics/rules/onPremOverlap';
import { prefixLimit } from '../../../src/diagnostics/rules/prefixLimit';
import { splitBrain } from '../../../src/diagnostics/rules/splitBrain';
import type { LabState, NetworkSnapshot } from '../../../src/model/snapshot';
import { breakCoexistence, coexistenceSnapshot, ER_ADDRESSES, ER_ID, gw, MSEE, route, SITE_PEER, VPN_ADDRESSES, VPN_ID } from './fixtures';

const run = (rule: DiagnosticRule, s: NetworkSnapshot) => rule.run(buildSnapshotIndex(s));

test('connection NotConnected is an error with the connection row as evidence; Connected is silent', () => {
  const s = coexistenceSnapshot();
  assert.deepEqual(run(connectionNotConnected, s), []);
  s.connections[0]!.connectionStatus = 'NotConnected';
  const [f, ...rest] = run(connectionNotConnected, s);
  assert.equal(rest.length, 0);
  assert.equal(f?.severity, 'error');
  assert.deepEqual(f!.evidence[0]!.rows, [['vpn-gw-to-site-a', 'IPsec', 'NotConnected', true, 2300, 6700]]);
});

test('Connecting is a warning and Unknown only info', () => {
  const s = coexistenceSnapshot();
  s.connections[0]!.connectionStatus = 'Connecting';
  assert.equal(run(connectionNotConnected, s)[0]?.severity, 'warning');
  s.connections[0]!.connectionStatus = 'Unknown';
  assert.equal(run(connectionNotConnected, s)[0]?.severity, 'info');
});

test('active/active: one tunnel down fires with only that tunnel as evidence; active/passive does not', () => {
  const s = coexistenceSnapshot();
  s.connections[0]!.tunnelConnectionStatus![1]!.connectionStatus = 'NotConnected';
  const [f] = run(connectionNotConnected, s);
  assert.equal(f?.ruleId, 'active-active-tunnel-down');
  assert.deepEqual(f!.evidence[1]!.rows.map((r) => r[0]), ['vpn-gw-to-site-a_IN_1']);
  gw(s, VPN_ID).gateway.activeActive = false;
  assert.deepEqual(run(connectionNotConnected, s), []);
});

test('BGP peer Idle: warning naming the site, evidence is that peer row only', () => {
  const s = coexistenceSnapshot();
  assert.deepEqual(run(bgpPeerNotConnected, s), []);
  const vpn = gw(s, VPN_ID);
  vpn.bgpPeers![0] = { ...vpn.bgpPeers![0]!, state: 'Idle', connectedDuration: '', messagesSent: 40, messagesReceived: 38 };
  const fs = run(bgpPeerNotConnected, s);
  assert.equal(fs.length, 1);
  assert.equal(fs[0]!.ruleId, 'bgp-peer-not-connected');
  assert.match(fs[0]!.explanation, /site site-a/);
  assert.match(fs[0]!.explanation, /40 messages sent, 38 received/);
  assert.match(fs[0]!.explanation, /no connected time reported/);
  assert.deepEqual(fs[0]!.evidence[0]!.rows, [[VPN_ADDRESSES[0], SITE_PEER, 65010, 'Idle', '', 2, 40, 38]]);
});

test('peer stuck Connecting with nothing received: address misconfiguration suspected', () => {
  const s = coexistenceSnapshot();
  const vpn = gw(s, VPN_ID);
  vpn.bgpPeers![0] = { ...vpn.bgpPeers![0]!, state: 'Connecting', connectedDuration: '', messagesSent: 5, messagesReceived: 0 };
  const [f] = run(bgpPeerNotConnected, s);
  assert.equal(f?.ruleId, 'bgp-peer-stuck-connecting');
  assert.match(f!.title, /address misconfiguration/);
});

test('peer stuck Connecting with an ASN that differs from the site: ASN misconfiguration, with both ASNs as evidence', () => {
  const s = coexistenceSnapshot();
  const vpn = gw(s, VPN_ID);
  vpn.bgpPeers![0] = { ...vpn.bgpPeers![0]!, state: 'Connecting', asn: 65011, messagesReceived: 4 };
  const [f] = run(bgpPeerNotConnected, s);
  assert.match(f!.title, /ASN misconfiguration/);
  assert.deepEqual(f!.evidence[1]!.rows, [[SITE_PEER, 'site-a', 65010, 65011]]);
});

test('near miss: Connecting peer that receives messages and has the right ASN is a plain not-connected warning', () => {
  const s = coexistenceSnapshot();
  const vpn = gw(s, VPN_ID);
  vpn.bgpPeers![0] = { ...vpn.bgpPeers![0]!, state: 'Connecting', messagesReceived: 4 };
  assert.equal(run(bgpPeerNotConnected, s)[0]?.ruleId, 'bgp-peer-not-connected');
});

test('prefix limit: 3,199 silent, 3,200 warning (80 %), 4,001 error', () => {
  const s = coexistenceSnapshot();
  const vpn = gw(s, VPN_ID);
  const set = (n: number) => (vpn.bgpPeers![0] = { ...vpn.bgpPeers![0]!, routesReceived: n });
  set(3199);
  assert.deepEqual(run(prefixLimit, s), []);
  set(3200);
  const [w] = run(prefixLimit, s);
  assert.equal(w?.severity, 'warning');
  assert.deepEqual(w!.evidence[1]!.rows, [[SITE_PEER, 3200, 2, 4000, 80]]);
  set(4001);
  const [e] = run(prefixLimit, s);
  assert.equal(e?.severity, 'error');
  assert.match(e!.title, /session dropped/);
});

test('prefix limit in a lab with the limits lifted: a Connected session over the limit is not called dropped', () => {
  const s = coexistenceSnapshot();
  const vpn = gw(s, VPN_ID);
  vpn.bgpPeers![0] = { ...vpn.bgpPeers![0]!, state: 'Connected', routesReceived: 100_000 };
  s.lab = { scenario: 'big', timeSeconds: 60, gateways: [], failovers: [], prefixLimitsLifted: true };
  const [f, ...rest] = run(prefixLimit, s);
  assert.equal(rest.length, 0);
  assert.equal(f?.severity, 'warning');
  assert.doesNotMatch(f!.title, /dropped/);
  assert.match(f!.title, /100000 prefixes, over the 4000 limit; the session stays Connected only because this lab lifted the limits/);
  assert.match(f!.explanation, /in Azure every route from this peer would be lost/);
  // Without the lifted limits the same row keeps the documented verdict.
  delete s.lab.prefixLimitsLifted;
  assert.match(run(prefixLimit, s)[0]!.title, /session dropped/);
});

test('prefix limit also counts learned routes per peer when routesReceived lags', () => {
  const s = coexistenceSnapshot();
  const er = gw(s, ER_ID);
  for (let i = 0; i < 3300; i++) er.learnedRoutes!.push(route(ER_ADDRESSES[0]!, `10.${100 + (i >> 8)}.${i & 255}.0/24`, MSEE[0]!, '12076 65020'));
  const fs = run(prefixLimit, s);
  assert.equal(fs.length, 1);
  assert.match(fs[0]!.explanation, /Premium/);
  assert.equal(fs[0]!.evidence[1]!.rows[0]![2], 3302);
});

test('reserved ASNs', () => {
  for (const asn of [8074, 8075, 12076, 65515, 65517, 65520, 23456, 64496, 64511, 65535, 65551]) assert.ok(reservedAsnReason(asn), String(asn));
  for (const asn of [65010, 65516, 65521, 64512, 65534, 65552, 1]) assert.equal(reservedAsnReason(asn), undefined, String(asn));
});

test('a site with a reserved ASN is an error; the gateway default 65515 is not', () => {
  const s = coexistenceSnapshot();
  assert.deepEqual(run(asnProblems, s), []);
  s.localNetworkGateways[0]!.bgpSettings!.asn = 65517;
  const fs = run(asnProblems, s);
  assert.equal(fs.length, 1);
  assert.equal(fs[0]!.ruleId, 'reserved-asn');
  assert.deepEqual(fs[0]!.evidence[0]!.rows, [['site-a', 65517, 'reserved by Azure']]);
});

test('site and gateway with the same ASN conflict', () => {
  const s = coexistenceSnapshot();
  gw(s, VPN_ID).gateway.bgpSettings!.asn = 65010;
  const fs = run(asnProblems, s);
  assert.deepEqual(fs.map((f) => f.ruleId), ['asn-conflict']);
  s.connections[0]!.enableBgp = false;
  assert.deepEqual(run(asnProblems, s), [], 'no eBGP, no conflict');
});

test('on-premises prefix overlapping the VNet: exactly the overlapping pairs', () => {
  const s = coexistenceSnapshot();
  assert.deepEqual(run(onPremOverlap, s), []);
  s.localNetworkGateways[0]!.localNetworkAddressSpace.addressPrefixes.push('10.0.128.0/17', '10.1.0.0/16');
  gw(s, VPN_ID).learnedRoutes!.push(route(VPN_ADDRESSES[0]!, '10.0.7.0/24', SITE_PEER, '65010'));
  const [f, ...rest] = run(onPremOverlap, s);
  assert.equal(rest.length, 0);
  assert.deepEqual(f!.evidence[0]!.rows, [
    ['site-a', 'local network gateway address space', '10.0.128.0/17', '10.0.0.0/16'],
    ['site-a', `learned by vpn-gw from BGP peer ${SITE_PEER}`, '10.0.7.0/24', '10.0.0.0/16'],
  ]);
});

test('identical ER and S2S prefix: info, ER wins; adjacent prefixes do not fire', () => {
  const s = coexistenceSnapshot();
  assert.deepEqual(run(erVsS2sPrefixes, s), []);
  gw(s, VPN_ID).learnedRoutes!.push(route(VPN_ADDRESSES[0]!, '172.16.0.0/16', SITE_PEER, '65010'), route(VPN_ADDRESSES[0]!, '172.18.0.0/16', SITE_PEER, '65010'));
  const [f, ...rest] = run(erVsS2sPrefixes, s);
  assert.equal(rest.length, 0);
  assert.equal(f!.severity, 'info');
  assert.match(f!.title, /ExpressRoute wins/);
  assert.deepEqual(f!.evidence[0]!.rows, [['172.16.0.0/16', MSEE[0], '12076 65020', SITE_PEER, '65010']]);
});

test('S2S prefix more specific than an ER prefix overrides it', () => {
  const s = coexistenceSnapshot();
  gw(s, VPN_ID).learnedRoutes!.push(route(VPN_ADDRESSES[1]!, '172.17.4.0/24', SITE_PEER, '65010'));
  const [f] = run(erVsS2sPrefixes, s);
  assert.equal(f?.ruleId, 's2s-more-specific-than-er');
  assert.deepEqual(f!.evidence[0]!.rows, [['172.17.4.0/24', SITE_PEER, '172.17.0.0/16', MSEE[0]]]);
});

function labState(over: Partial<LabState> = {}): LabState {
  return {
    scenario: 'failover',
    timeSeconds: 100,
    gateways: [
      {
        gatewayId: VPN_ID,
        mode: 'activePassive',
        leaseHolder: 'IN_1',
        instances: [
          { name: 'IN_0', role: 'down', health: 'crashed', serving: false, holdsLease: false },
          { name: 'IN_1', role: 'active', health: 'healthy', serving: true, holdsLease: true },
        ],
      },
    ],
    failovers: [],
    ...over,
  };
}

test('lab failover in progress is a warning, recent one info, old one silent', () => {
  const s = coexistenceSnapshot();
  s.source = 'lab';
  s.lab = labState({ failovers: [{ gateway: VPN_ID, fromInstance: 'IN_0', toInstance: 'IN_1', faultAt: 30, takeoverAt: 75, trafficRestoredAt: null, gapSeconds: null }] });
  assert.equal(run(failover, s)[0]?.severity, 'warning');
  s.lab.failovers[0]!.trafficRestoredAt = 90;
  s.lab.failovers[0]!.gapSeconds = 60;
  const [f] = run(failover, s);
  assert.equal(f?.severity, 'info');
  assert.deepEqual(f!.evidence[0]!.rows, [['vpn-gw', 'IN_0', 'IN_1', 30, 75, 90, 60]]);
  s.lab.timeSeconds = 90 + 601;
  const [still, ...none] = run(failover, s);
  assert.equal(none.length, 0, 'the old failover itself is silent');
  assert.match(still!.title, /IN_0 crashed; running without a standby/);
  assert.deepEqual(still!.evidence[0]!.rows, [['IN_0', 'down', 'crashed', false, false], ['IN_1', 'active', 'healthy', true, true]]);
  s.lab.gateways[0]!.instances[0] = { name: 'IN_0', role: 'standby', health: 'healthy', serving: false, holdsLease: false };
  assert.deepEqual(run(failover, s), [], 'restored: nothing');
});

test('lab: crashed primary before takeover is a pending failover; partitioned serving primary an expected one', () => {
  const s = coexistenceSnapshot();
  s.lab = labState();
  s.lab.gateways[0]!.instances = [
    { name: 'IN_0', role: 'down', health: 'crashed', serving: false, holdsLease: false },
    { name: 'IN_1', role: 'standby', health: 'healthy', serving: false, holdsLease: false },
  ];
  const [pending] = run(failover, s);
  assert.equal(pending?.severity, 'warning');
  assert.match(pending!.title, /no instance serves \(IN_0 crashed\), failover pending/);
  s.lab.gateways[0]!.instances = [
    { name: 'IN_0', role: 'active', health: 'partitioned', serving: true, holdsLease: true },
    { name: 'IN_1', role: 'standby', health: 'healthy', serving: false, holdsLease: false },
  ];
  assert.match(run(failover, s)[0]!.title, /serving instance IN_0 is partitioned, failover expected/);
});

test('Azure data: a tunnel established minutes before the snapshot is a recent-failover hint', () => {
  const s = coexistenceSnapshot();
  assert.deepEqual(run(failover, s), []);
  s.connections[0]!.tunnelConnectionStatus![0]!.lastConnectionEstablishedUtcTime = '2026-11-24T11:58:30Z';
  const [f] = run(failover, s);
  assert.equal(f?.severity, 'info');
  assert.deepEqual(f!.evidence[0]!.rows.map((r) => r[0]), ['vpn-gw-to-site-a_IN_0']);
});

test('split brain fires only when two active/passive instances serve or hold the lease', () => {
  const s = coexistenceSnapshot();
  s.lab = labState();
  assert.deepEqual(run(splitBrain, s), []);
  s.lab.gateways[0]!.instances[0] = { name: 'IN_0', role: 'active', health: 'healthy', serving: true, holdsLease: false };
  const [f] = run(splitBrain, s);
  assert.equal(f?.severity, 'error');
  assert.deepEqual(f!.evidence[0]!.rows.map((r) => r[0]), ['IN_0', 'IN_1']);
  s.lab.gateways[0]!.mode = 'activeActive';
  assert.deepEqual(run(splitBrain, s), [], 'active/active serves on both by design');
});

test('coexistence prerequisites: /28 GatewaySubnet, Basic SKU, policy-based; silent without an ER gateway', () => {
  const s = coexistenceSnapshot();
  assert.deepEqual(run(coexistencePrerequisites, s), []);
  s.virtualNetworks[0]!.subnets[0]!.addressPrefix = '10.0.255.0/28';
  const vpn = gw(s, VPN_ID).gateway;
  vpn.sku = { name: 'Basic', tier: 'Basic' };
  vpn.vpnType = 'PolicyBased';
  const fs = run(coexistencePrerequisites, s);
  assert.equal(fs.length, 2);
  assert.deepEqual(fs[0]!.evidence[0]!.rows, [['hub-vnet', 'GatewaySubnet', '10.0.255.0/28', '/27 or larger']]);
  assert.deepEqual(fs[1]!.evidence[0]!.rows.map((r) => r[1]), ['sku.name', 'vpnType']);
  s.gateways = s.gateways.filter((g) => g.gateway.id !== ER_ID);
  assert.deepEqual(run(coexistencePrerequisites, s), []);
});

test('data not fetched is reported as unknown (info), fetched-and-empty is not', () => {
  const s = coexistenceSnapshot();
  gw(s, ER_ID).bgpPeers = [];
  assert.deepEqual(run(dataNotFetched, s), []);
  delete gw(s, ER_ID).bgpPeers;
  const [f] = run(dataNotFetched, s);
  assert.equal(f?.severity, 'info');
  assert.deepEqual(f!.evidence[0]!.rows, [['er-gw', 'bgpPeers', 'not fetched']]);
});

test('lab prefix-limit drop: the peer row shows Idle with 0 routes, the lab session error proves the overflow', () => {
  const s = coexistenceSnapshot();
  const vpn = gw(s, VPN_ID);
  vpn.bgpPeers![0] = { ...vpn.bgpPeers![0]!, state: 'Idle', connectedDuration: '', routesReceived: 0 };
  s.lab = labState({
    bgpSessions: [
      { gatewayId: VPN_ID, localAddress: VPN_ADDRESSES[0]!, neighbor: SITE_PEER, state: 'Idle', lastError: 'prefix limit exceeded: site-a advertised 4100 prefixes to vpn-gw/IN_0, limit 4000' },
      { gatewayId: VPN_ID, localAddress: VPN_ADDRESSES[1]!, neighbor: SITE_PEER, state: 'Connected', lastError: '' },
    ],
  });
  const [f, ...rest] = run(prefixLimit, s);
  assert.equal(rest.length, 0);
  assert.equal(f?.severity, 'error');
  assert.match(f!.title, /4100 prefixes.*session dropped/);
  assert.deepEqual(f!.evidence[2]!.rows, [[VPN_ADDRESSES[0], SITE_PEER, 'Idle', 'prefix limit exceeded: site-a advertised 4100 prefixes to vpn-gw/IN_0, limit 4000']]);
  const [p] = run(bgpPeerNotConnected, s);
  assert.match(p!.explanation, /Last error: prefix limit exceeded/);
});

test('near miss: an old prefix-limit error on a session that is Connected again does not fire', () => {
  const s = coexistenceSnapshot();
  s.lab = labState({
    bgpSessions: [{ gatewayId: VPN_ID, localAddress: VPN_ADDRESSES[0]!, neighbor: SITE_PEER, state: 'Connected', lastError: 'prefix limit exceeded: site-a advertised 4100 prefixes to vpn-gw/IN_0, limit 4000' }],
  });
  assert.deepEqual(run(prefixLimit, s), []);
});

test('ER<->VPN sessions down: one finding for the gateway pair (ER first) with both sides as evidence', () => {
  const s = breakCoexistence(coexistenceSnapshot());
  const fs = run(bgpPeerNotConnected, s);
  assert.equal(fs.length, 1);
  assert.deepEqual(fs[0]!.resources, [ER_ID, VPN_ID]);
  assert.match(fs[0]!.title, /BGP between er-gw and vpn-gw: 8 peer session\(s\) Idle/);
  assert.deepEqual(fs[0]!.evidence.map((t) => t.rows.length), [4, 4]);
  assert.ok(fs[0]!.evidence[0]!.rows.every((r) => ER_ADDRESSES.includes(String(r[0])) && VPN_ADDRESSES.includes(String(r[1]))));
});

test('an ExpressRoute connection reporting Unknown is not a finding; NotConnected is', () => {
  const s = coexistenceSnapshot();
  s.connections[1]!.connectionStatus = 'Unknown';
  assert.deepEqual(run(connectionNotConnected, s), []);
  s.connections[1]!.connectionStatus = 'NotConnected';
  assert.equal(run(connectionNotConnected, s)[0]?.severity, 'error');
});

test('prefix limit: exactly 4,000 is still a warning (the session drops above the limit)', () => {
  const s = coexistenceSnapshot();
  const vpn = gw(s, VPN_ID);
  vpn.bgpPeers![0] = { ...vpn.bgpPeers![0]!, routesReceived: 4000 };
  const [f, ...rest] = run(prefixLimit, s);
  assert.equal(rest.length, 0);
  assert.equal(f?.severity, 'warning');
  assert.match(f!.title, /100 % of the 4000 limit/);
});

test('a gateway with a reserved ASN is an error with its ASN as evidence; a private ASN is not', () => {
  const s = coexistenceSnapshot();
  gw(s, VPN_ID).gateway.bgpSettings!.asn = 12076;
  const fs = run(asnProblems, s);
  assert.deepEqual(fs.map((f) => [f.ruleId, f.resources]), [['reserved-asn', [VPN_ID]]]);
  assert.deepEqual(fs[0]!.evidence[0]!.rows, [['vpn-gw', 12076, 'reserved by Azure (Microsoft public ASNs)']]);
  gw(s, VPN_ID).gateway.bgpSettings!.asn = 65001;
  assert.deepEqual(run(asnProblems, s), []);
});

test('near miss: an S2S prefix shorter than the ER prefix it contains does not override it', () => {
  const s = coexistenceSnapshot();
  gw(s, VPN_ID).learnedRoutes!.push(route(VPN_ADDRESSES[0]!, '172.16.0.0/12', SITE_PEER, '65010'));
  assert.deepEqual(run(erVsS2sPrefixes, s), []);
});

test('near miss: a tunnel established more than 10 minutes before the snapshot (or after it) is no failover hint', () => {
  const s = coexistenceSnapshot();
  const tunnel = s.connections[0]!.tunnelConnectionStatus![0]!;
  tunnel.lastConnectionEstablishedUtcTime = '2026-11-24T11:49:59Z';
  assert.deepEqual(run(failover, s), []);
  tunnel.lastConnectionEstablishedUtcTime = '2026-11-24T12:00:01Z';
  assert.deepEqual(run(failover, s), []);
  tunnel.lastConnectionEstablishedUtcTime = '2026-11-24T11:50:00Z';
  assert.equal(run(failover, s).length, 1, 'exactly 10 minutes still counts');
});

test('near miss: a /27 GatewaySubnet, a VpnGw1 route-based gateway meet the coexistence prerequisites', () => {
  const s = coexistenceSnapshot();
  assert.equal(s.virtualNetworks[0]!.subnets[0]!.addressPrefix.endsWith('/27'), true);
  gw(s, VPN_ID).gateway.sku = { name: 'VpnGw1', tier: 'VpnGw1' };
  assert.deepEqual(run(coexistencePrerequisites, s), []);
  s.virtualNetworks[0]!.subnets[0]!.addressPrefix = '10.0.254.0/26';
  assert.deepEqual(run(coexistencePrerequisites, s), [], 'larger than /27 is fine too');
});

test('a policy-based VPN gateway alone is enough to break the prerequisites', () => {
  const s = coexistenceSnapshot();
  gw(s, VPN_ID).gateway.vpnType = 'PolicyBased';
  const [f, ...rest] = run(coexistencePrerequisites, s);
  assert.equal(rest.length, 0);
  assert.deepEqual(f!.evidence[0]!.rows, [['vpn-gw', 'vpnType', 'PolicyBased', 'RouteBased']]);
});
