// `gateway-lab diagnose`: runs the diagnostics rules on a lab scenario at a moment, or on a
// snapshot file saved from Azure (Save snapshot), so a support engineer can diagnose a
// customer's exported data offline.
//
// Exit codes: 0 no error-severity finding, 1 at least one error finding (scripts can gate on
// it), 2 invalid input (usage, unreadable or invalid scenario/snapshot file, bad --at).
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { countBySeverity, diagnose } from '../../diagnostics/diagnose';
import type { Finding } from '../../diagnostics/finding';
import { reportMarkdown } from '../../diagnostics/report';
import { readSnapshotFile } from '../../diagnostics/snapshotFile';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';
import { readCliArgs } from '../cliArgs';
import { createLab } from '../../engine/createLab';
import type { NetworkSnapshot } from '../../model/snapshot';
import { parseDuration } from '../../engine/scenario/duration';
import { loadScenario } from '../../engine/scenario/loadScenario';
import type { Scenario } from '../../engine/scenario/types';

export const DIAGNOSE_USAGE = `Usage: gateway-lab diagnose <scenario> [--at <time>] [--json]
       gateway-lab diagnose --snapshot <file.json> [--json]

  <scenario>         a bundled scenario name (e.g. ap-unplanned-crash) or a *.gwlab.json path
  --at <time>        virtual time to diagnose at ("2m10s", "130"); default: the scenario's end
  --snapshot <file>  a NetworkSnapshot JSON file (Save snapshot in the extension)
  --json             print {subject, source, takenAt, counts, findings} as JSON

Exit codes: 0 no error finding, 1 at least one error finding, 2 invalid input.`;


export interface DiagnoseArgs {
  scenario?: string;
  snapshotFile?: string;
  atSeconds?: number;
  json: boolean;
}

/** An --at value: seconds ("130", "90.5") or a duration ("2m10s"). */
export function parseAtOption(text: string): number {
  const d = parseDuration(/^\d+(\.\d+)?$/.test(text) ? Number(text) : text);
  if (!d.ok) throw new UsageError(`--at ${text}: ${d.message}`);
  return d.seconds;
}

export function parseDiagnoseArgs(args: readonly string[]): DiagnoseArgs {
  const { flags, values, positionals } = readCliArgs(args, { flags: ['--json'], options: ['--snapshot', '--at'] });
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}" (one scenario at a time)`);
  const at = values.get('--at');
  const out: DiagnoseArgs = { json: flags.has('--json') };
  if (positionals[0] !== undefined) out.scenario = positionals[0];
  if (values.has('--snapshot')) out.snapshotFile = values.get('--snapshot');
  if (at !== undefined) out.atSeconds = parseAtOption(at);
  if (out.scenario !== undefined && out.snapshotFile !== undefined) throw new UsageError('give a scenario or --snapshot, not both');
  if (out.scenario === undefined && out.snapshotFile === undefined) throw new UsageError('missing <scenario> or --snapshot <file>');
  if (out.snapshotFile !== undefined && out.atSeconds !== undefined) throw new UsageError('--at applies to scenarios; a snapshot file is one moment already');
  return out;
}

/** A bundled scenario name or a path; bundled ones live in scenarios/ next to the package. */
export function resolveScenarioPath(nameOrPath: string, cwd = process.cwd()): string {
  const direct = resolve(cwd, nameOrPath);
  if (existsSync(direct) || nameOrPath.endsWith('.json') || nameOrPath.includes('/')) return direct;
  // dist/cli.js -> ../scenarios; src/cli/commands/diagnose.ts (tsx) -> ../../../scenarios
  const dirs = [join(__dirname, '..', 'scenarios'), join(__dirname, '..', '..', '..', 'scenarios'), join(cwd, 'scenarios')].filter((d) => existsSync(d));
  for (const dir of dirs) {
    const f = join(dir, `${nameOrPath}.gwlab.json`);
    if (existsSync(f)) return f;
  }
  const bundled = dirs[0] ? readdirSync(dirs[0]).filter((f) => f.endsWith('.gwlab.json')).map((f) => f.replace(/\.gwlab\.json$/, '')) : [];
  throw new UsageError(`no scenario "${nameOrPath}": not a file, and not a bundled scenario (${bundled.join(', ') || 'none found'})`);
}

/** Runs a scenario in virtual time to `seconds` (default: its end) and returns the lab's snapshot. */
export function scenarioSnapshotAt(scenario: Scenario, seconds?: number): NetworkSnapshot {
  const lab = createLab(scenario, { recordEvents: false });
  lab.runUntil(Math.min(seconds ?? scenario.durationSeconds, scenario.durationSeconds));
  return lab.snapshot();
}

export interface DiagnoseResult {
  subject: string;
  snapshot: NetworkSnapshot;
  findings: Finding[];
}

export async function diagnoseTarget(args: DiagnoseArgs): Promise<DiagnoseResult> {
  if (args.snapshotFile !== undefined) {
    const snapshot = await readSnapshotFile(resolve(args.snapshotFile));
    return { subject: `snapshot ${args.snapshotFile}`, snapshot, findings: diagnose(snapshot) };
  }
  const scenario = await loadScenario(resolveScenarioPath(args.scenario!));
  if (args.atSeconds !== undefined && args.atSeconds > scenario.durationSeconds) {
    throw new UsageError(`--at ${args.atSeconds} s is after the end of scenario "${scenario.name}" (${scenario.durationSeconds} s)`);
  }
  const snapshot = scenarioSnapshotAt(scenario, args.atSeconds);
  const t = snapshot.lab?.timeSeconds ?? args.atSeconds ?? scenario.durationSeconds;
  return { subject: `lab scenario ${scenario.name} at t=${t} s`, snapshot, findings: diagnose(snapshot) };
}

export const diagnoseCommand: CliCommand = {
  name: 'diagnose',
  summary: 'diagnose a scenario at a moment, or a saved snapshot file, and print the findings',
  usage: DIAGNOSE_USAGE,
  // Usage, scenario and snapshot-file errors are thrown and become exit code 2 in the dispatcher.
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseDiagnoseArgs(args);
    const { subject, snapshot, findings } = await diagnoseTarget(parsed);
    const counts = countBySeverity(findings);
    io.out(
      parsed.json
        ? JSON.stringify({ subject, source: snapshot.source, takenAt: snapshot.takenAt, counts, findings }, null, 2)
        : reportMarkdown(findings, { subject, snapshot }),
    );
    return counts.error > 0 ? EXIT_FAILED : EXIT_OK;
  },
};
