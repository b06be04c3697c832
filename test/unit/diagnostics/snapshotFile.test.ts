import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSnapshotJson, SnapshotFileError } from '../../../src/diagnostics/snapshotFile';
import { serializeSnapshot, SNAPSHOT_SCHEMA_ID } from '../../../src/diagnostics/snapshotFormat';
import schema from '../../../schemas/snapshot.schema.json';
import { reportMarkdown } from '../../../src/diagnostics/report';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { breakCoexistence, coexistenceSnapshot } from './fixtures';

test('a saved snapshot round-trips and diagnoses the same', () => {
  const snap = breakCoexistence(coexistenceSnapshot(), true);
  const back = parseSnapshotJson(serializeSnapshot(snap), 'x.json');
  assert.deepEqual(diagnose(back), diagnose(snap));
});

test('invalid JSON names the file', () => {
  assert.throws(() => parseSnapshotJson('{"source": ', 'cust.json'), (e: unknown) => e instanceof SnapshotFileError && /^cust\.json: \$: not valid JSON/.test(e.message));
});

test('schema problems name the JSON path and what was expected', () => {
  const snap = coexistenceSnapshot() as unknown as Record<string, unknown>;
  const raw = JSON.parse(JSON.stringify(snap)) as { gateways: { bgpPeers: { state: string }[] }[]; connections: Record<string, unknown>[] };
  raw.gateways[0]!.bgpPeers[1]!.state = 'Up';
  delete raw.connections[0]!.virtualNetworkGateway1;
  try {
    parseSnapshotJson(JSON.stringify(raw), 'cust.json');
    assert.fail('should have thrown');
  } catch (e) {
    assert.ok(e instanceof SnapshotFileError);
    const text = e.issues.map((i) => `${i.path}: ${i.message}`);
    assert.ok(text.includes('$.gateways[0].bgpPeers[1].state: must be one of "Unknown", "Stopped", "Idle", "Connecting", "Connected" (got "Up")'), text.join('\n'));
    assert.ok(text.includes('$.connections[0]: missing required field "virtualNetworkGateway1"'), text.join('\n'));
  }
});

test('a file that is not a snapshot at all is refused with the missing top-level fields', () => {
  assert.throws(() => parseSnapshotJson('{"name": "coex", "topology": {}}', 'scenario.json'), /missing required field "gateways"/);
});

test('Markdown report holds the finding, its evidence table (pipes escaped) and linked actions', () => {
  const snap = breakCoexistence(coexistenceSnapshot(), true);
  const md = reportMarkdown(diagnose(snap), { subject: 'fixture', snapshot: snap });
  assert.match(md, /^# Gateway Lens diagnostics: fixture/);
  assert.match(md, /### ERROR: ER gateway er-gw lacks 2 prefix\(es\)/);
  assert.match(md, /\| 192\.168\.10\.0\/24 \| yes \| no \| no \|/);
  assert.match(md, /\(\[docs\]\(https:\/\/learn\.microsoft\.com\/en-us\/azure\/expressroute\/expressroute-howto-coexist-resource-manager\)\)/);
  assert.match(md, /> Gateway Lens's model: only the ExpressRoute gateway plumbs/);
});

test('saved files name the snapshot schema by its $id', () => {
  assert.equal(SNAPSHOT_SCHEMA_ID, schema.$id);
});
