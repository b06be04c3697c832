// One run of a coexistence lab whose site advertises N generated prefixes (limits lifted), from
// start until the VNet's effective routes hold them, in a process of its own so that its peak
// memory (maxRSS) is this run's alone. Prints one JSON line; bench/routing.ts starts it.
// Usage: node --import tsx bench/millionPrefixes.ts [count] [--snapshot]
import { createLab } from '../src/engine/createLab';
import { LabRouting } from '../src/engine/bgp/labRouting';
import { validateScenario } from '../src/engine/scenario/validateScenario';
import { formatAddress } from '../src/model/prefix';

export interface MillionRunResult {
  count: number;
  wallMs: number;
  cpuMs: number;
  /** Peak resident set of the whole process (Node itself is ~45 MB of it). */
  maxRssMiB: number;
  heapUsedMiB: number;
  activeRoutes: number;
  /** Time to take one snapshot and to take it again with nothing changed (with --snapshot). */
  snapshotMs?: number;
  snapshotAgainMs?: number;
  /** Time to read every route row of the first snapshot (rows are built when first read). */
  snapshotRowsMs?: number;
  /** Peak resident set once the snapshot's row arrays exist too. */
  snapshotMaxRssMiB?: number;
}

/** The coexistence lab whose site advertises `count` generated prefixes (limits lifted); bench/routing.ts uses it too. */
export function generatedPrefixScenario(count: number): ReturnType<typeof validateScenario> {
  return validateScenario({
    name: `bench-${count}`,
    duration: '10m',
    bgp: { prefixLimits: false },
    topology: {
      virtualNetwork: { name: 'vnet', addressSpace: ['10.10.0.0/16'], subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.10.255.0/27' }, { name: 'workload', addressPrefix: '10.10.1.0/24' }] },
      gateways: [
        { name: 'vpn', type: 'Vpn', sku: 'VpnGw2AZ', vpnType: 'RouteBased' },
        { name: 'er', type: 'ExpressRoute', sku: 'ErGw1AZ' },
      ],
      sites: [{ name: 'hq', gatewayIpAddress: '203.0.113.1', addressPrefixes: ['192.168.0.0/16'], asn: 65010, bgpPeeringAddress: '192.168.255.1', generatedPrefixes: [{ count, base: '10.128.0.0', length: 28 }] }],
      circuits: [{ name: 'c1', prefixes: ['172.20.0.0/16'] }],
      connections: [
        { name: 'k1', type: 'IPsec', gateway: 'vpn', site: 'hq', enableBgp: true },
        { name: 'k2', type: 'ExpressRoute', gateway: 'er', circuit: 'c1' },
      ],
    },
  });
}

/** Builds the generated-prefix lab and runs it until the VNet's routes are in (virtual 5 s), timed. */
export function runGeneratedPrefixLab(count: number) {
  const scenario = generatedPrefixScenario(count);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const lab = createLab(scenario, { recordEvents: false });
  lab.runUntil(5);
  const routing = lab.findComponent((c): c is LabRouting => c instanceof LabRouting)!;
  const table = routing.subnetTable();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { lab, table, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function main(): void {
  const count = Number(process.argv[2] ?? 1_000_000);
  const { lab, table, wallMs, cpuMs } = runGeneratedPrefixLab(count);
  const last = formatAddress(4, [(0x0a800000 + (count - 1) * 16) >>> 0]);
  const hit = table.lookup(last)?.prefix.text;
  if (hit !== `${last}/28`) throw new Error(`the last generated prefix ${last}/28 is not routed (lookup found ${String(hit)})`);
  const result: MillionRunResult = {
    count,
    wallMs,
    cpuMs,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
    activeRoutes: table.activeCount,
  };
  if (process.argv.includes('--snapshot')) {
    const s0 = performance.now();
    const snapshot = lab.snapshot();
    result.snapshotMs = performance.now() - s0;
    const s1 = performance.now();
    lab.snapshot();
    result.snapshotAgainMs = performance.now() - s1;
    const r0 = performance.now();
    let rows = 0;
    for (const g of snapshot.gateways) {
      rows += g.learnedRoutes?.length ?? 0;
      for (const adv of Object.values(g.advertisedRoutes ?? {})) rows += adv.length;
    }
    for (const eff of Object.values(snapshot.effectiveRoutes ?? {})) rows += eff.length;
    result.snapshotRowsMs = performance.now() - r0;
    if (rows === 0) throw new Error('the snapshot has no route rows');
    result.snapshotMaxRssMiB = process.resourceUsage().maxRSS / 1024;
  }
  console.log(JSON.stringify(result));
}

// Run as a script (bench/routing.ts spawns it); importing it only brings the builders.
if (process.argv[1]?.endsWith('millionPrefixes.ts')) main();
