import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { jsonErrorOffset, jsonNestingOffset, lineColumn } from '../../../src/model/jsonText';
import { parseSnapshotJson, readSnapshotFile, SnapshotFileError } from '../../../src/diagnostics/snapshotFile';
import { serializeSnapshot, SNAPSHOT_SCHEMA_ID } from '../../../src/diagnostics/snapshotFormat';
import schema from '../../../schemas/snapshot.schema.json';
import { reportMarkdown } from '../../../src/diagnostics/report';
import { diagnose } from '../../../src/diagnostics/diagnose';
import { breakCoexistence, coexistenceSnapshot, VPN_ID } from './fixtures';

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

test('Markdown report lists the gateways by kind and mode: the ExpressRoute gateway is active/active, not what ARM\'s VPN flag says', () => {
  const snap = coexistenceSnapshot();
  const er = snap.gateways.find((g) => g.gateway.gatewayType === 'ExpressRoute')!.gateway;
  assert.equal(er.activeActive, false, 'ARM reports activeActive false for the ExpressRoute gateway');
  const md = reportMarkdown(diagnose(snap), { subject: 'fixture', snapshot: snap });
  assert.match(md, new RegExp(`^- ${er.name}: ExpressRoute · ${er.sku.name} · active/active \\(ExpressRoute gateway instances are active/active by default`, 'm'));
  for (const g of snap.gateways.filter((x) => x.gateway.gatewayType === 'Vpn')) {
    assert.match(md, new RegExp(`^- ${g.gateway.name}: VPN · ${g.gateway.sku.name} · ${g.gateway.activeActive ? 'active/active' : 'active/passive'}$`, 'm'));
  }
});

test('saved files name the snapshot schema by its $id', () => {
  assert.equal(SNAPSHOT_SCHEMA_ID, schema.$id);
});

/** The single problem reported for `text`, as "path: message". */
function problem(text: string): string {
  try {
    parseSnapshotJson(text, 'cust.json');
  } catch (e) {
    assert.ok(e instanceof SnapshotFileError, String(e));
    assert.equal(e.issues.length, 1, e.message);
    assert.equal(e.issues[0]!.file, 'cust.json');
    return `${e.issues[0]!.path}: ${e.issues[0]!.message}`;
  }
  return assert.fail(`accepted: ${text.slice(0, 60)}`);
}

const valid = (): Record<string, unknown> => JSON.parse(serializeSnapshot(coexistenceSnapshot())) as Record<string, unknown>;

test('malformed snapshot text: each case says where and what was expected', () => {
  assert.match(problem(''), /^\$: the file is empty; expected a JSON object with source, takenAt, gateways/);
  assert.match(problem(' \n\t'), /^\$: the file is empty/);
  assert.match(problem('[]'), /^\$: expected a JSON object .*, got an array$/);
  assert.match(problem('null'), /got null$/);
  assert.match(problem('"snapshot"'), /got a string$/);
  assert.match(problem('42'), /got a number$/);
  const text = serializeSnapshot(coexistenceSnapshot());
  assert.match(problem(text.slice(0, 200)), /^\$: not valid JSON: the file ends early \(truncated\?\) after 200 characters$/);
  assert.match(problem(`${text}{}`), new RegExp(`^\\$: not valid JSON at line ${text.split('\n').length}, column 1: Unexpected non-whitespace character after JSON$`));
  assert.match(problem('{\n  "source": "azure",\n  "takenAt": x\n}'), /^\$: not valid JSON at line 3, column 14: Unexpected token/);
  assert.match(problem("{'source': 'azure'}"), /^\$: not valid JSON at line 1, column 2/);
});

test('deeply nested snapshot JSON: the file, line and column and the limit, not a stack overflow', () => {
  const deep = `{"source": "azure",\n "gateways": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
  assert.equal(problem(deep), '$: JSON nested too deeply at line 2, column 113: more than 100 levels of objects and arrays');
  assert.equal(problem(deep.slice(0, -2)), '$: JSON nested too deeply at line 2, column 113: more than 100 levels of objects and arrays');
  assert.throws(() => parseSnapshotJson(deep, 'cust.json'), (e: unknown) => e instanceof SnapshotFileError && e.message.startsWith('cust.json: $: JSON nested too deeply'));
});

test('jsonNestingOffset counts brackets outside strings only', () => {
  // Brackets and escaped quotes inside strings do not count.
  assert.equal(jsonNestingOffset(String.raw`[[["[[[[", "\\"]]]`, 3), undefined);
  assert.equal(jsonNestingOffset(String.raw`[[["\"[", [1]]]]`, 3), 10);
  assert.equal(jsonNestingOffset('{"a": {"b": [{}]}}', 4), undefined);
  assert.equal(jsonNestingOffset('{"a": {"b": [{}]}}', 3), 13);
});

test('a lab scenario passed as a snapshot is recognised and the right command named', () => {
  const scenario = readFileSync(join(__dirname, '..', '..', '..', 'scenarios', 'coex-healthy.gwlab.json'), 'utf8');
  assert.match(problem(scenario), /^\$: this is a lab scenario file, not a snapshot: run "gateway-lab diagnose cust\.json"/);
});

test('wrong values: bad date, wrong enum, wrong type, missing nested field; all paths listed', () => {
  const s = valid();
  s.takenAt = 'yesterday';
  assert.equal(problem(JSON.stringify(s)), '$.takenAt: must be an ISO 8601 date-time such as "2026-11-24T12:00:00Z" (got "yesterday")');
  s.takenAt = '2026-13-45T99:00:00Z';
  assert.match(problem(JSON.stringify(s)), /^\$\.takenAt: must be an ISO 8601 date-time/);
  const s2 = valid() as { source: string; gateways: { gateway: { bgpSettings: { asn: unknown } } }[] };
  s2.gateways[0]!.gateway.bgpSettings.asn = '65515';
  assert.equal(problem(JSON.stringify(s2)), '$.gateways[0].gateway.bgpSettings.asn: must be integer (got "65515")');
  const s3 = valid() as { localNetworkGateways: Record<string, unknown>[] };
  delete s3.localNetworkGateways[0]!.localNetworkAddressSpace;
  assert.equal(problem(JSON.stringify(s3)), '$.localNetworkGateways[0]: missing required field "localNetworkAddressSpace"');
});

test('a wholly wrong document lists at most 20 problems and says how many more', () => {
  const s = valid() as { gateways: Record<string, unknown>[] };
  const g = s.gateways[0]!;
  s.gateways = Array.from({ length: 30 }, () => ({ ...g, gateway: 'not an object' }));
  try {
    parseSnapshotJson(JSON.stringify(s), 'cust.json');
    assert.fail('accepted');
  } catch (e) {
    assert.ok(e instanceof SnapshotFileError);
    assert.equal(e.issues.length, 21);
    assert.match(e.issues[20]!.message, /^\.\.\. and 10 more problem\(s\)$/);
  }
});

test('every schema-valid variant of a snapshot with an optional field left out diagnoses without a rule failing', () => {
  // Delete each field of a full snapshot (lab state included) in turn: what the schema accepts, every rule must handle.
  const base = JSON.parse(serializeSnapshot(breakCoexistence(coexistenceSnapshot(), true))) as Record<string, unknown>;
  base.lab = {
    scenario: 's',
    timeSeconds: 10,
    gateways: [{ gatewayId: VPN_ID, mode: 'activePassive', leaseHolder: 'IN_0', instances: [{ name: 'IN_0', role: 'active', health: 'healthy', serving: true, holdsLease: true }] }],
    failovers: [{ gateway: 'vpn-gw', fromInstance: 'IN_0', toInstance: 'IN_1', faultAt: 1, takeoverAt: 2, trafficRestoredAt: null, gapSeconds: null }],
    bgpSessions: [{ gatewayId: VPN_ID, localAddress: '10.0.255.4', neighbor: '192.168.1.1', state: 'Idle', lastError: 'x' }],
  };
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, p: (string | number)[]): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        paths.push([...p, k]);
        walk(x, [...p, k]);
      }
    }
  };
  walk(base, []);
  let accepted = 0;
  for (const p of paths) {
    const copy = JSON.parse(JSON.stringify(base)) as Record<string | number, unknown>;
    let o = copy;
    for (const k of p.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
    delete o[p[p.length - 1]!];
    let snap;
    try {
      snap = parseSnapshotJson(JSON.stringify(copy), 'f.json');
    } catch (e) {
      assert.ok(e instanceof SnapshotFileError, `${p.join('.')}: ${String(e)}`);
      continue;
    }
    accepted++;
    assert.deepEqual(diagnose(snap).filter((f) => f.ruleId === 'rule-failed').map((f) => f.explanation), [], `without ${p.join('.')}`);
  }
  assert.ok(paths.length > 300 && accepted > 10, `${paths.length} fields, ${accepted} optional`);
});

test('snapshot files: UTF-8 with BOM and UTF-16 read; missing, directory, gzip and binary refused with the path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gwl-snapfile-'));
  const text = serializeSnapshot(coexistenceSnapshot());
  const write = (name: string, data: Buffer | string): string => {
    const f = join(dir, name);
    writeFileSync(f, data);
    return f;
  };
  const utf16be = Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
  for (const f of [write('bom.json', `\ufeff${text}`), write('utf16le.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), write('utf16be.json', utf16be)]) {
    assert.deepEqual(diagnose(await readSnapshotFile(f)), diagnose(coexistenceSnapshot()), f);
  }
  const refused = async (file: string, pattern: RegExp): Promise<void> => {
    await assert.rejects(readSnapshotFile(file), (e: unknown) => e instanceof SnapshotFileError && e.message.startsWith(`${file}: $: `) && pattern.test(e.message));
  };
  await refused(join(dir, 'nope.json'), /file not found$/);
  await refused(dir, /is a directory; expected a snapshot \*\.json file$/);
  await refused(write('snap.json.gz', gzipSync(text)), /the file is gzip-compressed, not JSON text/);
  await refused(write('snap.zip', Buffer.from([0x50, 0x4b, 3, 4, 0, 0])), /a zip archive/);
  await refused(write('snap.bin', Buffer.from([0x7b, 0, 0x7d])), /the file is binary/);
});

test('jsonErrorOffset agrees with JSON.parse wherever V8 reports a position', () => {
  const text = serializeSnapshot(breakCoexistence(coexistenceSnapshot()));
  let compared = 0;
  // One character replaced at 300 spread positions, by each of several troublemakers.
  for (let k = 0; k < 300; k++) {
    const at = Math.floor((k * text.length) / 300);
    for (const c of ['}', ',', 'x', '"', ':', ']', '\u0001']) {
      const bad = text.slice(0, at) + c + text.slice(at + 1);
      let message: string | undefined;
      try {
        JSON.parse(bad);
      } catch (e) {
        message = (e as Error).message;
      }
      if (message === undefined) continue;
      const offset = jsonErrorOffset(bad);
      assert.ok(offset >= 0 && offset <= bad.length);
      const m = /position (\d+)/.exec(message);
      if (m) {
        assert.equal(offset, Number(m[1]), `${JSON.stringify(c)} at ${at}: ${message}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 100, `${compared} positions compared`);
  assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
});
