// The Route Path panel's protocol guard and its hop links (pure, host side): each hop of a real
// trace points at its table row (the BGP table tab with the row, or the whole table as a
// document with the row marked) or says why it has none.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createLab } from '../../../src/engine/createLab';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { traceRoutePath } from '../../../src/routePath/traceRoutePath';
import { hopLinks } from '../../../src/webviews/routePath/hopLinks';
import { parseRoutePathMessage, parseRoutePathState } from '../../../src/webviews/protocol/routePathProtocol';
import { parseBgpTableMessage } from '../../../src/webviews/protocol/bgpTableProtocol';
import type { NetworkSnapshot } from '../../../src/model/snapshot';

async function snapshotAt(name: string, at: number): Promise<NetworkSnapshot> {
  const lab = createLab(await loadScenario(join(__dirname, '../../../scenarios', `${name}.gwlab.json`)), { recordEvents: false });
  lab.runUntil(at);
  const s = lab.snapshot();
  await lab.dispose();
  return s;
}

describe('route path panel protocol', () => {
  test('accepts its messages and refuses anything else with a reason', () => {
    assert.deepEqual(parseRoutePathMessage({ type: 'openHop', list: 'returnHops', index: 2 }), { ok: true, value: { type: 'openHop', list: 'returnHops', index: 2 } });
    assert.equal(parseRoutePathMessage({ type: 'export', format: 'markdown' }).ok, true);
    assert.equal(parseRoutePathMessage({ type: 'ready' }).ok, true);
    for (const bad of [null, { type: 'openHop', list: 'hops', index: -1 }, { type: 'openHop', list: 'other', index: 0 }, { type: 'openHop', list: 'hops', index: 1, command: 'x' }, { type: 'export', format: 'html' }, { type: 'run', command: 'workbench.action.quit' }, { type: 'rendered', hops: [1] }]) {
      const r = parseRoutePathMessage(bad);
      assert.equal(r.ok, false, JSON.stringify(bad));
    }
    assert.deepEqual(parseRoutePathState({ ids: { sourceId: 'lab', from: '10.0.0.4', to: '10.1.0.4' } }), { ok: true, value: { sourceId: 'lab', from: '10.0.0.4', to: '10.1.0.4' } });
    assert.equal(parseRoutePathState({ ids: { sourceId: 'lab', from: '' } }).ok, false);
    assert.equal(parseBgpTableMessage({ type: 'revealed', tab: 'learned', shown: 1, selected: 'x' }).ok, true);
    assert.equal(parseBgpTableMessage({ type: 'revealed', tab: 'nope', shown: 1, selected: 'x' }).ok, false);
  });
});

describe('hop links', () => {
  test('coexistence break: the ER gateway\'s learned routes with a lookup of the destination; effective routes as a document; hops without a table say so', async () => {
    const snap = await snapshotAt('coex-er-vpn-session-down', 180);
    const r = traceRoutePath(snap, '10.10.1.4', '192.168.10.20');
    const links = hopLinks(r, snap, 'lab');
    const fb = links.hops[r.firstBroken!]!;
    assert.equal(fb.kind, 'bgpTable');
    if (fb.kind !== 'bgpTable') return;
    assert.deepEqual([fb.tab, fb.filter, fb.lookup, fb.gatewayId.split('/').pop()], ['learned', '', '192.168.10.20', 'er-gw']);
    const eff = links.hops[r.hops.findIndex((h) => h.kind === 'effectiveRoute')]!;
    assert.equal(eff.kind, 'document');
    if (eff.kind === 'document') assert.match(eff.markdown, /\| ▶ \| Default \| Active \| 192\.168\.0\.0\/16 \| None/);
    assert.equal(links.hops[0]!.kind, 'none');
    const conn = links.hops[r.hops.findIndex((h) => h.kind === 'connection')]!;
    assert.equal(conn.kind, 'none');
  });

  test('healthy path: a learned route hop filters to its row; the return hop opens the routes advertised to that peer', async () => {
    const snap = await snapshotAt('coex-healthy', 120);
    const r = traceRoutePath(snap, '10.10.1.4', '192.168.10.20');
    assert.equal(r.delivered, true);
    const links = hopLinks(r, snap, 'lab');
    const learned = links.hops[r.hops.findIndex((h) => h.kind === 'learnedRoute')]!;
    assert.ok(learned.kind === 'bgpTable' && learned.tab === 'learned' && learned.filter === '192.168.10.0/24' && learned.lookup === '', JSON.stringify(learned));
    const back = links.returnHops[0]!;
    assert.ok(back.kind === 'bgpTable' && back.tab === 'advertised' && back.peer === '192.168.255.1' && back.filter === '10.10.0.0/16', JSON.stringify(back));
    const er = traceRoutePath(snap, '10.10.1.4', '172.20.1.10');
    const circuit = hopLinks(er, snap, 'lab').hops[er.hops.findIndex((h) => h.kind === 'circuit')]!;
    assert.equal(circuit.kind, 'document');
    if (circuit.kind === 'document') assert.match(circuit.markdown, /primary path[\s\S]*\| ▶ \| 172\.20\./);
  });
});
