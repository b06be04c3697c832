// Benchmark: parse and check 1,000 device configurations (all five dialects, compatible and
// not) against Azure connections (default and custom policies). Goal: under 1 s in total.
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { azureIkeSide, type AzureConnectionIke } from '../src/engine/ike/azureSide';
import { checkIke } from '../src/engine/ike/ikeCheck';
import { parseDeviceConfig } from '../src/engine/ike/parseDevice';

const COUNT = 1000;
const GOAL_MS = 1000;

const ENC = ['aes128', 'aes256', 'aes192', '3des'];
const INTEG = ['sha1', 'sha256', 'sha384'];
const DH = ['modp1024', 'modp2048', 'modp2048s256', 'ecp256'];

function swanctl(i: number): string {
  const p = `${ENC[i % 4]}-${INTEG[(i >> 2) % 3]}-${DH[(i >> 4) % 4]}`;
  return `connections {\n  c${i} {\n    version = 2\n    remote_addrs = 198.51.100.${i % 250}\n    proposals = ${p},aes256-sha1-modp1024\n    rekey_time = ${4 + (i % 24)}h\n    dpd_delay = 10s\n    local { auth = psk }\n    remote { auth = psk }\n    children {\n      net {\n        local_ts = 0.0.0.0/0\n        remote_ts = 0.0.0.0/0\n        esp_proposals = ${ENC[(i >> 1) % 4]}-${INTEG[i % 3]}${i % 5 === 0 ? '-modp2048' : ''}\n        start_action = start\n      }\n    }\n  }\n}\nsecrets { ike-${i} { secret = "k${i}" } }\n`;
}

function corpus(): string[] {
  const dir = join(__dirname, '..', 'test', 'fixtures', 'ike');
  const fixtures = ['ipsec-conf-24h.conf', 'cisco-ios-vti.txt', 'cisco-ios-cryptomap-pfs.txt', 'cisco-asa-ikev2.txt', 'junos-route.txt'].map((f) => readFileSync(join(dir, f), 'utf8'));
  const out: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    if (i % 2 === 0) out.push(swanctl(i));
    else {
      // Vary the fixtures' lifetimes and groups so no two checks are the same input.
      out.push(fixtures[(i >> 1) % fixtures.length]!.replace(/28800/g, String(20000 + i)).replace(/group 2\b/, i % 3 ? 'group 2' : 'group 14'));
    }
  }
  return out;
}

const connections: AzureConnectionIke[] = [
  { name: 'default' },
  { name: 'custom', ipsecPolicies: [{ saLifeTimeSeconds: 27000, saDataSizeKilobytes: 102400000, ikeEncryption: 'AES256', ikeIntegrity: 'SHA256', dhGroup: 'DHGroup14', ipsecEncryption: 'AES256', ipsecIntegrity: 'SHA256', pfsGroup: 'PFS2048' }] },
  { name: 'pbts', usePolicyBasedTrafficSelectors: true },
];

function once(texts: string[]): { ms: number; cpuMs: number; established: number; findings: number } {
  const sides = connections.map((c) => azureIkeSide({ connection: c, vnetPrefixes: ['10.10.0.0/16'], sitePrefixes: ['192.168.10.0/24'] }));
  let established = 0;
  let findings = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  texts.forEach((t, i) => {
    const cfg = parseDeviceConfig(t);
    const r = checkIke(sides[i % sides.length]!, cfg.connections[0]!);
    if (r.established) established++;
    findings += r.findings.length;
  });
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, established, findings };
}

export async function run(): Promise<void> {
  const texts = corpus();
  once(texts.slice(0, 100));
  const runs = [once(texts), once(texts), once(texts), once(texts), once(texts)];
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b)[2]!;
  const cpu = runs.map((r) => r.cpuMs).sort((a, b) => a - b)[2]!;
  const r = runs[0]!;
  console.log(`ike: ${COUNT} device configurations (5 dialects) parsed and checked, ${r.established} establish, ${r.findings} findings (load average ${loadavg()[0]!.toFixed(1)})`);
  console.log(`  median wall ${ms.toFixed(1)} ms in total (${((ms * 1000) / COUNT).toFixed(0)} us each), median CPU ${cpu.toFixed(1)} ms; goal < ${GOAL_MS} ms: wall ${(ms / GOAL_MS).toFixed(2)}x, CPU ${(cpu / GOAL_MS).toFixed(2)}x of budget ${ms < GOAL_MS ? 'OK' : cpu < GOAL_MS ? 'OVER on wall clock only (machine busy)' : 'OVER'}`);
}
