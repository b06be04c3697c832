import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type Lab } from '../../../src/engine/lab';
import { createLab } from '../../../src/engine/createLab';
import { runScenario } from '../../../src/engine/report';
import type { LabComponent } from '../../../src/engine/labComponent';
import type { LabFault } from '../../../src/engine/labApi';
import { parseResourceId } from '../../../src/model/resourceIds';
import { scenario } from './fixtures';

function lab(overrides: Record<string, unknown> = {}): Lab {
  return createLab(scenario(overrides));
}

function roles(l: Lab, gw = 'gw'): string {
  const g = l.gateways.get(gw)!;
  return `${g.instances.IN_0.role}/${g.instances.IN_1.role}`;
}

describe('Lab: active/passive roles and the lease', () => {
  it('starts with IN_0 active holding the lease, IN_1 standby, tunnel connected', () => {
    const l = lab();
    l.runUntil(30);
    assert.equal(roles(l), 'active/standby');
    assert.equal(l.gateways.get('gw')!.leaseHolder(), 'IN_0');
    assert.equal(l.snapshot().connections[0]!.connectionStatus, 'Connected');
    assert.equal(l.store.kind, 'memory');
  });

  it('the standby keeps being refused while the active renews', () => {
    const l = lab();
    l.runUntil(3600);
    assert.equal(roles(l), 'active/standby');
    assert.equal(l.gateways.get('gw')!.failovers.length, 0);
    assert.equal(l.probes.stats[0]!.delivered, 3600);
  });

  it('crash: the standby takes over only after the lease expires, then brings the tunnel up', () => {
    const l = lab({ timeline: [{ at: 100, action: 'crash', gateway: 'gw', instance: 'IN_0' }] });
    l.runUntil(150);
    assert.equal(roles(l), 'down/standby', 'lease still valid 50 s after the crash');
    l.runUntil(400);
    assert.equal(roles(l), 'down/active');
    const f = l.gateways.get('gw')!.failovers[0]!;
    assert.equal(f.fromInstance, 'IN_0');
    assert.equal(f.toInstance, 'IN_1');
    assert.equal(f.faultAt, 100);
    assert.ok(f.takeoverAt >= 100 + 55 && f.takeoverAt <= 100 + 60 + 15, `takeover at ${f.takeoverAt}`);
    assert.ok(f.gapSeconds! >= 60 && f.gapSeconds! <= 180, `gap ${f.gapSeconds}`);
  });

  it('hang: the hung active keeps serving until fencing, before its lease can expire; then DPD delays the tunnel', () => {
    const l = lab({ timeline: [{ at: 100, action: 'hang', gateway: 'gw', instance: 'IN_0' }] });
    l.runUntil(140);
    assert.equal(l.gateways.get('gw')!.instances.IN_0.serving, true);
    l.runUntil(400);
    const g = l.gateways.get('gw')!;
    assert.equal(g.instances.IN_0.serving, false);
    assert.equal(g.instances.IN_0.health, 'hung');
    assert.equal(g.instances.IN_1.role, 'active');
    assert.equal(l.invariants.report().splitBrainSeconds, 0);
    const fence = l.events.find((e) => /fencing/.test(e.message))!;
    assert.ok(fence.t >= 150 && fence.t < 160, `fenced at ${fence.t}`);
    assert.match(l.events.find((e) => e.kind === 'tunnel' && e.instance === 'IN_0' && /down/.test(e.message))!.message, /DPD/);
  });

  it('hang restored before fencing: the same instance renews and keeps serving, no failover', () => {
    const l = lab({ timeline: [{ at: 100, action: 'hang', gateway: 'gw', instance: 'IN_0' }, { at: 120, action: 'restore', gateway: 'gw', instance: 'IN_0' }] });
    l.runUntil(600);
    assert.equal(roles(l), 'active/standby');
    assert.equal(l.gateways.get('gw')!.failovers.length, 0);
    assert.equal(l.probes.stats[0]!.delivered, 600);
  });

  it('storage partition of the standby changes nothing until the active fails', () => {
    const l = lab({ timeline: [{ at: 10, action: 'storagePartition', gateway: 'gw', instance: 'IN_1' }, { at: 100, action: 'crash', gateway: 'gw', instance: 'IN_0' }, { at: 300, action: 'restore', gateway: 'gw', instance: 'IN_1' }] });
    l.runUntil(299);
    assert.equal(roles(l), 'down/standby', 'a partitioned standby cannot acquire');
    l.runUntil(330);
    assert.equal(roles(l), 'down/active');
  });

  it('reboot: down, then starting, then standby without a restore', () => {
    const l = lab({ timeline: [{ at: 100, action: 'reboot', gateway: 'gw', instance: 'IN_1' }] });
    l.runUntil(101);
    assert.equal(roles(l), 'active/down');
    l.runUntil(100 + 60 + 1);
    assert.equal(roles(l), 'active/starting');
    l.runUntil(100 + 90 + 1);
    assert.equal(roles(l), 'active/standby');
    assert.equal(l.gateways.get('gw')!.instances.IN_1.health, 'healthy');
  });

  it('tunnelDown: the tunnel stays down while IKE fails and returns after restore; drops say why', () => {
    const l = lab({ timeline: [{ at: 50, action: 'tunnelDown', connection: 'conn' }, { at: 100, action: 'restore', connection: 'conn' }] });
    l.runUntil(99);
    assert.notEqual(l.snapshot().connections[0]!.connectionStatus, 'Connected');
    l.runUntil(200);
    assert.equal(l.snapshot().connections[0]!.connectionStatus, 'Connected');
    const dropped = l.probes.stats[0]!.dropped;
    assert.ok((dropped.tunnelConnecting ?? 0) + (dropped.tunnelDown ?? 0) >= 50, JSON.stringify(dropped));
    assert.equal(l.gateways.get('gw')!.failovers.length, 0);
  });

  it('probes to an address no site owns are dropped as noRoute', () => {
    const l = lab({ probes: [{ name: 'p', from: '10.0.1.4', to: '172.16.0.1' }] });
    l.runUntil(10);
    assert.deepEqual(l.probes.stats[0], { name: 'p', sent: 10, delivered: 0, dropped: { noRoute: 10 } });
  });

  it('a routing component decides probe routes before the static site routing', () => {
    const component: LabComponent = { name: 'routing', route: (q) => (q.time > 5_000 ? { kind: 'drop', reason: 'bgpRouteMissing' } : undefined) };
    const l = createLab(scenario(), { components: [component] });
    l.runUntil(10);
    assert.deepEqual(l.probes.stats[0]!.dropped, { bgpRouteMissing: 5 });
    assert.equal(l.probes.stats[0]!.delivered, 5);
  });

  it('inject throws clear errors naming what is unknown', () => {
    const l = lab();
    l.start();
    assert.throws(() => l.inject({ kind: 'crash', gateway: 'nope', instance: 'IN_0' }), /unknown gateway "nope".*"gw"/);
    assert.throws(() => l.inject({ kind: 'crash', gateway: 'gw', instance: 'IN_7' as 'IN_0' }), /unknown instance "IN_7"/);
    assert.throws(() => l.inject({ kind: 'tunnelDown', connection: 'x' }), /unknown connection "x".*"conn"/);
    assert.throws(() => l.inject({ kind: 'explode' } as unknown as LabFault), /unknown fault kind "explode"/);
    assert.throws(() => l.inject({ kind: 'bgpSessionDown', gateway: 'gw', peer: 'site' }), /no BGP component/);
  });

  it('snapshots use ARM shapes and lab resource ids, with roles and the lease holder', () => {
    const l = lab({ timeline: [{ at: 10, action: 'plannedMaintenance', gateway: 'gw', instance: 'IN_0' }] });
    l.runUntil(60);
    const s = l.snapshot();
    assert.equal(s.source, 'lab');
    assert.equal(s.takenAt, '2026-01-01T00:01:00.000Z');
    const gw = s.gateways[0]!.gateway;
    assert.equal(parseResourceId(gw.id)?.type, 'virtualNetworkGateways');
    assert.equal(gw.gatewayType, 'Vpn');
    assert.equal(gw.vpnType, 'RouteBased');
    assert.equal(gw.ipConfigurations[0]!.privateIPAddress, '10.0.255.4');
    const c = s.connections[0]!;
    assert.equal(c.connectionType, 'IPsec');
    assert.equal(c.localNetworkGateway2?.id, s.localNetworkGateways[0]!.id);
    assert.equal(c.tunnelConnectionStatus?.length, 1);
    assert.equal(c.tunnelConnectionStatus![0]!.connectionStatus, 'Connected');
    assert.ok(c.egressBytesTransferred > 0 && c.egressBytesTransferred === c.tunnelConnectionStatus![0]!.egressBytesTransferred);
    assert.match(c.tunnelConnectionStatus![0]!.lastConnectionEstablishedUtcTime, /^2026-01-01T00:00:2\d/);
    const labGw = s.lab!.gateways[0]!;
    assert.equal(labGw.leaseHolder, 'IN_1');
    assert.deepEqual(labGw.instances.map((i) => `${i.name}:${i.role}:${i.serving}`), ['IN_0:down:false', 'IN_1:active:true']);
    assert.equal(s.lab!.failovers.length, 1);
    assert.equal(s.virtualNetworks[0]!.subnets.length, 2);
  });

  it('components contribute to snapshots and samples', () => {
    const component: LabComponent = {
      name: 'bgp',
      contribute: (snap) => {
        snap.gateways[0]!.bgpPeers = [];
      },
      sample: (s) => s.bgpSessions.push({ gateway: 'gw', peer: 'site', state: 'Connected' }),
    };
    const l = createLab(scenario(), { components: [component] });
    l.runUntil(5);
    assert.deepEqual(l.snapshot().gateways[0]!.bgpPeers, []);
    assert.equal(l.sample().bgpSessions.length, 1);
  });

  it('active/active: both instances serve with their own tunnels; losing one keeps the other', () => {
    const l = lab({
      topology: { ...(scenario().topology as object), gateways: [{ name: 'gw', type: 'Vpn', sku: 'VpnGw1', activeActive: true }] },
      timeline: [{ at: 100, action: 'crash', gateway: 'gw', instance: 'IN_1' }],
    });
    l.runUntil(99);
    const s = l.snapshot();
    assert.equal(s.connections[0]!.tunnelConnectionStatus!.length, 2);
    assert.equal(s.gateways[0]!.gateway.ipConfigurations.length, 2);
    l.runUntil(200);
    assert.equal(l.gateways.get('gw')!.servingInstances().map((i) => i.name).join(), 'IN_0');
    assert.equal(l.invariants.report().maxUnservedSeconds, 0);
    assert.deepEqual(l.snapshot().connections[0]!.tunnelConnectionStatus!.map((t) => t.connectionStatus), ['Connected', 'NotConnected']);
  });
});

describe('runScenario determinism', () => {
  it('the same scenario and seed give a byte-identical report; another seed differs', () => {
    const sc = scenario({ timeline: [{ at: 100, action: 'crash', gateway: 'gw', instance: 'IN_0' }] });
    const a = JSON.stringify(runScenario(sc));
    const b = JSON.stringify(runScenario(sc));
    const c = JSON.stringify(runScenario(sc, { seed: 99 }));
    assert.equal(a, b);
    assert.notEqual(a, c);
  });
});
