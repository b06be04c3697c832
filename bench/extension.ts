// Extension figures: bundle sizes of a production build (the main bundle must stay < 1 MB; the
// Azure SDK lives in lazily loaded chunks) and activation time in a real extension host (< 50 ms).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const BUNDLE_GOAL_BYTES = 1024 * 1024;
const ACTIVATION_GOAL_MS = 50;

function sizeOf(dir: string, match: (f: string) => boolean): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir)
    .filter(match)
    .reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export async function run(): Promise<void> {
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--mode', 'production', '--no-stats'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`production build failed:\n${build.stdout}\n${build.stderr}`);
  const main = statSync(join(root, 'dist', 'extension.js')).size;
  const chunks = sizeOf(join(root, 'dist', 'chunks'), (f) => f.endsWith('.js'));
  const webviews = sizeOf(join(root, 'dist', 'webview'), (f) => f.endsWith('.js'));
  console.log('extension: bundle (production)');
  console.log(`  dist/extension.js       ${kb(main)}  goal < ${kb(BUNDLE_GOAL_BYTES)}  ratio ${(main / BUNDLE_GOAL_BYTES).toFixed(3)}`);
  console.log(`  lazy chunks (Azure SDK, lab engine)  ${kb(chunks)}`);
  console.log(`  webview bundles         ${kb(webviews)}`);

  const measured = spawnSync(process.execPath, [join(root, 'scripts', 'bench-activation.mjs')], { cwd: root, encoding: 'utf8' });
  const line = measured.stdout.trim().split('\n').pop() ?? '';
  if (measured.status !== 0 || !line.startsWith('{')) throw new Error(`activation measurement failed:\n${measured.stdout}\n${measured.stderr}`);
  const { activationMs, hostActivateMs } = JSON.parse(line) as { activationMs: number; hostActivateMs: number };
  console.log('extension: activation in a real extension host (production bundle)');
  console.log(`  bundle evaluation + activate()  ${activationMs.toFixed(1)} ms  goal < ${ACTIVATION_GOAL_MS} ms  ratio ${(activationMs / ACTIVATION_GOAL_MS).toFixed(3)}`);
  console.log(`  Extension.activate() as a caller sees it (incl. the host's own scheduling)  ${hostActivateMs.toFixed(1)} ms`);
}
