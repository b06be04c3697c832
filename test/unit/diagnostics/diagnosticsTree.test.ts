import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { buildDiagnosticsTree, findFindingNode, type DiagNode } from '../../../src/views/diagnostics/diagnosticsTree';
import { breakCoexistence, coexistenceSnapshot, ER_ID, gw, VPN_ID } from './fixtures';

const labels = (nodes: readonly DiagNode[]): string[] => nodes.map((n) => (n.kind === 'finding' ? n.finding.ruleId : n.kind === 'message' || n.kind === 'severity' || n.kind === 'resource' ? n.label : ''));

test('findings grouped by severity, then by the resource to look at', () => {
  const snap = breakCoexistence(coexistenceSnapshot(), true);
  delete gw(snap, VPN_ID).bgpPeers; // adds an info finding (not fetched)
  const findings = diagnose(snap);
  const roots = buildDiagnosticsTree({ kind: 'ready', subject: 'x', findings });
  assert.deepEqual(labels(roots), [
    `Errors (${findings.filter((f) => f.severity === 'error').length})`,
    `Warnings (${findings.filter((f) => f.severity === 'warning').length})`,
    `Information (${findings.filter((f) => f.severity === 'info').length})`,
  ]);
  const errorResources = roots[0]!.children;
  assert.equal(errorResources[0]!.kind === 'resource' && errorResources[0]!.resourceId, ER_ID);
  assert.deepEqual(labels(errorResources[0]!.children), ['coexistence-bgp-break']);
  // Every finding appears exactly once, with a parent chain for reveal().
  const all: DiagNode[] = [];
  const walk = (ns: readonly DiagNode[]) => ns.forEach((n) => (n.kind === 'finding' ? all.push(n) : walk(n.children)));
  walk(roots);
  assert.equal(all.length, findings.length);
  const node = findFindingNode(roots, findings[0]!.id);
  assert.equal(node?.parent?.parent?.kind, 'severity');
  assert.equal(new Set(all.map((n) => n.id)).size, all.length, 'ids unique');
});

test('no data, failure and no findings are rows, never an empty tree', () => {
  assert.deepEqual(labels(buildDiagnosticsTree({ kind: 'noData', message: 'Start a lab scenario' })), ['Start a lab scenario']);
  const failed = buildDiagnosticsTree({ kind: 'failed', message: 'Diagnosis failed: x' });
  assert.equal(failed[0]!.kind === 'message' && failed[0]!.isError, true);
  assert.deepEqual(labels(buildDiagnosticsTree({ kind: 'ready', subject: 's', findings: diagnose(coexistenceSnapshot()) })), ['No findings']);
});
