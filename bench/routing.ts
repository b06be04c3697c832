// Routing benchmarks: longest-prefix-match speed on a 100,000-prefix table against a linear
// ipaddr.js scan (same run, same table), the time for 100,000 on-premises prefixes to go
// site -> VPN gateway -> ER gateway -> VNet effective routes, and the schema's largest block
// (1,000,000 generated prefixes) through a whole lab: wall time and peak memory.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import ipaddr from 'ipaddr.js';
import { EventScheduler } from '../src/engine/eventScheduler';
import { BgpSession } from '../src/engine/bgp/bgpSession';
import { BgpSpeaker } from '../src/engine/bgp/bgpSpeaker';
import { plumbedRoutes } from '../src/engine/bgp/vnetPlumbing';
import { computeSubnetRoutes } from '../src/engine/routing/effectiveRoutes';
import { generatePrefixes } from '../src/engine/routing/generatedPrefixes';
import { type Prefix, formatAddress, makePrefix, maskWords, parsePrefix } from '../src/model/prefix';
import { PrefixTrie } from '../src/model/prefixTrie';
import { runGeneratedPrefixLab, type MillionRunResult } from './millionPrefixes';

const TABLE_SIZE = 100_000;

/** mulberry32, so the table and the addresses are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function randomTable(n: number): Prefix[] {
  const next = rng(42);
  const seen = new Set<string>();
  const out: Prefix[] = [];
  // Mostly /24s like a real on-premises table, with some /16-/23 and /25-/32 mixed in.
  const lengths = [24, 24, 24, 24, 24, 22, 20, 16, 23, 26, 28, 32];
  while (out.length < n) {
    const len = lengths[next() % lengths.length]!;
    const p = makePrefix(4, maskWords([next()], len), len);
    if (seen.has(p.text)) continue;
    seen.add(p.text);
    out.push(p);
  }
  return out;
}

function lpmBench(): { trieRate: number; linearRate: number } {
  const table = randomTable(TABLE_SIZE);
  const t0 = performance.now();
  const trie = new PrefixTrie<number>(1 << 20);
  table.forEach((p, i) => trie.set(p, i));
  const buildMs = performance.now() - t0;

  const next = rng(7);
  const lookups = 4_000_000;
  const addrs = new Uint32Array(1 << 16);
  // Half the addresses fall inside table prefixes, half are random.
  for (let i = 0; i < addrs.length; i++) addrs[i] = i % 2 ? next() : (table[next() % table.length]!.words[0]! | (next() & 0xff)) >>> 0;
  let hits = 0;
  const t1 = performance.now();
  for (let i = 0; i < lookups; i++) if (trie.lookupV4(addrs[i & 0xffff]!) !== undefined) hits++;
  const trieMs = performance.now() - t1;
  const trieRate = lookups / (trieMs / 1000);

  const cidrs = table.map((p) => ipaddr.parseCIDR(p.text) as [ipaddr.IPv4, number]);
  const parsed = Array.from(addrs.subarray(0, 40), (a) => ipaddr.parse(formatAddress(4, [a])) as ipaddr.IPv4);
  const t2 = performance.now();
  let agree = 0;
  for (let i = 0; i < parsed.length; i++) {
    let best = -1;
    let bestLen = -1;
    for (let j = 0; j < cidrs.length; j++) {
      const c = cidrs[j]!;
      if (c[1] > bestLen && parsed[i]!.match(c)) {
        best = j;
        bestLen = c[1];
      }
    }
    if ((trie.lookupV4(addrs[i]!) ?? -1) === best) agree++;
  }
  const linearMs = performance.now() - t2;
  const linearRate = parsed.length / (linearMs / 1000);
  console.log(`  table: ${TABLE_SIZE.toLocaleString('en')} IPv4 prefixes, trie built in ${buildMs.toFixed(0)} ms`);
  console.log(`  trie LPM: ${(trieRate / 1e6).toFixed(2)} M lookups/s (${lookups.toLocaleString('en')} lookups, ${((hits / lookups) * 100).toFixed(0)}% matched)`);
  console.log(`  linear ipaddr.js scan: ${linearRate.toFixed(1)} lookups/s (${parsed.length} lookups, ${agree}/${parsed.length} answers equal to the trie's)`);
  console.log(`  ratio trie / linear: ${Math.round(trieRate / linearRate).toLocaleString('en')}x (goal >= 1,000x, and > 2 M lookups/s)`);
  return { trieRate, linearRate };
}

function propagationBench(): number {
  const sch = new EventScheduler(1);
  const vnet = parsePrefix('10.1.0.0/16');
  const site = new BgpSpeaker({ name: 'site', asn: 65010, address: '192.168.255.1' });
  const vpn = new BgpSpeaker({ name: 'vpngw/IN_0', asn: 65515, address: '10.1.255.4' });
  const er = new BgpSpeaker({ name: 'ergw/IN_0', asn: 65515, address: '10.1.255.12' });
  vpn.originate([vnet]);
  er.originate([vnet]);
  const s1 = new BgpSession(sch, { id: 'site', sides: [{ speaker: vpn }, { speaker: site }] });
  const s2 = new BgpSession(sch, { id: 'coex', sides: [{ speaker: er }, { speaker: vpn }] });
  s1.start();
  s2.start();
  sch.runUntil(5_000);
  const prefixes = generatePrefixes({ count: 100_000, base: '172.16.0.0', length: 28 });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  site.originate(prefixes);
  sch.runUntil(sch.now() + 5_000);
  const table = computeSubnetRoutes({
    addressSpace: [vnet],
    gatewayRoutes: [],
    gatewayRouteKeys: plumbedRoutes([er], (p) => (p.sourcePeer === vpn.address ? 'Vpn' : 'ExpressRoute')),
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // Propagation ends when the VMs' lookup table is built; ARM rows are materialised on request.
  const installed = table.activeCount - 6; // minus the VNet space and the five default system routes
  if (table.lookup('172.16.0.17')?.route.source !== 'VirtualNetworkGateway') throw new Error('172.16.0.17 is not routed to the gateway');
  console.log(`  100,000 prefixes site -> VPN gw -> ER gw -> VNet effective routes: ${ms.toFixed(0)} ms wall clock, ${cpuMs.toFixed(0)} ms CPU (${installed.toLocaleString('en')} gateway routes active; goal < 1,000 ms)`);
  if (installed !== 100_000) throw new Error(`propagation lost routes: ${installed} of 100000 installed`);
  return ms;
}

/** The same through the whole lab: a coexistence scenario whose site advertises 100,000 generated prefixes. */
function labBench(): void {
  const { table, wallMs, cpuMs } = runGeneratedPrefixLab(100_000);
  if (table.lookup('10.129.134.161')?.prefix.text !== '10.129.134.160/28') throw new Error('lab bench: generated prefix not routed');
  console.log(`  lab scenario, 100,000 generated site prefixes, start -> VNet routes (virtual 5 s): ${wallMs.toFixed(0)} ms wall clock, ${cpuMs.toFixed(0)} ms CPU (${table.activeCount.toLocaleString('en')} active routes)`);
}

const MILLION_WALL_GOAL_MS = 5000;
const MILLION_MEMORY_GOAL_MIB = 1024;

/**
 * 1,000,000 generated prefixes site -> VPN gw -> ER gw -> VNet (the most the schema allows in one
 * block, limits lifted), in a process of its own (bench/millionPrefixes.ts) so the peak memory is
 * that run's: the lab lives in the extension host, where memory per route matters.
 */
function millionBench(): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'millionPrefixes.ts'), '1000000', '--snapshot'], { cwd: join(__dirname, '..'), encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`1,000,000-prefix run failed:\n${r.stdout}\n${r.stderr}`);
  const m = JSON.parse(line) as MillionRunResult;
  console.log(
    `  lab scenario, 1,000,000 generated site prefixes, start -> VNet routes: ${m.wallMs.toFixed(0)} ms wall clock (goal < ${MILLION_WALL_GOAL_MS} ms, ratio ${(m.wallMs / MILLION_WALL_GOAL_MS).toFixed(2)}), ` +
      `${m.cpuMs.toFixed(0)} ms CPU, peak memory ${m.maxRssMiB.toFixed(0)} MiB RSS (goal < ${MILLION_MEMORY_GOAL_MIB} MiB, ratio ${(m.maxRssMiB / MILLION_MEMORY_GOAL_MIB).toFixed(2)}), ` +
      `${(((m.heapUsedMiB * 2 ** 20) / m.count)).toFixed(0)} bytes of heap per prefix (${m.activeRoutes.toLocaleString('en')} active routes)`,
  );
  if (m.snapshotMs !== undefined) {
    console.log(
      `  its snapshot: first ${m.snapshotMs.toFixed(0)} ms, again while unchanged ${m.snapshotAgainMs?.toFixed(1)} ms; reading its learned, advertised and effective rows (built on first read, about 6,000,000) ${m.snapshotRowsMs?.toFixed(0)} ms; peak memory with the rows ${m.snapshotMaxRssMiB?.toFixed(0)} MiB RSS`,
    );
  }
}

export async function run(): Promise<void> {
  // Shared 2-core machine: the load average says how much the figures below are inflated.
  console.log(`routing: (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  lpmBench();
  propagationBench();
  labBench();
  millionBench();
}
