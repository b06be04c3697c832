#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests on machines without a
// VS Code download: it turns --extensionDevelopmentPath / --extensionTestsPath (and an optional
// folder argument) into the offline code-server + Chromium run, and exits with its result.
import { resolve } from 'node:path';
import { ensureCodeServer } from './lib/codeServerInstall.mjs';
import { runExtensionHostTests } from './lib/exthostRun.mjs';
import { exthostVerdict } from './lib/verdict.mjs';

const options = {};
const positional = [];
for (const a of process.argv.slice(2)) {
  const m = /^--([^=]+)=(.*)$/.exec(a);
  if (m) options[m[1]] = m[2];
  else if (!a.startsWith('--')) positional.push(a);
}
const dev = options.extensionDevelopmentPath;
const tests = options.extensionTestsPath;
if (!dev || !tests) {
  console.error('code-shim: needs --extensionDevelopmentPath=<dir> and --extensionTestsPath=<file>');
  process.exit(2);
}
await ensureCodeServer({ log: (m) => console.log(`code-shim: ${m}`) });
// runTests passes the tests path without an extension; the extension host requires index.js.
const testsPath = resolve(tests).endsWith('.js') ? resolve(tests) : `${resolve(tests)}/index.js`;
const result = await runExtensionHostTests({
  extensionDevelopmentPath: resolve(dev),
  extensionTestsPath: testsPath,
  folder: positional[0] ? resolve(positional[0]) : undefined,
  env: process.env.GWL_EXTHOST_GREP ? { GWL_EXTHOST_GREP: process.env.GWL_EXTHOST_GREP } : {},
});
const verdict = exthostVerdict(result);
console.log(`code-shim: ${result.passes} passed, ${result.failures} failed${verdict.passed ? '' : ` (not a pass: ${verdict.reason})`}`);
process.exit(verdict.passed ? 0 : 1);
