import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type BgpPath, compareBgpPaths, routerIdNumber, selectBestPath, toGatewayRoute } from '../../../src/engine/bgp/bgpPath';
import { reservedAsnReason, asnError } from '../../../src/engine/bgp/asn';
import { formatConnectedDuration } from '../../../src/engine/bgp/duration';
import { parsePrefix } from '../../../src/model/prefix';

const prefix = parsePrefix('192.168.0.0/16');
function path(over: Partial<BgpPath>): BgpPath {
  return {
    prefix,
    nextHop: '10.0.0.1',
    asPath: [65010],
    origin: 'igp',
    weight: 0,
    sourcePeer: '10.0.0.1',
    learnedFrom: 'ebgp',
    peerRouterId: routerIdNumber('10.0.0.1'),
    ...over,
  };
}

test('each best-path step decides when the earlier ones tie', () => {
  const base = path({});
  assert.equal(selectBestPath([base, path({ weight: 100, asPath: [1, 2, 3, 4] })])!.weight, 100, 'weight first');
  assert.deepEqual(selectBestPath([path({ asPath: [1, 2] }), path({ asPath: [3], origin: 'incomplete' })])!.asPath, [3], 'shorter AS path beats origin');
  assert.equal(selectBestPath([path({ origin: 'egp' }), path({ origin: 'igp', learnedFrom: 'ibgp' })])!.origin, 'igp', 'origin beats eBGP/iBGP');
  assert.equal(selectBestPath([path({ learnedFrom: 'ibgp', peerRouterId: 1 }), path({ peerRouterId: 9 })])!.learnedFrom, 'ebgp', 'eBGP over iBGP');
  assert.equal(selectBestPath([path({ peerRouterId: 9, sourcePeer: 'a' }), path({ peerRouterId: 2, sourcePeer: 'b' })])!.sourcePeer, 'b', 'lowest router id');
  assert.equal(selectBestPath([]), undefined);
});

test('the order is total and antisymmetric, so the winner does not depend on arrival order', () => {
  const arb = fc.record({
    weight: fc.constantFrom(0, 100, 32768),
    asPath: fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }),
    origin: fc.constantFrom('igp' as const, 'egp' as const, 'incomplete' as const),
    learnedFrom: fc.constantFrom('ebgp' as const, 'ibgp' as const),
    peerRouterId: fc.integer({ min: 0, max: 3 }),
    sourcePeer: fc.constantFrom('10.0.0.1', '10.0.0.2', '10.0.0.3'),
  });
  fc.assert(
    fc.property(fc.array(arb, { minLength: 1, maxLength: 8 }), (raw) => {
      const paths = raw.map((r) => path(r));
      for (const a of paths) for (const b of paths) assert.ok(Math.sign(compareBgpPaths(a, b)) === -Math.sign(compareBgpPaths(b, a)));
      const best = selectBestPath(paths)!;
      assert.equal(compareBgpPaths(selectBestPath([...paths].reverse())!, best), 0);
      for (const p of paths) assert.ok(compareBgpPaths(best, p) <= 0);
    }),
  );
});

test('GatewayRoute rows use ARM names', () => {
  assert.deepEqual(toGatewayRoute(path({ asPath: [12076, 65020] }), '10.1.255.4'), {
    localAddress: '10.1.255.4',
    network: '192.168.0.0/16',
    nextHop: '10.0.0.1',
    sourcePeer: '10.0.0.1',
    origin: 'EBgp',
    asPath: '12076-65020',
    weight: 0,
  });
});

test('Azure and IANA reserved ASNs are refused with the reason; ordinary private ASNs pass', () => {
  for (const asn of [8074, 8075, 12076, 65515, 65517, 65518, 65519, 65520]) assert.match(reservedAsnReason(asn) ?? '', /reserved by Azure/);
  for (const asn of [23456, 64496, 64511, 65535, 65551]) assert.match(reservedAsnReason(asn) ?? '', /reserved by IANA/);
  for (const asn of [65010, 65516, 64512, 65534, 65552, 4200000000]) assert.equal(reservedAsnReason(asn), undefined, String(asn));
  assert.match(asnError(0, 'sites[0].asn') ?? '', /sites\[0\].asn: ASN must be an integer/);
  assert.match(asnError('65010', 'x') ?? '', /got "65010"/);
  assert.equal(asnError(65010, 'x'), undefined);
});

test('connectedDuration is a .NET TimeSpan as Azure prints it ("02:07:41", "3.03:14:13.1796961")', () => {
  assert.equal(formatConnectedDuration(0), '00:00:00');
  assert.equal(formatConnectedDuration(2 * 3600 + 7 * 60 + 41), '02:07:41');
  assert.equal(formatConnectedDuration(3723.5), '01:02:03.5000000');
  assert.equal(formatConnectedDuration(90061.25), '1.01:01:01.2500000');
  assert.equal(formatConnectedDuration(3 * 86400 + 3 * 3600 + 14 * 60 + 13.1796961), '3.03:14:13.1796961');
  assert.throws(() => routerIdNumber('1.2.3'), /router id "1.2.3"/);
});
