// Runs inside the real VS Code extension host (extensionTestsPath): mocha over suite/*.test.js.
// Mocha's stats go to the file named by GWL_EXTHOST_RESULTS, because the host's exit code alone
// cannot be trusted (a crashed host still reports 0).
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

interface ResultFile {
  passes: number;
  failures: number;
  pending: number;
  failuresText: string[];
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.GWL_EXTHOST_GREP;
  if (grep) mocha.grep(grep);
  const dir = join(__dirname, 'suite');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(dir, file));
  const result: ResultFile = { passes: 0, failures: 0, pending: 0, failuresText: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => result.passes++);
    runner.on('pending', () => result.pending++);
    runner.on('fail', (test, error: unknown) => {
      result.failures++;
      result.failuresText.push(`${test.fullTitle()}: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  const file = process.env.GWL_EXTHOST_RESULTS;
  if (file) writeFileSync(file, JSON.stringify(result, null, 2));
  if (result.failures > 0) throw new Error(`${result.failures} extension-host test(s) failed`);
}
