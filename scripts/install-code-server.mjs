// Installs code-server (VS Code in the browser) into .vscode-test/code-server/, offline-capable:
// the extension-host tests and `npm start` run real VS Code through it (see DESIGN.md,
// "Running real VS Code offline"). Idempotent: a second run only checks what is there.
// Usage: node scripts/install-code-server.mjs
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ensureCodeServer } from './lib/codeServerInstall.mjs';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const bin = await ensureCodeServer({ log: (m) => console.log(`install-code-server: ${m}`) });
    console.log(`install-code-server: ready: ${bin}${existsSync(bin) ? '' : ' (missing!)'}`);
  } catch (err) {
    console.error(`install-code-server: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
