// Open in Lab: lab -> ARM endpoint -> the Azure client -> a generated scenario -> a new lab gives
// the same topology and the same tables (effective routes, learned routes, circuit path tables).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../../../src/engine/lab';
import { createLab } from '../../../src/engine/createLab';
import { parseScenario, validateScenario } from '../../../src/engine/scenario/validateScenario';
import { scenarioFromSnapshot } from '../../../src/engine/scenario/scenarioFromSnapshot';
import { collectSnapshot } from '../../../src/azure/collectSnapshot';
import type { NetworkSnapshot } from '../../../src/model/snapshot';
import { labSource, startLab } from '../azure/labFixture';
import { cli } from '../cli/cliHarness';

function original(): Lab {
  const raw = JSON.parse(readFileSync(join(__dirname, '../../../scenarios/coex-healthy.gwlab.json'), 'utf8')) as {
    topology: { virtualNetwork: { subnets: { name: string; routes?: unknown[] }[] }; circuits: Record<string, unknown>[]; connections: Record<string, unknown>[] };
  };
  raw.topology.virtualNetwork.subnets[1]!.routes = [{ name: 'to-nva', addressPrefix: '192.168.99.0/24', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.1.250' }];
  raw.topology.circuits[0] = { ...raw.topology.circuits[0], prefixes: ['172.20.0.0/16', '172.21.0.0/16'], paths: { secondary: { withheldPrefixes: ['172.21.0.0/16'] } } };
  raw.topology.connections[0] = { ...raw.topology.connections[0], dpdTimeoutSeconds: 30, ipsecPolicies: [{ ipsecEncryption: 'GCMAES256', ipsecIntegrity: 'GCMAES256', ikeEncryption: 'AES256', ikeIntegrity: 'SHA384', dhGroup: 'DHGroup24', pfsGroup: 'PFS24' }] };
  const lab = createLab(parseScenario(JSON.stringify(raw), 'original.gwlab.json'), { recordEvents: false });
  lab.runUntil(150);
  return lab;
}

/** What must survive the round trip: topology and tables, without time-dependent counters. */
function essence(s: NetworkSnapshot): unknown {
  const sorted = <T>(xs: T[], key: (x: T) => string): T[] => [...xs].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    virtualNetworks: s.virtualNetworks,
    routeTables: s.routeTables,
    localNetworkGateways: s.localNetworkGateways,
    gateways: sorted(s.gateways, (g) => g.gateway.id).map((g) => ({
      gateway: g.gateway,
      learned: [...new Set((g.learnedRoutes ?? []).map((r) => `${r.localAddress} ${r.network} ${r.nextHop} ${r.sourcePeer} ${r.origin} ${r.asPath}`))].sort(),
      peers: [...new Set((g.bgpPeers ?? []).map((p) => `${p.localAddress} ${p.neighbor} ${p.asn} ${p.state}`))].sort(),
    })),
    connections: sorted(s.connections, (c) => c.id).map(({ id, connectionType, connectionStatus, enableBgp, virtualNetworkGateway1, localNetworkGateway2, peer, ipsecPolicies, dpdTimeoutSeconds, connectionProtocol }) => ({ id, connectionType, connectionStatus, enableBgp, virtualNetworkGateway1, localNetworkGateway2, peer, ipsecPolicies, dpdTimeoutSeconds, connectionProtocol })),
    nics: (s.networkInterfaces ?? []).map((n) => ({ nic: n.nic, routes: n.effectiveRoutes })),
    circuits: (s.expressRouteCircuits ?? []).map((c) => ({ circuit: c.circuit, peerings: c.peerings.map((p) => ({ peering: p.peering, primary: p.primary.routes, secondary: p.secondary.routes })) })),
  };
}

test('lab -> ARM endpoint -> client -> generated scenario -> lab: same topology and tables', async () => {
  const lab = original();
  const before = lab.snapshot();
  const ep = await startLab(before);
  try {
    const { snapshot: read, problems } = await collectSnapshot(labSource(ep));
    assert.deepEqual(problems, []);
    const generated = scenarioFromSnapshot(read, { name: 'replay' });
    const scenario = validateScenario(JSON.parse(JSON.stringify(generated)), 'replay.gwlab.json');
    const replay = createLab(scenario, { recordEvents: false });
    replay.runUntil(150);
    const after = replay.snapshot();
    assert.deepEqual(essence(after), essence(before));
    // The generated scenario says what it reproduces and probes the site and the circuit.
    const probes = scenario.probes.map((p) => `${p.from}->${p.to}`);
    assert.deepEqual(probes, ['10.10.1.4->192.168.10.20', '10.10.1.4->172.20.0.20']);
    assert.deepEqual((generated.topology as { circuits: unknown[] }).circuits, [{ name: 'er-circuit', asn: 65020, prefixes: ['172.20.0.0/16', '172.21.0.0/16'], paths: { secondary: { withheldPrefixes: ['172.21.0.0/16'] } } }]);
    await replay.dispose();
  } finally {
    await ep.close();
    await lab.dispose();
  }
});

test('a snapshot without VNets cannot be replayed, and says why', () => {
  assert.throws(() => scenarioFromSnapshot({ source: 'azure', takenAt: '2026-01-01T00:00:00Z', gateways: [], connections: [], localNetworkGateways: [], virtualNetworks: [] }), /holds no virtual network/);
});

test('gateway-lab open-in-lab prints a valid scenario from a snapshot file', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'gwl-open-'));
  try {
    const lab = original();
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify(lab.snapshot()));
    const { code, out } = await cli('open-in-lab', file);
    assert.equal(code, 0);
    assert.equal(validateScenario(JSON.parse(out), 'out.gwlab.json').topology.gateways.length, 2);
    await lab.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
