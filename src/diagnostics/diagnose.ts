// The engine's entry point: snapshot in, sorted findings out, one per root cause (what follows
// from a cause is in its evidence). Pure; a failing rule becomes an error finding of its own
// instead of hiding every other rule's result.
import type { NetworkSnapshot } from '../model/snapshot';
import { compareFindings, type Finding, type RuleFinding, type Severity } from './finding';
import { foldConsequences } from './rootCause';
import { RULES } from './registry';
import type { DiagnosticRule } from './rule';
import { sameId } from '../model/armShapes';
import { buildSnapshotIndex } from './snapshotIndex';

export interface DiagnoseOptions {
  rules?: readonly DiagnosticRule[];
  /** Keep only findings concerning this resource id (e.g. "Diagnose gateway"). */
  resourceId?: string;
}

export function diagnose(snapshot: NetworkSnapshot, options: DiagnoseOptions = {}): Finding[] {
  const steps = diagnoseStepwise(snapshot, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same diagnosis one rule at a time: a host yields to its event loop between the steps, so
 * the first diagnosis of a 100,000-route lab (most of a second) does not hold up panels and
 * views for all of it. Returns what diagnose returns.
 */
export function* diagnoseStepwise(snapshot: NetworkSnapshot, options: DiagnoseOptions = {}): Generator<void, Finding[], void> {
  const index = buildSnapshotIndex(snapshot);
  const out: RuleFinding[] = [];
  for (const rule of options.rules ?? RULES) {
    try {
      for (const f of rule.run(index)) out.push(f);
    } catch (err) {
      out.push({
        id: `rule-failed:${rule.id}`,
        ruleId: 'rule-failed',
        severity: 'warning',
        resources: [],
        title: `Rule ${rule.id} could not run on this snapshot`,
        explanation: `The rule stopped with: ${err instanceof Error ? err.message : String(err)}. Other rules ran normally.`,
        evidence: [],
        actions: [],
      });
    }
    yield;
  }
  const folded = foldConsequences(out);
  const filtered = options.resourceId
    ? folded.filter((f) => f.resources.some((r) => sameId(r, options.resourceId!)))
    : folded;
  return filtered.sort(compareFindings);
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
