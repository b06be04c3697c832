// What the rule engine returns: findings with the evidence that proves them and what to do.

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export type EvidenceCell = string | number | boolean;

/** A typed table: the rows (and only the rows) that prove a finding. */
export interface EvidenceTable {
  title: string;
  columns: string[];
  rows: EvidenceCell[][];
}

export interface FindingAction {
  /** What to do, in one sentence. */
  label: string;
  /** Public documentation (Microsoft Learn) backing the action. */
  url?: string;
}

export interface Finding {
  /** Stable across runs: rule id + the resource ids (+ a discriminator such as a peer address). */
  id: string;
  ruleId: string;
  severity: Severity;
  /** Resource ids the finding concerns; the first one is the place to look. */
  resources: string[];
  title: string;
  /** Why this matters / what the evidence means. */
  explanation: string;
  evidence: EvidenceTable[];
  actions: FindingAction[];
  /** Set when the explanation relies on Gateway Lens's model rather than documented Azure behaviour. */
  modelNote?: string;
}

/**
 * A finding as a rule returns it, with what it says about causes (rootCause.ts): the diagnosis
 * folds a finding whose `about` a root cause `explains` into that root cause's evidence, so the
 * result has one finding per root cause. Both fields are dropped from the result.
 */
export interface RuleFinding extends Finding {
  /** Facts this finding reports (keys from rootCause.ts `causeKey`), any one of which a root cause may explain. */
  about?: string[];
  /** Facts that follow from this finding's cause: findings about them are its consequences. */
  explains?: string[];
}

export function findingId(ruleId: string, resources: readonly string[], discriminator?: string): string {
  const base = `${ruleId}:${resources.join('|')}`;
  return discriminator === undefined ? base : `${base}#${discriminator}`;
}

export function compareFindings(a: Finding, b: Finding): number {
  const s = SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity);
  if (s !== 0) return s;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
