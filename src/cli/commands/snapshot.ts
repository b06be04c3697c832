// `gateway-lab snapshot <scenario> [--at <t>]`: runs a scenario in virtual time and prints the
// lab's snapshot exactly as Save Snapshot writes it (the same engine snapshot, the same
// serializer), so `gateway-lab diagnose --snapshot` of that file finds what `diagnose
// <scenario> --at <t>` finds.
import { parseArgs } from 'node:util';
import { EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';
import { serializeSnapshot } from '../../diagnostics/snapshotFormat';
import { loadScenario } from '../../engine/scenario/loadScenario';
import { parseAtOption, resolveScenarioPath, scenarioSnapshotAt } from './diagnose';

const USAGE = `Usage: gateway-lab snapshot <scenario> [--at <time>]

Runs a scenario (a bundled scenario name or a *.gwlab.json path) in virtual time and prints its
NetworkSnapshot JSON, the file Save Snapshot writes for the lab (schemas/snapshot.schema.json).
  --at <time>   virtual time ("2m10s", "130"); default: the scenario's end
Exit codes: 0 printed, 2 invalid input.`;

export async function snapshotCommandRun(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { at: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('missing <scenario>');
  if (positionals.length > 1) throw new UsageError(`expected one scenario, got ${positionals.length} (one scenario at a time)`);
  const at = values.at === undefined ? undefined : parseAtOption(values.at);
  const scenario = await loadScenario(resolveScenarioPath(positionals[0]!));
  if (at !== undefined && at > scenario.durationSeconds) {
    throw new UsageError(`--at ${at} s is after the end of scenario "${scenario.name}" (${scenario.durationSeconds} s)`);
  }
  io.out(serializeSnapshot(scenarioSnapshotAt(scenario, at)));
  return EXIT_OK;
}

export const snapshotCommand: CliCommand = {
  name: 'snapshot',
  summary: 'print the lab snapshot of a scenario at a moment (the JSON Save Snapshot writes)',
  usage: USAGE,
  run: snapshotCommandRun,
};
