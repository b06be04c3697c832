import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TableModel, sortKey } from '../../../src/webviews/apps/bgpTable/tableModel';
import { COLUMNS, type TableRow } from '../../../src/webviews/protocol/bgpTableColumns';
import type { GatewayRoute } from '../../../src/model/arm';

function route(network: string, extra: Partial<GatewayRoute> = {}): GatewayRoute {
  return {
    localAddress: '10.0.0.4',
    network,
    nextHop: '192.168.1.1',
    sourcePeer: '192.168.1.1',
    origin: 'EBgp',
    asPath: '65001',
    weight: 0,
    ...extra,
  };
}

const learned = (rows: TableRow[]): TableModel => new TableModel(COLUMNS.learned, rows, 'network');

describe('TableModel.view', () => {
  it('filters case-insensitively across every column and keeps host order without a sort', () => {
    const m = learned([
      route('10.1.0.0/16', { asPath: '65001 65010' }),
      route('10.2.0.0/16', { origin: 'IBgp' }),
      route('172.16.0.0/12', { asPath: '65010' }),
    ]);
    assert.deepEqual(m.view('65010', null), [0, 2]);
    assert.deepEqual(m.view('ibgp', null), [1]);
    assert.deepEqual(m.view('  ', null), [0, 1, 2]);
    assert.deepEqual(m.view('nothing-like-this', null), []);
  });

  it('sorts prefixes by address value, not as text, IPv4 before IPv6', () => {
    const m = learned([route('10.10.0.0/16'), route('2001:db8::/32'), route('10.9.0.0/16'), route('9.0.0.0/8'), route('10.9.0.0/24')]);
    const nets = (order: number[]): string[] => order.map((i) => (m.rows[i] as GatewayRoute).network);
    assert.deepEqual(nets(m.view('', { key: 'network', descending: false })), [
      '9.0.0.0/8',
      '10.9.0.0/16',
      '10.9.0.0/24',
      '10.10.0.0/16',
      '2001:db8::/32',
    ]);
    assert.deepEqual(nets(m.view('', { key: 'network', descending: true }))[0], '2001:db8::/32');
  });

  it('sorts numbers numerically and is stable for equal keys', () => {
    const m = learned([route('10.0.0.0/8', { weight: 10 }), route('10.1.0.0/16', { weight: 2 }), route('10.2.0.0/16', { weight: 10 })]);
    assert.deepEqual(m.view('', { key: 'weight', descending: false }), [1, 0, 2]);
    assert.deepEqual(m.view('', { key: 'weight', descending: true }), [0, 2, 1]);
  });

  it('applies the filter after the sort and ignores a sort on an unknown column', () => {
    const m = learned([route('10.3.0.0/16', { origin: 'IBgp' }), route('10.1.0.0/16'), route('10.2.0.0/16', { origin: 'IBgp' })]);
    assert.deepEqual(m.view('ibgp', { key: 'network', descending: false }), [2, 0]);
    assert.deepEqual(m.view('', { key: 'nope', descending: false }), [0, 1, 2]);
  });

  it('filters and sorts 100,000 rows', () => {
    const rows: GatewayRoute[] = [];
    for (let i = 0; i < 100_000; i++) rows.push(route(`${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24`, { weight: i % 7 }));
    const m = learned(rows);
    assert.deepEqual(m.view('10.17.3.0/24', null).map((i) => rows[i]!.network), ['10.17.3.0/24']);
    const sorted = m.view('', { key: 'weight', descending: true });
    assert.equal(sorted.length, 100_000);
    assert.equal(rows[sorted[0]!]!.weight, 6);
    assert.equal(rows[sorted[99_999]!]!.weight, 0);
    assert.deepEqual(m.lookup('11.0.5.9'), { ok: true, matchedPrefix: '11.0.5.0/24', rows: [65536 + 5] });
  });
});

describe('TableModel.warmSearch', () => {
  it('prepares the search text in slices with the same filter results', () => {
    const rows = [route('10.1.0.0/16', { asPath: 'X' }), route('10.2.0.0/16'), route('10.3.0.0/16', { asPath: 'x y' })];
    const m = learned(rows);
    assert.equal(m.warmSearch(2), false);
    assert.equal(m.warmSearch(2), true);
    assert.deepEqual(m.view('x', null), [0, 2]);
    const fresh = learned(rows);
    assert.equal(fresh.warmSearch(1), false);
    assert.deepEqual(fresh.view('x', null), [0, 2], 'view finishes a partly warmed model');
  });
});

describe('TableModel.lookup (longest-prefix match)', () => {
  const m = learned([
    route('0.0.0.0/0'),
    route('10.0.0.0/8'),
    route('10.1.0.0/16', { sourcePeer: '192.168.1.1' }),
    route('10.1.0.0/16', { sourcePeer: '192.168.2.1' }),
    route('10.1.2.0/24'),
    route('2001:db8::/32'),
    route('2001:db8:1::/48'),
    route('not a prefix'),
  ]);

  it('picks the most specific IPv4 prefix and returns every row holding it', () => {
    assert.deepEqual(m.lookup('10.1.2.3'), { ok: true, matchedPrefix: '10.1.2.0/24', rows: [4] });
    assert.deepEqual(m.lookup('10.1.3.3'), { ok: true, matchedPrefix: '10.1.0.0/16', rows: [2, 3] });
    assert.deepEqual(m.lookup('10.200.0.1'), { ok: true, matchedPrefix: '10.0.0.0/8', rows: [1] });
    assert.deepEqual(m.lookup(' 8.8.8.8 '), { ok: true, matchedPrefix: '0.0.0.0/0', rows: [0] });
  });

  it('matches IPv6 separately from IPv4', () => {
    assert.deepEqual(m.lookup('2001:db8:1::5'), { ok: true, matchedPrefix: '2001:db8:1::/48', rows: [6] });
    assert.deepEqual(m.lookup('2001:db8:ffff::1'), { ok: true, matchedPrefix: '2001:db8::/32', rows: [5] });
    assert.deepEqual(m.lookup('2002::1'), { ok: true, matchedPrefix: null, rows: [] });
  });

  it('explains bad input and tabs without prefixes', () => {
    const bad = m.lookup('10.1.2');
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.error, /"10\.1\.2" is not an IPv4 or IPv6 address/);
    const peers = new TableModel(COLUMNS.peers, [], undefined);
    assert.equal(peers.lookup('10.0.0.1').ok, false);
  });
});

describe('sortKey', () => {
  it('orders addresses numerically and puts unparseable text last', () => {
    const keys = ['10.0.0.10', '10.0.0.9', 'x', '::1'].map((a) => sortKey(a, 'address'));
    const sorted = [...keys].sort();
    assert.deepEqual(sorted, [keys[1], keys[0], keys[3], keys[2]]);
  });
});
