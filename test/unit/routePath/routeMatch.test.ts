// The tracer's indexed lookups (hash index on network and length) give the same answers as a plain
// scan of every row with matchLength, on random tables: longest accepted match (ties keep the
// first row), every row containing an address, and the rows with one exact prefix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allContainingIndexed, longestMatch, longestMatchIndexed, matchLength, rowsWithPrefixIndexed, toAddress } from '../../../src/routePath/routeMatch';

interface Row {
  prefixes: string[];
  ok: boolean;
}

// Few distinct networks so that equal prefixes, nested prefixes and ties are common.
const octet = fc.constantFrom(0, 10, 128, 255);
const v4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const prefix = fc.oneof(
  fc.tuple(v4, fc.constantFrom(0, 1, 8, 16, 17, 24, 31, 32)).map(([a, l]) => `${a}/${l}`),
  fc.constantFrom('fd00::/8', '10.0.0.300/24', 'junk'),
);
const row = fc.record({ prefixes: fc.array(prefix, { minLength: 1, maxLength: 2 }), ok: fc.boolean() });

test('indexed lookups equal a scan of every row (random tables and addresses)', () => {
  fc.assert(
    fc.property(fc.array(row, { maxLength: 40 }), v4, (rows: Row[], addressText) => {
      const address = toAddress(addressText);
      const fresh = (): Row[] => [...rows]; // a new array: a new index each time
      const indexed = longestMatchIndexed(fresh(), address, (r) => r.prefixes, (r) => r.ok);
      const scanned = longestMatch(rows, address, (r) => r.prefixes, (r) => r.ok);
      assert.equal(indexed?.row, scanned?.row);
      assert.equal(indexed?.length, scanned?.length);
      assert.equal(indexed?.prefix, scanned?.prefix);
      const containing = rows.filter((r) => r.prefixes.some((p) => matchLength(p, address) >= 0));
      assert.deepEqual(allContainingIndexed(fresh(), address, (r) => r.prefixes), containing);
      for (const p of new Set(rows.flatMap((r) => r.prefixes))) {
        assert.deepEqual(rowsWithPrefixIndexed(fresh(), p, (r) => r.prefixes), rows.filter((r) => r.prefixes.includes(p)), p);
      }
    }),
    { numRuns: 300 },
  );
});

test('one table indexed once answers many addresses (the index is reused, not rebuilt stale)', () => {
  const rows = [{ n: '10.0.0.0/8' }, { n: '10.1.0.0/16' }, { n: '10.1.2.0/24' }, { n: '0.0.0.0/0' }];
  const ps = (r: { n: string }): string[] => [r.n];
  assert.equal(longestMatchIndexed(rows, toAddress('10.1.2.3'), ps, () => true)?.prefix, '10.1.2.0/24');
  assert.equal(longestMatchIndexed(rows, toAddress('10.1.9.9'), ps, () => true)?.prefix, '10.1.0.0/16');
  assert.equal(longestMatchIndexed(rows, toAddress('10.1.2.3'), ps, (r) => r.n !== '10.1.2.0/24')?.prefix, '10.1.0.0/16');
  assert.equal(longestMatchIndexed(rows, toAddress('192.0.2.1'), ps, () => true)?.prefix, '0.0.0.0/0');
  assert.deepEqual(allContainingIndexed(rows, toAddress('10.1.2.3'), ps).map((r) => r.n), ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '0.0.0.0/0']);
});
