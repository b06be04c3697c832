// First step of `npm start` and `npm test`, so both work on a fresh clone: installs the npm
// dependencies when node_modules is missing or older than package-lock.json, and the Debian
// packages the browser tests and code-server need (chromium, ripgrep, libkrb5-dev) when run as
// root. Only Node built-ins here: nothing else exists before `npm ci`.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from './lib/paths.mjs';
import { ensureAptPackages } from './lib/codeServerInstall.mjs';

const say = (m) => console.log(`deps: ${m}`);
const installed = join(repoRoot, 'node_modules', '.package-lock.json');
const lock = join(repoRoot, 'package-lock.json');

function nodeModulesCurrent() {
  return existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs;
}

try {
  if (!nodeModulesCurrent()) {
    say('node_modules is missing or older than package-lock.json: npm ci');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: repoRoot, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`npm ci failed with exit code ${r.status ?? r.signal}`);
  }
  ensureAptPackages(say);
} catch (error) {
  console.error(`deps: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
