// The Gateways tree of a coexistence lab (ER and VPN gateway pairs speaking BGP to each other and
// to a branch): peer rows with state and routes received, an ER<->VPN session going down and
// coming back, and what screen readers hear for each row. Real lab, real ARM endpoint and client.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { LabRuntime } from '../../../src/engine/labRuntime';
import { startLabArmDataSource, type LabArmDataSource } from '../../../src/azure/labArmDataSource';
import { fetchSourceInventory, labPeerNames } from '../../../src/azure/inventory';
import { buildGatewaysTree } from '../../../src/views/model/gatewaysTree';
import { buildConnectionsTree } from '../../../src/views/model/connectionsTree';
import { accessibilityLabel, findNode, type TreeNode } from '../../../src/views/model/treeNode';
import { ContextValue } from '../../../src/views/contextValues';
import { networkResourceId } from '../../../src/model/resourceIds';

const scenarioFile = join(__dirname, '..', '..', '..', 'scenarios', 'coex-healthy.gwlab.json');
const erGw = networkResourceId('virtualNetworkGateways', 'er-gw');
const vpnGw = networkResourceId('virtualNetworkGateways', 'vpn-gw');

function peers(roots: readonly TreeNode[], gatewayId: string): TreeNode[] {
  return findNode(roots, `${gatewayId}#peers`)?.children ?? [];
}

describe('Gateways tree of a coexistence lab: BGP peers', () => {
  let lab: LabRuntime;
  let arm: LabArmDataSource;
  const tree = async (): Promise<TreeNode[]> => {
    const snapshot = lab.snapshot();
    const inv = await fetchSourceInventory(
      { sourceId: 'lab', label: 'Lab', status: 'paused', lab: snapshot.lab, peerNames: labPeerNames(snapshot) },
      arm.dataSource,
    );
    return buildGatewaysTree([inv]);
  };
  const runTo = (seconds: number): void => {
    while (lab.timeSeconds < seconds && !lab.finished) lab.step();
  };

  before(async () => {
    lab = await LabRuntime.create(await loadScenario(scenarioFile), { speed: 600, paused: true });
    arm = await startLabArmDataSource(() => lab.snapshot(), { client: { inventoryCacheMs: 0 } });
    runTo(120);
  });
  after(async () => {
    lab.dispose();
    await arm.close();
  });

  it('lists each gateway\'s BGP peers with scenario names, state and routes received', async () => {
    const roots = await tree();
    const vpnPeers = peers(roots, vpnGw);
    const branch = vpnPeers.find((p) => p.label.startsWith('branch-paris '));
    assert.ok(branch, `branch peer under vpn-gw; got ${vpnPeers.map((p) => p.label).join(', ')}`);
    assert.match(branch.description ?? '', /^Connected · \d+ routes? received · from 10\.10\.255\.\d+$/);
    assert.equal(branch.contextValue, ContextValue.labBgpPeer);
    assert.deepEqual(branch.ref, { kind: 'bgpPeer', sourceId: 'lab', gatewayId: vpnGw, gatewayName: 'vpn-gw', neighbor: branch.ref.kind === 'bgpPeer' ? branch.ref.neighbor : '', peerName: 'branch-paris' });
    const erPeers = peers(roots, erGw);
    assert.ok(erPeers.some((p) => p.label.startsWith('vpn-gw ')), 'ER gateway peers with the VPN gateway');
    assert.ok(erPeers.every((p) => /^Connected · /.test(p.description ?? '')), erPeers.map((p) => p.description).join('\n'));
    assert.match(findNode(roots, `${erGw}#peers`)?.description ?? '', /^(\d+)\/\1 connected$/);
    assert.match(branch.tooltip ?? '', /State: \*\*Connected\*\*/);
    assert.match(branch.tooltip ?? '', /routes received/);
  });

  it('gives each lab row its kind: ExpressRoute and VPN gateways and connections differ, every circuit peer is named', async () => {
    const roots = await tree();
    assert.equal(findNode(roots, erGw)?.contextValue, ContextValue.labErGateway);
    assert.equal(findNode(roots, vpnGw)?.contextValue, ContextValue.labVpnGateway);
    const connections = [...(findNode(roots, `${erGw}#connections`)?.children ?? []), ...(findNode(roots, `${vpnGw}#connections`)?.children ?? [])];
    const er = connections.filter((c) => c.ref.kind === 'connection' && /ExpressRoute/.test(c.description ?? ''));
    const vpn = connections.filter((c) => !er.includes(c));
    assert.ok(er.length > 0 && vpn.length > 0, connections.map((c) => c.description).join(', '));
    for (const c of er) assert.equal(c.contextValue, ContextValue.labErConnection, c.id);
    for (const c of vpn) assert.equal(c.contextValue, ContextValue.labVpnConnection, c.id);
    for (const p of [...peers(roots, erGw), ...peers(roots, vpnGw)]) assert.equal(p.contextValue, ContextValue.labBgpPeer, p.label);
  });

  it('shows an ER<->VPN session going down on both sides and coming back after restore, under the same ids', async () => {
    const before = await tree();
    const beforeIds = [...peers(before, erGw), ...peers(before, vpnGw)].map((p) => p.id);
    lab.inject({ kind: 'bgpSessionDown', gateway: 'er-gw', peer: 'vpn-gw' });
    runTo(lab.timeSeconds + 5);
    const during = await tree();
    const erToVpn = peers(during, erGw).filter((p) => p.label.startsWith('vpn-gw '));
    assert.ok(erToVpn.length > 0);
    for (const p of erToVpn) {
      assert.doesNotMatch(p.description ?? '', /^Connected/, p.id);
      // State shows in the theme colour of the icon too (warning or error, never the passed green).
      assert.match(p.icon?.color ?? '', /^list\.(warning|error)Foreground$/, p.id);
    }
    assert.deepEqual(findNode(before, erGw)?.icon, { id: 'pass-filled', color: 'testing.iconPassed' });
    assert.equal(findNode(during, erGw)?.icon?.color, 'list.warningForeground');
    for (const p of peers(during, vpnGw).filter((x) => x.label.startsWith('er-gw '))) assert.doesNotMatch(p.description ?? '', /^Connected/, p.id);
    assert.match(findNode(during, erGw)?.description ?? '', /· degraded$/);
    // The branch session is untouched: only the ER<->VPN pair broke.
    assert.match(peers(during, vpnGw).find((p) => p.label.startsWith('branch-paris '))?.description ?? '', /^Connected/);
    lab.inject({ kind: 'restore', gateway: 'er-gw', peer: 'vpn-gw' });
    runTo(lab.timeSeconds + 120);
    const restored = await tree();
    for (const p of peers(restored, erGw)) assert.match(p.description ?? '', /^Connected/, p.id);
    assert.deepEqual([...peers(restored, erGw), ...peers(restored, vpnGw)].map((p) => p.id), beforeIds);
  });

  it('puts the last established time in each tunnel row', async () => {
    const roots = await tree();
    const tunnel = findNode(roots, `${vpnGw}#connections`)?.children[0]?.children[0];
    assert.ok(tunnel, 'a tunnel row under vpn-gw-to-paris');
    assert.match(tunnel.description ?? '', /^Connected · in .+ \/ out .+ · established \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
  });

  it('gives every row an accessibility label with its kind and state', async () => {
    const roots = await tree();
    const all: TreeNode[] = [];
    const walk = (nodes: readonly TreeNode[]): void => {
      for (const n of nodes) {
        all.push(n);
        walk(n.children);
      }
    };
    walk(roots);
    for (const n of all) {
      const label = accessibilityLabel(n);
      assert.ok(label.startsWith(n.label), label);
      assert.ok(!label.includes(' · '), `separators read as pauses: ${label}`);
    }
    const in0 = findNode(roots, `${vpnGw}#instances/IN_0`)!;
    assert.equal(accessibilityLabel(in0), 'IN_0, gateway instance, active, lease holder, serving');
    // Defect 8: an ExpressRoute gateway's instances are active/active (ARM's activeActive=false is a VPN setting).
    assert.match(accessibilityLabel(findNode(roots, erGw)!), /^er-gw, gateway, ExpressRoute, ErGw1AZ, active\/active, healthy$/);
  });

  it('labels the ExpressRoute gateway active/active and the VPN gateway by its activeActive flag', async () => {
    const roots = await tree();
    assert.equal(findNode(roots, erGw)?.description, 'ExpressRoute · ErGw1AZ · active/active · healthy');
    assert.match(findNode(roots, erGw)?.tooltip ?? '', /active\/active by default/);
    assert.equal(findNode(roots, vpnGw)?.description, 'VPN · VpnGw2AZ · active/passive · healthy');
  });

  it('says what is known of a healthy ExpressRoute connection with ARM status Unknown: its BGP sessions to the circuit', async () => {
    const roots = await tree();
    const folder = findNode(roots, `${erGw}#connections`);
    assert.equal(folder?.description, 'BGP 2/2 up to circuit er-circuit');
    const row = folder?.children[0];
    assert.match(row?.description ?? '', /^BGP 2\/2 up to circuit er-circuit · ExpressRoute/);
    assert.deepEqual(row?.icon, { id: 'plug', color: 'testing.iconPassed' });
    assert.match(row?.tooltip ?? '', /Status: \*\*Unknown\*\* \(ARM reports none for ExpressRoute connections\)/);
    const snapshot = lab.snapshot();
    const inv = await fetchSourceInventory({ sourceId: 'lab', label: 'Lab', status: 'paused', lab: snapshot.lab, peerNames: labPeerNames(snapshot) }, arm.dataSource);
    const group = buildConnectionsTree([inv], 'gateway').find((n) => n.label === 'er-gw');
    assert.equal(group?.description, 'BGP 2/2 up to circuit er-circuit', 'the Connections view, grouped by gateway');
    assert.equal(findNode(roots, `${vpnGw}#connections`)?.description, '1/1 connected');
    // The circuit sessions down: the same rows say so.
    lab.inject({ kind: 'bgpSessionDown', gateway: 'er-gw', peer: 'er-circuit' });
    runTo(lab.timeSeconds + 5);
    const during = await tree();
    assert.equal(findNode(during, `${erGw}#connections`)?.description, 'BGP 0/2 up to circuit er-circuit');
    assert.equal(findNode(during, `${erGw}#connections`)?.children[0]?.icon?.color, 'list.errorForeground');
    lab.inject({ kind: 'restore', gateway: 'er-gw', peer: 'er-circuit' });
    runTo(lab.timeSeconds + 120);
    assert.equal(findNode(await tree(), `${erGw}#connections`)?.description, 'BGP 2/2 up to circuit er-circuit');
  });
});
