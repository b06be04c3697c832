// Real routers for interop tests: BIRD 2 and FRR bgpd started in a mktemp dir with the
// configurations the lab prints (routerConfigs.ts), read back through their own CLIs, and
// stopped by PID (TERM, then KILL), also when the test process exits early.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { birdConfig, frrConfig, gobgpConfig, type RouterConfigInput, type RouterConfigOptions } from '../../../src/engine/bgp/routerConfigs';

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of running) if (p.pid !== undefined && p.exitCode === null) process.kill(p.pid, 'SIGKILL');
});

export const haveBird = spawnSync('bird', ['--version'], { stdio: 'ignore' }).status !== null && existsSync('/usr/sbin/bird');
export const haveGobgp = existsSync('/usr/bin/gobgpd') && existsSync('/usr/bin/gobgp');
export const haveFrr = existsSync('/usr/lib/frr/bgpd') && spawnSync('vtysh', ['--help'], { stdio: 'ignore' }).status !== null;

export interface RouterDaemon {
  kind: 'bird' | 'frr' | 'gobgp';
  dir: string;
  pid: number;
  /** Prefixes the router received from the gateway endpoint at `address`. */
  received(address: string): string[];
  /** Whether the session with `address` is Established. */
  established(address: string): boolean;
  /** The router's own description of the last error with `address` (BIRD log / FRR lastNotificationReason). */
  lastError(address: string): string;
  signal(sig: NodeJS.Signals): void;
  stop(): Promise<void>;
}

async function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.pid === undefined) return;
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  try {
    process.kill(p.pid, 'SIGCONT');
    process.kill(p.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => p.pid !== undefined && p.exitCode === null && process.kill(p.pid, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  running.delete(p);
}

function launch(cmd: string, args: string[], dir: string): ChildProcess {
  const p = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  p.stderr?.on('data', (d: Buffer) => (err += d.toString()).slice(-4000));
  p.once('exit', () => running.delete(p));
  running.add(p);
  if (p.pid === undefined) throw new Error(`${cmd} did not start: ${err}`);
  return p;
}

/** BIRD's protocol name for a gateway endpoint, as birdConfig writes it. */
function birdProtocol(input: RouterConfigInput, address: string): string {
  const e = input.endpoints.find((x) => x.address === address)!;
  return `${e.gateway} ${e.instance}`.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();
}

export function startBird(input: RouterConfigInput, options: RouterConfigOptions = {}): RouterDaemon {
  const dir = mkdtempSync(join(tmpdir(), 'gl-bird-'));
  const conf = join(dir, 'bird.conf');
  const log = join(dir, 'bird.log');
  const ctl = join(dir, 'bird.ctl');
  writeFileSync(conf, birdConfig(input, { ...options, logFile: log }));
  const p = launch('bird', ['-f', '-c', conf, '-s', ctl, '-P', join(dir, 'bird.pid')], dir);
  const birdc = (...args: string[]): string => {
    const r = spawnSync('birdc', ['-s', ctl, ...args], { encoding: 'utf8' });
    return r.stdout ?? '';
  };
  const logText = (): string => (existsSync(log) ? readFileSync(log, 'utf8') : '');
  return {
    kind: 'bird',
    dir,
    pid: p.pid!,
    received: (address) =>
      birdc('show', 'route', 'protocol', birdProtocol(input, address))
        .split('\n')
        .map((l) => /^(\d+\.\d+\.\d+\.\d+\/\d+)\s/.exec(l)?.[1])
        .filter((x): x is string => x !== undefined)
        .sort(),
    established: (address) => /\bEstablished\b/.test(birdc('show', 'protocols', birdProtocol(input, address))),
    lastError: (address) => {
      const proto = birdProtocol(input, address);
      const lines = logText().split('\n').filter((l) => l.includes(` ${proto}: `) && /Received:|Error:|<RMT>|Hold timer/i.test(l));
      return lines.join('\n');
    },
    signal: (sig) => process.kill(p.pid!, sig),
    stop: async () => {
      await stopProcess(p);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function startFrr(input: RouterConfigInput, options: RouterConfigOptions = {}): RouterDaemon {
  const dir = mkdtempSync(join(tmpdir(), 'gl-frr-'));
  const conf = join(dir, 'bgpd.conf');
  writeFileSync(conf, frrConfig(input, { ...options, logFile: join(dir, 'bgpd.log') }));
  writeFileSync(join(dir, 'vtysh.conf'), '');
  const p = launch('/usr/lib/frr/bgpd', ['-S', '-Z', '-f', conf, '-i', join(dir, 'bgpd.pid'), '--vty_socket', dir, '-P', '0', '-p', String(input.site.port), '-l', input.site.address], dir);
  const vtysh = (cmd: string): unknown => {
    try {
      const out = execFileSync('vtysh', ['--config_dir', dir, '--vty_socket', dir, '-d', 'bgpd', '-c', cmd], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return JSON.parse(out) as unknown;
    } catch {
      return undefined;
    }
  };
  const neighbor = (address: string): Record<string, unknown> => ((vtysh(`show bgp neighbors ${address} json`) as Record<string, Record<string, unknown>> | undefined)?.[address] ?? {}) as Record<string, unknown>;
  return {
    kind: 'frr',
    dir,
    pid: p.pid!,
    received: (address) => Object.keys(((vtysh(`show bgp ipv4 unicast neighbors ${address} routes json`) as { routes?: Record<string, unknown> } | undefined)?.routes) ?? {}).sort(),
    established: (address) => neighbor(address).bgpState === 'Established',
    lastError: (address) => {
      const n = neighbor(address);
      return [n.lastErrorCodeSubcode, n.lastNotificationReason, n.lastResetDueTo].filter((x) => x !== undefined).join(' ');
    },
    signal: (sig) => process.kill(p.pid!, sig),
    stop: async () => {
      await stopProcess(p);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GoBGP (passive: the lab dials it); its prefixes are added through its CLI once it runs. */
export async function startGobgp(input: RouterConfigInput, apiPort: number): Promise<RouterDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'gl-gobgp-'));
  const conf = join(dir, 'gobgpd.toml');
  writeFileSync(conf, gobgpConfig(input));
  const p = launch('gobgpd', ['-f', conf, '--api-hosts', `127.0.0.1:${apiPort}`, '--pprof-disable'], dir);
  const gobgp = (...args: string[]): string => {
    const r = spawnSync('gobgp', ['-u', '127.0.0.1', '-p', String(apiPort), ...args], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout : '';
  };
  await waitFor('gobgpd API', () => gobgp('global').length > 0, 10000);
  for (const prefix of input.site.prefixes) gobgp('global', 'rib', 'add', '-a', 'ipv4', prefix, 'nexthop', input.site.bgpPeeringAddress);
  const neighbor = (address: string): { state?: { session_state?: number } } => {
    try {
      return JSON.parse(gobgp('neighbor', address, '-j')) as { state?: { session_state?: number } };
    } catch {
      return {};
    }
  };
  return {
    kind: 'gobgp',
    dir,
    pid: p.pid!,
    received: (address) => {
      try {
        return Object.keys(JSON.parse(gobgp('neighbor', address, 'adj-in', '-a', 'ipv4', '-j')) as Record<string, unknown>).sort();
      } catch {
        return [];
      }
    },
    established: (address) => neighbor(address).state?.session_state === 6,
    lastError: () => '',
    signal: (sig) => process.kill(p.pid!, sig),
    stop: async () => {
      await stopProcess(p);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function waitFor(what: string, cond: () => boolean, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
