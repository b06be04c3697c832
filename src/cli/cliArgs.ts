// Command-line arguments as diagnose and ike-check read them: flags, options that take a value
// (a value may not start with "--", so `--at --json` says what is missing) and positionals.
import { UsageError } from './command';

export interface CliArgSpec {
  /** Options without a value, e.g. "--json". */
  flags: readonly string[];
  /** Options followed by a value, e.g. "--snapshot". */
  options: readonly string[];
}

export interface CliArgs {
  flags: Set<string>;
  /** The value of each option given (the last one when repeated). */
  values: Map<string, string>;
  positionals: string[];
}

/** Throws UsageError for an option without its value or an option not in `spec`. */
export function readCliArgs(args: readonly string[], spec: CliArgSpec): CliArgs {
  const out: CliArgs = { flags: new Set(), values: new Map(), positionals: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (spec.flags.includes(a)) out.flags.add(a);
    else if (spec.options.includes(a)) {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      out.values.set(a, v);
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else out.positionals.push(a);
  }
  return out;
}
