// `gateway-lab run <scenario> [--json] [--seed N] [--until <duration>]`: runs a scenario in
// virtual time and prints a timeline and summary (or the JSON report). Exit 0 when every
// expectation holds, 1 when one fails, 2 for invalid input.
import { parseArgs } from 'node:util';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';
import { loadScenario } from '../../engine/scenario/loadScenario';
import { parseDuration, formatDuration } from '../../engine/scenario/duration';
import { buildReport, runScenario, type LabReport } from '../../engine/report';
import { randomBytes } from 'node:crypto';
import { watchExpectations } from '../../engine/expectations';
import { LabRuntime } from '../../engine/labRuntime';
import { AzureBlobLeaseStore } from '../../engine/lease/azureBlobLeaseStore';
import { startAzurite } from '../../engine/lease/azuriteProcess';
import type { Scenario } from '../../engine/scenario/types';
import { resolveScenarioPath } from './diagnose';
import { CLI_JUDGES } from '../findingsJudge';

const USAGE = `Usage: gateway-lab run <scenario> [--json] [--seed N] [--until <duration>] [--storage <conn|azurite>]

Runs a lab scenario (a *.gwlab.json file or a bundled scenario name) in virtual time and checks
its expectations.
  --json              print the full report as JSON (events, failovers, probes, invariants,
                      expectations, final snapshot)
  --seed N            override the scenario's seed (integer 0..4294967295)
  --until <duration>  stop early, e.g. 90s, 2m, 1h30m (expectations after it fail)
  --storage <value>   elect primaries through real blob leases, in real time (1x): an Azure
                      Storage connection string, or "azurite" to start a local Azurite
                      (a per-run container is created and deleted)
Exit codes: 0 all expectations met, 1 an expectation failed, 2 invalid input.`;

export function formatReport(r: LabReport): string {
  const lines: string[] = [];
  const t = (s: number): string => `${s.toFixed(3).padStart(9)}s`;
  lines.push(`Scenario ${r.scenario} (${r.file}), seed ${r.seed}, ran ${formatDuration(r.endedAt)} of ${formatDuration(r.durationSeconds)}`);
  lines.push('', 'Timeline');
  for (const e of r.events) {
    const where = [e.gateway, e.instance].filter(Boolean).join('/');
    lines.push(`  ${t(e.t)}  ${e.kind.padEnd(9)} ${where.padEnd(12)} ${e.message}`);
  }
  lines.push('', 'Failovers');
  if (r.failovers.length === 0) lines.push('  none');
  for (const f of r.failovers) {
    const restored = f.trafficRestoredAt === null ? 'traffic not restored' : `traffic restored ${f.trafficRestoredAt}s, gap ${f.gapSeconds}s`;
    lines.push(`  ${f.gateway}: ${f.fromInstance ?? '-'} -> ${f.toInstance}, fault ${f.faultAt}s, takeover ${f.takeoverAt}s, ${restored}`);
  }
  const p = r.probes.total;
  const drops = Object.entries(p.dropped).map(([k, v]) => `${k} ${v}`).join(', ');
  lines.push('', `Probes: ${p.sent} sent, ${p.delivered} delivered, ${p.sent - p.delivered} dropped${drops ? ` (${drops})` : ''}`);
  lines.push(`Invariants: split brain ${r.invariants.splitBrainSeconds}s, longest stretch without a serving instance ${r.invariants.maxUnservedSeconds}s`);
  lines.push('', 'Expectations');
  if (r.expectations.length === 0) lines.push('  none');
  for (const x of r.expectations) lines.push(`  ${x.pass ? 'PASS' : 'FAIL'}  ${x.description} — ${x.detail}`);
  const met = r.expectations.filter((x) => x.pass).length;
  lines.push('', `Result: ${met}/${r.expectations.length} expectations met${r.passed ? '' : ' — FAILED'}`);
  return lines.join('\n');
}

/** The same run on real blob leases: real time, so a 5-minute scenario takes 5 minutes. */
async function runOnStorage(scenario: Scenario, storage: string, opts: { seed?: number; untilSeconds?: number }, io: CliIo): Promise<LabReport> {
  const azurite = storage === 'azurite' ? await startAzurite() : undefined;
  const store = new AzureBlobLeaseStore({
    connectionString: azurite?.connectionString ?? storage,
    containerName: `gateway-lab-${randomBytes(6).toString('hex')}`,
    deleteContainerOnDispose: true,
  });
  let runtime: LabRuntime | undefined;
  try {
    const end = Math.min(opts.untilSeconds ?? scenario.durationSeconds, scenario.durationSeconds);
    io.err(`running ${scenario.name} in real time on blob storage${azurite ? ` (Azurite on port ${azurite.port})` : ''}: ${formatDuration(end)}`);
    let evaluate: ReturnType<typeof watchExpectations> | undefined;
    runtime = await LabRuntime.create(scenario, { store, seed: opts.seed, speed: 1, endTimeSeconds: end, beforeStart: (lab) => (evaluate = watchExpectations(lab, scenario.expectations, CLI_JUDGES)) });
    await runtime.whenFinished();
    return buildReport(runtime.lab, evaluate!, end);
  } catch (error) {
    // Storage that cannot be reached at all is an input problem (exit 2), said plainly.
    throw new Error(`blob storage: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  } finally {
    runtime?.dispose();
    await store.dispose().catch(() => undefined);
    await azurite?.stop();
  }
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run a scenario (*.gwlab.json) and check its expectations',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { json: { type: 'boolean' }, seed: { type: 'string' }, until: { type: 'string' }, storage: { type: 'string' } } });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing scenario file' : `expected one scenario file, got ${positionals.length}`);
    let seed: number | undefined;
    if (values.seed !== undefined) {
      if (!/^\d+$/.test(values.seed) || Number(values.seed) > 4294967295) throw new UsageError(`--seed must be an integer from 0 to 4294967295 (got "${values.seed}")`);
      seed = Number(values.seed);
    }
    let untilSeconds: number | undefined;
    if (values.until !== undefined) {
      const d = parseDuration(values.until);
      if (!d.ok) throw new UsageError(`--until: ${d.message}`);
      untilSeconds = d.seconds;
    }
    const scenario = await loadScenario(resolveScenarioPath(positionals[0]!));
    const report = values.storage === undefined ? runScenario(scenario, { seed, untilSeconds, judges: CLI_JUDGES }) : await runOnStorage(scenario, values.storage, { seed, untilSeconds }, io);
    io.out(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.passed ? EXIT_OK : EXIT_FAILED;
  },
};
