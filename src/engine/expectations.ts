// Scenario expectations: checks at a moment are recorded while the lab runs (scheduled at their
// time), whole-run checks are evaluated from the report at the end. Each gets pass/fail and why.
import type { Lab } from './lab';
import type { Expectation } from './scenario/types';
import type { LabFailover, NetworkSnapshot } from '../model/snapshot';
import type { InvariantsReport } from './invariants';
import type { ProbeStats } from './probes';
import { checkRoutingExpectation, describeRoutingExpectation } from './bgp/routingExpectations';
import { isRoutingExpectation } from './bgp/routingScenario';
import { msFromSeconds } from './scheduler';

export interface ExpectationResult {
  index: number;
  type: Expectation['type'];
  description: string;
  pass: boolean;
  /** What was observed, and why it failed when it did. */
  detail: string;
}

/**
 * Judges a findings expectation on the lab's snapshot at its moment. The diagnostics rules may
 * not be imported by the engine (lint), so the caller that may import both hands them in: the
 * engine decides when to look, the rules what is found.
 */
export type FindingsJudge = (snapshot: NetworkSnapshot, expected: readonly string[]) => { pass: boolean; detail: string };

export interface ExpectationJudges {
  findings?: FindingsJudge;
}

function describe(e: Expectation): string {
  if (e.description) return e.description;
  if (isRoutingExpectation(e)) return describeRoutingExpectation(e);
  switch (e.type) {
    case 'role':
      return `${e.gateway}/${e.instance} is ${e.role} at ${e.at}s`;
    case 'leaseHolder':
      return `${e.instance ?? 'nobody'} holds the lease of ${e.gateway} at ${e.at}s`;
    case 'serving':
      return `${e.gateway}/${e.instance} ${e.serving ? 'serves' : 'does not serve'} at ${e.at}s`;
    case 'connectionStatus':
      return `${e.connection} is ${e.status} at ${e.at}s`;
    case 'failoverGap':
      return `gap of failover #${e.index}${e.gateway ? ` of ${e.gateway}` : ''} within [${e.min}s, ${e.max}s]`;
    case 'failoverCount':
      return `failover count${e.gateway ? ` of ${e.gateway}` : ''} within [${e.min ?? 0}, ${e.max ?? '∞'}]`;
    case 'noSplitBrain':
      return `never two serving instances${e.gateway ? ` of ${e.gateway}` : ''}`;
    case 'maxUnserved':
      return `longest stretch without a serving instance${e.gateway ? ` of ${e.gateway}` : ''} <= ${e.max}s`;
    case 'findings':
      return `findings at ${e.at}s are exactly ${e.exactly.length > 0 ? e.exactly.join(', ') : 'none'}`;
    case 'probeDelivery':
      return `probe ${e.probe} delivery${e.minDelivered !== undefined ? ` >= ${e.minDelivered * 100}%` : ''}${e.maxDropped !== undefined ? `, <= ${e.maxDropped} dropped` : ''}`;
  }
}

/** Schedules the point-in-time checks; returns a function that evaluates everything at the end. */
export function watchExpectations(lab: Lab, expectations: Expectation[], judges: ExpectationJudges = {}): (failovers: LabFailover[], invariants: InvariantsReport, probes: ProbeStats[]) => ExpectationResult[] {
  const observed = new Map<number, { pass: boolean; detail: string }>();
  expectations.forEach((e, index) => {
    if (!('at' in e)) return;
    // Scheduled now (before the run), so it sees the state after earlier events at the same time.
    lab.scheduler.at(msFromSeconds(e.at), `expectation ${index}`, () => {
      if (isRoutingExpectation(e)) {
        observed.set(index, checkRoutingExpectation(lab, e));
        return;
      }
      if (e.type === 'findings') {
        observed.set(
          index,
          judges.findings
            ? judges.findings(lab.snapshot(), e.exactly)
            : { pass: false, detail: 'not judged: findings come from the diagnostics rules, which this run was not given (gateway-lab run judges them)' },
        );
        return;
      }
      if (e.type === 'connectionStatus') {
        const c = lab.snapshot().connections.find((k) => k.name === e.connection);
        const actual = c?.connectionStatus ?? 'missing';
        observed.set(index, { pass: actual === e.status, detail: `${e.connection} was ${actual}` });
        return;
      }
      const g = lab.gateways.get(e.gateway);
      if (!g) {
        observed.set(index, { pass: false, detail: `gateway ${e.gateway} has no lease election (not a VPN gateway)` });
        return;
      }
      if (e.type === 'leaseHolder') {
        const actual = g.leaseHolder();
        observed.set(index, { pass: actual === e.instance, detail: `lease holder was ${actual ?? 'nobody'}` });
        return;
      }
      const inst = g.instances[e.instance];
      if (e.type === 'role') observed.set(index, { pass: inst.role === e.role, detail: `${e.instance} was ${inst.role} (${inst.health})` });
      else observed.set(index, { pass: inst.serving === e.serving, detail: `${e.instance} was ${inst.serving ? '' : 'not '}serving (${inst.role}, ${inst.health})` });
    });
  });

  return (failovers, invariants, probes) =>
    expectations.map((e, index) => {
      const base = { index, type: e.type, description: describe(e) };
      const gatewayInv = (name?: string): { splitBrain: number; maxUnserved: number; maxServing: number } => {
        const gs = invariants.gateways.filter((g) => name === undefined || g.gateway === name);
        return {
          splitBrain: gs.reduce((a, g) => a + g.splitBrainSeconds, 0),
          maxUnserved: gs.reduce((a, g) => Math.max(a, g.maxUnservedSeconds), 0),
          maxServing: gs.reduce((a, g) => Math.max(a, g.maxServing), 0),
        };
      };
      switch (e.type) {
        case 'role':
        case 'leaseHolder':
        case 'serving':
        case 'connectionStatus':
        case 'prefix':
        case 'bgpSession':
        case 'probeResult':
        case 'findings': {
          const o = observed.get(index) ?? { pass: false, detail: `the run ended before ${e.at}s` };
          return { ...base, ...o };
        }
        case 'failoverGap': {
          const list = failovers.filter((f) => e.gateway === undefined || f.gateway === e.gateway);
          const f = list[e.index];
          if (!f) return { ...base, pass: false, detail: `only ${list.length} failover(s) happened` };
          if (f.gapSeconds === null) return { ...base, pass: false, detail: `traffic was not restored after the failover at ${f.takeoverAt}s` };
          return { ...base, pass: f.gapSeconds >= e.min && f.gapSeconds <= e.max, detail: `gap was ${f.gapSeconds}s (${f.fromInstance} -> ${f.toInstance})` };
        }
        case 'failoverCount': {
          const n = failovers.filter((f) => e.gateway === undefined || f.gateway === e.gateway).length;
          return { ...base, pass: n >= (e.min ?? 0) && n <= (e.max ?? Infinity), detail: `${n} failover(s)` };
        }
        case 'noSplitBrain': {
          const inv = gatewayInv(e.gateway);
          return { ...base, pass: inv.splitBrain === 0, detail: `split brain for ${inv.splitBrain}s; at most ${inv.maxServing} serving instance(s)` };
        }
        case 'maxUnserved': {
          const inv = gatewayInv(e.gateway);
          return { ...base, pass: inv.maxUnserved <= e.max, detail: `longest stretch without a serving instance: ${inv.maxUnserved}s` };
        }
        case 'probeDelivery': {
          const p = probes.find((x) => x.name === e.probe);
          if (!p) return { ...base, pass: false, detail: `probe ${e.probe} did not run` };
          const ratio = p.sent === 0 ? 0 : p.delivered / p.sent;
          const dropped = p.sent - p.delivered;
          const pass = (e.minDelivered === undefined || ratio >= e.minDelivered) && (e.maxDropped === undefined || dropped <= e.maxDropped);
          return { ...base, pass, detail: `${p.delivered}/${p.sent} delivered (${(ratio * 100).toFixed(1)}%), ${dropped} dropped` };
        }
      }
    });
}
