// The shipped `gateway-lab`: the package's bin (dist/cli.js) built by webpack from this tree, run
// as an executable the way npm links it, and `npm run lab --` from source. Both must start, print
// and exit 0/1/2 without a stack trace (a bundling slip once made dist/cli.js die at start).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { scenarioObject } from '../engine/fixtures';

const root = join(__dirname, '..', '..', '..');
// The package's layout: dist/cli.js next to scenarios/ (bundled scenarios are found by name from there).
const work = mkdtempSync(join(tmpdir(), 'gwlab-bundle-'));
const dist = join(work, 'dist');
const bin = join(dist, 'cli.js');
const elsewhere = join(work, 'cwd');

function runBin(...args: string[]): { code: number | null; out: string; err: string } {
  // Executed directly (shebang), as npm's bin link runs it.
  const r = spawnSync(bin, args, { cwd: elsewhere, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function scenarioFile(content: unknown): string {
  const path = join(mkdtempSync(join(work, 's-')), 's.gwlab.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('gateway-lab as shipped', () => {
  before(() => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin?: Record<string, string> };
    assert.equal(pkg.bin?.['gateway-lab'], './dist/cli.js');
    // The package's own webpack config, CLI part only, into a scratch folder (dist/ belongs to other runs).
    const webpack = join(root, 'node_modules', 'webpack', 'bin', 'webpack.js');
    const r = spawnSync(process.execPath, [webpack, '--mode', 'development', '--config-name', 'cli', '--output-path', dist, '--no-stats'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `webpack failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
    chmodSync(bin, 0o755);
    symlinkSync(join(root, 'scenarios'), join(work, 'scenarios'));
    mkdirSync(elsewhere);
  });

  it('runs a bundled scenario: exit 0 and the summary', () => {
    const r = runBin('run', join(root, 'scenarios', 'gateway-reset.gwlab.json'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Result: (\d+)\/\1 expectations met/);
  });

  it('exit 1 for a failed expectation, exit 2 for invalid input, never a stack trace', () => {
    const failing = runBin('run', scenarioFile(scenarioObject({ expectations: [{ type: 'role', at: 30, gateway: 'gw', instance: 'IN_1', role: 'active' }] })));
    assert.equal(failing.code, 1, failing.err);
    assert.match(failing.out, /FAIL/);
    const bad = scenarioFile('{ "name": ');
    const invalid = runBin('run', bad);
    assert.equal(invalid.code, 2);
    assert.match(invalid.err, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\$: not valid JSON`));
    const usage = runBin('routes', 'coex-healthy');
    assert.equal(usage.code, 2);
    assert.match(usage.err, /missing --at/);
    for (const r of [failing, invalid, usage]) assert.doesNotMatch(r.err, /\n\s+at /);
  });

  it('routes --at --lookup prints the best VNet route of a bundled scenario', () => {
    const r = runBin('routes', 'coex-healthy', '--at', '5m', '--lookup', '192.168.10.20', '--json');
    assert.equal(r.code, 0, r.err);
    const hit = JSON.parse(r.out) as { address: string; route: { nextHopType: string; addressPrefix: string[] } | null; via: string | null };
    assert.equal(hit.address, '192.168.10.20');
    assert.deepEqual(hit.route?.addressPrefix, ['192.168.10.0/24']);
    assert.equal(hit.route.nextHopType, 'VirtualNetworkGateway');
  });

  it('`npm run lab --` runs the CLI from source with the same exit codes', () => {
    const ok = spawnSync('npm', ['run', '-s', 'lab', '--', 'run', join(root, 'scenarios', 'gateway-reset.gwlab.json')], { cwd: root, encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Result: (\d+)\/\1 expectations met/);
    const bad = spawnSync('npm', ['run', '-s', 'lab', '--', 'run', scenarioFile({ name: 'x' })], { cwd: root, encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /: \$: missing required field "duration"/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
  });
});
