// Runs the plain-Node unit tests (test/unit/**/*.test.ts) with node's test runner, through tsx.
// Usage: node scripts/run-unit-tests.mjs [substring filter of file paths]
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv[2] ?? '';

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...findTests(full));
    else if (entry.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

const files = findTests(join(root, 'test', 'unit'))
  .map((f) => relative(root, f))
  .filter((f) => f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`no unit test files match "${filter}"`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter', 'spec', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
