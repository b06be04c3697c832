// The rules that need the route path's data (NICs' effective routes, circuits' per-path tables,
// local network gateways, connection IPsec fields), on lab snapshots and on the same data read
// through the ARM client from the lab's endpoint (Azure data).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLab } from '../../../src/engine/createLab';
import { parseScenario } from '../../../src/engine/scenario/validateScenario';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { collectSnapshot } from '../../../src/azure/collectSnapshot';
import type { NetworkSnapshot } from '../../../src/model/snapshot';
import { labSource, startLab } from '../azure/labFixture';

type Raw = { topology: { virtualNetwork: { subnets: { name: string; routes?: unknown[] }[] }; sites: Record<string, unknown>[]; circuits: Record<string, unknown>[]; connections: Record<string, unknown>[] } };

function labSnapshot(edit: (raw: Raw) => void, at = 120): NetworkSnapshot {
  const raw = JSON.parse(readFileSync(join(__dirname, '../../../scenarios/coex-healthy.gwlab.json'), 'utf8')) as Raw;
  edit(raw);
  const lab = createLab(parseScenario(JSON.stringify(raw), 'rules.gwlab.json'), { recordEvents: false });
  lab.runUntil(at);
  return lab.snapshot();
}

const ruleIds = (s: NetworkSnapshot): string[] => diagnose(s).map((f) => f.ruleId);

test('healthy coexistence: none of the route path rules fires', () => {
  const ids = ruleIds(labSnapshot(() => undefined));
  for (const r of ['er-path-asymmetry', 'lng-bgp-peer-not-covered', 'udr-invalidates-gateway-routes', 'policy-based-selectors-on-route-based']) assert.ok(!ids.includes(r), r);
});

test('ER primary/secondary asymmetry: a prefix withheld on one path, with the per-path evidence', () => {
  const s = labSnapshot((raw) => {
    raw.topology.circuits[0] = { ...raw.topology.circuits[0], prefixes: ['172.20.0.0/16', '172.21.0.0/16'], paths: { secondary: { withheldPrefixes: ['172.21.0.0/16'] } } };
  });
  const f = diagnose(s).find((x) => x.ruleId === 'er-path-asymmetry');
  assert.ok(f);
  assert.deepEqual(f.evidence[0]!.rows, [['172.21.0.0/16', '65020', '(missing)']]);
});

test('LNG BGP peer address outside its address space', () => {
  const s = labSnapshot((raw) => {
    raw.topology.sites[0] = { ...raw.topology.sites[0], addressPrefixes: ['192.168.10.0/24'] };
  });
  const f = diagnose(s).find((x) => x.ruleId === 'lng-bgp-peer-not-covered');
  assert.ok(f);
  assert.match(f.actions[0]!.label, /Add 192\.168\.255\.1\/32/);
});

test('a UDR that invalidates a gateway route (next hop None: error)', () => {
  const s = labSnapshot((raw) => {
    raw.topology.virtualNetwork.subnets[1]!.routes = [{ name: 'blackhole', addressPrefix: '192.168.10.0/24', nextHopType: 'None' }];
  });
  const f = diagnose(s).find((x) => x.ruleId === 'udr-invalidates-gateway-routes');
  assert.ok(f);
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.evidence[0]!.rows.map((r) => [r[0], r[2]]), [['192.168.10.0/24', 'blackhole']]);
});

test('policy-based traffic selectors on a route-based connection: error without a custom IPsec policy', () => {
  const s = labSnapshot((raw) => {
    raw.topology.connections[0] = { ...raw.topology.connections[0], usePolicyBasedTrafficSelectors: true, trafficSelectorPolicies: [{ localAddressRanges: ['10.10.0.0/16'], remoteAddressRanges: ['192.168.10.0/24'] }] };
  });
  const f = diagnose(s).find((x) => x.ruleId === 'policy-based-selectors-on-route-based');
  assert.ok(f);
  assert.equal(f.severity, 'error');
});

test('on Azure data read through the client, the rules find the same (and the GatewaySubnet UDR trigger is checked)', async () => {
  const s = labSnapshot((raw) => {
    raw.topology.sites[0] = { ...raw.topology.sites[0], addressPrefixes: ['192.168.10.0/24'] };
    raw.topology.virtualNetwork.subnets[0]!.routes = [{ name: 'all-vnet-to-nva', addressPrefix: '10.10.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.1.250' }];
    raw.topology.circuits[0] = { ...raw.topology.circuits[0], paths: { primary: { withheldPrefixes: ['172.20.0.0/16'] } } };
  }, 300);
  const ep = await startLab(s);
  try {
    const { snapshot } = await collectSnapshot(labSource(ep));
    const azure = diagnose(snapshot);
    const lab = diagnose(s);
    for (const r of ['lng-bgp-peer-not-covered', 'er-path-asymmetry', 'coexistence-bgp-break']) {
      assert.ok(azure.some((f) => f.ruleId === r), `Azure data: ${r}`);
      assert.ok(lab.some((f) => f.ruleId === r), `lab data: ${r}`);
    }
    const coex = azure.find((f) => f.ruleId === 'coexistence-bgp-break')!;
    assert.match(JSON.stringify(coex), /all-vnet-to-nva/, 'the GatewaySubnet UDR is named on Azure data');
  } finally {
    await ep.close();
  }
});
