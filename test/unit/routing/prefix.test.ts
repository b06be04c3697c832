import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PrefixError,
  parseAddress,
  parsePrefix,
  prefixContains,
  prefixesOverlap,
  tryParsePrefix,
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
