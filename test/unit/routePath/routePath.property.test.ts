// Property: on random topologies (VPN only, static or BGP sites; ExpressRoute/VPN coexistence with
// a circuit whose paths may be down or withhold prefixes; NSGs on the source's subnet or NIC that
// deny a site, the VirtualNetwork tag or everything) and random faults at random moments,
// the route path's verdict equals what the lab's own probe experiences between the same
// addresses at that moment (src/engine/probes.ts): the tracer reads only the snapshot, the probe
// only the simulation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createLab } from '../../../src/engine/createLab';
import { validateScenario } from '../../../src/engine/scenario/validateScenario';
import { traceRoutePath } from '../../../src/routePath/traceRoutePath';

interface Topo {
  bgp: boolean;
  coexistence: boolean;
  /** Active/active only without instance faults: a lost instance keeps a share of flows for a few seconds (probes drop some, by round robin). */
  activeActive: boolean;
  sites: number;
  circuitPaths: 'both' | 'primaryDown' | 'secondaryWithholds' | 'bothWithhold';
  /** NSGs on the source's subnet/NIC (none: Azure's default rules only). */
  nsg: 'none' | 'denySite0' | 'denyVnetTagAllowSite0' | 'nicDeniesAll';
}

type Fault =
  | { at: number; action: 'crash' | 'reboot'; instance: 'IN_0' | 'IN_1' }
  | { at: number; action: 'tunnelDown'; site: number }
  | { at: number; action: 'bgpSessionDown'; peer: 'site' | 'er'; site: number }
  | { at: number; action: 'udrGateway' | 'udrWorkload' }
  | { at: number; action: 'restore' };

const SOURCE = '10.10.1.4';

function scenarioOf(topo: Topo, faults: Fault[]): unknown {
  const bgp = topo.bgp || topo.coexistence;
  const sites = Array.from({ length: topo.sites }, (_, i) => ({
    name: `site${i}`,
    gatewayIpAddress: `203.0.113.${10 + i}`,
    addressPrefixes: bgp ? [`192.168.${10 + i}.0/24`, `192.168.${250 + i}.1/32`] : [`192.168.${10 + i}.0/24`],
    ...(bgp ? { asn: 65010 + i, bgpPeeringAddress: `192.168.${250 + i}.1` } : {}),
  }));
  const gateways: Record<string, unknown>[] = [{ name: 'vpn', type: 'Vpn', sku: 'VpnGw2AZ', vpnType: 'RouteBased', activeActive: topo.activeActive }];
  const connections: Record<string, unknown>[] = sites.map((_, i) => ({ name: `conn${i}`, type: 'IPsec', gateway: 'vpn', site: `site${i}`, enableBgp: bgp }));
  const circuits: Record<string, unknown>[] = [];
  if (topo.coexistence) {
    gateways.push({ name: 'er', type: 'ExpressRoute', sku: 'ErGw1AZ', activeActive: false });
    const paths = topo.circuitPaths === 'primaryDown' ? { primary: { down: true } } : topo.circuitPaths === 'secondaryWithholds' ? { secondary: { withheldPrefixes: ['172.21.0.0/16'] } } : topo.circuitPaths === 'bothWithhold' ? { primary: { withheldPrefixes: ['172.21.0.0/16'] }, secondary: { withheldPrefixes: ['172.21.0.0/16'] } } : undefined;
    circuits.push({ name: 'circuit', asn: 65020, prefixes: ['172.20.0.0/16', '172.21.0.0/16'], ...(paths ? { paths } : {}) });
    connections.push({ name: 'er-conn', type: 'ExpressRoute', gateway: 'er', circuit: 'circuit' });
  }
  const timeline: Record<string, unknown>[] = [];
  const udrs = new Set<string>();
  for (const f of faults) {
    if (f.action === 'crash' || f.action === 'reboot') {
      if (!topo.activeActive) timeline.push({ at: f.at, action: f.action, gateway: 'vpn', instance: f.instance });
    } else if (f.action === 'tunnelDown') timeline.push({ at: f.at, action: 'tunnelDown', connection: `conn${f.site % topo.sites}` });
    else if (f.action === 'bgpSessionDown') {
      if (f.peer === 'site' && bgp) timeline.push({ at: f.at, action: 'bgpSessionDown', gateway: 'vpn', peer: `site${f.site % topo.sites}` });
      if (f.peer === 'er' && topo.coexistence) timeline.push({ at: f.at, action: 'bgpSessionDown', gateway: 'er', peer: 'vpn' });
    } else if (f.action === 'udrGateway' || f.action === 'udrWorkload') {
      // UDRs need the routing component (BGP or a circuit).
      if (!bgp || udrs.has(f.action)) continue;
      udrs.add(f.action);
      timeline.push(
        f.action === 'udrGateway'
          ? { at: f.at, action: 'udrAdd', subnet: 'GatewaySubnet', route: { name: 'all-to-nva', addressPrefix: '10.10.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.1.250' } }
          : { at: f.at, action: 'udrAdd', subnet: 'workload', route: { name: 'blackhole', addressPrefix: '192.168.10.0/24', nextHopType: 'None' } },
      );
    } else timeline.push({ at: f.at, action: 'restore' });
  }
  const networkSecurityGroups =
    topo.nsg === 'denySite0'
      ? [{ name: 'workload-nsg', subnets: ['workload'], securityRules: [{ name: 'deny-site0', priority: 200, direction: 'Outbound', access: 'Deny', destinationAddressPrefix: '192.168.10.0/24' }] }]
      : topo.nsg === 'denyVnetTagAllowSite0'
        ? [{ name: 'workload-nsg', subnets: ['workload'], securityRules: [{ name: 'allow-site0', priority: 100, direction: 'Outbound', access: 'Allow', destinationAddressPrefix: '192.168.10.20' }, { name: 'deny-vnet', priority: 300, direction: 'Outbound', access: 'Deny', destinationAddressPrefix: 'VirtualNetwork' }] }]
        : topo.nsg === 'nicDeniesAll'
          ? [{ name: 'vm-nsg', virtualMachines: ['vm-10-10-1-4'], securityRules: [{ name: 'deny-all-out', priority: 4096, direction: 'Outbound', access: 'Deny' }] }, { name: 'workload-nsg', subnets: ['workload'], securityRules: [] }]
          : undefined;
  return {
    name: 'route-path-property',
    duration: 900,
    topology: {
      virtualNetwork: { name: 'vnet', addressSpace: ['10.10.0.0/16'], subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.10.255.0/27' }, { name: 'workload', addressPrefix: '10.10.1.0/24' }] },
      gateways,
      sites,
      circuits,
      connections,
      ...(networkSecurityGroups ? { networkSecurityGroups } : {}),
    },
    probes: [{ name: 'p', from: SOURCE, to: '192.168.10.20', interval: '5s' }],
    timeline,
  };
}

function destinations(topo: Topo): string[] {
  const out = Array.from({ length: topo.sites }, (_, i) => `192.168.${10 + i}.20`);
  if (topo.coexistence) out.push('172.20.1.10', '172.21.1.10');
  out.push('192.168.77.7', '8.8.8.8');
  return out;
}

interface Check {
  to: string;
  traced: boolean;
  probed: boolean;
  reason?: string;
  verdict: string;
}

function checkAt(topo: Topo, faults: Fault[], at: number): Check[] {
  const scenario = validateScenario(scenarioOf(topo, faults));
  const lab = createLab(scenario, { recordEvents: false });
  lab.runUntil(at);
  const snapshot = lab.snapshot();
  return destinations(topo).map((to) => {
    const trace = traceRoutePath(snapshot, SOURCE, to);
    const packet = lab.probes.evaluate({ name: 'check', from: SOURCE, to, intervalSeconds: 5 });
    return { to, traced: trace.delivered, probed: packet.delivered, ...(packet.reason ? { reason: packet.reason } : {}), verdict: trace.verdict };
  });
}

const topoArb: fc.Arbitrary<Topo> = fc.record({
  bgp: fc.boolean(),
  coexistence: fc.boolean(),
  activeActive: fc.boolean(),
  sites: fc.integer({ min: 1, max: 2 }),
  circuitPaths: fc.constantFrom('both' as const, 'primaryDown' as const, 'secondaryWithholds' as const, 'bothWithhold' as const),
  nsg: fc.constantFrom('none' as const, 'none' as const, 'denySite0' as const, 'denyVnetTagAllowSite0' as const, 'nicDeniesAll' as const),
});
const t = fc.integer({ min: 20, max: 700 });
const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ at: t, action: fc.constantFrom('crash' as const, 'reboot' as const), instance: fc.constantFrom('IN_0' as const, 'IN_1' as const) }),
  fc.record({ at: t, action: fc.constant('tunnelDown' as const), site: fc.nat(1) }),
  fc.record({ at: t, action: fc.constant('bgpSessionDown' as const), peer: fc.constantFrom('site' as const, 'er' as const), site: fc.nat(1) }),
  fc.record({ at: t, action: fc.constantFrom('udrGateway' as const, 'udrWorkload' as const) }),
  fc.record({ at: t, action: fc.constant('restore' as const) }),
);

test('the route path verdict equals the lab probe\'s delivery between the same addresses', () => {
  let delivered = 0;
  let dropped = 0;
  let nsgDropped = 0;
  fc.assert(
    fc.property(topoArb, fc.array(faultArb, { maxLength: 4 }), fc.integer({ min: 15, max: 890 }), (topo, faults, at) => {
      for (const c of checkAt(topo, faults, at)) {
        assert.equal(c.traced, c.probed, `to ${c.to} at ${at}s: probe ${c.probed ? 'delivered' : `dropped (${c.reason})`}, trace says: ${c.verdict}`);
        if (c.probed) delivered++;
        else dropped++;
        if (c.reason?.startsWith('nsgDenied:')) nsgDropped++;
      }
    }),
    { numRuns: 60 },
  );
  // Not vacuous: both outcomes occur.
  assert.ok(delivered > 0 && dropped > 0 && nsgDropped > 0, `delivered ${delivered}, dropped ${dropped} (by an NSG: ${nsgDropped})`);
});

test('the comparison can fail: a trace on an earlier moment disagrees with the probe after the fault', () => {
  const topo: Topo = { bgp: true, coexistence: true, activeActive: false, sites: 1, circuitPaths: 'both', nsg: 'none' };
  const faults: Fault[] = [{ at: 60, action: 'bgpSessionDown', peer: 'er', site: 0 }];
  const scenario = validateScenario(scenarioOf(topo, faults));
  const lab = createLab(scenario, { recordEvents: false });
  lab.runUntil(50);
  const before = traceRoutePath(lab.snapshot(), SOURCE, '192.168.10.20');
  lab.runUntil(120);
  const packet = lab.probes.evaluate({ name: 'check', from: SOURCE, to: '192.168.10.20', intervalSeconds: 5 });
  assert.equal(before.delivered, true);
  assert.equal(packet.delivered, false);
  assert.equal(traceRoutePath(lab.snapshot(), SOURCE, '192.168.10.20').delivered, false);
});
