import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PrefixError,
  PrefixMap,
  cidrKey,
  idOf,
  idOverlaps,
  parseAddress,
  parseIpv4Prefix,
  parsePrefix,
  prefixContains,
  prefixesOverlap,
  prefixId,
  supernetKeys,
  tryParsePrefix,
  type Prefix,
} from '../../../src/model/prefix';
import { generatePrefixes } from '../../../src/engine/routing/generatedPrefixes';

test('IPv4 prefixes parse to canonical text and a numeric word', () => {
  const p = parsePrefix('10.1.0.0/16');
  assert.equal(p.family, 4);
  assert.equal(p.length, 16);
  assert.deepEqual(p.words, [0x0a010000]);
  assert.equal(p.text, '10.1.0.0/16');
  assert.equal(parsePrefix('0.0.0.0/0').text, '0.0.0.0/0');
  assert.equal(parsePrefix('255.255.255.255/32').words[0], 0xffffffff);
});

test('IPv6 prefixes are normalised to RFC 5952 text', () => {
  const p = parsePrefix('2001:0DB8:0000::/32');
  assert.equal(p.family, 6);
  assert.equal(p.text, '2001:db8::/32');
  assert.deepEqual(p.words, [0x20010db8, 0, 0, 0]);
});

test('host bits are refused with a suggestion, or masked on request', () => {
  assert.throws(() => parsePrefix('10.1.2.3/16'), (e: unknown) => e instanceof PrefixError && /did you mean "10.1.0.0\/16"/.test(e.message));
  assert.equal(parsePrefix('10.1.2.3/16', { maskHostBits: true }).text, '10.1.0.0/16');
});

test('bad prefixes get errors naming the value and the problem', () => {
  assert.throws(() => parsePrefix('10.1.0.0'), /"10.1.0.0" is not a prefix: expected address\/length/);
  assert.throws(() => parsePrefix('10.1.0.0/33'), /length "33" must be 0-32 for IPv4/);
  assert.throws(() => parsePrefix('10.256.0.0/16'), /"10.256.0.0" is not an IPv4 or IPv6 address/);
  assert.throws(() => parsePrefix('10/8'), /not an IPv4 or IPv6 address/);
  assert.throws(() => parsePrefix('::/129'), /must be 0-128 for IPv6/);
  assert.equal(tryParsePrefix('nonsense'), undefined);
  assert.throws(() => parseAddress('0x0a.1.1.1'), /not an IPv4 or IPv6 address/);
});

test('containment and overlap', () => {
  const vnet = parsePrefix('10.1.0.0/16');
  assert.ok(prefixContains(vnet, parsePrefix('10.1.5.0/24')));
  assert.ok(prefixContains(vnet, vnet));
  assert.ok(!prefixContains(parsePrefix('10.1.5.0/24'), vnet));
  assert.ok(prefixesOverlap(parsePrefix('10.0.0.0/8'), vnet));
  assert.ok(!prefixesOverlap(parsePrefix('10.2.0.0/16'), vnet));
  assert.ok(!prefixContains(parsePrefix('::/0'), vnet));
});

test('generated prefixes are consecutive blocks and reject impossible specs', () => {
  const ps = generatePrefixes({ count: 3, base: '10.128.255.0', length: 24 });
  assert.deepEqual(ps.map((p) => p.text), ['10.128.255.0/24', '10.129.0.0/24', '10.129.1.0/24']);
  const v6 = generatePrefixes({ count: 2, base: '2001:db8::', length: 48 });
  assert.deepEqual(v6.map((p) => p.text), ['2001:db8::/48', '2001:db8:1::/48']);
  const many = generatePrefixes({ count: 20_000, base: '10.0.0.0', length: 24 });
  assert.deepEqual([many.length, many[19_999]!.text], [20_000, '10.78.31.0/24']);
  assert.throws(() => generatePrefixes({ count: 2, base: '255.255.255.0', length: 24 }, 'site s1'), /site s1: 2 \/24 prefixes from 255.255.255.0 run past/);
  assert.throws(() => generatePrefixes({ count: 1, base: '10.0.0.1', length: 24 }), /host bits set/);
  assert.throws(() => generatePrefixes({ count: -1, base: '10.0.0.0', length: 24 }), /count must be an integer/);
  assert.throws(() => generatePrefixes({ count: 1, base: 'x', length: 24 }), /base "x" is not/);
});

// The lenient parse the diagnostics rules use: host bits cleared, undefined instead of an error.
const lenient = (text: string): Prefix | undefined => tryParsePrefix(text, { maskHostBits: true });

test('strict IPv4 prefixes for scenario validation: messages say what is wrong', () => {
  const ok = parseIpv4Prefix('10.1.0.0/16');
  assert.ok(ok.ok && ok.prefix.text === '10.1.0.0/16' && ok.prefix.words[0] === 0x0a010000);
  const bad = parseIpv4Prefix('10.1.2.3/16');
  assert.ok(!bad.ok && bad.message === '"10.1.2.3/16" has host bits set (did you mean 10.1.0.0/16?)');
  for (const t of ['10.1.0.0/33', '10.1.0.0', ' 10.1.0.0/16', '2001:db8::/32']) {
    const r = parseIpv4Prefix(t);
    assert.ok(!r.ok && r.message === `"${t}" is not a valid IPv4 prefix (expected CIDR like 10.0.0.0/16)`, t);
  }
});

test('the IPv4 fast path of tryParsePrefix refuses host bits unless asked to mask them', () => {
  assert.equal(tryParsePrefix('10.1.2.3/16'), undefined);
  assert.equal(tryParsePrefix('10.1.2.3/16', { maskHostBits: true })?.text, '10.1.0.0/16');
  assert.deepEqual(tryParsePrefix('192.168.1.0/24')?.words, [0xc0a80100]);
});

test('IPv4 fast path agrees with the shared routing parser (canonical text, host bits cleared)', () => {
  for (const t of ['10.1.0.0/16', '10.1.2.3/16', '0.0.0.0/0', '192.168.1.1/32', '010.1.0.0/16', '172.16.5.0/23']) {
    assert.equal(cidrKey(t), tryParsePrefix(t, { maskHostBits: true })?.text, t);
  }
  assert.equal(cidrKey('10.1.2.3/16'), '10.1.0.0/16');
});

test('invalid prefixes are undefined, not thrown', () => {
  for (const t of ['10.1.0.0/33', '300.1.0.0/16', '10.1.0.0', 'banana', '']) assert.equal(lenient(t), undefined, t);
});

test('IPv6 goes through the shared parser', () => {
  assert.equal(cidrKey('2001:db8:0:0::1/32'), '2001:db8::/32');
  assert.ok(prefixContains(lenient('2001:db8::/32')!, lenient('2001:db8:1::/48')!));
  assert.ok(!prefixesOverlap(lenient('2001:db8::/32')!, lenient('10.0.0.0/8')!));
});

test('containment, overlap and supernets', () => {
  const a = lenient('10.0.0.0/16')!;
  const b = lenient('10.0.5.0/24')!;
  assert.ok(prefixContains(a, b));
  assert.ok(!prefixContains(b, a));
  assert.ok(prefixesOverlap(b, a));
  assert.ok(!prefixesOverlap(a, lenient('10.1.0.0/16')!));
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
  assert.equal(prefixId('255.255.255.255/32'), idOf(lenient('255.255.255.255/32')!));
  assert.equal(prefixId('0.0.0.0/0'), 0);
  // Addresses with the top bit set go through signed 32-bit arithmetic in the fast parser.
  for (const t of ['192.168.1.7/24', '200.0.0.0/1', '128.0.0.1/31']) assert.equal(prefixId(t), idOf(lenient(t)!), t);
  for (const bad of ['10.1.0.0/33', '256.1.0.0/16', '10.1.0/16', '10.1.0.0', '10.1.0.0/', '010.1.0.0/16', '10.1.0.0/16x', '']) {
    assert.equal(prefixId(bad), undefined, bad);
  }
  assert.equal(prefixId('2001:db8::1/32'), '2001:db8::/32');
});

test('idOverlaps agrees with overlaps on parsed prefixes', () => {
  const vnet = lenient('10.0.0.0/16')!;
  for (const [t, want] of [['10.0.7.0/24', true], ['10.0.0.0/8', true], ['10.1.0.0/16', false], ['0.0.0.0/0', true], ['11.0.0.0/16', false]] as const) {
    assert.equal(idOverlaps(prefixId(t)!, t, vnet), want, t);
    assert.equal(prefixesOverlap(lenient(t)!, vnet), want, t);
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
