// `gateway-lab logs <scenario> [--category C] [--at <t>] [--json]`: runs a scenario in virtual time
// and prints the diagnostic log rows the lab wrote, in Azure's categories and AzureDiagnostics
// columns (JSON: an array of rows, as a Log Analytics query would return them).
import { parseArgs } from 'node:util';
import { EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';
import { loadScenario } from '../../engine/scenario/loadScenario';
import { parseDuration } from '../../engine/scenario/duration';
import { createLab, labHistory } from '../../engine/createLab';
import type { Lab } from '../../engine/lab';
import { historyUntil } from '../../engine/history/labHistory';
import { LAB_TEXT_NOTE } from '../../engine/history/historyRecorder';
import { DIAGNOSTIC_CATEGORIES, type DiagnosticCategory } from '../../model/gatewayHistory';
import { resolveScenarioPath } from './diagnose';

const USAGE = `Usage: gateway-lab logs <scenario> [--category C] [--at <duration>] [--seed N] [--json]

Runs a scenario (a file or a bundled scenario name) in virtual time and prints the diagnostic log
rows its gateways wrote (AzureDiagnostics columns: TimeGenerated, Category, OperationName,
Resource, instance_s, remoteIP_s, status_s, stateChangeReason_s, Message, ...).
  --category C        only one category: ${DIAGNOSTIC_CATEGORIES.join(', ')}
  --at <duration>     run only to this moment (e.g. 2m30s); default: the whole scenario
  --seed N            override the scenario's seed
  --json              a JSON array of rows
${LAB_TEXT_NOTE}
Exit codes: 0 printed, 2 invalid input.`;

export interface HistoryArgs {
  scenario: string;
  category?: DiagnosticCategory;
  at?: number;
  seed?: number;
  json: boolean;
}

export function parseHistoryArgs(args: string[], withCategory: boolean): HistoryArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { at: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' }, ...(withCategory ? { category: { type: 'string' as const } } : {}) },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing scenario' : `expected one scenario, got ${positionals.length}`);
  const out: HistoryArgs = { scenario: positionals[0]!, json: values.json === true };
  if (typeof values.at === 'string') {
    const d = parseDuration(values.at);
    if (!d.ok) throw new UsageError(`--at: ${d.message}`);
    out.at = d.seconds;
  }
  if (typeof values.seed === 'string') {
    if (!/^\d+$/.test(values.seed) || Number(values.seed) > 4294967295) throw new UsageError(`--seed: "${values.seed}" is not an integer 0..4294967295`);
    out.seed = Number(values.seed);
  }
  const category = (values as { category?: string }).category;
  if (category !== undefined) {
    const found = DIAGNOSTIC_CATEGORIES.find((c) => c.toLowerCase() === category.toLowerCase());
    if (!found) throw new UsageError(`--category: "${category}" is not a log category (expected one of ${DIAGNOSTIC_CATEGORIES.join(', ')})`);
    out.category = found;
  }
  return out;
}

/** Runs the scenario to `at` (or its end) with history recorded. */
export async function runForHistory(a: HistoryArgs): Promise<Lab> {
  const scenario = await loadScenario(resolveScenarioPath(a.scenario));
  if (a.at !== undefined && a.at > scenario.durationSeconds) throw new UsageError(`--at ${a.at}s is after the end of scenario "${scenario.name}" (${scenario.durationSeconds}s)`);
  const lab = createLab(scenario, a.seed === undefined ? {} : { seed: a.seed });
  lab.runUntil(a.at ?? scenario.durationSeconds);
  return lab;
}

function pad(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

export const logsCommand: CliCommand = {
  name: 'logs',
  summary: 'print the diagnostic log rows (GatewayDiagnosticLog, TunnelDiagnosticLog, RouteDiagnosticLog, IKEDiagnosticLog) a scenario writes',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parseHistoryArgs(args, true);
    const lab = await runForHistory(a);
    const view = historyUntil(labHistory(lab)!, a.at);
    const rows = view.rows.filter((r) => a.category === undefined || r.Category === a.category);
    if (a.json) {
      io.out(JSON.stringify(rows, null, 2));
      return EXIT_OK;
    }
    io.out(
      [
        `${lab.scenario.name}: ${rows.length} rows${a.category ? ` in ${a.category}` : ''}${a.at !== undefined ? ` up to ${a.at}s` : ''}. ${LAB_TEXT_NOTE}`,
        ...pad([
          ['TimeGenerated', 'Category', 'OperationName', 'Resource', 'instance_s', 'remoteIP_s', 'status_s', 'Message'],
          ...rows.map((r) => [r.TimeGenerated, r.Category, r.OperationName, r.Resource, r.instance_s ?? '-', r.remoteIP_s ?? '-', r.status_s ?? '-', r.Message]),
        ]),
      ].join('\n'),
    );
    return EXIT_OK;
  },
};
