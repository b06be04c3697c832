// The whole route path read through the one ARM client (collectSnapshot -> ArmGatewayDataSource
// -> @azure/arm-network) from the lab's real ARM endpoint on a running lab: the snapshot read over
// the wire equals the lab's own, part by part; a 403 on one part leaves that part empty/unknown
// and says so; scoping by resource group and gateway; quirks of public Azure outputs.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../../../src/engine/lab';
import { createLab } from '../../../src/engine/createLab';
import { parseScenario } from '../../../src/engine/scenario/validateScenario';
import { collectSnapshot } from '../../../src/azure/collectSnapshot';
import { readNextHop } from '../../../src/azure/networkReader';
import { toBgpPeer, toGatewayRoute } from '../../../src/azure/armMapping';
import type { ArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import type { NetworkSnapshot } from '../../../src/model/snapshot';
import { labSource, startLab } from './labFixture';
import { buildSnapshot, route } from '../arm/snapshotBuilder';

function coexLab(): Lab {
  const raw = JSON.parse(readFileSync(join(__dirname, '../../../scenarios/coex-healthy.gwlab.json'), 'utf8')) as {
    topology: { virtualNetwork: { subnets: { name: string; routes?: unknown[] }[] }; circuits: Record<string, unknown>[] };
  };
  raw.topology.virtualNetwork.subnets[1]!.routes = [{ name: 'to-nva', addressPrefix: '192.168.99.0/24', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.10.1.250' }];
  raw.topology.circuits[0] = { ...raw.topology.circuits[0], paths: { secondary: { down: true } } };
  const lab = createLab(parseScenario(JSON.stringify(raw), 'coex.gwlab.json'), { recordEvents: false });
  lab.runUntil(120);
  return lab;
}

/** The parts an Azure read covers (lab-only state and effectiveRoutes-by-VNet aside). */
function azureParts(s: NetworkSnapshot): Partial<NetworkSnapshot> {
  const byId = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.id.localeCompare(b.id));
  return {
    gateways: [...s.gateways].sort((a, b) => a.gateway.id.localeCompare(b.gateway.id)),
    connections: byId(s.connections),
    localNetworkGateways: byId(s.localNetworkGateways),
    virtualNetworks: byId(s.virtualNetworks),
    routeTables: byId(s.routeTables ?? []),
    networkInterfaces: s.networkInterfaces,
    expressRouteCircuits: s.expressRouteCircuits,
  };
}

describe('collectSnapshot reads the route path through the ARM client', () => {
  let lab: Lab;
  let ep: ArmEndpoint;
  let expected: NetworkSnapshot;
  before(async () => {
    lab = coexLab();
    expected = lab.snapshot();
    ep = await startLab(expected, { pageSize: 2 });
  });
  after(async () => {
    await ep.close();
    await lab.dispose();
  });

  test('every part read over the wire equals the lab\'s own snapshot', async () => {
    ep.resetStats();
    const { snapshot, problems } = await collectSnapshot(labSource(ep), { concurrency: 4 });
    assert.deepEqual(problems, []);
    assert.equal(snapshot.readProblems, undefined);
    assert.deepEqual(azureParts(snapshot), azureParts(expected));
    const nic = snapshot.networkInterfaces![0]!;
    assert.ok(nic.effectiveRoutes!.some((r) => r.source === 'User' && r.addressPrefix[0] === '192.168.99.0/24'));
    const circuit = snapshot.expressRouteCircuits![0]!.peerings[0]!;
    assert.ok(circuit.primary.routes!.some((r) => r.network === '172.20.0.0/16'));
    assert.deepEqual(circuit.secondary.routes, [], 'the secondary path is down');
    assert.equal(circuit.secondary.summary![0]!.statePfxRcd, 'Idle');
    const s = ep.stats().byRoute;
    assert.equal(s.getEffectiveRouteTable, 1);
    assert.equal(s.listRoutesTable, 2, 'primary and secondary');
    assert.equal(s.listRoutesTableSummary, 2);
    assert.equal(s.listArpTable, 2);
  });

  test('a 403 on one part leaves that part unknown and says so; the rest is read', async () => {
    ep.setFaults({ failures: [{ status: 403, count: 100, pathIncludes: 'effectiveRouteTable' }, { status: 403, count: 100, pathIncludes: 'routeTables/secondary' }] });
    try {
      const { snapshot, problems } = await collectSnapshot(labSource(ep, { retry: { maxRetries: 0 } }));
      assert.deepEqual(problems.map((p) => p.field).sort(), ['circuitRoutes:secondary', 'effectiveRoutes']);
      assert.ok(problems.every((p) => /403/.test(p.message)), 'says it was denied');
      assert.equal(snapshot.networkInterfaces![0]!.effectiveRoutes, undefined, 'unknown, not empty');
      assert.equal(snapshot.expressRouteCircuits![0]!.peerings[0]!.secondary.routes, undefined);
      assert.ok(snapshot.expressRouteCircuits![0]!.peerings[0]!.primary.routes!.length > 0);
      assert.deepEqual(snapshot.virtualNetworks, expected.virtualNetworks);
      assert.deepEqual(snapshot.readProblems!.map((p) => p.part).sort(), ['circuitRoutes:secondary', 'effectiveRoutes']);
    } finally {
      ep.setFaults({});
    }
  });

  test('a listing that is denied leaves that list empty and reports it', async () => {
    ep.setFaults({ failures: [{ status: 403, count: 100, pathIncludes: 'providers/Microsoft.Network/virtualNetworks' }] });
    try {
      const { snapshot, problems } = await collectSnapshot(labSource(ep, { retry: { maxRetries: 0 } }));
      assert.deepEqual(snapshot.virtualNetworks, []);
      assert.ok(problems.some((p) => p.field === 'virtualNetworks' && /403/.test(p.message)));
      assert.equal(snapshot.gateways.length, 2, 'gateways still read');
      assert.ok(snapshot.networkInterfaces![0]!.effectiveRoutes!.length > 0, 'NICs still read');
    } finally {
      ep.setFaults({});
    }
  });

  test('--gateway scope: the gateway, its VNet\'s other gateways and what they connect to', async () => {
    const { snapshot } = await collectSnapshot(labSource(ep), { gateway: 'vpn-gw' });
    assert.deepEqual(snapshot.gateways.map((g) => g.gateway.name).sort(), ['er-gw', 'vpn-gw'], 'coexistence partner included');
    assert.equal(snapshot.virtualNetworks.length, 1);
    await assert.rejects(collectSnapshot(labSource(ep), { gateway: 'nope' }), /no gateway named "nope"/);
  });

  test('Network Watcher next hop through the client', async () => {
    const nic = expected.networkInterfaces![0]!.nic;
    const hop = await readNextHop(labSource(ep), { vmId: nic.virtualMachine!.id, location: nic.location, sourceIp: '10.10.1.4', destinationIp: '172.20.1.10' });
    assert.equal(hop?.nextHopType, 'VirtualNetworkGateway');
  });
});

describe('quirks of public Azure outputs', () => {
  test('origin Incomplete and unknown origins pass through verbatim (azure-cli#8543); sourcePeer null becomes ""', () => {
    // From the advertised-routes output in Azure/azure-cli#8543/#8544.
    const r = toGatewayRoute({ localAddress: '10.0.0.254', network: '10.0.0.0/16', nextHop: '10.0.0.254', sourcePeer: null, origin: 'Incomplete', asPath: '', weight: 0 });
    assert.equal(r.origin, 'Incomplete');
    assert.equal(r.sourcePeer, '');
    assert.equal(toGatewayRoute({ origin: 'ebgp' }).origin, 'EBgp', 'known values get their canonical spelling');
    assert.equal(toGatewayRoute({ origin: 'SomethingNew' }).origin, 'SomethingNew');
  });

  test('connectedDuration with 7 fraction digits is kept as Azure printed it', () => {
    assert.equal(toBgpPeer({ connectedDuration: '3.03:14:13.1796961', state: 'Connected' }).connectedDuration, '3.03:14:13.1796961');
  });

  test('an Incomplete origin survives the wire: endpoint -> SDK -> client', async () => {
    const snap = buildSnapshot({ gatewaysPerResourceGroup: 1 });
    snap.gateways[0]!.learnedRoutes = [{ ...route('10.99.0.0/16', '203.0.113.1'), origin: 'Incomplete' }];
    const ep = await startLab(snap);
    try {
      const learned = await labSource(ep).getLearnedRoutes(snap.gateways[0]!.gateway.id);
      assert.equal(learned[0]!.origin, 'Incomplete');
    } finally {
      await ep.close();
    }
  });

  test('learned routes without a status field (azure-rest-api-specs#34019) still arrive', async () => {
    const snap = buildSnapshot({ gatewaysPerResourceGroup: 1 });
    const ep = await startLab(snap, { learnedRoutesWithoutStatus: { emptyResults: 1 } });
    try {
      const learned = await labSource(ep).getLearnedRoutes(snap.gateways[0]!.gateway.id);
      assert.deepEqual(learned, snap.gateways[0]!.learnedRoutes);
    } finally {
      await ep.close();
    }
  });
});

describe('the snapshot schema carries the route path', () => {
  test('a lab snapshot and an Azure read with problems validate against schemas/snapshot.schema.json', async () => {
    const { parseSnapshotJson } = await import('../../../src/diagnostics/snapshotFile');
    const lab = coexLab();
    try {
      const snap = lab.snapshot();
      snap.readProblems = [{ resource: snap.networkInterfaces![0]!.nic.id, part: 'effectiveRoutes', message: 'no access (403)', status: 403 }];
      const back = parseSnapshotJson(JSON.stringify(snap), 'lab.json');
      assert.deepEqual(back.networkInterfaces, snap.networkInterfaces);
      assert.deepEqual(back.expressRouteCircuits, snap.expressRouteCircuits);
      assert.deepEqual(back.readProblems, snap.readProblems);
    } finally {
      await lab.dispose();
    }
  });
});
