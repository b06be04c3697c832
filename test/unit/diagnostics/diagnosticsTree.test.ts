import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../../src/diagnostics/diagnose';
import type { Finding } from '../../../src/diagnostics/finding';
import { buildGatewaysTree } from '../../../src/views/model/gatewaysTree';
import type { SourceInventory } from '../../../src/azure/inventory';
import type { NetworkSnapshot } from '../../../src/model/snapshot';
import { allFindings, buildDiagnosticsTree, findFindingNode, type DiagNode, type DiagnosticsState } from '../../../src/views/findings/findingsTree';
import { findResourceNode } from '../../../src/views/findings/revealTarget';
import { breakCoexistence, coexistenceSnapshot, ER_ID, gw, MSEE, S2S_ID, SITE_ID, VNET_ID, VPN_ID } from './fixtures';

const labels = (nodes: readonly DiagNode[]): string[] => nodes.map((n) => (n.kind === 'finding' ? n.finding.ruleId : n.kind === 'message' || n.kind === 'severity' || n.kind === 'resource' ? n.label : ''));
const ready = (findings: Finding[], source: 'lab' | 'azure' = 'lab'): DiagnosticsState => ({ kind: 'ready', subject: 'x', results: [{ source, subject: 'x', findings }] });

function findingNodes(roots: readonly DiagNode[]): DiagNode[] {
  const all: DiagNode[] = [];
  const walk = (ns: readonly DiagNode[]) => ns.forEach((n) => (n.kind === 'finding' ? all.push(n) : walk(n.children)));
  walk(roots);
  return all;
}

test('findings grouped by severity, then by the resource to look at', () => {
  const snap = breakCoexistence(coexistenceSnapshot(), true);
  delete gw(snap, VPN_ID).bgpPeers; // adds an info finding (not fetched)
  // Adds a warning (near the prefix limit): the idle ER<->VPN sessions are part of the coexistence error now.
  const mseePeer = gw(snap, ER_ID).bgpPeers!.find((p) => p.neighbor === MSEE[0])!;
  mseePeer.routesReceived = 3300;
  const findings = diagnose(snap);
  assert.ok(findings.some((f) => f.severity === 'warning'));
  const roots = buildDiagnosticsTree(ready(findings));
  assert.deepEqual(labels(roots), [
    `Errors (${findings.filter((f) => f.severity === 'error').length})`,
    `Warnings (${findings.filter((f) => f.severity === 'warning').length})`,
    `Information (${findings.filter((f) => f.severity === 'info').length})`,
  ]);
  const errorResources = roots[0]!.children;
  assert.equal(errorResources[0]!.kind === 'resource' && errorResources[0]!.resourceId, ER_ID);
  assert.equal(errorResources[0]!.kind === 'resource' && errorResources[0]!.description, undefined, 'one source: no source label');
  assert.deepEqual(labels(errorResources[0]!.children), ['coexistence-bgp-break']);
  // Every finding appears exactly once, with a parent chain for reveal().
  const all = findingNodes(roots);
  assert.equal(all.length, findings.length);
  const node = findFindingNode(roots, findings[0]!.id);
  assert.equal(node?.parent?.parent?.kind, 'severity');
  assert.equal(new Set(all.map((n) => n.id)).size, all.length, 'ids unique');
});

test('the same network read from the lab and from Azure: both shown, ids unique, each resource labelled with its source', () => {
  const findings = diagnose(breakCoexistence(coexistenceSnapshot()));
  const state: DiagnosticsState = {
    kind: 'ready',
    subject: 'lab and Azure',
    results: [
      { source: 'lab', subject: 'lab', findings },
      { source: 'azure', subject: 'Azure', findings },
    ],
  };
  const roots = buildDiagnosticsTree(state);
  const nodes = findingNodes(roots);
  assert.equal(nodes.length, 2 * findings.length);
  assert.equal(new Set(nodes.map((n) => n.id)).size, nodes.length, 'VS Code refuses duplicate tree item ids');
  assert.equal(allFindings(state).length, 2 * findings.length);
  const errors = roots.find((n) => n.kind === 'severity' && n.severity === 'error')!;
  assert.equal(errors.kind === 'severity' && errors.label, `Errors (${2 * findings.filter((f) => f.severity === 'error').length})`);
  assert.deepEqual(errors.children.map((n) => (n.kind === 'resource' ? `${n.label} ${n.description}` : n.kind)), ['er-gw lab', 'er-gw Azure']);
  const coex = findings.find((f) => f.ruleId === 'coexistence-bgp-break')!;
  const fromAzure = findFindingNode(roots, coex.id, 'azure');
  assert.ok(fromAzure?.kind === 'finding' && fromAzure.source === 'azure');
  assert.notEqual(fromAzure.id, findFindingNode(roots, coex.id, 'lab')?.id);
});

test('no data, failure and no findings are rows, never an empty tree', () => {
  assert.deepEqual(labels(buildDiagnosticsTree({ kind: 'noData', message: 'Start a lab scenario' })), ['Start a lab scenario']);
  const failed = buildDiagnosticsTree({ kind: 'failed', message: 'Diagnosis failed: x' });
  assert.equal(failed[0]!.kind === 'message' && failed[0]!.isError, true);
  assert.deepEqual(labels(buildDiagnosticsTree(ready(diagnose(coexistenceSnapshot())))), ['No findings']);
});

function inventory(sourceId: string, snap: NetworkSnapshot): SourceInventory {
  return {
    sourceId,
    label: sourceId,
    status: sourceId === 'lab' ? 'running' : 'connected',
    gateways: snap.gateways.map((g) => ({ gateway: g.gateway, ...(g.bgpPeers ? { peers: g.bgpPeers } : {}) })),
    connections: snap.connections,
  };
}

test('the Gateways view node revealed for a finding: its first shown resource, in the finding\'s own source', () => {
  const snap = coexistenceSnapshot();
  const roots = buildGatewaysTree([inventory('lab', snap), inventory('azure', snap)]);
  const er = findResourceNode(roots, [ER_ID, VPN_ID], 'lab');
  assert.ok(er?.ref.kind === 'gateway' && er.ref.gatewayId === ER_ID && er.ref.sourceId === 'lab');
  const erAzure = findResourceNode(roots, [ER_ID.toUpperCase()], 'azure');
  assert.ok(erAzure?.ref.kind === 'gateway' && erAzure.ref.sourceId === 'azure', 'case-insensitive, and from Azure');
  // Sites and VNets have no node: the connection of a site finding is revealed instead.
  const conn = findResourceNode(roots, [SITE_ID, VNET_ID, S2S_ID], 'lab');
  assert.ok(conn?.ref.kind === 'connection' && conn.ref.connectionId === S2S_ID);
  assert.equal(findResourceNode(roots, [SITE_ID, VNET_ID], 'lab'), undefined);
  assert.equal(findResourceNode(buildGatewaysTree([inventory('lab', snap)]), [ER_ID], 'azure'), undefined, 'signed out: nothing to reveal');
});
