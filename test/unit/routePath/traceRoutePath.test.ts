// The route path tracer on lab snapshots (the bundled scenarios and variations of them) and on
// Azure-shaped data (no lab state, parts not read), plus the gateway-lab path command.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLab } from '../../../src/engine/createLab';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { parseScenario } from '../../../src/engine/scenario/validateScenario';
import { compareNextHop, traceRoutePath } from '../../../src/routePath/traceRoutePath';
import type { NetworkSnapshot } from '../../../src/model/snapshot';
import { cli } from '../cli/cliHarness';

const scenarioFile = (name: string): string => join(__dirname, '../../../scenarios', `${name}.gwlab.json`);

async function snapshotAt(name: string, at: number): Promise<NetworkSnapshot> {
  const lab = createLab(await loadScenario(scenarioFile(name)), { recordEvents: false });
  lab.runUntil(at);
  return lab.snapshot();
}

function variant(name: string, edit: (raw: { topology: Record<string, unknown> & { virtualNetwork: { subnets: { name: string; routes?: unknown[] }[] }; circuits: Record<string, unknown>[] } }) => void, at: number): NetworkSnapshot {
  const raw = JSON.parse(readFileSync(scenarioFile(name), 'utf8'));
  edit(raw);
  const lab = createLab(parseScenario(JSON.stringify(raw), `${name}-variant.gwlab.json`), { recordEvents: false });
  lab.runUntil(at);
  return lab.snapshot();
}

describe('traceRoutePath on lab snapshots', () => {
  test('healthy coexistence, to a branch: NIC route -> ER plumbing -> VPN gateway -> learned from the site -> tunnel -> site; return advertised', async () => {
    const r = traceRoutePath(await snapshotAt('coex-healthy', 120), '10.10.1.4', '192.168.10.20');
    assert.equal(r.delivered, true);
    assert.equal(r.firstBroken, null);
    assert.deepEqual(r.hops.map((h) => [h.kind, h.name, h.status]), [
      ['source', 'vm-10-10-1-4-nic', 'ok'],
      ['nsg', 'NSG outbound at NIC vm-10-10-1-4-nic', 'ok'],
      ['effectiveRoute', 'NIC vm-10-10-1-4-nic', 'ok'],
      ['plumbing', 'er-gw', 'ok'],
      ['gateway', 'vpn-gw', 'ok'],
      ['learnedRoute', 'vpn-gw', 'ok'],
      ['connection', 'vpn-gw-to-paris', 'ok'],
      ['site', 'branch-paris', 'ok'],
    ]);
    assert.match(r.hops[2]!.rule!, /longest prefix match: 192\.168\.10\.0\/24/);
    assert.deepEqual(r.hops[5]!.evidence[0]!.rows[0]!.slice(3, 6), ['192.168.255.1', 'EBgp', '65010']);
    assert.equal(r.returnDelivered, true);
    assert.deepEqual(r.returnHops.map((h) => [h.kind, h.status]), [['advertisedRoute', 'ok']]);
    assert.ok(r.notes.some((n) => /Product model/.test(n)), 'the plumbing model is labelled');
  });

  test('healthy coexistence, to the datacenter: ER gateway -> learned from the MSEE -> circuit with both paths', async () => {
    const r = traceRoutePath(await snapshotAt('coex-healthy', 120), '10.10.1.4', '172.20.1.10');
    assert.equal(r.delivered, true);
    assert.deepEqual(r.hops.map((h) => h.kind), ['source', 'nsg', 'effectiveRoute', 'gateway', 'learnedRoute', 'connection', 'circuit']);
    assert.match(r.hops[4]!.summary, /from 172\.31\.0\.2 \(EBgp, AS path 12076-65020\)/);
    assert.deepEqual(r.hops[6]!.evidence.map((e) => e.qualifier), ['primary', 'secondary']);
    assert.equal(r.returnHops[0]!.kind, 'circuitReturn');
    assert.equal(r.returnDelivered, true);
  });

  test('the coexistence break: the first broken hop is the ER gateway\'s learned routes, with the UDR named in the fix', async () => {
    const r = traceRoutePath(await snapshotAt('coex-udr-trigger', 270), '10.10.1.4', '192.168.10.20');
    assert.equal(r.delivered, false);
    assert.equal(r.firstBroken, 3);
    const root = r.hops[3]!;
    assert.deepEqual([root.kind, root.name, root.status], ['plumbing', 'er-gw', 'broken']);
    assert.match(root.fix!, /UDR "all-vnet-to-nva" \(10\.10\.0\.0\/16 -> VirtualAppliance 10\.10\.1\.250\) on GatewaySubnet/);
    assert.equal(r.hops[2]!.status, 'broken');
    assert.equal(r.hops[2]!.consequenceOf, 3, 'the missing NIC route is a consequence');
    assert.ok(r.hops.slice(4).every((h) => h.status === 'ok'), 'the VPN side is healthy: the tunnel is Connected');
    assert.match(r.verdict, /first broken hop #3 \(plumbing er-gw\)/);
  });

  test('a session break between the gateways (no UDR): the fix points at BGP between them', async () => {
    const r = traceRoutePath(await snapshotAt('coex-er-vpn-session-down', 180), '10.10.1.4', '192.168.10.20');
    assert.equal(r.firstBroken, 3);
    assert.match(r.hops[3]!.fix!, /Restore BGP between er-gw and vpn-gw/);
  });

  test('unplanned failover: the connection hop is broken while no instance serves', async () => {
    const r = traceRoutePath(await snapshotAt('ap-unplanned-crash', 125), '10.10.1.4', '192.168.10.20');
    const hop = r.hops[r.firstBroken!]!;
    assert.equal(hop.kind, 'connection');
    assert.match(hop.summary, /no instance of vpn-gw is serving/);
    assert.deepEqual(r.returnHops.map((h) => h.status), ['unknown'], 'a static site: the return path is not visible in Azure');
    assert.equal(r.returnDelivered, null);
  });

  test('a user route wins over the gateway route for an equal prefix, and is named as the fix', () => {
    const snap = variant('coex-healthy', (raw) => {
      raw.topology.virtualNetwork.subnets[1]!.routes = [{ name: 'blackhole', addressPrefix: '192.168.10.0/24', nextHopType: 'None' }];
    }, 120);
    const r = traceRoutePath(snap, '10.10.1.4', '192.168.10.20');
    assert.equal(r.firstBroken, 2);
    assert.match(r.hops[2]!.rule!, /equal prefix: user route > BGP > system \(VirtualNetworkGateway Invalid\)/);
    assert.match(r.hops[2]!.fix!, /User route "blackhole"/);
  });

  test('one ER path withholding a prefix: delivered over the other, with a redundancy warning', () => {
    const snap = variant('coex-healthy', (raw) => {
      raw.topology.circuits[0] = { ...raw.topology.circuits[0], paths: { secondary: { withheldPrefixes: ['172.20.0.0/16'] } } };
    }, 120);
    const r = traceRoutePath(snap, '10.10.1.4', '172.20.1.10');
    assert.equal(r.delivered, true);
    const circuit = r.hops.find((h) => h.kind === 'circuit')!;
    assert.match(circuit.summary, /primary path carries/);
    assert.deepEqual(circuit.warnings, ['the secondary path does not carry a route to 172.20.1.10: no redundancy']);
  });

  test('inside the VNet: delivered by the VNet system route; outside every VNet: the source hop is broken', async () => {
    const snap = await snapshotAt('coex-healthy', 60);
    const local = traceRoutePath(snap, '10.10.1.4', '10.10.1.77');
    assert.equal(local.delivered, true);
    assert.deepEqual(local.hops.map((h) => h.kind), ['source', 'nsg', 'effectiveRoute', 'vnet']);
    const outside = traceRoutePath(snap, '172.30.0.1', '192.168.10.20');
    assert.equal(outside.firstBroken, 0);
    assert.match(outside.hops[0]!.fix!, /hub-vnet 10\.10\.0\.0\/16/);
    const nobody = traceRoutePath(snap, '10.10.1.4', '192.168.77.7');
    assert.equal(nobody.delivered, false);
    assert.match(nobody.hops[2]!.fix!, /Nothing in the snapshot owns 192\.168\.77\.7/);
  });

  test('any address in a subnet works as a source (its subnet\'s NIC routes)', async () => {
    const r = traceRoutePath(await snapshotAt('coex-healthy', 120), '10.10.1.99', '192.168.10.20');
    assert.equal(r.delivered, true);
    assert.match(r.hops[1]!.name, /same subnet/);
  });
});

describe('traceRoutePath on Azure-shaped data', () => {
  test('without lab state the connection status decides; parts not read are unknown, not broken', async () => {
    const snap = await snapshotAt('coex-healthy', 120);
    delete snap.lab;
    snap.source = 'azure';
    assert.equal(traceRoutePath(snap, '10.10.1.4', '192.168.10.20').delivered, true);
    for (const n of snap.networkInterfaces!) delete n.effectiveRoutes;
    delete snap.effectiveRoutes;
    const r = traceRoutePath(snap, '10.10.1.4', '192.168.10.20');
    assert.equal(r.delivered, false);
    assert.equal(r.firstBroken, null);
    assert.equal(r.hops[2]!.status, 'unknown');
    assert.match(r.verdict, /^cannot tell/);
  });

  test('Network Watcher next hop: agreement and disagreement are said', async () => {
    const r = traceRoutePath(await snapshotAt('coex-healthy', 120), '10.10.1.4', '192.168.10.20');
    assert.deepEqual(compareNextHop(r, { nextHopType: 'VirtualNetworkGateway', nextHopIpAddress: '10.10.255.4' }).agrees, true);
    const d = compareNextHop(r, { nextHopType: 'None', nextHopIpAddress: '' });
    assert.equal(d.agrees, false);
    assert.match(d.message, /Network Watcher disagrees: it says None/);
  });
});

describe('gateway-lab path', () => {
  test('prints the hops and exits 1 with the first broken hop and its fix', async () => {
    const { code, out } = await cli('path', 'coex-udr-trigger', '--at', '4m30s', '--from', '10.10.1.4', '--to', '192.168.10.20');
    assert.equal(code, 1);
    assert.match(out, /plumbing\s+er-gw \(the ExpressRoute gateway\) does not learn 192\.168\.10\.0\/24.*<== first broken hop/);
    assert.match(out, /fix: Remove or narrow UDR "all-vnet-to-nva"/);
  });

  test('--json holds delivered, hops, returnHops and firstBroken; exit 0 when delivered', async () => {
    const { code, out } = await cli('path', 'coex-healthy', '--at', '2m', '--from', '10.10.1.4', '--to', '172.20.1.10', '--json');
    assert.equal(code, 0);
    const r = JSON.parse(out) as { delivered: boolean; hops: { status: string; kind: string; id: string; name: string; evidence: unknown[] }[]; returnHops: unknown[]; firstBroken: number | null };
    assert.equal(r.delivered, true);
    assert.equal(r.firstBroken, null);
    assert.ok(r.hops.every((h) => h.status === 'ok' && typeof h.id === 'string' && typeof h.name === 'string' && Array.isArray(h.evidence)));
    assert.equal(r.returnHops.length, 1);
  });

  test('bad input is exit 2 with what was wrong', async () => {
    assert.equal((await cli('path', 'coex-healthy', '--at', '2m', '--from', '10.10.1.4')).code, 2);
    const bad = await cli('path', 'coex-healthy', '--at', '2m', '--from', '10.10.1.400', '--to', '1.2.3.4');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--from: "10\.10\.1\.400" is not an IPv4 or IPv6 address/);
    assert.equal((await cli('path', '--snapshot', 'x.json', '--at', '1m', '--from', '10.10.1.4', '--to', '1.2.3.4')).code, 2);
  });
});

describe('routePathMarkdown (the Trace Route Path document)', () => {
  test('the verdict, the first broken hop with its fix, evidence tables, markup escaped', async () => {
    const { routePathMarkdown } = await import('../../../src/routePath/routePathMarkdown');
    const r = traceRoutePath(await snapshotAt('coex-udr-trigger', 270), '10.10.1.4', '192.168.10.20');
    const text = routePathMarkdown(r);
    assert.match(text, /^# Route path 10\.10\.1\.4 → 192\.168\.10\.20/);
    assert.match(text, /### 3\. ✖ broken · plumbing · er-gw — \*\*first broken hop\*\*/);
    assert.match(text, /\*\*Fix:\*\* Remove or narrow UDR "all-vnet-to-nva" \\\(10\.10\.0\.0\/16/);
    assert.match(text, /\| local \| neighbor \| ASN \| state \|/);
    assert.ok(!/(^|[^\\])<img/.test(routePathMarkdown({ ...r, from: '<img src=x>' })), 'markup is escaped');
  });
});
