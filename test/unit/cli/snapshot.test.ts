// `gateway-lab snapshot <scenario> [--at <t>]`: prints the lab's one snapshot exactly as Save
// Snapshot writes it, and that file diagnoses offline to exactly the findings of
// `gateway-lab diagnose <scenario> --at <t>`, for every bundled scenario at several moments.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../../../src/cli/commands/index';
import { dispatch } from '../../../src/cli/dispatcher';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { serializeSnapshot } from '../../../src/diagnostics/snapshotFormat';
import { createLab } from '../../../src/engine/createLab';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import type { Scenario } from '../../../src/engine/scenario/types';

const scenarios = join(__dirname, '..', '..', '..', 'scenarios');
const bundled = readdirSync(scenarios).filter((f) => f.endsWith('.gwlab.json')).sort();

/** Runs gateway-lab in-process and keeps stdout byte for byte (the bin writes the text as given). */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await dispatch(args, commands, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** The moments worth comparing: the start, just before/after each timeline event, thirds, the end. */
function moments(s: Scenario): number[] {
  const d = s.durationSeconds;
  const ts = [0, 90, Math.round(d / 3), Math.round((2 * d) / 3), d];
  for (const e of s.timeline) ts.push(Math.max(0, e.at - 1), Math.min(d, e.at + 5), Math.min(d, e.at + 65));
  return [...new Set(ts.filter((t) => t <= d))].sort((a, b) => a - b);
}

describe('gateway-lab snapshot', () => {
  it('prints exactly what Save Snapshot writes for the lab (the engine snapshot, serialized once)', async () => {
    const r = await run('snapshot', 'bgp-prefix-limit', '--at', '90');
    assert.equal(r.code, 0, r.err);
    const scenario = await loadScenario(join(scenarios, 'bgp-prefix-limit.gwlab.json'));
    const lab = createLab(scenario, { recordEvents: false });
    lab.runUntil(90);
    assert.equal(r.out, serializeSnapshot(lab.snapshot()));
  });

  it("the engine's own snapshot carries the BGP session errors: the prefix-limit drop is an error, not just an Idle peer", async () => {
    const scenario = await loadScenario(join(scenarios, 'bgp-prefix-limit.gwlab.json'));
    const lab = createLab(scenario, { recordEvents: false });
    lab.runUntil(90);
    const snapshot = lab.snapshot();
    assert.ok(snapshot.lab?.bgpSessions?.some((s) => s.lastError.startsWith('prefix limit exceeded')), 'lab.bgpSessions holds the drop');
    const titles = diagnose(snapshot).map((f) => `${f.severity}: ${f.title}`);
    assert.ok(titles.includes('error: BGP peer 192.168.255.1 of vpn-gw sends 4001 prefixes, over the 4000 limit: session dropped'), titles.join('\n'));
  });

  for (const file of bundled) {
    it(`${file}: diagnose --snapshot of its snapshot file = diagnose <scenario> --at <t>, at every moment`, async () => {
      const scenario = await loadScenario(join(scenarios, file));
      const dir = mkdtempSync(join(tmpdir(), 'gwl-snapshot-'));
      try {
        for (const t of moments(scenario)) {
          const snap = await run('snapshot', scenario.name, '--at', String(t));
          assert.equal(snap.code, 0, snap.err);
          const path = join(dir, `${scenario.name}-${t}.json`);
          writeFileSync(path, snap.out);
          const fromFile = await run('diagnose', '--snapshot', path, '--json');
          const fromLab = await run('diagnose', scenario.name, '--at', String(t), '--json');
          assert.equal(fromFile.code, fromLab.code, `${scenario.name} at ${t}: exit codes`);
          const findings = (out: string): unknown => (JSON.parse(out) as { findings: unknown }).findings;
          assert.deepEqual(findings(fromFile.out), findings(fromLab.out), `${scenario.name} at t=${t}`);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('--at defaults to the end; bad input exits 2 naming the problem', async () => {
    const end = await run('snapshot', 'gateway-reset');
    assert.equal(end.code, 0, end.err);
    assert.equal((JSON.parse(end.out) as { lab: { timeSeconds: number } }).lab.timeSeconds, 300);
    for (const [args, pattern] of [
      [[], /missing <scenario>/],
      [['gateway-reset', '--at', '99m'], /after the end of scenario "gateway-reset"/],
      [['gateway-reset', '--at', 'soon'], /--at soon/],
      [['gateway-reset', 'coex-healthy'], /one scenario/],
      [['no-such-scenario'], /no scenario "no-such-scenario"/],
    ] as const) {
      const r = await run('snapshot', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, pattern);
    }
    const help = await run('help', 'snapshot');
    assert.match(help.out, /^Usage: gateway-lab snapshot <scenario> \[--at <time>\]/);
  });
});
