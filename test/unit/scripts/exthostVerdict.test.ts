// The extension-host runner's pass rule: passes and no failures in the results file, nothing else.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { exthostVerdict } from '../../../scripts/lib/verdict.mjs';

describe('exthostVerdict', () => {
  it('passes a run with passes, no failures and exit 0 (or no exit code reported)', () => {
    assert.equal(exthostVerdict({ passes: 3, failures: 0, exitCode: 0 }).passed, true);
    assert.equal(exthostVerdict({ passes: 1, failures: 0 }).passed, true);
  });

  it('fails a run with any failure, even alongside passes', () => {
    const v = exthostVerdict({ passes: 30, failures: 1, exitCode: 1 });
    assert.deepEqual(v, { passed: false, reason: '1 test(s) failed' });
  });

  it('fails a run with no pass (no suite loaded, or every test filtered out)', () => {
    assert.match(exthostVerdict({ passes: 0, failures: 0, exitCode: 0 }).reason, /no test passed/);
    assert.equal(exthostVerdict({ passes: 0, failures: 0, exitCode: 0 }).passed, false);
  });

  it('fails a crashed host that reported exit 0 but wrote no results file', () => {
    const v = exthostVerdict({ passes: 0, failures: 0, exitCode: 0, resultsFound: false });
    assert.equal(v.passed, false);
    assert.match(v.reason, /no results file/);
  });

  it('fails a timed-out run and one whose host exited non-zero', () => {
    assert.equal(exthostVerdict({ passes: 5, failures: 0, timedOut: true }).passed, false);
    assert.match(exthostVerdict({ passes: 5, failures: 0, exitCode: 3 }).reason, /exited with code 3/);
  });
});
