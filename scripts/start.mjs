// `npm start`: VS Code in the browser (code-server, installed on first use into .vscode-test/)
// with the extension loaded and the lab running a bundled scenario; prints the URL. Ctrl+C stops it.
// Usage: node scripts/start.mjs [--scenario <bundled name>] [--port <n>]
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/paths.mjs';
import { ensureCodeServer } from './lib/codeServerInstall.mjs';
import { buildExtension } from './lib/buildForTests.mjs';
import { startCodeServer, workbenchUrl } from './lib/codeServer.mjs';

const argv = process.argv.slice(2);
const arg = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const say = (m) => console.log(`start: ${m}`);

const scenarios = readdirSync(join(repoRoot, 'scenarios')).filter((f) => f.endsWith('.gwlab.json')).sort();
const wanted = arg('--scenario') ?? 'ap-unplanned-crash';
const scenario = scenarios.find((f) => f === wanted || f === `${wanted}.gwlab.json`) ?? scenarios[0];
if (!scenario) {
  console.error('start: no bundled scenario in scenarios/');
  process.exit(1);
}

await ensureCodeServer({ log: say });
say(`building the extension (${buildExtension()} ms)`);

// A workspace holding the bundled scenarios (copies, so edits there never touch the repo) and
// settings that start the lab as soon as the extension activates.
const workspace = join(repoRoot, '.vscode-test', 'start-workspace');
mkdirSync(join(workspace, '.vscode'), { recursive: true });
for (const f of scenarios) copyFileSync(join(repoRoot, 'scenarios', f), join(workspace, f));
writeFileSync(
  join(workspace, '.vscode', 'settings.json'),
  `${JSON.stringify(
    {
      'gatewayLens.lab.autoStart': true,
      'gatewayLens.lab.defaultScenario': scenario.replace(/\.gwlab\.json$/, ''),
      'gatewayLens.lab.speed': 10,
      // The workspace lives inside this repository: no "open the parent repository?" prompt.
      'git.openRepositoryInParentFolders': 'never',
    },
    null,
    2,
  )}\n`,
);

const server = await startCodeServer({ logFile: join(repoRoot, '.vscode-test', 'start-code-server.log') });
const url = workbenchUrl(server.base, { folder: workspace, extensionDevelopmentPath: repoRoot });
let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  say('stopping code-server');
  await server.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
say(`lab scenario "${scenario}" starts when the workbench opens (speed 10x)`);
say('open this URL in a browser (Ctrl+C stops the server):');
console.log(url);
// Stay alive until a signal; the detached code-server would otherwise outlive us.
setInterval(() => {}, 1 << 30);
