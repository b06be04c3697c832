import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBgpTableMessage, parseBgpTableState } from '../../../src/webviews/protocol/bgpTableProtocol';

function rejected(message: unknown): string {
  const r = parseBgpTableMessage(message);
  assert.equal(r.ok, false, `accepted ${JSON.stringify(message)}`);
  return r.ok ? '' : r.error;
}

describe('parseBgpTableMessage', () => {
  it('accepts the messages the webview sends', () => {
    assert.deepEqual(parseBgpTableMessage({ type: 'ready' }), { ok: true, value: { type: 'ready' } });
    const load = { type: 'request', id: 3, request: { method: 'load', tab: 'advertised', peer: '192.168.1.1' } };
    assert.deepEqual(parseBgpTableMessage(load), { ok: true, value: load });
    const exp = { type: 'request', id: 4, request: { method: 'export', format: 'csv', tab: 'learned', peer: '', version: 2, order: [2, 0, 1] } };
    assert.deepEqual(parseBgpTableMessage(exp), { ok: true, value: exp });
    const copy = { type: 'request', id: 5, request: { method: 'copyRow', tab: 'peers', peer: '', version: 1, index: 0 } };
    assert.deepEqual(parseBgpTableMessage(copy), { ok: true, value: copy });
  });

  it('rejects malformed and unknown messages with a reason', () => {
    assert.match(rejected(null), /not an object/);
    assert.match(rejected('ready'), /not an object/);
    assert.match(rejected({ type: 'runCommand', command: 'workbench.action.quit' }), /unknown message type "runCommand"/);
    assert.match(rejected({ type: 'ready', extra: 1 }), /unexpected fields extra/);
    assert.match(rejected({ type: 'request', id: -1, request: { method: 'load', tab: 'peers', peer: '' } }), /id must be/);
    assert.match(rejected({ type: 'request', id: 1.5, request: { method: 'load', tab: 'peers', peer: '' } }), /id must be/);
    assert.match(rejected({ type: 'request', id: 1, request: { method: 'load', tab: 'routes', peer: '' } }), /tab must be one of/);
    assert.match(rejected({ type: 'request', id: 1, request: { method: 'load', tab: 'peers' } }), /peer must be a string/);
    assert.match(rejected({ type: 'request', id: 1, request: { method: 'delete', tab: 'peers', peer: '' } }), /unknown request method "delete"/);
    assert.match(rejected({ type: 'request', id: 1, request: { method: 'export', format: 'xlsx', tab: 'peers', peer: '', version: 1, order: [] } }), /format must be csv or json/);
    assert.match(rejected({ type: 'request', id: 1, request: { method: 'export', format: 'csv', tab: 'peers', peer: '', version: 1, order: [0, '1'] } }), /order holds "1"/);
    assert.match(rejected({ type: 'request', id: 1, request: { method: 'copyRow', tab: 'peers', peer: '', version: 1, index: -2 } }), /index must be/);
    assert.match(rejected({ type: 'request', id: 1, request: { method: 'load', tab: 'peers', peer: 'x'.repeat(500) } }), /peer must be/);
  });
});

describe('parseBgpTableState', () => {
  it('needs a source and gateway id to reopen a panel', () => {
    assert.deepEqual(parseBgpTableState({ sourceId: 'lab', gatewayId: '/subscriptions/x', tab: 'peers' }), {
      ok: true,
      value: { sourceId: 'lab', gatewayId: '/subscriptions/x' },
    });
    assert.equal(parseBgpTableState(undefined).ok, false);
    assert.equal(parseBgpTableState({ sourceId: 'lab', gatewayId: '' }).ok, false);
    assert.equal(parseBgpTableState({ sourceId: 1, gatewayId: '/x' }).ok, false);
  });
});

describe('toWire / fromWire', () => {
  it('round-trips a table as one string of value arrays, markup and all', async () => {
    const { toWire, fromWire } = await import('../../../src/webviews/protocol/bgpTableProtocol');
    const rows = [
      { localAddress: '10.0.0.4', network: '<b>x</b>', nextHop: '1.1.1.1', sourcePeer: '1.1.1.1', origin: 'EBgp' as const, asPath: '65001 "q"', weight: -3 },
      { localAddress: '10.0.0.4', network: '10.0.0.0/8', nextHop: '1.1.1.2', sourcePeer: '1.1.1.2', origin: 'IBgp' as const, asPath: '', weight: 0 },
    ];
    const wire = toWire({ tab: 'learned', peer: '', version: 7, loadedAt: 't', rows });
    assert.equal(typeof wire.rowsJson, 'string');
    assert.ok(!wire.rowsJson.includes('"network"'), 'keys are not repeated per row');
    assert.deepEqual(fromWire(wire), { tab: 'learned', peer: '', version: 7, loadedAt: 't', rows });
    assert.throws(() => fromWire({ ...wire, rowsJson: '{"a":1}' }), /not a list of rows/);
    assert.throws(() => fromWire({ ...wire, rowsJson: '[[1,2]]' }), /row 0 does not have 7 values/);
  });
});
