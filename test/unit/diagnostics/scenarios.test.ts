// Every bundled scenario, run in the real lab engine (BGP and routing included): its finding
// appears at the fault moment, nothing above info before the first fault (or at all for healthy
// scenarios), the finding clears after the restore, and split brain never fires at any moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from '../../../src/diagnostics/diagnose';
import type { Finding } from '../../../src/diagnostics/finding';
import { createLab } from '../../../src/engine/createLab';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { scenarioSnapshotAt } from '../../../src/cli/commands/diagnose';

const dir = join(__dirname, '..', '..', '..', 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.gwlab.json')).sort();

interface Expected {
  /** Virtual time at which the fault shows. */
  at: number;
  /** Rules that must fire above info at `at`. */
  rules: string[];
  /** Informational rules that must fire at `at`. */
  info?: string[];
  /** A time after the restore at which nothing above info may remain. */
  clearAt?: number;
}

const EXPECTED: Record<string, Expected> = {
  'aa-instance-loss': { at: 65, rules: ['active-active-tunnel-down', 'gateway-failover'] },
  'ap-planned-maintenance': { at: 65, rules: ['gateway-failover', 'connection-not-connected'] },
  'ap-storage-partition': { at: 65, rules: ['gateway-failover'] },
  'ap-unplanned-crash': { at: 125, rules: ['connection-not-connected', 'gateway-failover'] },
  'gateway-reset': { at: 65, rules: ['connection-not-connected', 'gateway-failover'] },
  'bgp-prefix-limit': { at: 90, rules: ['bgp-prefix-limit'] },
  // In virtual time no real router is attached: the peer is Idle.
  'bgp-external-router': { at: 60, rules: ['bgp-peer-not-connected'] },
  'bgp-reserved-asn': { at: 90, rules: ['reserved-asn'] },
  'coex-er-vs-vpn-precedence': { at: 90, rules: ['onprem-overlaps-vnet'], info: ['er-s2s-identical-prefix', 's2s-more-specific-than-er'] },
  'coex-er-vpn-session-down': { at: 125, rules: ['coexistence-bgp-break'], clearAt: 359 },
  'coex-udr-trigger': { at: 300, rules: ['coexistence-bgp-break'] },
  'coex-vpn-failover-bgp': { at: 125, rules: ['gateway-failover', 'connection-not-connected'] },
  'ike-proposal-mismatch': { at: 180, rules: ['ike-ipsec-mismatch', 'connection-not-connected'], clearAt: 720 },
  // Predicted from the lifetimes before the first drop, then the drop itself at Azure's IKE rekey.
  'ike-lifetime-mismatch': { at: 28_801, rules: ['ike-rekey-drops', 'connection-not-connected'] },
};

const aboveInfo = (fs: Finding[]) => fs.filter((x) => x.severity !== 'info');

test('there are bundled scenarios to check', () => {
  assert.ok(files.length >= 5, files.join(', '));
});

for (const f of files) {
  test(`scenario ${f}`, async () => {
    const scenario = await loadScenario(join(dir, f));
    const want = EXPECTED[scenario.name];
    const firstFault = scenario.timeline.find((e) => e.fault.kind !== 'restore')?.at;
    if (firstFault !== undefined) {
      const before = aboveInfo(diagnose(scenarioSnapshotAt(scenario, firstFault - 1)));
      assert.deepEqual(before.map((x) => x.title), [], `nothing above info before the first fault (t=${firstFault - 1})`);
    }
    if (want) {
      const found = diagnose(scenarioSnapshotAt(scenario, want.at));
      const rules = new Set(aboveInfo(found).map((x) => x.ruleId));
      for (const r of want.rules) assert.ok(rules.has(r), `${scenario.name} at t=${want.at}: expected ${r}, got ${[...rules].join(', ')}`);
      for (const r of want.info ?? []) assert.ok(found.some((x) => x.ruleId === r && x.severity === 'info'), `${scenario.name} at t=${want.at}: expected info ${r}`);
      for (const x of found) {
        assert.ok(x.actions.length > 0, `${x.id}: no action`);
        for (const a of x.actions) assert.match(a.url ?? '', /^https:\/\/learn\.microsoft\.com\/en-us\/azure\//, `${x.id}: "${a.label}" links to public Microsoft Learn docs`);
        assert.ok(x.evidence.length > 0 && x.evidence.every((t) => t.rows.length > 0 && t.rows.every((r) => r.length === t.columns.length)), `${x.id}: evidence rows match their columns`);
      }
      if (want.clearAt !== undefined) {
        const after = aboveInfo(diagnose(scenarioSnapshotAt(scenario, want.clearAt)));
        assert.deepEqual(after.map((x) => x.title), [], `cleared after the restore (t=${want.clearAt})`);
      }
    } else if (/healthy/.test(scenario.name)) {
      for (const t of [60, scenario.durationSeconds]) {
        assert.deepEqual(aboveInfo(diagnose(scenarioSnapshotAt(scenario, t))).map((x) => x.title), [], `healthy at t=${t}`);
      }
    } else {
      assert.fail(`scenario ${scenario.name} has no expected finding in this table: add one`);
    }

    const lab = createLab(scenario, { recordEvents: false });
    // Every 10 s, or 360 samples over a day-long scenario (ike-lifetime-mismatch runs 16 h).
    const step = Math.max(10, Math.ceil(scenario.durationSeconds / 360));
    for (let t = 0; t <= scenario.durationSeconds; t += step) {
      lab.runUntil(t);
      const sb = diagnose(lab.snapshot()).filter((x) => x.ruleId === 'split-brain');
      assert.deepEqual(sb.map((x) => x.title), [], `split brain at t=${t}`);
    }
  });
}

const udrScenario = join(dir, 'coex-udr-trigger.gwlab.json');
test('coexistence fault at the moment: the ER gateway is named, the UDR trigger is in the evidence', { skip: !existsSync(udrScenario) && 'coex-udr-trigger is not bundled' }, async () => {
  const scenario = await loadScenario(udrScenario);
  const f = diagnose(scenarioSnapshotAt(scenario, 300)).find((x) => x.ruleId === 'coexistence-bgp-break');
  assert.ok(f);
  assert.match(f.title, /^ER gateway er-gw lacks/);
  assert.deepEqual(f.evidence[0]!.rows, [['192.168.10.0/24', true, false, false]]);
  const udr = f.evidence.find((t) => t.title.startsWith('User routes on GatewaySubnet'));
  assert.deepEqual(udr?.rows.map((r) => r[2]), ['10.10.0.0/16']);
});
