// One test run inside a real VS Code extension host: code-server + headless Chromium open the
// workbench with a payload naming the extension and the compiled mocha index (DESIGN.md).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { startCodeServer, workbenchUrl } from './codeServer.mjs';

/**
 * @returns {Promise<{ passes: number, failures: number, pending: number, exitCode: number | undefined, failuresText: string[], timedOut: boolean, resultsFound: boolean }>}
 */
export async function runExtensionHostTests({
  extensionDevelopmentPath,
  extensionTestsPath,
  folder,
  timeoutMs = 240_000,
  env = {},
  settings = {},
  print = (line) => process.stdout.write(line),
  logFile,
}) {
  const resultDir = mkdtempSync('/tmp/gwl-res-');
  const resultsFile = join(resultDir, 'results.json');
  const server = await startCodeServer({ env: { ...env, GWL_EXTHOST_RESULTS: resultsFile }, settings, logFile });
  let browser;
  let exitCode;
  let timedOut = false;
  try {
    browser = await launchBrowser();
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    let resolveExit;
    const exited = new Promise((resolve) => { resolveExit = resolve; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      print(line.endsWith('\n') ? line : `${line}\n`);
      void type;
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    page.on('pageerror', (error) => print(`[workbench page error] ${error.message}\n`));
    const url = workbenchUrl(server.base, { folder, extensionDevelopmentPath, extensionTestsPath });
    await page.goto(url);
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
    const outcome = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') timedOut = true;
    else exitCode = outcome;
  } finally {
    await browser?.close();
    await server.stop();
  }
  // The exit code alone lies (a crashed extension host reports 0): trust only the stats file.
  let stats = { passes: 0, failures: 0, pending: 0, failuresText: [] };
  let resultsFound = false;
  if (existsSync(resultsFile)) {
    try {
      stats = { ...stats, ...JSON.parse(readFileSync(resultsFile, 'utf8')) };
      resultsFound = true;
    } catch (error) {
      print(`unreadable results file ${resultsFile}: ${error.message}\n`);
    }
  } else {
    print(`no results file: the extension host never finished the mocha run${timedOut ? ` (timed out after ${timeoutMs / 1000} s)` : ''}\n`);
  }
  rmSync(resultDir, { recursive: true, force: true });
  return { ...stats, exitCode, timedOut, resultsFound };
}
