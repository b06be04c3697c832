import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrKey, containsPrefix, idOf, idOverlaps, overlaps, PrefixMap, parsePrefix, prefixId, supernetKeys } from '../../../src/diagnostics/prefix';
import { tryParsePrefix } from '../../../src/model/prefix';

test('IPv4 fast path agrees with the shared routing parser (canonical text, host bits cleared)', () => {
  for (const t of ['10.1.0.0/16', '10.1.2.3/16', '0.0.0.0/0', '192.168.1.1/32', '010.1.0.0/16', '172.16.5.0/23']) {
    assert.equal(cidrKey(t), tryParsePrefix(t, { maskHostBits: true })?.text, t);
  }
  assert.equal(cidrKey('10.1.2.3/16'), '10.1.0.0/16');
});

test('invalid prefixes are undefined, not thrown', () => {
  for (const t of ['10.1.0.0/33', '300.1.0.0/16', '10.1.0.0', 'banana', '']) assert.equal(parsePrefix(t), undefined, t);
});

test('IPv6 goes through the shared parser', () => {
  assert.equal(cidrKey('2001:db8:0:0::1/32'), '2001:db8::/32');
  assert.ok(containsPrefix(parsePrefix('2001:db8::/32')!, parsePrefix('2001:db8:1::/48')!));
  assert.ok(!overlaps(parsePrefix('2001:db8::/32')!, parsePrefix('10.0.0.0/8')!));
});

test('containment, overlap and supernets', () => {
  const a = parsePrefix('10.0.0.0/16')!;
  const b = parsePrefix('10.0.5.0/24')!;
  assert.ok(containsPrefix(a, b));
  assert.ok(!containsPrefix(b, a));
  assert.ok(overlaps(b, a));
  assert.ok(!overlaps(a, parsePrefix('10.1.0.0/16')!));
  const sup = supernetKeys(b);
  assert.equal(sup.length, 24);
  assert.equal(sup[0], '10.0.4.0/23');
  assert.ok(sup.includes('10.0.0.0/16'));
  assert.equal(sup[23], '0.0.0.0/0');
});

test('prefixId: equal for equal prefixes, distinct otherwise, consistent with parsePrefix', () => {
  assert.equal(prefixId('10.1.2.3/16'), prefixId('10.1.0.0/16'));
  assert.notEqual(prefixId('10.1.0.0/16'), prefixId('10.1.0.0/17'));
  assert.notEqual(prefixId('10.1.0.0/16'), prefixId('10.2.0.0/16'));
  assert.equal(prefixId('255.255.255.255/32'), idOf(parsePrefix('255.255.255.255/32')!));
  assert.equal(prefixId('0.0.0.0/0'), 0);
  // Addresses with the top bit set go through signed 32-bit arithmetic in the fast parser.
  for (const t of ['192.168.1.7/24', '200.0.0.0/1', '128.0.0.1/31']) assert.equal(prefixId(t), idOf(parsePrefix(t)!), t);
  for (const bad of ['10.1.0.0/33', '256.1.0.0/16', '10.1.0/16', '10.1.0.0', '10.1.0.0/', '010.1.0.0/16', '10.1.0.0/16x', '']) {
    assert.equal(prefixId(bad), undefined, bad);
  }
  assert.equal(prefixId('2001:db8::1/32'), '2001:db8::/32');
});

test('idOverlaps agrees with overlaps on parsed prefixes', () => {
  const vnet = parsePrefix('10.0.0.0/16')!;
  for (const [t, want] of [['10.0.7.0/24', true], ['10.0.0.0/8', true], ['10.1.0.0/16', false], ['0.0.0.0/0', true], ['11.0.0.0/16', false]] as const) {
    assert.equal(idOverlaps(prefixId(t)!, t, vnet), want, t);
    assert.equal(overlaps(parsePrefix(t)!, vnet), want, t);
  }
  assert.equal(idOverlaps(prefixId('2001:db8::/32')!, '2001:db8::/32', vnet), false);
});

test('PrefixMap: equal prefixes share a key, first value wins, covering finds the longest shorter prefix', () => {
  const m = new PrefixMap<string>();
  assert.equal(m.setIfAbsent('10.0.0.0/8', 'a'), true);
  m.setIfAbsent('10.1.0.0/16', 'b');
  m.setIfAbsent('10.1.2.3/16', 'dup');
  m.setIfAbsent('255.255.255.255/32', 'top');
  m.setIfAbsent('2001:db8::/32', 'v6');
  assert.equal(m.setIfAbsent('banana', 'x'), false);
  assert.equal(m.size, 4);
  assert.equal(m.get('10.1.9.9/16'), 'b');
  assert.equal(m.get('255.255.255.255/32'), 'top');
  assert.equal(m.get('10.2.0.0/16'), undefined);
  assert.equal(m.covering('10.1.5.0/24'), 'b');
  assert.equal(m.covering('10.2.5.0/24'), 'a');
  assert.equal(m.covering('10.1.0.0/16'), 'a', 'strictly shorter');
  assert.equal(m.covering('11.0.0.0/24'), undefined);
  assert.equal(m.get('2001:db8:0::1/32'), 'v6');
  assert.equal(m.covering('2001:db8:5::/48'), 'v6');
  assert.equal(m.has('010.1.0.0/16'), false);
});
