// `gateway-lab path <scenario> --at <t> --from <ip> --to <ip> [--json]` (or `--snapshot <file>`
// for a saved lab or Azure snapshot): every hop from a source address to a destination and back,
// with status, the deciding rule, evidence and, for the first broken hop, the fix.
import { parseArgs } from 'node:util';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIo } from '../command';
import { loadScenario } from '../../engine/scenario/loadScenario';
import { parseDuration } from '../../engine/scenario/duration';
import { createLab } from '../../engine/createLab';
import { parseAddress } from '../../model/prefix';
import type { NetworkSnapshot } from '../../model/snapshot';
import { traceRoutePath } from '../../routePath/traceRoutePath';
import type { RoutePathHop, RoutePathResult } from '../../routePath/routePathTypes';
import { readSnapshotFile } from '../../diagnostics/snapshotFile';
import { resolveScenarioPath } from './diagnose';
import { firstHopLine } from '../../routePath/firstHopCheck';

const USAGE = `Usage: gateway-lab path <scenario> --at <duration> --from <ip> --to <ip> [--json]
       gateway-lab path --snapshot <file> --from <ip> --to <ip> [--json]

Traces the route path from a source address (a VM's NIC, or any address in a subnet) to a
destination: the NIC's effective route and the rule that chose it (longest prefix; user > BGP >
system; ER over S2S for equal prefixes; VNet routes never overridden), the gateway, its learned
route, the connection (tunnel, serving instance) or the circuit's primary/secondary paths, and
the site or circuit that owns the prefix; then the return path. The first broken hop is named
with its fix. A scenario runs in virtual time to --at; --snapshot reads a saved lab or Azure
snapshot (Save Snapshot, gateway-lab snapshot). On a scenario the first hop is also asked of
Network Watcher (getNextHop) through the ARM client on the lab's endpoint, and a disagreement is
said; a snapshot file holds no next-hop answer, so there it is "not checked".
  --json    { delivered, hops[], returnHops[], firstBroken, verdict, firstHopCheck?, ... }
Exit codes: 0 delivered, 1 not delivered (or cannot tell), 2 invalid input.`;

interface PathArgs {
  scenario?: string;
  snapshot?: string;
  at?: number;
  from: string;
  to: string;
  json: boolean;
}

export function parsePathArgs(args: string[]): PathArgs {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { at: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, snapshot: { type: 'string' }, json: { type: 'boolean' } } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  for (const key of ['from', 'to'] as const) {
    const v = values[key];
    if (v === undefined) throw new UsageError(`missing --${key} <ip>`);
    try {
      parseAddress(v);
    } catch {
      throw new UsageError(`--${key}: "${v}" is not an IPv4 or IPv6 address`);
    }
  }
  const out: PathArgs = { from: values.from!, to: values.to!, json: values.json === true };
  if (values.snapshot !== undefined) {
    if (positionals.length > 0) throw new UsageError('give either a scenario or --snapshot <file>, not both');
    if (values.at !== undefined) throw new UsageError('--at applies to a scenario; a snapshot is one moment already');
    out.snapshot = values.snapshot;
    return out;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing scenario (or --snapshot <file>)' : `expected one scenario, got ${positionals.length}`);
  if (values.at === undefined) throw new UsageError('missing --at <duration> (e.g. --at 3m)');
  const d = parseDuration(values.at);
  if (!d.ok) throw new UsageError(`--at: ${d.message}`);
  out.scenario = positionals[0]!;
  out.at = d.seconds;
  return out;
}

const MARK: Record<RoutePathHop['status'], string> = { ok: 'ok', broken: 'BROKEN', unknown: '?' };

function hopLines(hops: RoutePathHop[], firstBroken: number | null, prefix: string): string[] {
  const lines: string[] = [];
  hops.forEach((h, i) => {
    const root = i === firstBroken ? '  <== first broken hop' : h.consequenceOf !== undefined ? `  (because of #${h.consequenceOf})` : '';
    lines.push(`${prefix}${String(i).padStart(2)}  ${MARK[h.status].padEnd(6)} ${h.kind.padEnd(15)} ${h.summary}${root}`);
    if (h.rule) lines.push(`${' '.repeat(prefix.length + 11)}rule: ${h.rule}`);
    for (const e of h.evidence) {
      for (const row of e.rows.slice(0, 5)) lines.push(`${' '.repeat(prefix.length + 11)}${e.table}${e.qualifier ? ` (${e.qualifier})` : ''}: ${row.join('  ')}`);
      if (e.rows.length > 5) lines.push(`${' '.repeat(prefix.length + 11)}… ${e.rows.length - 5} more rows`);
    }
    for (const w of h.warnings ?? []) lines.push(`${' '.repeat(prefix.length + 11)}warning: ${w}`);
    if (h.fix && h.status === 'broken' && h.consequenceOf === undefined) lines.push(`${' '.repeat(prefix.length + 11)}fix: ${h.fix}`);
  });
  return lines;
}

export function formatRoutePath(r: RoutePathResult, header: string, notChecked?: string): string {
  return [
    `${header}: ${r.from} -> ${r.to}`,
    ...hopLines(r.hops, r.firstBroken, ''),
    `return path${r.returnDelivered === null ? ' (not fully known)' : r.returnDelivered ? '' : ' (BROKEN)'}:`,
    ...hopLines(r.returnHops, null, '  '),
    r.verdict,
    firstHopLine(r, notChecked),
    ...r.notes.map((n) => `note: ${n}`),
  ].join('\n');
}

export const pathCommand: CliCommand = {
  name: 'path',
  summary: 'trace the route path from an address to another at a moment: every hop, the rule, the evidence, the first broken hop and its fix',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parsePathArgs(args);
    let snapshot: NetworkSnapshot;
    let header: string;
    let result: RoutePathResult;
    let notChecked: string | undefined;
    if (a.snapshot !== undefined) {
      snapshot = await readSnapshotFile(a.snapshot);
      header = `${a.snapshot} (${snapshot.source}, ${snapshot.takenAt})`;
      result = traceRoutePath(snapshot, a.from, a.to);
      notChecked = 'a snapshot file holds no Network Watcher answer';
    } else {
      const scenario = await loadScenario(resolveScenarioPath(a.scenario!));
      if (a.at! > scenario.durationSeconds) throw new UsageError(`--at ${a.at}s is after the end of the scenario (${scenario.durationSeconds}s)`);
      const lab = createLab(scenario, { recordEvents: false });
      lab.runUntil(a.at!);
      snapshot = lab.snapshot();
      await lab.dispose();
      header = `${scenario.name} at ${a.at}s`;
      ({ result, notChecked } = await withLabWatcher(snapshot, traceRoutePath(snapshot, a.from, a.to)));
    }
    io.out(a.json ? JSON.stringify(result, null, 2) : formatRoutePath(result, header, notChecked));
    return result.delivered ? EXIT_OK : EXIT_FAILED;
  },
};

/** The lab's ARM endpoint on the snapshot, asked for Network Watcher's next hop through the extension's client. */
async function withLabWatcher(snapshot: NetworkSnapshot, result: RoutePathResult): Promise<{ result: RoutePathResult; notChecked?: string }> {
  const [{ startLabArmDataSource }, { checkFirstHop }] = await Promise.all([import('../../azure/labArmDataSource'), import('../../azure/firstHopReader')]);
  const arm = await startLabArmDataSource(() => snapshot, { client: { pollIntervalMs: 5 } });
  try {
    return await checkFirstHop(arm.dataSource, snapshot, result);
  } finally {
    await arm.close();
  }
}
