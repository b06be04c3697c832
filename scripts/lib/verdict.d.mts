// Types for verdict.mjs, imported by the unit tests.
export function exthostVerdict(run: { passes: number; failures: number; exitCode?: number | undefined; timedOut?: boolean; resultsFound?: boolean }): { passed: boolean; reason: string };
