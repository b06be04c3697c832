// The code-server installation steps shared by install-code-server.mjs, the test runner and
// `npm start`. Everything here works without internet except the npm registry and Debian apt.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from './paths.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
/** The @vscode/ripgrep version code-server 4.100.3 depends on, and the release it downloads. */
const RIPGREP_CACHE = { dir: 'vscode-ripgrep-cache-1.15.11', file: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' };
const APT_PACKAGES = [
  { pkg: 'libkrb5-dev', present: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/gssapi/gssapi.h') },
  { pkg: 'ripgrep', present: () => existsSync('/usr/bin/rg') },
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  // Real peers the interop tests start and stop themselves (see shared/REAL-PEERS.md).
  { pkg: 'bird2', present: () => existsSync('/usr/sbin/bird') },
  { pkg: 'frr', present: () => existsSync('/usr/lib/frr/bgpd') },
  { pkg: 'gobgpd', present: () => existsSync('/usr/bin/gobgpd') },
  // tshark decodes the BGP codec's golden messages independently.
  { pkg: 'tshark', present: () => existsSync('/usr/bin/tshark') },
  { pkg: 'strongswan-charon', present: () => existsSync('/usr/lib/ipsec/charon') },
  { pkg: 'strongswan-swanctl', present: () => existsSync('/usr/sbin/swanctl') },
  { pkg: 'libcharon-extra-plugins', present: () => existsSync('/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so') },
];

export function codeServerDir() {
  return join(repoRoot, '.vscode-test', 'code-server');
}

export function codeServerBin() {
  return join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status ?? r.signal}`);
}

/** Installs the Debian packages code-server and the browser tests need, only those missing. */
export function ensureAptPackages(log) {
  const missing = APT_PACKAGES.filter((p) => !p.present()).map((p) => p.pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages ${missing.join(', ')}: install them with apt-get (needs root)`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  guardAgainstServiceStarts();
  // Another apt run (e.g. a chromium install already under way) holds the lock: wait for it.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update', '-qq'], { env });
  run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

/**
 * bird2 and frr call invoke-rc.d in their postinst; a policy-rc.d that exits 101 makes sure no
 * package starts a system service here (the tests start every daemon themselves, by PID).
 */
function guardAgainstServiceStarts() {
  const policy = '/usr/sbin/policy-rc.d';
  if (existsSync(policy)) return;
  writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
}

/** @vscode/ripgrep's postinstall downloads rg from GitHub; seed its cache with Debian's rg instead. */
export function seedRipgrepCache(log) {
  const cacheDir = join(tmpdir(), RIPGREP_CACHE.dir);
  const target = join(cacheDir, RIPGREP_CACHE.file);
  if (existsSync(target)) return;
  log(`seeding ${target} with /usr/bin/rg`);
  mkdirSync(cacheDir, { recursive: true });
  const stage = mkdtempSync(join(tmpdir(), 'rg-seed-'));
  try {
    copyFileSync('/usr/bin/rg', join(stage, 'rg'));
    run('tar', ['-czf', target, '-C', stage, 'rg']);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function installedVersion() {
  const pkg = join(codeServerDir(), 'node_modules', 'code-server', 'package.json');
  if (!existsSync(pkg) || !existsSync(codeServerBin())) return undefined;
  try {
    return JSON.parse(readFileSync(pkg, 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Returns the path of code-server's entry script, installing it first when needed. */
export async function ensureCodeServer({ log = () => {} } = {}) {
  if (installedVersion() === CODE_SERVER_VERSION) return codeServerBin();
  ensureAptPackages(log);
  seedRipgrepCache(log);
  const dir = codeServerDir();
  mkdirSync(dir, { recursive: true });
  // A package.json of its own keeps this install out of the extension's dependencies.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'gateway-lens-code-server', private: true }, null, 2));
  log(`npm install code-server@${CODE_SERVER_VERSION} into ${dir} (about 75 s)`);
  run('npm', ['install', '--unsafe-perm', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: dir,
    env: { ...process.env, npm_config_yes: 'true' },
  });
  if (installedVersion() !== CODE_SERVER_VERSION) throw new Error(`code-server ${CODE_SERVER_VERSION} is not in ${dir} after npm install`);
  return codeServerBin();
}
