// `npm run bench realRouters`: 100,000 prefixes from a real BIRD 2 into a lab gateway (until
// every prefix is in the gateway's RIB and the VNet's effective routes are computed) against
// the same 100,000 from BIRD into FRR bgpd on this machine, as a ratio (goal: lab within 1.5x of
// FRR), and the time from router start to Established. Skips when bird2/frr are missing.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabRuntime } from '../src/engine/labRuntime';
import { parseScenario } from '../src/engine/scenario/validateScenario';
import { externalPeeringOf, routerConfigInputsOf } from '../src/engine/bgp/realRouters';
import { LabRouting } from '../src/engine/bgp/labRouting';
import { haveBird, haveFrr, startBird, waitFor } from '../test/unit/interop/routerDaemons';

const COUNT = 100_000;
const GOAL_RATIO = 1.5;

function routesFile(dir: string): string {
  const lines: string[] = [];
  for (let i = 0; i < COUNT; i++) lines.push(`  route 10.${64 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32 blackhole;`);
  const f = join(dir, 'routes.conf');
  writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

function scenario(block: number): ReturnType<typeof parseScenario> {
  return parseScenario(
    JSON.stringify({
      name: 'bench-real-router',
      duration: '24h',
      bgp: { hold: 90, keepalive: 30, connectRetry: 1, azureTimers: false, prefixLimits: false, endpoints: { address: `127.0.${block}.10` } },
      topology: {
        virtualNetwork: { name: 'hub', addressSpace: ['10.1.0.0/16'], subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.1.255.0/27' }, { name: 'workload', addressPrefix: '10.1.1.0/24' }] },
        gateways: [{ name: 'vpn-gw', type: 'Vpn', sku: 'VpnGw2AZ', vpnType: 'RouteBased', activeActive: false }],
        sites: [{ name: 'onprem', gatewayIpAddress: '203.0.113.20', addressPrefixes: ['192.168.10.0/24'], asn: 65010, bgpPeeringAddress: '192.168.255.1', external: { address: `127.0.${block}.2` } }],
        circuits: [],
        connections: [{ name: 'to-onprem', type: 'IPsec', gateway: 'vpn-gw', site: 'onprem', enableBgp: true }],
      },
      timeline: [],
    }),
  );
}

async function intoLab(): Promise<{ established: number; all: number; effective: number }> {
  const block = 90;
  const runtime = await LabRuntime.create(scenario(block), { recordEvents: false });
  const peering = externalPeeringOf(runtime.lab)!;
  await peering.listen();
  const dir = mkdtempSync(join(tmpdir(), 'gl-bench-'));
  const [input] = routerConfigInputsOf(runtime.lab);
  const t0 = performance.now();
  const bird = startBird(input!, { birdRoutesFile: routesFile(dir) });
  const peer = peering.sessions[0]!.peer;
  try {
    await waitFor('Established', () => peer.state === 'Established', 60000);
    const established = performance.now() - t0;
    await waitFor(`${COUNT} prefixes in the lab`, () => peer.prefixesReceived >= COUNT, 120000);
    const all = performance.now() - t0;
    const routing = runtime.lab.findComponent((c): c is LabRouting => c instanceof LabRouting)!;
    const table = routing.subnetTable();
    if (!table.activeFor) throw new Error('no effective routes');
    const effective = performance.now() - t0;
    return { established, all, effective };
  } finally {
    await bird.stop();
    await peering.stop();
    runtime.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function intoFrr(): Promise<{ established: number; all: number }> {
  const block = 91;
  const dir = mkdtempSync(join(tmpdir(), 'gl-bench-frr-'));
  const frrAddress = `127.0.${block}.10`;
  const birdAddress = `127.0.${block}.2`;
  writeFileSync(join(dir, 'vtysh.conf'), '');
  writeFileSync(
    join(dir, 'bgpd.conf'),
    [
      'frr defaults traditional',
      'router bgp 65515',
      ` bgp router-id ${frrAddress}`,
      ' no bgp ebgp-requires-policy',
      ' no bgp network import-check',
      ` neighbor ${birdAddress} remote-as 65010`,
      ` neighbor ${birdAddress} port 1179`,
      ` neighbor ${birdAddress} update-source ${frrAddress}`,
      ` neighbor ${birdAddress} disable-connected-check`,
      ` neighbor ${birdAddress} timers 30 90`,
      ` neighbor ${birdAddress} timers connect 1`,
      '',
    ].join('\n'),
  );
  const frr = spawn('/usr/lib/frr/bgpd', ['-S', '-Z', '-f', join(dir, 'bgpd.conf'), '-i', join(dir, 'bgpd.pid'), '--vty_socket', dir, '-P', '0', '-p', '1179', '-l', frrAddress], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 1000));
  const input = {
    site: { site: 'onprem', address: birdAddress, port: 1179, asn: 65010, bgpPeeringAddress: '192.168.255.1', prefixes: ['192.168.10.0/24'] },
    endpoints: [{ gateway: 'frr', instance: 'IN_0' as const, address: frrAddress, port: 1179, asn: 65515, bgpPeeringAddress: frrAddress }],
    holdSeconds: 90,
    keepaliveSeconds: 30,
  };
  const summary = (): { state?: string; pfxRcd?: number } => {
    try {
      const out = execFileSync('vtysh', ['--config_dir', dir, '--vty_socket', dir, '-d', 'bgpd', '-c', 'show bgp ipv4 unicast summary json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return ((JSON.parse(out) as { peers?: Record<string, { state?: string; pfxRcd?: number }> }).peers ?? {})[birdAddress] ?? {};
    } catch {
      return {};
    }
  };
  const t0 = performance.now();
  const bird = startBird(input, { birdRoutesFile: routesFile(dir) });
  try {
    await waitFor('Established', () => summary().state === 'Established', 60000);
    const established = performance.now() - t0;
    await waitFor(`${COUNT} prefixes`, () => (summary().pfxRcd ?? 0) >= COUNT, 120000);
    return { established, all: performance.now() - t0 };
  } finally {
    await bird.stop();
    frr.kill('SIGTERM');
    await new Promise((r) => frr.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  console.log('\n== real routers: 100,000 prefixes from BIRD 2 ==');
  if (!haveBird || !haveFrr) {
    console.log('skipped: needs bird2 and frr (Debian packages)');
    return;
  }
  const lab = await intoLab();
  const frr = await intoFrr();
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(`lab gateway: Established ${s(lab.established)} after BIRD start; all ${COUNT} prefixes in the RIB ${s(lab.all)}; VNet effective routes computed ${s(lab.effective)}`);
  console.log(`FRR bgpd:    Established ${s(frr.established)} after BIRD start; all ${COUNT} prefixes received ${s(frr.all)} (read by polling vtysh, ~0.2 s granularity)`);
  const ratio = (lab.effective - lab.established) / Math.max(1, frr.all - frr.established);
  console.log(`ratio (Established -> all prefixes, lab incl. effective routes / FRR): ${ratio.toFixed(2)}x (goal <= ${GOAL_RATIO}x) ${ratio <= GOAL_RATIO ? 'OK' : 'OVER GOAL'}`);
}
