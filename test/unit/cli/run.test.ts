import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli } from './cliHarness';
import { scenarioObject } from '../engine/fixtures';

const root = join(__dirname, '..', '..', '..');

function file(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'gwlab-cli-'));
  const path = join(dir, 's.gwlab.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('gateway-lab run', () => {
  it('prints a readable timeline and summary, exit 0 when expectations hold', async () => {
    const r = await cli('run', join(root, 'scenarios', 'ap-planned-maintenance.gwlab.json'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Scenario ap-planned-maintenance/);
    assert.match(r.out, /Timeline\n.*acquired the lease/s);
    assert.match(r.out, /Failovers\n {2}vpn-gw: IN_0 -> IN_1, fault 60s, takeover 61s, traffic restored \d+s, gap 1\ds/);
    assert.match(r.out, /Probes: 180 sent, 1\d\d delivered/);
    assert.match(r.out, /Result: (\d+)\/\1 expectations met\n?$/);
  });

  it('--json prints the full report', async () => {
    const r = await cli('run', join(root, 'scenarios', 'ap-unplanned-crash.gwlab.json'), '--json');
    assert.equal(r.code, 0);
    const report = JSON.parse(r.out) as Record<string, unknown> & { failovers: Record<string, unknown>[]; probes: { total: { sent: number } }; invariants: { splitBrainSeconds: number }; expectations: { pass: boolean }[]; snapshot: { source: string } };
    for (const key of ['events', 'failovers', 'probes', 'invariants', 'expectations', 'snapshot']) assert.ok(key in report, `missing ${key}`);
    assert.deepEqual(Object.keys(report.failovers[0]!).sort(), ['faultAt', 'fromInstance', 'gapSeconds', 'gateway', 'takeoverAt', 'toInstance', 'trafficRestoredAt'].sort());
    assert.equal(report.invariants.splitBrainSeconds, 0);
    assert.equal(report.probes.total.sent, 360);
    assert.equal(report.snapshot.source, 'lab');
    assert.ok(report.expectations.every((e) => e.pass));
  });

  it('same scenario and seed: byte-identical JSON; --seed changes it', async () => {
    const f = join(root, 'scenarios', 'ap-unplanned-crash.gwlab.json');
    const a = await cli('run', f, '--json');
    const b = await cli('run', f, '--json');
    const c = await cli('run', f, '--json', '--seed', '12345');
    assert.equal(a.out, b.out);
    assert.notEqual(a.out, c.out);
    assert.equal((JSON.parse(c.out) as { seed: number }).seed, 12345);
  });

  it('exit 1 when an expectation fails, saying which and why', async () => {
    const r = await cli('run', file(scenarioObject({ expectations: [{ type: 'role', at: 30, gateway: 'gw', instance: 'IN_1', role: 'active' }] })));
    assert.equal(r.code, 1);
    assert.match(r.out, /FAIL {2}gw\/IN_1 is active at 30s — IN_1 was standby/);
  });

  it('takes a bundled scenario by name; an unknown name lists the bundled ones (exit 2)', async () => {
    const r = await cli('run', 'gateway-reset', '--json');
    assert.equal(r.code, 0, r.err);
    assert.equal((JSON.parse(r.out) as { scenario: string }).scenario, 'gateway-reset');
    const u = await cli('run', 'no-such-scenario');
    assert.equal(u.code, 2);
    assert.match(u.err, /no scenario "no-such-scenario": not a file, and not a bundled scenario \(.*ap-unplanned-crash.*\)/);
  });

  it('--until stops early', async () => {
    const r = await cli('run', file(scenarioObject()), '--until', '90s', '--json');
    assert.equal(r.code, 0);
    assert.equal((JSON.parse(r.out) as { endedAt: number }).endedAt, 90);
  });

  it('exit 2 for invalid input: one line per issue with file and path, no stack trace', async () => {
    const bad = file(scenarioObject({ duration: 'soon', colour: 'red' }));
    const r = await cli('run', bad);
    assert.equal(r.code, 2);
    const lines = r.err.trim().split('\n');
    assert.ok(lines.length >= 2);
    for (const line of lines) assert.ok(line.startsWith(`${bad}: $`), line);
    assert.doesNotMatch(r.err, /\n\s+at /);
    assert.equal((await cli('run', file('{oops'))).code, 2);
    assert.equal((await cli('run', '/nonexistent/x.gwlab.json')).code, 2);
  });

  it('exit 2 for bad options and unknown commands', async () => {
    assert.equal((await cli('run')).code, 2);
    assert.equal((await cli('run', 'a', 'b')).code, 2);
    assert.match((await cli('run', 'x', '--seed', '1.5')).err, /--seed must be an integer/);
    assert.match((await cli('run', 'x', '--until', 'later')).err, /--until: "later" is not a duration/);
    assert.match((await cli('run', 'x', '--verbose')).err, /Unknown option '--verbose'/);
    const u = await cli('frobnicate');
    assert.equal(u.code, 2);
    assert.match(u.err, /unknown command "frobnicate".*Commands:\n {2}run/s);
    assert.match((await cli('help', 'run')).out, /Usage: gateway-lab run/);
  });

  it('--storage with an unreachable account fails as invalid input, without a stack trace', async () => {
    const r = await cli('run', file(scenarioObject({ duration: '2s' })), '--storage', 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;');
    assert.equal(r.code, 2);
    assert.match(r.err, /blob storage:/);
    assert.doesNotMatch(r.err, /\n\s+at /);
  });

  it('`npm run lab -- run <scenario>` works as a process with the right exit code', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), 'run', join(root, 'scenarios', 'gateway-reset.gwlab.json')], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Result: \d+\/\d+ expectations met/);
  });
});
