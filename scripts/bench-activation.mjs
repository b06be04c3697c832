// Measures the extension's activation in a real extension host (code-server + Chromium) with the
// production bundle; prints one JSON line { activationMs } for bench/extension.ts.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { repoRoot } from './lib/paths.mjs';
import { ensureCodeServer } from './lib/codeServerInstall.mjs';
import { compileExthostTests } from './lib/buildForTests.mjs';
import { runExtensionHostTests } from './lib/exthostRun.mjs';
import { withLock } from './lib/lock.mjs';
import { EXTHOST_LOCK_DIR } from './lib/exthostLock.mjs';

await ensureCodeServer();
compileExthostTests();
const folder = join(repoRoot, '.vscode-test', 'bench-workspace');
mkdirSync(folder, { recursive: true });
const result = await withLock(EXTHOST_LOCK_DIR, () =>
  runExtensionHostTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'exthost', 'bench', 'index.js'),
    folder,
    print: () => {},
  }),
);
if (typeof result.activationMs !== 'number') {
  console.error('bench-activation: no activation figure came back from the extension host');
  process.exit(1);
}
console.log(JSON.stringify({ activationMs: result.activationMs, hostActivateMs: result.hostActivateMs }));
