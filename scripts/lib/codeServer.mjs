// Starts and stops code-server for one run: free loopback port, its own config, user-data,
// extensions and per-run TMPDIR/XDG/HOME (short paths: socket names are limited to 107 bytes),
// detached so the whole process group can be killed at the end. See DESIGN.md.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { codeServerBin } from './codeServerInstall.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
};

/**
 * @param {{ env?: Record<string,string>, settings?: Record<string, unknown>, logFile?: string, keepDir?: boolean }} options
 * @returns {Promise<{ port: number, base: string, runDir: string, stop: () => Promise<void>, output: () => string }>}
 */
export async function startCodeServer(options = {}) {
  // Short base path: code-server and the extension host create unix sockets under TMPDIR/XDG_RUNTIME_DIR.
  const runDir = mkdtempSync('/tmp/gwl-');
  const dirs = {};
  for (const name of ['ud', 'ext', 'tmp', 'home', 'cfg', 'cache', 'data', 'run']) {
    dirs[name] = join(runDir, name);
    mkdirSync(dirs[name], { recursive: true, mode: 0o700 });
  }
  mkdirSync(join(dirs.ud, 'User'), { recursive: true });
  writeFileSync(join(dirs.ud, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...options.settings }, null, 2));
  const config = join(runDir, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const port = await freePort();
  const args = [
    codeServerBin(),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--config', config,
    '--user-data-dir', dirs.ud,
    '--extensions-dir', dirs.ext,
  ];
  const env = {
    ...process.env,
    ...options.env,
    EXTENSIONS_GALLERY: '{}',
    TMPDIR: dirs.tmp,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.cfg,
    XDG_CACHE_HOME: dirs.cache,
    XDG_DATA_HOME: dirs.data,
    XDG_RUNTIME_DIR: dirs.run,
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const log = options.logFile ? createWriteStream(options.logFile) : undefined;
  const collect = (chunk) => {
    const text = chunk.toString();
    output = (output + text).slice(-200_000);
    log?.write(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = false;
  const exitPromise = new Promise((resolve) => child.on('exit', () => { exited = true; resolve(); }));

  const stop = async () => {
    if (!exited) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exitPromise;
      clearTimeout(timer);
    }
    // The extension host and its helpers share the group; make sure none outlives the run.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    log?.end();
    if (!options.keepDir) rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  };

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`code-server exited before listening:\n${output.slice(-3000)}`);
    }
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${base} within 60 s:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, base, runDir, stop, output: () => output };
}

/** The workbench URL that loads an extension under development (and optionally runs its tests). */
export function workbenchUrl(base, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const authority = new URL(base).host;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  const query = new URLSearchParams();
  if (folder) query.set('folder', folder);
  return `${base}/?${query.toString()}${folder ? '&' : ''}payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
