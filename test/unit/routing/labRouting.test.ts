// The routing component inside the real lab engine: runtime faults, misconfiguration, snapshot
// shape, timeline rows, the routes CLI and a 100,000-route scenario.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Lab } from '../../../src/engine/lab';
import { createLab } from '../../../src/engine/createLab';
import { LabRouting } from '../../../src/engine/bgp/labRouting';
import { validateScenario } from '../../../src/engine/scenario/validateScenario';
import { networkResourceId } from '../../../src/model/resourceIds';
import { routesCommand } from '../../../src/cli/commands/routes';
import { coexTopology, type Json } from './coexTopology';

function coex(extra: (s: Json) => void = () => {}): Lab {
  const s: Json = {
    name: 'coex',
    duration: '20m',
    topology: coexTopology(),
    probes: [{ name: 'p', from: '10.10.1.4', to: '192.168.1.1', interval: '10s' }],
  };
  extra(s);
  return createLab(validateScenario(s), { recordEvents: false });
}

function routing(lab: Lab): LabRouting {
  const r = lab.findComponent((c): c is LabRouting => c instanceof LabRouting);
  assert.ok(r);
  return r;
}

test('snapshots carry BGP peers, learned and advertised routes per gateway and the VNet effective routes', () => {
  const lab = coex();
  lab.runUntil(60);
  const snap = lab.snapshot();
  const er = snap.gateways.find((g) => g.gateway.name === 'er')!;
  const vpn = snap.gateways.find((g) => g.gateway.name === 'vpn')!;
  assert.ok(er.bgpPeers!.some((p) => p.asn === 12076 && p.state === 'Connected'), 'ER peers with the MSEE');
  assert.ok(er.bgpPeers!.some((p) => p.asn === 65515 && p.state === 'Connected'), 'ER peers with the VPN gateway');
  assert.ok(er.learnedRoutes!.some((r) => r.network === '192.168.0.0/16' && r.origin === 'IBgp' && r.asPath === '65010'));
  assert.ok(er.learnedRoutes!.some((r) => r.network === '172.20.0.0/16' && r.origin === 'EBgp' && r.asPath === '12076-65020'));
  assert.ok(vpn.bgpPeers!.some((p) => p.neighbor === '192.168.255.1' && p.state === 'Connected'));
  const toSite = vpn.advertisedRoutes!['192.168.255.1']!.map((r) => r.network);
  assert.ok(toSite.includes('10.10.0.0/16'));
  assert.ok(!toSite.includes('172.20.0.0/16'), 'no ER -> S2S transit by default');
  const eff = snap.effectiveRoutes![networkResourceId('virtualNetworks', 'vnet')]!;
  assert.ok(eff.some((r) => r.addressPrefix[0] === '192.168.0.0/16' && r.source === 'VirtualNetworkGateway' && r.state === 'Active'));
  const sample = lab.sample();
  assert.ok(sample.bgpSessions.some((b) => b.gateway === 'er/IN_0' && b.peer === 'vpn/IN_0' && b.state === 'Connected'));
});

test('udrAdd/udrRemove at run time: a GatewaySubnet UDR breaks ER<->VPN BGP after the hold time; removing it heals', () => {
  const lab = coex();
  lab.runUntil(30);
  lab.inject({ kind: 'udrAdd', subnet: 'GatewaySubnet', route: { name: 'nva', addressPrefix: '10.10.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.1.250' } });
  const r = routing(lab);
  assert.match(r.gatewaySubnetUdrBreak ?? '', /UDR "nva" \(10.10.0.0\/16 -> VirtualAppliance 10.10.1.250\)/);
  assert.ok(lab.snapshot().virtualNetworks[0]!.subnets.find((s) => s.name === 'GatewaySubnet')!.routes!.some((x) => x.name === 'nva'));
  lab.runUntil(150);
  assert.deepEqual(r.sessionStates('er', 'vpn', 'IN_0'), ['Connected', 'Connected']);
  lab.runUntil(200);
  assert.deepEqual([...new Set(r.sessionStates('er', 'vpn'))], ['Connecting']);
  assert.equal(r.hasPrefix('vnet', '192.168.0.0/16'), false);
  assert.equal(lab.probes.evaluate(lab.scenario.probes[0]!).reason, 'noRoute');
  lab.inject({ kind: 'udrRemove', subnet: 'GatewaySubnet', name: 'nva' });
  lab.runUntil(203);
  assert.deepEqual([...new Set(r.sessionStates('er', 'vpn'))], ['Connected']);
  assert.equal(r.hasPrefix('vnet', '192.168.0.0/16', 'Vpn'), true);
  assert.equal(lab.probes.evaluate(lab.scenario.probes[0]!).delivered, true);
  assert.throws(() => lab.inject({ kind: 'udrRemove', subnet: 'GatewaySubnet', name: 'nva' }), /subnet "GatewaySubnet" has no route "nva"/);
});

test('faults name what is unknown', () => {
  const lab = coex();
  lab.runUntil(10);
  assert.throws(() => lab.inject({ kind: 'bgpSessionDown', gateway: 'vpn', peer: 'paris' }), /gateway "vpn" has no BGP session with "paris" \(its peers: "hq", "er"\)/);
  assert.throws(() => lab.inject({ kind: 'udrAdd', subnet: 'x', route: { name: 'r', addressPrefix: '0.0.0.0/0', nextHopType: 'None' } }), /unknown subnet "x"/);
});

test('a misconfigured BGP peer address leaves the session stuck Connecting while the tunnel is up', () => {
  const lab = coex((s) => ((((s.topology as Json).sites as Json[])[0]!).bgpRouterAddress = '192.168.255.9'));
  lab.runUntil(600);
  const r = routing(lab);
  assert.deepEqual(r.sessionStates('vpn', 'hq', 'IN_0'), ['Connecting']);
  assert.equal(lab.snapshot().connections.find((k) => k.name === 'k1')?.connectionStatus, 'Connected');
  assert.equal(r.hasPrefix('vpn', '192.168.0.0/16'), false);
});

// 20,000 keeps the suite fast on a shared machine; bench/routing.ts runs the same lab with 100,000.
test('20,000 generated on-premises prefixes reach the VNet effective routes through VPN gw -> ER gw', () => {
  const lab = coex((s) => {
    s.bgp = { prefixLimits: false };
    (((s.topology as Json).sites as Json[])[0]!).generatedPrefixes = [{ count: 20000, base: '10.128.0.0', length: 28 }];
  });
  lab.runUntil(30);
  const r = routing(lab);
  assert.equal(r.subnetTable().routes.filter((x) => x.source === 'VirtualNetworkGateway').length, 20000 + 2);
  assert.equal(r.subnetTable().lookup('10.129.78.161')?.prefix.text, '10.129.78.160/28');
});

test('5,000 prefixes with the documented limit (4,000) drop the site session', () => {
  const lab = coex((s) => ((((s.topology as Json).sites as Json[])[0]!).generatedPrefixes = [{ count: 5000, base: '10.128.0.0', length: 28 }]));
  lab.runUntil(30);
  assert.deepEqual(routing(lab).sessionStates('vpn', 'hq', 'IN_0'), ['Idle']);
  assert.match(routing(lab).sessions.find((s) => s.kind === 'site' && s.instance === 'IN_0')!.session.lastError, /prefix limit exceeded: site hq advertised 5001 prefixes to vpn\/IN_0, limit 4000/);
});

test('ExpressRoute private peering: 4,001 customer prefixes drop the MSEE session; Premium (10,000) carries them', () => {
  const circuit = (premium: boolean) => (s: Json): void => {
    (((s.topology as Json).circuits as Json[])[0]!).generatedPrefixes = [{ count: 4000, base: '172.24.0.0', length: 24 }];
    (((s.topology as Json).circuits as Json[])[0]!).premium = premium;
  };
  const standard = coex(circuit(false));
  standard.runUntil(30);
  const r = routing(standard);
  const customer = r.sessions.find((s) => s.kind === 'customer')!.session;
  assert.equal(customer.state, 'Idle');
  assert.match(customer.lastError, /advertised 4001 prefixes to circuit c1 \(MSEE\), limit 4000/);
  assert.deepEqual([...new Set(r.sessionStates('er', 'c1'))], ['Connected'], 'the gateway<->MSEE sessions stay up');
  assert.equal(r.hasPrefix('vnet', '172.20.0.0/16'), false);
  const premium = coex(circuit(true));
  premium.runUntil(30);
  assert.equal(routing(premium).hasPrefix('vnet', '172.24.15.0/24', 'ExpressRoute'), true);
  assert.equal(routing(premium).hasPrefix('vnet', '172.20.0.0/16', 'ExpressRoute'), true);
});

test('gateway-lab routes prints tables and lookups; bad input is a usage error', async () => {
  const out: string[] = [];
  const io = { out: (t: string) => void out.push(t), err: (t: string) => void out.push(`ERR ${t}`) };
  assert.equal(await routesCommand.run(['coex-er-vpn-session-down', '--at', '3m', '--lookup', '192.168.10.20'], io), 0);
  assert.match(out.join('\n'), /best VNet route for 192.168.10.20[\s\S]*Default\s+Active\s+192\.168\.0\.0\/16\s+None[\s\S]*dropped: no route/);
  out.length = 0;
  assert.equal(await routesCommand.run(['coex-er-vpn-session-down', '--at', '5m', '--lookup', '192.168.10.20', '--json'], io), 0);
  const j = JSON.parse(out.join('')) as { route: { addressPrefix: string[] }; via: string };
  assert.deepEqual([j.route.addressPrefix, j.via], [['192.168.10.0/24'], 'Vpn']);
  out.length = 0;
  assert.equal(await routesCommand.run(['coex-healthy', '--at', '1m', '--table', 'er-gw'], io), 0);
  assert.match(out.join('\n'), /er-gw BGP peers[\s\S]*12076\s+Connected[\s\S]*192\.168\.10\.0\/24\s+10\.10\.255\.4\s+10\.10\.255\.4\s+IBgp\s+65010/);
  await assert.rejects(routesCommand.run(['coex-healthy'], io), /missing --at/);
  await assert.rejects(routesCommand.run(['coex-healthy', '--at', '1m', '--table', 'x'], io), /unknown table "x"/);
  await assert.rejects(routesCommand.run(['coex-healthy', '--at', '99m'], io), /after the end of the scenario/);
});
