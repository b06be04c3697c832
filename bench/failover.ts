// Failover engine benchmarks: simulated time per wall time for one pair over 24 h, 1,000 pairs
// over 1 h, and the speed-up of virtual time (in-memory lease) over real time on Azurite.
import { performance } from 'node:perf_hooks';
import { createLab } from '../src/engine/createLab';
import { LabRuntime } from '../src/engine/labRuntime';
import { validateScenario } from '../src/engine/scenario/validateScenario';
import { startAzurite } from '../src/engine/lease/azuriteProcess';
import { AzureBlobLeaseStore } from '../src/engine/lease/azureBlobLeaseStore';
import type { Scenario } from '../src/engine/scenario/types';

function pairs(count: number, duration: string, extra: Record<string, unknown> = {}): Scenario {
  const gateways = Array.from({ length: count }, (_, i) => ({ name: `gw${i}`, type: 'Vpn', sku: 'VpnGw1', activeActive: false }));
  const sites = Array.from({ length: count }, (_, i) => ({ name: `site${i}`, gatewayIpAddress: `203.0.${Math.floor(i / 250)}.${(i % 250) + 1}`, addressPrefixes: [`172.${16 + Math.floor(i / 256)}.${i % 256}.0/24`] }));
  return validateScenario({
    name: `bench-${count}-pairs`,
    seed: 1,
    duration,
    timing: { retryInterval: '1s' },
    topology: {
      virtualNetwork: { name: 'vnet', addressSpace: ['10.0.0.0/16'], subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.0.255.0/24' }, { name: 'app', addressPrefix: '10.0.1.0/24' }] },
      gateways,
      sites,
      connections: gateways.map((g, i) => ({ name: `conn${i}`, type: 'IPsec', gateway: g.name, site: `site${i}` })),
    },
    ...extra,
  });
}

function simulate(scenario: Scenario): { ms: number; cpuMs: number; events: number } {
  const lab = createLab(scenario, { recordEvents: false });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  lab.runUntil(scenario.durationSeconds);
  const cpu = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, events: lab.scheduler.executed };
}

// Wall time is the goal; CPU time is printed too because the 2-core machine is shared.
function line(label: string, r: { ms: number; cpuMs: number; events: number }, goalMs: number): void {
  console.log(`  ${label.padEnd(52)} ${r.ms.toFixed(0).padStart(6)} ms wall, ${r.cpuMs.toFixed(0).padStart(6)} ms CPU  (goal < ${goalMs} ms: ${(r.ms / goalMs).toFixed(2)}x of goal; ${r.events.toLocaleString('en-US')} events)`);
}

export async function run(): Promise<void> {
  console.log('failover engine');
  // One A/P pair, 24 h, 1 s standby retry, a probe every second and a crash/restore every 2 h.
  const hourly = Array.from({ length: 12 }, (_, h) => [
    { at: h * 7200 + 600, action: 'crash', gateway: 'gw0', instance: h % 2 === 0 ? 'IN_0' : 'IN_1' },
    { at: h * 7200 + 1800, action: 'restore', gateway: 'gw0' },
  ]).flat();
  const one = pairs(1, '24h', { probes: [{ name: 'p', from: '10.0.1.4', to: '172.16.0.10' }], timeline: hourly });
  simulate(pairs(1, '1h')); // warm-up (JIT, schema compile)
  const a = simulate(one);
  line('1 A/P pair, 24 h, 1 s retry, 1 probe/s, 12 failovers', a, 500);

  const many = pairs(1000, '1h');
  const b = simulate(many);
  line('1,000 A/P pairs, 1 h, 1 s retry', b, 5000);

  // Speed-up of virtual time over real time: the same short failover (crash -> lease expiry ->
  // takeover -> planned hand-back) on the in-memory store and on Azurite at 1x.
  const short = validateScenario({
    name: 'bench-short-failover',
    seed: 3,
    duration: '20s',
    timing: { leaseDuration: '15s', renewInterval: '3s', retryInterval: '1s', fenceMargin: '3s', ikeNegotiation: '1s', boot: '1s', dpdTimeout: '2s' },
    topology: pairs(1, '1m').topology,
    timeline: [
      { at: '1s', action: 'crash', gateway: 'gw0', instance: 'IN_0' },
      { at: '16.5s', action: 'restore', gateway: 'gw0', instance: 'IN_0' },
      { at: '18s', action: 'plannedMaintenance', gateway: 'gw0', instance: 'IN_1' },
    ],
  });
  const mem = simulate(short);
  const azurite = await startAzurite();
  try {
    const store = new AzureBlobLeaseStore({ connectionString: azurite.connectionString, containerName: 'bench' });
    const t0 = performance.now();
    const rt = await LabRuntime.create(short, { store, speed: 1, tickMs: 50 });
    await rt.whenFinished();
    const realMs = performance.now() - t0;
    const holders = rt.snapshot().lab!.failovers.map((f) => `${f.fromInstance}->${f.toInstance}`).join(', ');
    rt.dispose();
    console.log(`  short failover (20 s scenario): in-memory ${mem.ms.toFixed(2)} ms, Azurite real time ${(realMs / 1000).toFixed(1)} s -> speed-up ${(realMs / mem.ms).toFixed(0)}x (failovers on Azurite: ${holders})`);
  } finally {
    await azurite.stop();
  }
}
