import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { type Prefix, makePrefix, maskWords, parsePrefix } from '../../../src/model/prefix';
import { PrefixTrie } from '../../../src/model/prefixTrie';

/** The straightforward reference: scan every prefix with ipaddr.js and keep the longest match. */
function linearLookup(table: { cidr: [ipaddr.IPv4 | ipaddr.IPv6, number]; text: string }[], ip: string): string | undefined {
  const addr = ipaddr.parse(ip);
  let best: { text: string; len: number } | undefined;
  for (const r of table) {
    if (r.cidr[0].kind() !== addr.kind()) continue;
    if (addr.match(r.cidr) && (!best || r.cidr[1] > best.len)) best = { text: r.text, len: r.cidr[1] };
  }
  return best?.text;
}

function v4Text(w: number): string {
  return `${w >>> 24}.${(w >>> 16) & 255}.${(w >>> 8) & 255}.${w & 255}`;
}

test('exact get, replace and delete', () => {
  const t = new PrefixTrie<string>(4);
  t.set(parsePrefix('10.0.0.0/8'), 'a');
  t.set(parsePrefix('10.1.0.0/16'), 'b');
  t.set(parsePrefix('10.1.0.0/16'), 'c');
  assert.equal(t.size, 2);
  assert.equal(t.get(parsePrefix('10.1.0.0/16')), 'c');
  assert.equal(t.lookup('10.1.2.3')?.value, 'c');
  assert.equal(t.lookup('10.1.2.3')?.prefix.text, '10.1.0.0/16');
  assert.ok(t.delete(parsePrefix('10.1.0.0/16')));
  assert.ok(!t.delete(parsePrefix('10.1.0.0/16')));
  assert.equal(t.lookup('10.1.2.3')?.value, 'a');
  assert.equal(t.lookup('11.0.0.1'), undefined);
  t.set(parsePrefix('0.0.0.0/0'), 'default');
  assert.equal(t.lookup('11.0.0.1')?.value, 'default');
  assert.equal([...t.entries()].length, 2);
});

test('IPv4 and IPv6 live side by side without crossing', () => {
  const t = new PrefixTrie<string>();
  t.set(parsePrefix('0.0.0.0/0'), 'v4 default');
  t.set(parsePrefix('2001:db8::/32'), 'doc');
  t.set(parsePrefix('2001:db8:0:1::/64'), 'doc-1');
  assert.equal(t.lookup('2001:db8::5')?.value, 'doc');
  assert.equal(t.lookup('2001:db8:0:1::5')?.value, 'doc-1');
  assert.equal(t.lookup('2002::1'), undefined);
  assert.equal(t.lookupV6(0x20010db8, 1, 0, 5), 'doc-1');
  assert.equal(t.lookup('1.2.3.4')?.value, 'v4 default');
});

const v4Entry = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }));

test('IPv4 longest-prefix match equals a linear ipaddr.js scan on random tables', () => {
  fc.assert(
    fc.property(
      fc.array(v4Entry, { minLength: 0, maxLength: 60 }),
      fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 0, max: 0xffffffff }),
      (entries, probes, seedBits) => {
        // Bias tables toward a shared region so nesting happens, not just disjoint prefixes.
        const prefixes: Prefix[] = entries.map(([w, len], i) =>
          makePrefix(4, maskWords([i % 2 ? ((seedBits & 0xffff0000) | (w & 0xffff)) >>> 0 : w], len), len),
        );
        const trie = new PrefixTrie<string>(8);
        for (const p of prefixes) trie.set(p, p.text);
        const table = [...new Set(prefixes.map((p) => p.text))].map((text) => ({ text, cidr: ipaddr.parseCIDR(text) }));
        const addrs = [...probes, ...probes.map((w) => ((seedBits & 0xffff0000) | (w & 0xffff)) >>> 0)];
        for (const a of addrs) {
          const ip = v4Text(a);
          assert.equal(trie.lookupV4(a), linearLookup(table, ip), `lookup ${ip}`);
          assert.equal(trie.lookup(ip)?.value, linearLookup(table, ip));
        }
      },
    ),
    { numRuns: 200 },
  );
});

test('IPv6 longest-prefix match equals a linear ipaddr.js scan on random tables', () => {
  const word = fc.integer({ min: 0, max: 0xffffffff });
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.tuple(word, word, word, word), fc.integer({ min: 0, max: 128 })), { maxLength: 25 }),
      fc.array(fc.tuple(word, word, word, word), { minLength: 1, maxLength: 10 }),
      (entries, probes) => {
        const trie = new PrefixTrie<string>();
        const prefixes = entries.map(([ws, len], i) => {
          // Share the first word between half the entries and the probes, so matches are not all trivial.
          const words = i % 2 ? [0x20010db8, ws[1], ws[2], ws[3]] : ws;
          return makePrefix(6, maskWords(words, len), len);
        });
        for (const p of prefixes) trie.set(p, p.text);
        const table = [...new Set(prefixes.map((p) => p.text))].map((text) => ({ text, cidr: ipaddr.parseCIDR(text) }));
        for (const ws of [...probes, ...probes.map((p) => [0x20010db8, p[1], p[2], p[3]] as [number, number, number, number])]) {
          const parts: number[] = [];
          for (const w of ws) parts.push(w >>> 16, w & 0xffff);
          const ip = new ipaddr.IPv6(parts).toString();
          assert.equal(trie.lookupV6(ws[0], ws[1], ws[2], ws[3]), linearLookup(table, ip), `lookup ${ip}`);
        }
      },
    ),
    { numRuns: 100 },
  );
});

test('random inserts and deletes answer like a linear scan over the surviving prefixes', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.boolean(), v4Entry), { minLength: 1, maxLength: 80 }),
      fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 20 }),
      (ops, probes) => {
        const trie = new PrefixTrie<string>(4);
        const live = new Map<string, Prefix>();
        for (const [remove, [w, len]] of ops) {
          // Few distinct prefixes (16 bits of entropy, lengths 0-32) so deletes often hit.
          const p = makePrefix(4, maskWords([(0x0a000000 | (w & 0xffff)) >>> 0], len), len);
          if (remove) {
            assert.equal(trie.delete(p), live.delete(p.text));
          } else {
            trie.set(p, p.text);
            live.set(p.text, p);
          }
        }
        assert.equal(trie.size, live.size);
        const table = [...live.keys()].map((text) => ({ text, cidr: ipaddr.parseCIDR(text) }));
        for (const lo of probes) {
          const a = (0x0a000000 | lo) >>> 0;
          assert.equal(trie.lookupV4(a), linearLookup(table, v4Text(a)));
        }
      },
    ),
    { numRuns: 200 },
  );
});
