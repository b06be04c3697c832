// Golden bytes for each BGP message kind, written out by hand from RFC 4271 4.x, RFC 2918,
// RFC 4760, RFC 6793 and RFC 4724, checked both ways (encode and decode) and, where tshark is
// installed, against Wireshark's BGP dissector as an independent decoder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMessage } from '../../../../src/engine/bgp/wire/encode';
import { decodeMessage } from '../../../../src/engine/bgp/wire/decode';
import { type BgpMessage, type CodecContext, endOfRib, isEndOfRib } from '../../../../src/engine/bgp/wire/messages';
import { parsePrefix } from '../../../../src/model/prefix';

const MARKER = 'ff'.repeat(16);
const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

interface Golden {
  name: string;
  message: BgpMessage;
  ctx: CodecContext;
  bytes: Buffer;
  /** tshark fields and the values Wireshark must print for them. */
  tshark: Record<string, string>;
}

const p = (t: string) => parsePrefix(t);

const GOLDEN: Golden[] = [
  {
    name: 'OPEN: AS 65515, hold 180, id 10.1.255.4, MP IPv4 unicast, route refresh, 4-octet AS',
    message: {
      type: 'open',
      version: 4,
      myAs: 65515,
      holdTime: 180,
      bgpId: '10.1.255.4',
      capabilities: [{ kind: 'multiprotocol', afi: 1, safi: 1 }, { kind: 'routeRefresh' }, { kind: 'fourOctetAs', asn: 65515 }],
    },
    ctx: { fourOctetAs: true },
    // length 45 = 19 + 10 + 16 (one capabilities parameter of 14 octets)
    bytes: hex(`${MARKER} 002d 01  04 ffeb 00b4 0a01ff04 10  02 0e  01 04 0001 00 01  02 00  41 04 0000ffeb`),
    tshark: { 'bgp.type': '1', 'bgp.open.myas': '65515', 'bgp.open.holdtime': '180', 'bgp.open.identifier': '10.1.255.4', 'bgp.cap.4as': '65515', 'bgp.cap.mp.afi': '1' },
  },
  {
    name: 'OPEN from a 4-octet AS: My AS is AS_TRANS (23456)',
    message: { type: 'open', version: 4, myAs: 23456, holdTime: 9, bgpId: '127.0.0.2', capabilities: [{ kind: 'fourOctetAs', asn: 4200000001 }] },
    ctx: { fourOctetAs: true },
    bytes: hex(`${MARKER} 0025 01  04 5ba0 0009 7f000002 08  02 06  41 04 fa56ea01`),
    tshark: { 'bgp.type': '1', 'bgp.open.myas': '23456', 'bgp.cap.4as': '4200000001' },
  },
  {
    name: 'UPDATE (4-octet AS): withdraw 10.9.0.0/16; ORIGIN, AS_PATH, NEXT_HOP, MED, LOCAL_PREF, COMMUNITIES; two NLRI',
    message: {
      type: 'update',
      withdrawn: [p('10.9.0.0/16')],
      attributes: { origin: 'igp', asPath: [{ type: 'sequence', asns: [65515] }], nextHop: '10.1.255.4', med: 100, localPref: 100, communities: [65515 * 65536 + 1] },
      nlri: [p('10.1.0.0/16'), p('192.168.1.0/24')],
    },
    ctx: { fourOctetAs: true },
    bytes: hex(`${MARKER} 004a 02  0003 10 0a09  0029
      40 01 01 00
      40 02 06 02 01 0000ffeb
      40 03 04 0a01ff04
      80 04 04 00000064
      40 05 04 00000064
      c0 08 04 ffeb0001
      10 0a01  18 c0a801`),
    tshark: {
      'bgp.type': '2',
      'bgp.withdrawn_prefix': '10.9.0.0',
      'bgp.nlri_prefix': '10.1.0.0,192.168.1.0',
      'bgp.update.path_attribute.origin': '0',
      'bgp.update.path_attribute.next_hop': '10.1.255.4',
      'bgp.update.path_attribute.multi_exit_disc': '100',
      'bgp.update.path_attribute.local_pref': '100',
      'bgp.update.path_attribute.as_path_segment.as4': '65515',
    },
  },
  {
    name: 'UPDATE to a 2-octet peer: AS_TRANS in AS_PATH, the real path in AS4_PATH',
    message: {
      type: 'update',
      withdrawn: [],
      attributes: { origin: 'igp', asPath: [{ type: 'sequence', asns: [65515, 23456] }], nextHop: '10.1.255.4', as4Path: [{ type: 'sequence', asns: [65515, 4200000001] }] },
      nlri: [p('10.1.0.0/16')],
    },
    ctx: { fourOctetAs: false },
    bytes: hex(`${MARKER} 003b 02  0000 0021
      40 01 01 00
      40 02 06 02 02 ffeb 5ba0
      40 03 04 0a01ff04
      c0 11 0a 02 02 0000ffeb fa56ea01
      10 0a01`),
    tshark: { 'bgp.type': '2', 'bgp.nlri_prefix': '10.1.0.0', 'bgp.update.path_attribute.as_path_segment.as2': '65515,23456', 'bgp.update.path_attribute.as_path_segment.as4': '65515,4200000001' },
  },
  {
    name: 'UPDATE with MP_REACH_NLRI (IPv6 unicast 2001:db8:100::/40 via 2001:db8::1)',
    message: {
      type: 'update',
      withdrawn: [],
      attributes: { origin: 'igp', asPath: [{ type: 'sequence', asns: [65515] }], mpReach: { afi: 2, safi: 1, nextHops: ['2001:db8::1'], nlri: [p('2001:db8:100::/40')] } },
      nlri: [],
    },
    ctx: { fourOctetAs: true },
    bytes: hex(`${MARKER} 0042 02  0000 002b
      40 01 01 00
      40 02 06 02 01 0000ffeb
      80 0e 1b 0002 01 10 20010db8000000000000000000000001 00 28 20010db801`),
    tshark: { 'bgp.type': '2', 'bgp.update.path_attribute.mp_reach_nlri.afi': '2', 'bgp.mp_reach_nlri_ipv6_prefix': '2001:db8:100::' },
  },
  {
    name: 'UPDATE with MP_UNREACH_NLRI (withdraw 2001:db8:100::/40)',
    message: { type: 'update', withdrawn: [], attributes: { mpUnreach: { afi: 2, safi: 1, withdrawn: [p('2001:db8:100::/40')] } }, nlri: [] },
    ctx: { fourOctetAs: true },
    bytes: hex(`${MARKER} 0023 02  0000 000c  80 0f 09 0002 01 28 20010db801`),
    tshark: { 'bgp.type': '2', 'bgp.update.path_attribute.mp_unreach_nlri.afi': '2', 'bgp.mp_unreach_nlri_ipv6_prefix': '2001:db8:100::' },
  },
  {
    name: 'End-of-RIB for IPv4 unicast: an empty UPDATE (RFC 4724)',
    message: endOfRib(),
    ctx: { fourOctetAs: true },
    bytes: hex(`${MARKER} 0017 02 0000 0000`),
    tshark: { 'bgp.type': '2', 'bgp.update.withdrawn_routes.length': '0' },
  },
  {
    name: 'NOTIFICATION Cease / Maximum Number of Prefixes Reached, RFC 4486 data AFI 1, SAFI 1, limit 4000',
    message: { type: 'notification', code: 6, subcode: 1, data: Uint8Array.from(hex('000101 00000fa0')) },
    ctx: { fourOctetAs: true },
    bytes: hex(`${MARKER} 001c 03 06 01 000101 00000fa0`),
    tshark: { 'bgp.type': '3', 'bgp.notify.major_error': '6', 'bgp.notify.minor_error_cease': '1' },
  },
  {
    name: 'NOTIFICATION OPEN Message Error / Bad Peer AS',
    message: { type: 'notification', code: 2, subcode: 2, data: new Uint8Array(0) },
    ctx: { fourOctetAs: true },
    bytes: hex(`${MARKER} 0015 03 02 02`),
    tshark: { 'bgp.type': '3', 'bgp.notify.major_error': '2', 'bgp.notify.minor_error_open': '2' },
  },
  {
    name: 'NOTIFICATION Hold Timer Expired',
    message: { type: 'notification', code: 4, subcode: 0, data: new Uint8Array(0) },
    ctx: { fourOctetAs: true },
    bytes: hex(`${MARKER} 0015 03 04 00`),
    tshark: { 'bgp.type': '3', 'bgp.notify.major_error': '4' },
  },
  { name: 'KEEPALIVE', message: { type: 'keepalive' }, ctx: { fourOctetAs: true }, bytes: hex(`${MARKER} 0013 04`), tshark: { 'bgp.type': '4' } },
  {
    name: 'ROUTE-REFRESH IPv4 unicast (RFC 2918)',
    message: { type: 'routeRefresh', afi: 1, subtype: 0, safi: 1 },
    ctx: { fourOctetAs: true },
    bytes: hex(`${MARKER} 0017 05 0001 00 01`),
    tshark: { 'bgp.type': '5', 'bgp.route_refresh.afi': '1', 'bgp.route_refresh.safi': '1' },
  },
];

for (const g of GOLDEN) {
  test(`golden: ${g.name}`, () => {
    assert.equal(encodeMessage(g.message, g.ctx).toString('hex'), g.bytes.toString('hex'));
    assert.deepStrictEqual(decodeMessage(g.bytes, g.ctx), g.message);
  });
}

test('End-of-RIB is recognised for IPv4 and for an MP family, and nothing else is', () => {
  assert.deepEqual(isEndOfRib(endOfRib()), { afi: 1, safi: 1 });
  assert.deepEqual(isEndOfRib(endOfRib(2, 1)), { afi: 2, safi: 1 });
  const update = GOLDEN[2]!.message;
  assert.equal(update.type === 'update' && isEndOfRib(update), undefined);
});

const tsharkAvailable = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0 && spawnSync('text2pcap', ['-h'], { stdio: 'ignore' }).status === 0;

test('tshark (Wireshark BGP dissector) decodes every golden message as the codec does', { skip: tsharkAvailable ? false : 'tshark/text2pcap not installed (Debian package tshark)' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gl-bgp-golden-'));
  try {
    // One packet per message, with dummy IPv4/TCP headers on port 1179.
    const dump = GOLDEN.map((g) => `0000 ${[...g.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ')}\n`).join('\n');
    writeFileSync(join(dir, 'golden.txt'), dump);
    execFileSync('text2pcap', ['-q', '-T', '1179,40000', '-4', '127.0.0.10,127.0.0.2', join(dir, 'golden.txt'), join(dir, 'golden.pcap')], { stdio: 'ignore' });
    const fields = [...new Set(GOLDEN.flatMap((g) => Object.keys(g.tshark)))];
    const out = execFileSync('tshark', ['-r', join(dir, 'golden.pcap'), '-d', 'tcp.port==1179,bgp', '-T', 'fields', '-E', 'separator=;', '-e', 'frame.number', ...fields.flatMap((f) => ['-e', f])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const rows = out.trim().split('\n').map((l) => l.split(';'));
    assert.equal(rows.length, GOLDEN.length, 'one frame per golden message');
    GOLDEN.forEach((g, i) => {
      const row = rows[i]!;
      for (const [field, want] of Object.entries(g.tshark)) {
        assert.equal(row[1 + fields.indexOf(field)], want, `${g.name}: tshark ${field}`);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
