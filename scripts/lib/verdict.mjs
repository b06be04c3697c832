// When an extension-host run counts as passed. The exit code alone lies (a crashed extension host
// reports 0) and a run that loaded no suite "passes" with nothing: only the results file counts.

/**
 * @param {{ passes: number, failures: number, exitCode?: number, timedOut?: boolean, resultsFound?: boolean }} run
 * @returns {{ passed: boolean, reason: string }}
 */
export function exthostVerdict({ passes, failures, exitCode, timedOut, resultsFound = true }) {
  if (timedOut) return { passed: false, reason: 'the run timed out' };
  if (!resultsFound || !Number.isInteger(passes) || !Number.isInteger(failures)) return { passed: false, reason: 'no results file (the extension host never finished the mocha run)' };
  if (failures > 0) return { passed: false, reason: `${failures} test(s) failed` };
  if (passes === 0) return { passed: false, reason: 'no test passed (no suite loaded?)' };
  if (Number.isInteger(exitCode) && exitCode !== 0) return { passed: false, reason: `the extension host exited with code ${exitCode} although every test passed` };
  return { passed: true, reason: `${passes} passed` };
}
