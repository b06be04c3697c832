#!/usr/bin/env node
// Entry of the `gateway-lab` command (bundled to dist/cli.js; `npm run lab -- ...` runs it from source).
import { dispatch } from './dispatcher';
import { commands } from './commands/index';
import type { CliIo } from './command';

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export async function main(argv: string[] = process.argv.slice(2), io: CliIo = processIo): Promise<number> {
  return dispatch(argv, commands, io);
}

function isEntryModule(): boolean {
  // require.main works from source (tsx, CommonJS); inside a webpack bundle `module` is webpack's,
  // so the script name decides there.
  if (typeof require !== 'undefined' && require.main === module) return true;
  return /(^|[\\/])(cli\.js|main\.ts|gateway-lab)$/.test(process.argv[1] ?? '');
}

if (isEntryModule()) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`gateway-lab: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
