// The BGP table's age label for Azure tables: none while fresh, then how long ago Azure answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultAge } from '../../../src/webviews/apps/bgpTable/resultAge';

test('no label under 5 s, then seconds and minutes since Azure answered', () => {
  const at = Date.parse('2026-11-24T20:00:00.000Z');
  const iso = new Date(at).toISOString();
  assert.equal(resultAge(iso, at + 4_999), undefined);
  assert.equal(resultAge(iso, at + 5_000), 'read 5 s ago');
  assert.equal(resultAge(iso, at + 150_000), 'read 2 min ago');
  assert.equal(resultAge('not a time', at), undefined);
});
