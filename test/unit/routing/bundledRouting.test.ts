// The bundled routing scenarios (coex-*, bgp-*) exist, check routing behaviour, and pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { runScenario } from '../../../src/engine/report';
import { CLI_JUDGES } from '../../../src/cli/findingsJudge';

const REQUIRED = [
  'coex-healthy',
  'coex-er-vpn-session-down',
  'coex-udr-trigger',
  'bgp-prefix-limit',
  'bgp-reserved-asn',
  'coex-er-vs-vpn-precedence',
  'coex-vpn-failover-bgp',
];

for (const name of REQUIRED) {
  test(`${name}: routing expectations hold`, async () => {
    const scenario = await loadScenario(join(__dirname, '..', '..', '..', 'scenarios', `${name}.gwlab.json`));
    const routing = scenario.expectations.filter((e) => e.type === 'prefix' || e.type === 'bgpSession' || e.type === 'probeResult');
    assert.ok(routing.length >= 3, `${name} should check prefixes, sessions or probes`);
    const report = runScenario(scenario, { judges: CLI_JUDGES });
    const failed = report.expectations.filter((e) => !e.pass).map((e) => `${e.description}: ${e.detail}`);
    assert.deepEqual(failed, []);
    assert.ok(report.events.some((e) => e.kind === 'bgp'), 'BGP session changes are in the event log');
  });
}
