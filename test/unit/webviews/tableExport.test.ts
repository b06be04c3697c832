import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvField, rowToTsv, rowsToCsv, rowsToJson } from '../../../src/webviews/bgpTable/tableExport';
import { writeFileAtomic } from '../../../src/webviews/bgpTable/atomicWrite';
import { COLUMNS } from '../../../src/webviews/protocol/bgpTableColumns';
import type { GatewayRoute } from '../../../src/model/arm';

const r = (network: string, asPath: string, weight = 0): GatewayRoute => ({
  localAddress: '10.0.0.4', network, nextHop: '192.168.1.1', sourcePeer: '192.168.1.1', origin: 'EBgp', asPath, weight,
});

describe('csvField', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '|calc']) {
      const out = csvField(evil);
      assert.ok(out.startsWith(`"'`), `${JSON.stringify(evil)} -> ${out}`);
    }
    assert.equal(csvField('=1,2'), `"'=1,2"`);
  });

  it('leaves real numbers, negative ones too, as numbers', () => {
    assert.equal(csvField(-5), '-5');
    assert.equal(csvField(32768), '32768');
    assert.equal(csvField(Number.NaN), '');
  });
});

describe('rowsToCsv / rowsToJson / rowToTsv', () => {
  const rows = [r('10.1.0.0/16', '65001'), r('10.2.0.0/16', '=cmd|"/c calc"!A0', 7), r('<b>x</b>', '65002')];

  it('writes a header and the rows in the requested order', () => {
    const csv = rowsToCsv(COLUMNS.learned, rows, [2, 0]);
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'Network,Next hop,Source peer,Origin,AS path,Weight,Local address');
    assert.equal(lines[1], '<b>x</b>,192.168.1.1,192.168.1.1,EBgp,65002,0,10.0.0.4');
    assert.equal(lines[2], '10.1.0.0/16,192.168.1.1,192.168.1.1,EBgp,65001,0,10.0.0.4');
    assert.equal(lines.length, 4);
    assert.equal(lines[3], '');
    assert.match(rowsToCsv(COLUMNS.learned, rows, [1]), /"'=cmd\|""\/c calc""!A0",7,/);
  });

  it('JSON carries metadata and exactly the columns, skipping unknown indices', () => {
    const meta = { gatewayId: '/x', gatewayName: 'gw', tab: 'learned', peer: '', exportedAt: '2026-01-01T00:00:00Z' };
    const parsed = JSON.parse(rowsToJson(meta, COLUMNS.learned, rows, [1, 99])) as { rows: Record<string, unknown>[]; gatewayName: string };
    assert.equal(parsed.gatewayName, 'gw');
    assert.equal(parsed.rows.length, 1);
    assert.deepEqual(Object.keys(parsed.rows[0]!), COLUMNS.learned.map((c) => c.key));
    assert.equal(parsed.rows[0]!.weight, 7);
  });

  it('copies a row as tab-separated cells without breaking the line', () => {
    assert.equal(rowToTsv(COLUMNS.learned, r('10.1.0.0/16', 'a\tb\nc')), '10.1.0.0/16\t192.168.1.1\t192.168.1.1\tEBgp\ta b c\t0\t10.0.0.4');
    assert.ok(rowToTsv(COLUMNS.learned, r('10.1.0.0/16', '=1+1')).includes("\t'=1+1\t"));
  });
});

describe('writeFileAtomic', () => {
  it('replaces the target in one step and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gwlens-export-'));
    try {
      const target = join(dir, 'routes.csv');
      await writeFileAtomic(target, 'first');
      await writeFileAtomic(target, 'second');
      assert.equal(readFileSync(target, 'utf8'), 'second');
      assert.deepEqual(readdirSync(dir), ['routes.csv']);
      await assert.rejects(writeFileAtomic(join(dir, 'missing', 'x.csv'), 'x'), /ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
