// Property tests of the BGP-4 codec: every message survives encode -> decode unchanged, and
// arbitrary bytes (whole messages, headers followed by garbage, chunked streams) never make the
// decoder or the framer throw anything but BgpDecodeError; each named malformation maps to its
// NOTIFICATION code/subcode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeMessage } from '../../../../src/engine/bgp/wire/encode';
import { decodeMessage } from '../../../../src/engine/bgp/wire/decode';
import { BgpDecodeError } from '../../../../src/engine/bgp/wire/decodeError';
import { BgpFramer } from '../../../../src/engine/bgp/wire/framer';
import type { AsPathSegment, BgpMessage, Capability, CodecContext, PathAttributes } from '../../../../src/engine/bgp/wire/messages';
import { type Prefix, makePrefix, maskWords } from '../../../../src/model/prefix';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const v4Prefix: fc.Arbitrary<Prefix> = fc.tuple(u32, fc.integer({ min: 0, max: 32 })).map(([w, len]) => makePrefix(4, maskWords([w], len), len));
const v6Prefix: fc.Arbitrary<Prefix> = fc.tuple(fc.array(u32, { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 128 })).map(([w, len]) => makePrefix(6, maskWords(w, len), len));
const dotted = u32.map((w) => `${w >>> 24}.${(w >>> 16) & 255}.${(w >>> 8) & 255}.${w & 255}`);
const v6Address = v6Prefix.map((p) => p.text.replace(/\/\d+$/, ''));

const capability: fc.Arbitrary<Capability> = fc.oneof(
  fc.record({ kind: fc.constant('multiprotocol' as const), afi: fc.integer({ min: 0, max: 0xffff }), safi: fc.integer({ min: 0, max: 255 }) }),
  fc.constant({ kind: 'routeRefresh' as const }),
  fc.record({ kind: fc.constant('fourOctetAs' as const), asn: u32 }),
  fc.record({
    kind: fc.constant('other' as const),
    code: fc.integer({ min: 0, max: 255 }).filter((c) => c !== 1 && c !== 2 && c !== 65),
    value: fc.uint8Array({ maxLength: 20 }),
  }),
);

const open = fc.record({
  type: fc.constant('open' as const),
  version: fc.constant(4),
  myAs: fc.integer({ min: 0, max: 0xffff }),
  holdTime: fc.oneof(fc.constant(0), fc.integer({ min: 3, max: 0xffff })),
  bgpId: dotted.filter((d) => d !== '0.0.0.0'),
  capabilities: fc.array(capability, { maxLength: 8 }),
});

function attributes(ctx: CodecContext): fc.Arbitrary<PathAttributes> {
  const asn = ctx.fourOctetAs ? u32 : fc.integer({ min: 0, max: 0xffff });
  const segment = (n: fc.Arbitrary<number>): fc.Arbitrary<AsPathSegment> => fc.record({ type: fc.constantFrom('sequence' as const, 'set' as const), asns: fc.array(n, { minLength: 1, maxLength: 12 }) });
  const mpReach = fc.oneof(
    fc.record({ afi: fc.constant(1), safi: fc.integer({ min: 0, max: 255 }), nextHops: dotted.map((d) => [d]), nlri: fc.array(v4Prefix, { maxLength: 10 }) }),
    fc.record({ afi: fc.constant(2), safi: fc.integer({ min: 0, max: 255 }), nextHops: fc.array(v6Address, { minLength: 1, maxLength: 2 }), nlri: fc.array(v6Prefix, { maxLength: 10 }) }),
  );
  const mpUnreach = fc.oneof(
    fc.record({ afi: fc.constant(1), safi: fc.integer({ min: 0, max: 255 }), withdrawn: fc.array(v4Prefix, { maxLength: 10 }) }),
    fc.record({ afi: fc.constant(2), safi: fc.integer({ min: 0, max: 255 }), withdrawn: fc.array(v6Prefix, { maxLength: 10 }) }),
  );
  const other = fc.record({
    flags: fc.constantFrom(0x80, 0xc0, 0xe0, 0xa0),
    code: fc.integer({ min: 9, max: 255 }).filter((c) => ![14, 15, 17, 18].includes(c)),
    value: fc.uint8Array({ maxLength: 300 }),
  });
  return fc
    .record(
      {
        origin: fc.constantFrom('igp' as const, 'egp' as const, 'incomplete' as const),
        asPath: fc.array(segment(asn), { maxLength: 3 }),
        nextHop: dotted,
        med: u32,
        localPref: u32,
        atomicAggregate: fc.constant(true),
        aggregator: fc.record({ asn, address: dotted }),
        communities: fc.array(u32, { maxLength: 10 }),
        as4Path: fc.array(segment(u32), { maxLength: 3 }),
        as4Aggregator: fc.record({ asn: u32, address: dotted }),
        mpReach,
        mpUnreach,
        other: fc.uniqueArray(other, { minLength: 1, maxLength: 3, selector: (o) => o.code }),
      },
      { requiredKeys: [] },
    )
    .map((a) => a);
}

function update(ctx: CodecContext): fc.Arbitrary<BgpMessage> {
  return fc.record({ withdrawn: fc.array(v4Prefix, { maxLength: 20 }), attributes: attributes(ctx), nlri: fc.array(v4Prefix, { maxLength: 20 }) }).map(({ withdrawn, attributes: a, nlri }) => {
    // Reachable routes need the well-known attributes (RFC 4271 5.1): add what the draw left out.
    const attributes: PathAttributes = { ...a };
    if (nlri.length > 0 || (a.mpReach && a.mpReach.nlri.length > 0)) {
      attributes.origin ??= 'igp';
      attributes.asPath ??= [];
      if (nlri.length > 0) attributes.nextHop ??= '192.0.2.1';
    }
    return { type: 'update' as const, withdrawn, attributes, nlri };
  });
}

const notification = fc.record({ type: fc.constant('notification' as const), code: fc.integer({ min: 0, max: 255 }), subcode: fc.integer({ min: 0, max: 255 }), data: fc.uint8Array({ maxLength: 100 }) });
const routeRefresh = fc.record({ type: fc.constant('routeRefresh' as const), afi: fc.integer({ min: 0, max: 0xffff }), subtype: fc.integer({ min: 0, max: 255 }), safi: fc.integer({ min: 0, max: 255 }) });
const keepalive = fc.constant({ type: 'keepalive' as const });

for (const fourOctetAs of [true, false]) {
  test(`decode(encode(m)) deep-equals m for every message kind (${fourOctetAs ? '4' : '2'}-octet AS)`, () => {
    const ctx = { fourOctetAs };
    fc.assert(
      fc.property(fc.oneof(open, update(ctx), notification, routeRefresh, keepalive), (drawn) => {
        const m = structuredClone(drawn); // fast-check draws null-prototype records
        assert.deepStrictEqual(decodeMessage(encodeMessage(m, ctx), ctx), m);
      }),
      { numRuns: 600 },
    );
  });
}

function onlyDecodeErrors(run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof BgpDecodeError)) throw error;
    assert.ok(error.code >= 1 && error.code <= 6, `code ${error.code}`);
  }
}

const header = (length: number, type: number): Uint8Array => new Uint8Array([...new Array<number>(16).fill(0xff), length >> 8, length & 0xff, type]);

test('random bytes never throw anything but BgpDecodeError (whole buffers)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, fourOctetAs) => onlyDecodeErrors(() => decodeMessage(bytes, { fourOctetAs }))),
    { numRuns: 2000 },
  );
});

test('a valid header followed by random body bytes never throws anything but BgpDecodeError', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.uint8Array({ maxLength: 300 }), fc.boolean(), (type, body, fourOctetAs) => {
      const bytes = new Uint8Array([...header(19 + body.length, type), ...body]);
      onlyDecodeErrors(() => decodeMessage(bytes, { fourOctetAs }));
    }),
    { numRuns: 3000 },
  );
});

test('flipping bytes of valid UPDATEs never throws anything but BgpDecodeError', () => {
  const ctx = { fourOctetAs: true };
  fc.assert(
    fc.property(update(ctx), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (m, flips) => {
      const bytes = Uint8Array.from(encodeMessage(m, ctx));
      for (const [at, v] of flips) {
        const i = 18 + (at % (bytes.length - 18)); // keep the marker and length, damage type and body
        bytes[i] = v;
      }
      onlyDecodeErrors(() => decodeMessage(bytes, ctx));
    }),
    { numRuns: 2000 },
  );
});

test('the framer cuts any chunking of a message stream into the same messages', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(open, notification, keepalive, routeRefresh), { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 30 }), (msgs, cuts) => {
      const stream = Buffer.concat(msgs.map((m) => encodeMessage(m)));
      const framer = new BgpFramer();
      const got: BgpMessage[] = [];
      let at = 0;
      for (let i = 0; at < stream.length; i++) {
        const n = cuts[i % cuts.length]!;
        for (const b of framer.push(stream.subarray(at, at + n))) got.push(decodeMessage(b));
        at += n;
      }
      assert.deepStrictEqual(got, structuredClone(msgs));
      assert.equal(framer.buffered, 0);
    }),
  );
});

test('the framer fed random bytes throws only BgpDecodeError', () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }), (chunks) => {
      const framer = new BgpFramer();
      onlyDecodeErrors(() => chunks.forEach((c) => framer.push(Buffer.from(c))));
    }),
  );
});

const MARKER = 'ff'.repeat(16);
const cases: [string, string, number, number][] = [
  ['marker not all ones', `${'ff'.repeat(15)}fe 0013 04`, 1, 1],
  ['length below 19', `${MARKER} 0012 04`, 1, 2],
  ['length above 4096', `${MARKER} 1001 04`, 1, 2],
  ['KEEPALIVE with a body', `${MARKER} 0014 04 00`, 1, 2],
  ['unknown message type 9', `${MARKER} 0013 09`, 1, 3],
  ['OPEN version 3', `${MARKER} 001d 01 03 fe1a 00b4 0a000001 00`, 2, 1],
  ['OPEN hold time 2', `${MARKER} 001d 01 04 fe1a 0002 0a000001 00`, 2, 6],
  ['OPEN BGP identifier 0.0.0.0', `${MARKER} 001d 01 04 fe1a 00b4 00000000 00`, 2, 3],
  ['OPEN optional parameter type 1 (authentication)', `${MARKER} 001f 01 04 fe1a 00b4 0a000001 02 01 00`, 2, 4],
  ['UPDATE withdrawn length overruns', `${MARKER} 0017 02 0005 0000`, 3, 1],
  ['UPDATE attribute twice', `${MARKER} 001f 02 0000 0008 40010100 40010100`, 3, 1],
  ['UPDATE unrecognized well-known attribute 99', `${MARKER} 001b 02 0000 0004 40630100`, 3, 2],
  ['UPDATE NLRI without NEXT_HOP', `${MARKER} 0027 02 0000 000d 40010100 4002060201 0000fe1a 10 0a01`, 3, 3],
  ['UPDATE ORIGIN marked optional', `${MARKER} 001b 02 0000 0004 c0010100`, 3, 4],
  ['UPDATE NEXT_HOP of 3 octets', `${MARKER} 001e 02 0000 0007 40030300 0000 00`, 3, 5],
  ['UPDATE ORIGIN 7', `${MARKER} 001b 02 0000 0004 40010107`, 3, 6],
  ['UPDATE NLRI prefix length 33', `${MARKER} 001d 02 0000 0000 21 0a010000 00`, 3, 10],
  ['UPDATE AS_PATH segment type 9', `${MARKER} 0020 02 0000 0009 40020609 01 0000 fe1a`, 3, 11],
];
for (const [name, bytes, code, subcode] of cases) {
  test(`malformed: ${name} -> NOTIFICATION ${code}/${subcode}`, () => {
    const b = Buffer.from(bytes.replace(/\s+/g, ''), 'hex');
    assert.throws(
      () => decodeMessage(b),
      (e: unknown) => e instanceof BgpDecodeError && e.code === code && e.subcode === subcode,
    );
  });
}
