// A big lab as a user runs it, in a real extension host (code-server + headless Chromium, see
// DESIGN.md): a workspace whose scenario is coex-healthy with the site advertising N generated
// prefixes (limits lifted), auto-started at 60x; the Gateway Lens sidebar and a BGP table open;
// then the extension host's CPU share (from /proc/<pid>/stat, per 5 s window) and its memory
// (VmRSS samples and VmHWM from /proc/<pid>/status) over a fixed wall time, and how long the trees
// and the table took to show. Prints one JSON line for bench/extension.ts.
// Usage: node scripts/bench-big-lab.mjs [--extension <dir with a built dist/>] [--prefixes 100000] [--seconds 40] [--debug-dir <dir>]
//        [--cpu-profile <out.cpuprofile>]  (profiles the extension host over the steady load; see profile-process.mjs)
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './lib/paths.mjs';
import { ensureCodeServer } from './lib/codeServerInstall.mjs';
import { startCodeServer, workbenchUrl } from './lib/codeServer.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { withLock } from './lib/lock.mjs';
import { EXTHOST_LOCK_DIR } from './lib/exthostLock.mjs';

const { values } = parseArgs({
  options: {
    extension: { type: 'string', default: repoRoot },
    prefixes: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '40' },
    speed: { type: 'string', default: '60' },
    // Where to leave a screenshot and the sidebar's text when something never showed.
    'debug-dir': { type: 'string' },
    // Where to write a CPU profile of the extension host taken over the steady load.
    'cpu-profile': { type: 'string' },
  },
});
const PREFIXES = Number(values.prefixes);
const SECONDS = Number(values.seconds);
const WINDOW_S = 5;
/** Longer than any goal by far: what has not shown by then counts as never shown. */
const SHOW_TIMEOUT_MS = 60_000;
/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const CLK_TCK = 100;

/** coex-healthy with N generated site prefixes and the documented limits lifted; long enough to keep running. */
function writeWorkspace() {
  const scenario = JSON.parse(readFileSync(join(repoRoot, 'scenarios', 'coex-healthy.gwlab.json'), 'utf8'));
  delete scenario.$schema;
  scenario.name = `coex-healthy-${PREFIXES}`;
  // 5 min of virtual time pass in 5 s at 60x; the run must last the whole measurement.
  scenario.duration = '6h';
  scenario.bgp = { ...scenario.bgp, prefixLimits: false };
  scenario.topology.sites[0].generatedPrefixes = [{ count: PREFIXES, base: '10.128.0.0', length: 28 }];
  mkdirSync(join(repoRoot, '.vscode-test'), { recursive: true });
  const folder = mkdtempSync(join(repoRoot, '.vscode-test', 'bench-big-lab-'));
  writeFileSync(join(folder, 'big.gwlab.json'), JSON.stringify(scenario, null, 2));
  return folder;
}

/** The extension host of this code-server run: a process whose environment names the run's own directory. */
function findExtensionHost(runDir) {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('extensionHost')) continue;
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').includes(runDir)) return Number(pid);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return undefined;
}

function cpuTicks(pid) {
  // Fields after the command name (which may hold spaces): utime is the 14th field overall, stime the 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]);
}

function memoryMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** Milliseconds from `start` until `wait` resolves, or null when it timed out. */
async function timed(start, wait) {
  try {
    await wait();
    return performance.now() - start;
  } catch {
    return null;
  }
}

/** The extension's own log file (its output channel) in this code-server run, once it exists. */
function extensionLogPath(runDir) {
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        const found = walk(path);
        if (found) return found;
      } else if (entry.name.includes('Gateway Lens') && entry.name.endsWith('.log')) return path;
    }
    return undefined;
  };
  try {
    return walk(join(runDir, 'ud', 'logs'));
  } catch {
    return undefined;
  }
}

function extensionLog(runDir) {
  const path = extensionLogPath(runDir);
  return path ? readFileSync(path, 'utf8') : undefined;
}

/** Waits until the extension's log has a line matching `re`; UTC ms of that line (with the log's own stamp). */
async function waitForLog(runDir, re, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const line = (extensionLog(runDir) ?? '').split('\n').find((l) => re.test(l));
    if (line) return line.slice(0, 23);
    if (performance.now() > deadline) throw new Error(`the extension's log never said ${re} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The extension's own log (timestamps at each stage), left in the debug dir for reading afterwards. */
function copyExtensionLog(runDir, debugDir) {
  mkdirSync(debugDir, { recursive: true });
  const path = extensionLogPath(runDir);
  if (path) copyFileSync(path, join(debugDir, 'gateway-lens.log'));
  else process.stderr.write('bench-big-lab: no extension log found\n');
}

/** Profiles `pid` for the steady load's length; its summary goes to stderr, beside the bench's own output. */
function profileExtensionHost(pid, out) {
  const child = spawn(process.execPath, ['--experimental-websocket', join(repoRoot, 'scripts', 'profile-process.mjs'), String(pid), String(SECONDS), out], {
    stdio: ['ignore', process.stderr, process.stderr],
  });
  return new Promise((resolve) => child.on('exit', resolve));
}

async function measure() {
  const folder = writeWorkspace();
  const server = await startCodeServer({
    settings: {
      'gatewayLens.lab.autoStart': true,
      'gatewayLens.lab.defaultScenario': 'big.gwlab.json',
      'gatewayLens.lab.speed': Number(values.speed),
      'git.openRepositoryInParentFolders': 'never',
    },
  });
  let browser;
  try {
    browser = await launchBrowser({ width: 1400, height: 860 });
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on('dialog', (d) => void d.dismiss());
    // Generous: on a loaded machine the workbench alone can take a minute to load.
    await page.goto(workbenchUrl(server.base, { folder, extensionDevelopmentPath: values.extension }), { timeout: 180_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 180_000 });
    const sidebarRow = (text) => page.locator('.sidebar .monaco-list-row', { hasText: text });

    // The user asks once the lab runs: code-server starting its extension host, the extension's
    // activation and the lab's start-up are reported apart (from the extension's log), not as "trees".
    const labRunningAt = await waitForLog(server.runDir, /\] lab: running /, 180_000);
    const logText = extensionLog(server.runDir) ?? '';
    const stamp = (re) => {
      const line = logText.split('\n').find((l) => re.test(l));
      return line ? Date.parse(line.slice(0, 23).replace(' ', 'T') + 'Z') : NaN;
    };
    const labStartMs = stamp(/\] lab: running /) - stamp(/\] lab: starting /);
    // The sidebar: from the click on the activity bar until both trees show the lab's rows.
    // What never shows within SHOW_TIMEOUT_MS is reported as null (the extension host is starved).
    const t0 = performance.now();
    const clickedAt = new Date().toISOString();
    await page.locator('.activitybar .action-item a[aria-label^="Gateway Lens"]').click({ timeout: 60_000 });
    const treesMs = await timed(t0, async () => {
      await sidebarRow('vpn-gw').first().waitFor({ timeout: SHOW_TIMEOUT_MS });
      await sidebarRow('vpn-gw-to-paris').first().waitFor({ timeout: SHOW_TIMEOUT_MS });
    });
    const pid = findExtensionHost(server.runDir);
    if (pid === undefined) throw new Error('the extension host process was not found');

    // A BGP table from F1, as a user opens one: from Enter on the gateway until its rows show.
    let tableMs = null;
    let tableAskedAt;
    try {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill('>Gateway Lens: Open BGP Table');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Gateway Lens: Open BGP Table' }).first().waitFor({ timeout: 30_000 });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Open the BGP table of' }).waitFor({ timeout: SHOW_TIMEOUT_MS });
      await input.fill('vpn-gw');
      await page.locator('.quick-input-widget .monaco-list-row .label-name', { hasText: 'vpn-gw' }).first().waitFor({ timeout: SHOW_TIMEOUT_MS });
      const t1 = performance.now();
      tableAskedAt = new Date().toISOString();
      await page.keyboard.press('Enter');
      const frame = page.frameLocator('iframe.webview.ready:visible').last().frameLocator('iframe#active-frame');
      tableMs = await timed(t1, () => frame.locator('#count').filter({ hasText: /^[1-9]\d* of [1-9]\d* rows$/ }).waitFor({ timeout: SHOW_TIMEOUT_MS }));
    } catch (error) {
      process.stderr.write(`bench-big-lab: the BGP table did not open: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
      await page.keyboard.press('Escape');
    }

    if ((treesMs === null || tableMs === null) && values['debug-dir']) {
      mkdirSync(values['debug-dir'], { recursive: true });
      await page.screenshot({ path: join(values['debug-dir'], 'bench-big-lab.png') });
      const text = await page.locator('.sidebar, .notifications-toasts, .notification-list-item').allInnerTexts();
      writeFileSync(join(values['debug-dir'], 'bench-big-lab.txt'), text.join('\n---\n'));
    }

    // The steady load: sidebar and table open, the lab running.
    const profiler = values['cpu-profile'] ? profileExtensionHost(pid, values['cpu-profile']) : undefined;
    const windows = [];
    const rss = [];
    let ticks = cpuTicks(pid);
    let at = performance.now();
    for (let elapsed = 0; elapsed < SECONDS; elapsed += WINDOW_S) {
      await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
      const nowTicks = cpuTicks(pid);
      const now = performance.now();
      windows.push((nowTicks - ticks) / CLK_TCK / ((now - at) / 1000));
      rss.push(memoryMiB(pid).rss);
      ticks = nowTicks;
      at = now;
    }
    const mem = memoryMiB(pid);
    await profiler;
    const diagnosticsDone = (await sidebarRow(/error|warning|No problems|finding/i).count()) > 0;
    return {
      prefixes: PREFIXES,
      seconds: SECONDS,
      treesMs,
      tableMs,
      labStartMs,
      labRunningAt,
      clickedAt,
      tableAskedAt,
      cpuShareMean: windows.reduce((a, b) => a + b, 0) / windows.length,
      cpuShareMax: Math.max(...windows),
      cpuShareWindows: windows,
      rssMaxMiB: Math.max(...rss),
      peakMiB: mem.hwm,
      diagnosticsRowsShown: diagnosticsDone,
    };
  } finally {
    if (values['debug-dir']) copyExtensionLog(server.runDir, values['debug-dir']);
    await browser?.close();
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

await ensureCodeServer();
const result = await withLock(EXTHOST_LOCK_DIR, measure);
console.log(JSON.stringify(result));
