// Routes `gateway-lab <subcommand> ...` to its command; prints help and turns errors into
// messages and exit codes (never a stack trace).
import { EXIT_INVALID, UsageError, type CliCommand, type CliIo } from './command';
import { ScenarioError } from '../engine/scenario/validationError';

export function helpText(commands: CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: gateway-lab <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `gateway-lab help <command>` for its options.',
  ].join('\n');
}

export async function dispatch(argv: string[], commands: CliCommand[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const target = commands.find((c) => c.name === rest[0]);
    io.out(target ? target.usage : helpText(commands));
    return name === undefined ? EXIT_INVALID : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`gateway-lab: unknown command "${name}"\n\n${helpText(commands)}`);
    return EXIT_INVALID;
  }
  // Every subcommand answers --help / -h with its usage, before its own argument checks.
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof ScenarioError) {
      for (const issue of error.issues) io.err(`${issue.file}: ${issue.path}: ${issue.message}`);
      return EXIT_INVALID;
    }
    if (error instanceof UsageError) {
      io.err(`gateway-lab ${command.name}: ${error.message}\n\n${command.usage}`);
      return EXIT_INVALID;
    }
    io.err(`gateway-lab ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_INVALID;
  }
}
