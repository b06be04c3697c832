// Runs the extension-host suites (test/exthost/suite, mocha inside a real VS Code extension host
// served by code-server and driven by headless Chromium), then the end-to-end suites
// (test/exthost/e2e, Playwright driving the workbench as a user). Passes only when the results
// show at least one pass and no failure. Prints `exthost: N passed, N failed` last.
// Usage: node scripts/run-exthost-tests.mjs [--only suite|e2e] [--grep <mocha grep>]
import { mkdirSync, readFileSync, rmSync, existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from './lib/paths.mjs';
import { withLock } from './lib/lock.mjs';
import { EXTHOST_LOCK_DIR } from './lib/exthostLock.mjs';
import { ensureCodeServer } from './lib/codeServerInstall.mjs';
import { buildExtension, compileExthostTests } from './lib/buildForTests.mjs';
import { runExtensionHostTests } from './lib/exthostRun.mjs';
import { exthostVerdict } from './lib/verdict.mjs';

const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
const grep = argv.includes('--grep') ? argv[argv.indexOf('--grep') + 1] : undefined;
const say = (m) => console.log(`exthost: ${m}`);
const outputDir = join(repoRoot, 'test-output');

async function runSuites() {
  // The workspace the suites open: a copy-free view of the repo's test fixtures.
  const folder = join(repoRoot, 'test', 'exthost', 'workspace');
  mkdirSync(folder, { recursive: true });
  const started = Date.now();
  const result = await runExtensionHostTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'exthost', 'index.js'),
    folder,
    env: { ...(grep ? { GWL_EXTHOST_GREP: grep } : {}), GWL_REPO_ROOT: repoRoot },
    logFile: join(outputDir, 'code-server-suites.log'),
  });
  say(`suites: ${result.passes} passed, ${result.failures} failed, ${result.pending} pending in ${((Date.now() - started) / 1000).toFixed(1)} s${result.timedOut ? ' (TIMED OUT)' : ''}`);
  for (const f of result.failuresText) say(`  FAILED ${f}`);
  // A run that is not a clear pass (no stats, no pass, a timeout, a bad exit) counts as a failure
  // even when no test failed, so it can never pass silently.
  const verdict = exthostVerdict(result);
  if (!verdict.passed) say(`suites did not pass: ${verdict.reason}`);
  const failures = result.failures + (!verdict.passed && result.failures === 0 ? 1 : 0);
  return { passed: result.passes, failed: failures };
}

function runE2e() {
  const dir = join(repoRoot, 'test', 'exthost', 'e2e');
  if (!existsSync(dir)) return { passed: 0, failed: 0 };
  const files = spawnSync('ls', [dir], { encoding: 'utf8' }).stdout.split('\n').filter((f) => f.endsWith('.e2e.ts')).map((f) => join(dir, f));
  if (files.length === 0) return { passed: 0, failed: 0 };
  const tapDir = mkdtempSync('/tmp/gwl-tap-');
  const tap = join(tapDir, 'e2e.tap');
  const started = Date.now();
  // One e2e file at a time (each starts its own code-server): the machine has two cores.
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
    { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, GWL_TEST_OUTPUT: outputDir } },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  rmSync(tapDir, { recursive: true, force: true });
  const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const passed = count('pass');
  let failed = count('fail');
  if (r.status !== 0 && failed === 0) failed = 1;
  say(`e2e: ${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { passed, failed };
}

let total = { passed: 0, failed: 0 };
try {
  await withLock(EXTHOST_LOCK_DIR, async () => {
    mkdirSync(outputDir, { recursive: true });
    await ensureCodeServer({ log: say });
    say(`webpack build in ${buildExtension()} ms; test compile in ${compileExthostTests()} ms`);
    if (only !== 'e2e') {
      const r = await runSuites();
      total = { passed: total.passed + r.passed, failed: total.failed + r.failed };
    }
    if (only !== 'suite') {
      const r = runE2e();
      total = { passed: total.passed + r.passed, failed: total.failed + r.failed };
    }
  }, { log: say });
} catch (error) {
  console.error(`exthost: ${error instanceof Error ? error.message : String(error)}`);
  total.failed += 1;
}
console.log(`exthost: ${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
