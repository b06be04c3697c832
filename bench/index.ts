// `npm run bench`: one module per area, each printing its own figures and ratios to its goals.
import { run as azure } from './azure';
import { run as diagnostics } from './diagnostics';
import { run as extension } from './extension';
import { run as failover } from './failover';
import { run as history } from './history';
import { run as realRouters } from './realRouters';
import { run as ike } from './ike';
import { run as routing } from './routing';
import { run as routePath } from './routePath';
import { run as webview } from './webview';

const areas: [string, () => Promise<void>][] = [
  ['azure', azure],
  ['diagnostics', diagnostics],
  ['routing', routing],
  ['route-path', routePath],
  ['failover', failover],
  ['history', history],
  ['realRouters', realRouters],
  ['ike', ike],
  ['extension', extension],
  ['webview', webview],
];

async function main(): Promise<void> {
  const only = process.argv[2];
  for (const [name, run] of areas) {
    if (only && !name.includes(only)) continue;
    await run();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
