// The shape of a gateway-lab subcommand; one file per subcommand under commands/, listed in commands/index.ts.

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes shared by every subcommand. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID = 2;

export interface CliCommand {
  name: string;
  /** One line for `gateway-lab help`. */
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Thrown for bad command-line input: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
