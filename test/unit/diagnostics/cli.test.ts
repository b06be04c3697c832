import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDiagnoseArgs } from '../../../src/cli/commands/diagnose';
import { UsageError } from '../../../src/cli/command';
import { commands } from '../../../src/cli/commands/index';
import { dispatch } from '../../../src/cli/dispatcher';
import { serializeSnapshot } from '../../../src/diagnostics/snapshotFormat';
import { breakCoexistence, coexistenceSnapshot } from './fixtures';

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await dispatch(['diagnose', ...args], commands, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

test('argument parsing', () => {
  assert.deepEqual(parseDiagnoseArgs(['coex', '--at', '2m5s', '--json']), { scenario: 'coex', atSeconds: 125, json: true });
  assert.deepEqual(parseDiagnoseArgs(['coex', '--at', '90']), { scenario: 'coex', atSeconds: 90, json: false });
  for (const bad of [[], ['a', 'b'], ['a', '--snapshot', 'x.json'], ['--snapshot', 'x.json', '--at', '5'], ['a', '--at'], ['a', '--at', 'soon'], ['a', '--frobnicate']]) {
    assert.throws(() => parseDiagnoseArgs(bad), UsageError, bad.join(' '));
  }
});

test('diagnose <scenario> --at <t> --json: the failover finding, exit 1 for an error finding', async () => {
  const { code, out } = await cli(['ap-unplanned-crash', '--at', '2m5s', '--json']);
  const doc = JSON.parse(out) as { subject: string; source: string; counts: { error: number }; findings: { ruleId: string }[] };
  assert.equal(doc.source, 'lab');
  assert.match(doc.subject, /ap-unplanned-crash at t=125 s/);
  assert.ok(doc.findings.some((f) => f.ruleId === 'gateway-failover'));
  assert.ok(doc.counts.error > 0);
  assert.equal(code, 1);
});

test('diagnose before the fault: Markdown report, exit 0', async () => {
  const { code, out } = await cli(['ap-unplanned-crash', '--at', '60']);
  assert.equal(code, 0);
  assert.match(out, /^# Gateway Lens diagnostics: lab scenario ap-unplanned-crash at t=60 s/);
  assert.match(out, /0 error\(s\), 0 warning\(s\)/);
});

test('diagnose --snapshot <file>: offline diagnosis of a saved Azure snapshot', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gwl-diag-'));
  const file = join(dir, 'customer.json');
  writeFileSync(file, serializeSnapshot(breakCoexistence(coexistenceSnapshot(), true)));
  const { code, out } = await cli(['--snapshot', file, '--json']);
  assert.equal(code, 1);
  const doc = JSON.parse(out) as { source: string; findings: { ruleId: string; severity: string }[] };
  assert.equal(doc.source, 'azure');
  assert.deepEqual(doc.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId), ['coexistence-bgp-break']);
});

test('invalid input exits 2 with a message naming what and where, no stack trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gwl-diag-'));
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"source": "azure", "takenAt": "2026-01-01T00:00:00Z", "gateways": [{}], "connections": [], "localNetworkGateways": [], "virtualNetworks": []}');
  for (const [args, pattern] of [
    [['--snapshot', bad], /bad\.json: \$\.gateways\[0\]: missing required field "gateway"/],
    [['--snapshot', join(dir, 'missing.json')], /missing\.json: \$: file not found/],
    [['no-such-scenario'], /no scenario "no-such-scenario".*ap-unplanned-crash/],
    [['ap-unplanned-crash', '--at', '99m'], /after the end of scenario "ap-unplanned-crash"/],
  ] as const) {
    const r = await cli([...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, pattern);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  }
});

test('diagnose --help / -h prints the usage and exits 0', async () => {
  for (const flag of ['--help', '-h']) {
    const r = await cli(['coex-healthy', flag]);
    assert.equal(r.code, 0, flag);
    assert.match(r.out, /^Usage: gateway-lab diagnose <scenario> \[--at <time>\] \[--json\]/);
    assert.match(r.out, /--snapshot <file>/);
    assert.equal(r.err, '');
  }
});

test('a scenario file path works as well as a bundled name, and --at 0 is the start', async () => {
  const file = join(__dirname, '..', '..', '..', 'scenarios', 'coex-udr-trigger.gwlab.json');
  const { code, out } = await cli([file, '--at', '0', '--json']);
  assert.equal(code, 0);
  assert.match((JSON.parse(out) as { subject: string }).subject, /coex-udr-trigger at t=0 s/);
});
