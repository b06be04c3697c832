// Property: on random topologies (VPN-only or ExpressRoute/VPN coexistence, 1-3 BGP sites, a
// circuit) and random fault sequences, once every fault is restored and the hold time has
// passed, every table (VNet effective routes, each gateway's learned routes and BGP peers)
// equals the fault-free run's: nothing stale is left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createLab } from '../../../src/engine/createLab';
import { validateScenario } from '../../../src/engine/scenario/validateScenario';
import type { NetworkSnapshot } from '../../../src/model/snapshot';

interface Topo {
  coexistence: boolean;
  activeActive: boolean;
  sites: { asn: number; prefixes: number[] }[];
  circuitPrefixes: number[];
}

type Fault =
  | { at: number; action: 'bgpSessionDown'; peer: 'site' | 'circuit' | 'er'; site: number }
  | { at: number; action: 'tunnelDown'; site: number }
  | { at: number; action: 'crash' | 'reboot' | 'hang'; instance: 'IN_0' | 'IN_1' }
  | { at: number; action: 'udrAdd' };

const RESTORE_AT = 400;
/** Reboot/boot, lease, IKE, BGP connect retry (30 s) and hold (180 s) all fit in this. */
const SETTLE = 600;

const prefixPool = (i: number): string => `192.168.${i}.0/24`;

function scenarioOf(topo: Topo, faults: Fault[]): unknown {
  const sites = topo.sites.map((s, i) => ({
    name: `site${i}`,
    gatewayIpAddress: `203.0.113.${10 + i}`,
    addressPrefixes: [...new Set(s.prefixes)].map(prefixPool),
    asn: s.asn,
    bgpPeeringAddress: `172.16.${i}.1`,
  }));
  const connections: Record<string, unknown>[] = topo.sites.map((_, i) => ({ name: `conn${i}`, type: 'IPsec', gateway: 'vpn', site: `site${i}`, enableBgp: true }));
  const gateways: Record<string, unknown>[] = [{ name: 'vpn', type: 'Vpn', sku: 'VpnGw2AZ', vpnType: 'RouteBased', activeActive: topo.activeActive }];
  const circuits: Record<string, unknown>[] = [];
  if (topo.coexistence) {
    gateways.push({ name: 'er', type: 'ExpressRoute', sku: 'ErGw1AZ', activeActive: false });
    circuits.push({ name: 'circuit', asn: 65020, prefixes: [...new Set(topo.circuitPrefixes)].map(prefixPool) });
    connections.push({ name: 'er-conn', type: 'ExpressRoute', gateway: 'er', circuit: 'circuit' });
  }
  const timeline: Record<string, unknown>[] = [];
  let udr = false;
  for (const f of faults) {
    if (f.action === 'bgpSessionDown') {
      if (f.peer === 'site') timeline.push({ at: f.at, action: 'bgpSessionDown', gateway: 'vpn', peer: `site${f.site % topo.sites.length}` });
      else if (topo.coexistence) timeline.push({ at: f.at, action: 'bgpSessionDown', gateway: 'er', peer: f.peer === 'er' ? 'vpn' : 'circuit' });
    } else if (f.action === 'tunnelDown') timeline.push({ at: f.at, action: 'tunnelDown', connection: `conn${f.site % topo.sites.length}` });
    else if (f.action === 'udrAdd') {
      if (!udr) timeline.push({ at: f.at, action: 'udrAdd', subnet: 'GatewaySubnet', route: { name: 'all-to-nva', addressPrefix: '10.10.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.1.250' } });
      udr = true;
    } else timeline.push({ at: f.at, action: f.action, gateway: 'vpn', instance: f.instance });
  }
  if (timeline.length > 0) timeline.push({ at: RESTORE_AT, action: 'restore' });
  if (udr) timeline.push({ at: RESTORE_AT, action: 'udrRemove', subnet: 'GatewaySubnet', name: 'all-to-nva' });
  return {
    name: 'property',
    duration: RESTORE_AT + SETTLE,
    topology: {
      virtualNetwork: { name: 'vnet', addressSpace: ['10.10.0.0/16'], subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.10.255.0/27' }, { name: 'workload', addressPrefix: '10.10.1.0/24' }] },
      gateways,
      sites,
      circuits,
      connections,
    },
    timeline,
  };
}

/** Tables with instance addresses replaced by gateway names: which instance is active may differ after a failover. */
function tables(snap: NetworkSnapshot): Record<string, string[]> {
  const names = new Map<string, string>();
  for (const g of snap.gateways) for (const a of (g.gateway.bgpSettings?.bgpPeeringAddress ?? '').split(',')) names.set(a.trim(), g.gateway.name);
  const n = (a: string): string => names.get(a) ?? a;
  const out: Record<string, string[]> = {};
  out.vnet = Object.values(snap.effectiveRoutes ?? {})
    .flat()
    .map((r) => `${r.source} ${r.state} ${r.addressPrefix.join(',')} ${r.nextHopType} ${[...new Set(r.nextHopIpAddress.map(n))].sort().join(',')}`)
    .sort();
  for (const g of snap.gateways) {
    out[`${g.gateway.name} learned`] = [...new Set((g.learnedRoutes ?? []).map((r) => `${n(r.localAddress)} ${r.network} ${n(r.nextHop)} ${n(r.sourcePeer)} ${r.origin} ${r.asPath}`))].sort();
    out[`${g.gateway.name} peers`] = [...new Set((g.bgpPeers ?? []).filter((p) => p.state === 'Connected').map((p) => `${n(p.localAddress)} ${n(p.neighbor)} ${p.asn} ${p.routesReceived}`))].sort();
  }
  return out;
}

function run(data: unknown): Record<string, string[]> {
  const scenario = validateScenario(data);
  const lab = createLab(scenario, { recordEvents: false });
  lab.runUntil(scenario.durationSeconds);
  return tables(lab.snapshot());
}

const topoArb: fc.Arbitrary<Topo> = fc.record({
  coexistence: fc.boolean(),
  activeActive: fc.boolean(),
  sites: fc.array(fc.record({ asn: fc.integer({ min: 65001, max: 65099 }), prefixes: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 3 }),
  circuitPrefixes: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }),
});

const at = fc.integer({ min: 30, max: 350 });
const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ at, action: fc.constant('bgpSessionDown' as const), peer: fc.constantFrom('site' as const, 'circuit' as const, 'er' as const), site: fc.nat(2) }),
  fc.record({ at, action: fc.constant('tunnelDown' as const), site: fc.nat(2) }),
  fc.record({ at, action: fc.constantFrom('crash' as const, 'reboot' as const, 'hang' as const), instance: fc.constantFrom('IN_0' as const, 'IN_1' as const) }),
  fc.record({ at, action: fc.constant('udrAdd' as const) }),
);

test('after every fault is restored and the hold time has passed, every table equals the fault-free run', () => {
  fc.assert(
    fc.property(topoArb, fc.array(faultArb, { minLength: 1, maxLength: 4 }), (topo, faults) => {
      const healthy = run(scenarioOf(topo, []));
      const healed = run(scenarioOf(topo, faults));
      // The healthy run really has routes from the sites (the comparison is not vacuous).
      assert.ok(healthy.vnet!.some((r) => r.startsWith('VirtualNetworkGateway Active 192.168.')), 'no site route in the healthy VNet table');
      assert.deepEqual(healed, healthy);
    }),
    {
      // A fresh seed each run (fast-check prints it on failure for replay): every run must hold.
      numRuns: 25,
      // Found by random runs: a silent loss whose hold timer fell on a fractional instant re-armed
      // itself forever (active/active with a reboot then a hang; crashes then a reboot).
      examples: [
        [{ coexistence: true, activeActive: true, sites: [{ asn: 65097, prefixes: [7] }, { asn: 65008, prefixes: [9, 6] }, { asn: 65004, prefixes: [0] }], circuitPrefixes: [1, 6] }, [{ at: 239, action: 'hang', instance: 'IN_1' }, { at: 101, action: 'reboot', instance: 'IN_1' }, { at: 142, action: 'udrAdd' }]],
        [{ coexistence: false, activeActive: false, sites: [{ asn: 65007, prefixes: [4, 0] }, { asn: 65048, prefixes: [2] }], circuitPrefixes: [2, 7] }, [{ at: 60, action: 'crash', instance: 'IN_0' }, { at: 229, action: 'crash', instance: 'IN_1' }, { at: 350, action: 'tunnelDown', site: 1 }, { at: 270, action: 'reboot', instance: 'IN_0' }]],
        [{ coexistence: true, activeActive: true, sites: [{ asn: 65054, prefixes: [2, 8] }], circuitPrefixes: [2] }, [{ at: 78, action: 'reboot', instance: 'IN_1' }, { at: 230, action: 'hang', instance: 'IN_1' }]],
      ],
    },
  );
});

test('the comparison notices a fault that is not restored (the property can fail)', () => {
  const topo: Topo = { coexistence: true, activeActive: false, sites: [{ asn: 65010, prefixes: [1] }], circuitPrefixes: [2] };
  const healthy = run(scenarioOf(topo, []));
  const data = scenarioOf(topo, [{ at: 60, action: 'bgpSessionDown', peer: 'er', site: 0 }]) as { timeline: { action: string }[] };
  data.timeline = data.timeline.filter((e) => e.action !== 'restore');
  assert.notDeepEqual(run(data), healthy);
});
