// Interop: real BIRD 2 and FRR bgpd as the on-premises router of a lab VPN gateway, each run
// with the configuration the lab prints for it. Checks, per daemon: Established with exactly
// the advertised/learned routes; 4,001 prefixes -> the router reports Cease/Maximum Number of
// Prefixes Reached, the lab shows the peer Idle and Diagnostics reports the drop; a reserved
// ASN -> the router reports Bad Peer AS; crash of the active instance -> the session moves to
// the other instance. BIRD also: SIGSTOP -> the lab drops the session after the hold time;
// hold 9 s with Azure timer behaviour on -> Hold Timer Expired and flapping, off -> stays up.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LabRuntime } from '../../../src/engine/labRuntime';
import { parseScenario } from '../../../src/engine/scenario/validateScenario';
import { externalPeeringOf, routerConfigInputsOf } from '../../../src/engine/bgp/realRouters';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { DOCUMENTED_GAPS } from '../../../src/engine/timing';
import type { RouterConfigOptions } from '../../../src/engine/bgp/routerConfigs';
import { type RouterDaemon, haveBird, haveFrr, haveGobgp, startBird, startFrr, startGobgp, waitFor } from './routerDaemons';

const SITE_ADDRESS = '192.168.255.1';

/** A lab VPN gateway (A/P) with one external site; every run gets its own 127.x addresses. */
function scenario(block: number, opts: { azureTimers?: boolean; hold?: number; keepalive?: number; dial?: boolean } = {}): ReturnType<typeof parseScenario> {
  return parseScenario(
    JSON.stringify({
      name: `interop-${block}`,
      duration: '24h',
      timing: { ikeNegotiation: '2s' },
      bgp: { hold: opts.hold ?? 9, keepalive: opts.keepalive ?? 3, connectRetry: 1, azureTimers: opts.azureTimers ?? false, endpoints: { address: `127.0.${block}.10`, port: 1179 } },
      topology: {
        virtualNetwork: { name: 'hub', addressSpace: ['10.1.0.0/16'], subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.1.255.0/27' }, { name: 'workload', addressPrefix: '10.1.1.0/24' }] },
        gateways: [{ name: 'vpn-gw', type: 'Vpn', sku: 'VpnGw2AZ', vpnType: 'RouteBased', activeActive: false }],
        sites: [
          {
            name: 'onprem',
            gatewayIpAddress: '203.0.113.20',
            addressPrefixes: ['192.168.10.0/24', '192.168.20.0/24', `${SITE_ADDRESS}/32`],
            asn: 65010,
            bgpPeeringAddress: SITE_ADDRESS,
            external: { address: `127.0.${block}.2`, port: 1179, ...(opts.dial ? { dial: true } : {}) },
          },
        ],
        circuits: [],
        connections: [{ name: 'to-onprem', type: 'IPsec', gateway: 'vpn-gw', site: 'onprem', enableBgp: true }],
      },
      timeline: [],
    }),
    `<interop ${block}>`,
  );
}

interface Rig {
  runtime: LabRuntime;
  router: RouterDaemon;
  in0: string;
  in1: string;
  stop(): Promise<void>;
}

let nextBlock = 60;

async function rig(kind: 'bird' | 'frr', opts: { azureTimers?: boolean; speed?: number; hold?: number; keepalive?: number } = {}, routerOpts: RouterConfigOptions = {}): Promise<Rig> {
  const block = nextBlock++;
  // The lab dials FRR as well (collision detection keeps one session): FRR's own first attempt can take seconds.
  const runtime = await LabRuntime.create(scenario(block, { ...opts, dial: kind === 'frr' }), { speed: opts.speed ?? 1, recordEvents: true });
  const peering = externalPeeringOf(runtime.lab)!;
  await peering.listen();
  const [input] = routerConfigInputsOf(runtime.lab);
  const router = kind === 'bird' ? startBird(input!, routerOpts) : startFrr(input!, routerOpts);
  return {
    runtime,
    router,
    in0: `127.0.${block}.10`,
    in1: `127.0.${block}.11`,
    stop: async () => {
      await router.stop();
      await peering.stop();
      runtime.dispose();
    },
  };
}

function gatewaySnapshot(r: Rig) {
  return r.runtime.snapshot().gateways.find((g) => g.gateway.name === 'vpn-gw')!;
}

function labPeer(r: Rig, instanceAddress: string) {
  return gatewaySnapshot(r).bgpPeers?.find((p) => p.neighbor === SITE_ADDRESS && p.localAddress === instanceAddress);
}

const daemons: ['bird' | 'frr', boolean][] = [
  ['bird', haveBird],
  ['frr', haveFrr],
];

for (const [kind, available] of daemons) {
  describe(`${kind === 'bird' ? 'BIRD 2' : 'FRR bgpd'} as the on-premises router`, { skip: available ? false : `${kind} is not installed (Debian package ${kind === 'bird' ? 'bird2' : 'frr'})` }, () => {
    it('reaches Established; the router receives exactly what the lab advertises, the lab learns exactly its prefixes', async () => {
      const r = await rig(kind);
      try {
        const gwIn0 = '10.1.255.4';
        await waitFor('Established with IN_0', () => r.router.established(r.in0) && labPeer(r, gwIn0)?.state === 'Connected');
        await waitFor('routes both ways', () => r.router.received(r.in0).length > 0 && (labPeer(r, gwIn0)?.routesReceived ?? 0) >= 2);
        const gs = gatewaySnapshot(r);
        const advertised = (gs.advertisedRoutes?.[SITE_ADDRESS] ?? []).map((x) => x.network).sort();
        assert.deepEqual(advertised, ['10.1.0.0/16']);
        assert.deepEqual(r.router.received(r.in0), advertised);
        const learned = (gs.learnedRoutes ?? []).filter((x) => x.sourcePeer === SITE_ADDRESS);
        assert.deepEqual(learned.map((x) => x.network).sort(), ['192.168.10.0/24', '192.168.20.0/24']);
        assert.ok(learned.every((x) => x.nextHop === SITE_ADDRESS && x.asPath === '65010' && x.origin === 'EBgp'), JSON.stringify(learned));
        // The standby (IN_1) carries no tunnel: the router's session to it never comes up.
        assert.equal(r.router.established(r.in1), false);
        // Into the VNet's effective routes, like a simulated site's routes.
        const vnet = Object.values(r.runtime.snapshot().effectiveRoutes ?? {})[0] ?? [];
        assert.ok(JSON.stringify(vnet).includes('192.168.10.0/24'), 'VNet effective routes hold the router prefix');
      } finally {
        await r.stop();
      }
    });

    it('4,001 prefixes: the router reports Cease/Maximum Number of Prefixes Reached, the lab shows the peer Idle and Diagnostics reports the drop', async () => {
      const extra = Array.from({ length: 3999 }, (_, i) => `10.${100 + (i >> 8)}.${i & 255}.0/24`);
      const r = await rig(kind, {}, { extraPrefixes: extra });
      try {
        await waitFor('the router to report Cease/1', () => /Maximum number of prefixes reached|0601/i.test(r.router.lastError(r.in0)), 20000);
        await waitFor('the lab peer Idle', () => labPeer(r, '10.1.255.4')?.state === 'Idle');
        assert.equal(labPeer(r, '10.1.255.4')?.routesReceived, 0);
        const snapshot = r.runtime.snapshot();
        const findings = diagnose(snapshot);
        const drop = findings.find((f) => f.title === `BGP peer ${SITE_ADDRESS} of vpn-gw sends 4001 prefixes, over the 4000 limit: session dropped`);
        assert.ok(drop, `a finding about the prefix-limit drop: ${findings.map((f) => f.title).join(' | ')}`);
        assert.equal(drop.severity, 'error');
      } finally {
        await r.stop();
      }
    });

    it('an Azure-reserved ASN (65517): the router reports Bad Peer AS', async () => {
      const r = await rig(kind, {}, { asn: 65517 });
      try {
        await waitFor('the router to report Bad Peer AS', () => /Bad peer AS|0202/i.test(r.router.lastError(r.in0)), 20000);
        assert.notEqual(labPeer(r, '10.1.255.4')?.state, 'Connected');
      } finally {
        await r.stop();
      }
    });

    it('bgpSessionDown sends Cease/Administrative Shutdown until restore; a tunnel fault cuts the session', async () => {
      const r = await rig(kind);
      try {
        await waitFor('Established', () => r.router.established(r.in0));
        r.runtime.inject({ kind: 'bgpSessionDown', gateway: 'vpn-gw', peer: 'onprem' });
        await waitFor('the router to report Administrative Shutdown', () => /Administrative shutdown|0602/i.test(r.router.lastError(r.in0)));
        await new Promise((res) => setTimeout(res, 1500));
        assert.equal(r.router.established(r.in0), false, 'refused until restore');
        assert.equal(labPeer(r, '10.1.255.4')?.state, 'Idle');
        r.runtime.inject({ kind: 'restore', gateway: 'vpn-gw', peer: 'onprem' });
        await waitFor('Established again', () => r.router.established(r.in0));
        r.runtime.inject({ kind: 'tunnelDown', connection: 'to-onprem' });
        await waitFor('the session cut with the tunnel', () => !r.router.established(r.in0) && labPeer(r, '10.1.255.4')?.state !== 'Connected');
        assert.equal((gatewaySnapshot(r).learnedRoutes ?? []).filter((x) => x.sourcePeer === SITE_ADDRESS).length, 0, 'its routes are gone with it');
      } finally {
        await r.stop();
      }
    });

    it('crash of the active instance: the session to it drops and one to the other instance comes up', async () => {
      // 60x: the lease expiry, standby retry and IKE of an unplanned failover (66-83 s) pass in about a second.
      const r = await rig(kind, { speed: 60 });
      try {
        await waitFor('Established with IN_0', () => r.router.established(r.in0));
        r.runtime.inject({ kind: 'crash', gateway: 'vpn-gw', instance: 'IN_0' });
        await waitFor('the session to IN_0 to drop', () => !r.router.established(r.in0), 10000);
        await waitFor('a session to IN_1', () => r.router.established(r.in1), 20000);
        await waitFor('the router prefixes on IN_1', () => labPeer(r, '10.1.255.5')?.state === 'Connected' && (labPeer(r, '10.1.255.5')?.routesReceived ?? 0) === 2);
        const failovers = r.runtime.snapshot().lab?.failovers ?? [];
        assert.ok(failovers.length >= 1, 'the lab recorded the failover');
        // The router's new session came with the lab's takeover, inside the documented envelope of an unplanned failover.
        const f = failovers[0]!;
        assert.ok(f.takeoverAt - f.faultAt <= DOCUMENTED_GAPS.unplannedCrash.max, `takeover ${f.takeoverAt - f.faultAt} s after the crash`);
        assert.deepEqual(r.router.received(r.in1), ['10.1.0.0/16']);
      } finally {
        await r.stop();
      }
    });
  });
}

for (const [kind, available] of daemons) {
  describe(`${kind === 'bird' ? 'BIRD 2' : 'FRR bgpd'}: timers`, { skip: available ? false : `${kind} is not installed` }, () => {
    // Run side by side (three labs, three routers) so the suite stays short: each case waits on hold timers.
    it('SIGSTOP: the lab drops the session after the hold time; hold 9 s vs Azure timer behaviour: Hold Timer Expired and flapping; without it: stays up', async () => {
      const stopped = await rig(kind);
      const on = await rig(kind, { azureTimers: true, hold: 180, keepalive: 60 }, { holdSeconds: 9, keepaliveSeconds: 3 });
      const off = await rig(kind, { azureTimers: false, hold: 180, keepalive: 60 }, { holdSeconds: 9, keepaliveSeconds: 3 });
      try {
        await waitFor('all Established', () => labPeer(stopped, '10.1.255.4')?.state === 'Connected' && on.router.established(on.in0) && off.router.established(off.in0));
        stopped.router.signal('SIGSTOP');
        const stoppedAt = Date.now();
        const onPeer = externalPeeringOf(on.runtime.lab)!.sessions[0]!.peer;
        const offPeer = externalPeeringOf(off.runtime.lab)!.sessions[0]!.peer;
        const stoppedSession = externalPeeringOf(stopped.runtime.lab)!.sessions[0]!;
        await waitFor('the lab to drop the stopped router', () => labPeer(stopped, '10.1.255.4')?.state !== 'Connected', 15000);
        assert.match(stoppedSession.lastError, /hold timer expired/);
        assert.ok(stoppedSession.peer.notifications.some((n) => n.direction === 'sent' && n.text === '4/0 (Hold Timer Expired)'));
        assert.ok(Date.now() - stoppedAt >= 5000, 'not before most of the 9 s hold time has passed');
        stopped.router.signal('SIGCONT');
        await waitFor('Hold Timer Expired at the router', () => /Hold timer expired|0400/i.test(on.router.lastError(on.in0)), 20000);
        await waitFor('the session back up (flapping)', () => onPeer.establishedCount >= 2 && on.router.established(on.in0), 15000);
        assert.ok(
          onPeer.notifications.some((n) => n.direction === 'received' && n.text === '4/0 (Hold Timer Expired)'),
          onPeer.notifications.map((n) => `${n.direction} ${n.text}`).join(', '),
        );
        assert.equal(offPeer.negotiatedHoldSeconds, 9);
        assert.equal(offPeer.keepaliveIntervalSeconds, 3);
        assert.equal(offPeer.establishedCount, 1, 'RFC timers: one session, no reset');
        assert.equal(off.router.established(off.in0), true);
      } finally {
        await Promise.all([stopped.stop(), on.stop(), off.stop()]);
      }
    });
  });
}

describe('GoBGP as the on-premises router (passive; the lab dials it)', { skip: haveGobgp ? false : 'gobgpd is not installed (Debian package gobgpd)' }, () => {
  it('reaches Established and exchanges exactly the advertised and configured routes', async () => {
    const block = nextBlock++;
    const runtime = await LabRuntime.create(scenario(block, { dial: true }), { recordEvents: true });
    const peering = externalPeeringOf(runtime.lab)!;
    await peering.listen();
    const router = await startGobgp(routerConfigInputsOf(runtime.lab)[0]!, 50100 + block);
    const r: Rig = { runtime, router, in0: `127.0.${block}.10`, in1: `127.0.${block}.11`, stop: async () => undefined };
    try {
      await waitFor('Established with IN_0', () => router.established(r.in0) && labPeer(r, '10.1.255.4')?.state === 'Connected');
      await waitFor('routes both ways', () => router.received(r.in0).length > 0 && labPeer(r, '10.1.255.4')?.routesReceived === 2);
      assert.deepEqual(router.received(r.in0), ['10.1.0.0/16']);
      const learned = (gatewaySnapshot(r).learnedRoutes ?? []).filter((x) => x.sourcePeer === SITE_ADDRESS);
      assert.deepEqual(learned.map((x) => x.network).sort(), ['192.168.10.0/24', '192.168.20.0/24']);
      assert.ok(learned.every((x) => x.nextHop === SITE_ADDRESS), 'GoBGP advertised the modelled next hop');
    } finally {
      await router.stop();
      await peering.stop();
      runtime.dispose();
    }
  });
});
