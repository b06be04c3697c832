// Builds what the extension-host runs use: the webpack bundle of the extension (the code under
// test is the shipped bundle) and the mocha suites compiled by tsc into out/.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';

function run(label, args) {
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout}\n${r.stderr}`);
    throw new Error(`${label} failed (exit ${r.status ?? r.signal})`);
  }
  return Date.now() - started;
}

export function buildExtension({ mode = 'development' } = {}) {
  return run('webpack', [join(repoRoot, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--mode', mode, '--no-stats']);
}

export function compileExthostTests() {
  return run('tsc (test/exthost)', [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(repoRoot, 'test', 'exthost', 'tsconfig.json')]);
}
