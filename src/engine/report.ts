// Runs a scenario to its end (or --until) in virtual time and builds the report the CLI prints:
// events, failovers, probes, invariants, expectations and the final snapshot.
import { type Lab, type LabOptions } from './lab';
import { createLab } from './createLab';
import type { LabEvent } from './labContext';
import { msFromSeconds, secondsFromMs } from './scheduler';
import type { LabFailover, NetworkSnapshot } from '../model/snapshot';
import type { InvariantsReport } from './invariants';
import type { ProbeStats } from './probes';
import type { Scenario } from './scenario/types';
import { watchExpectations, type ExpectationJudges, type ExpectationResult } from './expectations';
import { isSyncLeaseStore } from './lease/leaseStore';

export interface LabReport {
  scenario: string;
  file: string;
  seed: number;
  durationSeconds: number;
  endedAt: number;
  events: LabEvent[];
  failovers: LabFailover[];
  probes: { total: { sent: number; delivered: number; dropped: Record<string, number> }; byProbe: ProbeStats[] };
  invariants: InvariantsReport;
  expectations: ExpectationResult[];
  passed: boolean;
  snapshot: NetworkSnapshot;
}

export interface RunOptions extends LabOptions {
  /** Stop earlier than the scenario's duration (virtual seconds). */
  untilSeconds?: number;
  /** Judges of expectations the engine cannot evaluate itself (findings: the CLI's diagnostics). */
  judges?: ExpectationJudges;
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): LabReport {
  if (options.store && !isSyncLeaseStore(options.store)) {
    throw new Error('runScenario runs in virtual time and needs a synchronous lease store; use LabRuntime for real storage');
  }
  const lab = createLab(scenario, options);
  const evaluate = watchExpectations(lab, scenario.expectations, options.judges);
  const end = Math.min(options.untilSeconds ?? scenario.durationSeconds, scenario.durationSeconds);
  lab.runUntil(end);
  return buildReport(lab, evaluate, end);
}

export function buildReport(lab: Lab, evaluate: ReturnType<typeof watchExpectations>, end: number): LabReport {
  const failovers = [...lab.gateways.values()].flatMap((g) => g.failovers.map((f) => ({ ...f })));
  const invariants = lab.invariants.report();
  const byProbe = lab.probes.stats.map((p) => ({ ...p, dropped: { ...p.dropped } }));
  const total = { sent: 0, delivered: 0, dropped: {} as Record<string, number> };
  for (const p of byProbe) {
    total.sent += p.sent;
    total.delivered += p.delivered;
    for (const [k, v] of Object.entries(p.dropped)) total.dropped[k] = (total.dropped[k] ?? 0) + v;
  }
  const expectations = evaluate(failovers, invariants, byProbe);
  return {
    scenario: lab.scenario.name,
    file: lab.scenario.file,
    seed: lab.seed,
    durationSeconds: lab.scenario.durationSeconds,
    endedAt: secondsFromMs(msFromSeconds(end)),
    events: lab.events,
    failovers,
    probes: { total, byProbe },
    invariants,
    expectations,
    passed: expectations.every((e) => e.pass),
    snapshot: lab.snapshot(),
  };
}
