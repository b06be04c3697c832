// The standard @vscode/test-electron entry. GWL_VSCODE chooses the VS Code it runs:
//   unset or "shim": scripts/code-shim.mjs, the offline code-server + Chromium run (this machine);
//   "download": runTests downloads VS Code (needs internet);
//   any other value: the path of a VS Code executable.
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './lib/paths.mjs';
import { buildExtension, compileExthostTests } from './lib/buildForTests.mjs';
import { withLock } from './lib/lock.mjs';
import { EXTHOST_LOCK_DIR } from './lib/exthostLock.mjs';

const choice = process.env.GWL_VSCODE ?? 'shim';
const vscodeExecutablePath = choice === 'download' ? undefined : choice === 'shim' ? join(repoRoot, 'scripts', 'code-shim.mjs') : choice;
buildExtension();
compileExthostTests();
try {
  const code = await withLock(EXTHOST_LOCK_DIR, () =>
    runTests({
      ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'test', 'exthost', 'index.js'),
      launchArgs: [join(repoRoot, 'test', 'exthost', 'workspace')],
      extensionTestsEnv: { GWL_REPO_ROOT: repoRoot },
    }),
  );
  process.exit(code);
} catch (error) {
  console.error(`run-test-electron: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
