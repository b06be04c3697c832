// The shape every rule module exports: a pure function from the indexed snapshot to findings.
import type { RuleFinding } from './finding';
import type { SnapshotIndex } from './snapshotIndex';

export interface DiagnosticRule {
  /** Stable, kebab-case; the prefix of every finding id the rule produces. */
  id: string;
  /** What the rule checks, for listings (`gateway-lab diagnose --rules`, docs). */
  description: string;
  run(index: SnapshotIndex): RuleFinding[];
}
