// Network Watcher's next hop against the trace's first hop, read with the real SDK from the lab's
// ARM endpoint (checkFirstHop -> readNextHop -> @azure/arm-network): agreement, a disagreement
// (the trace's snapshot is older than what the watcher answers for), no watcher in the NIC's
// region, a source that is no VM's NIC, and what `gateway-lab path` prints about it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLab } from '../../../src/engine/createLab';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import type { Lab } from '../../../src/engine/lab';
import type { ArmEndpoint } from '../../../src/engine/arm/armEndpoint';
import type { NetworkSnapshot } from '../../../src/model/snapshot';
import { traceRoutePath } from '../../../src/routePath/traceRoutePath';
import { firstHopLine } from '../../../src/routePath/firstHopCheck';
import { checkFirstHop } from '../../../src/azure/firstHopReader';
import { serializeSnapshot } from '../../../src/diagnostics/snapshotFormat';
import { labSource, startLab } from '../azure/labFixture';
import { cli } from '../cli/cliHarness';

const FROM = '10.10.1.4';
const TO = '192.168.10.20';

describe('first hop against Network Watcher (lab endpoint, real SDK)', () => {
  let lab: Lab;
  let before60: NetworkSnapshot;
  let now: NetworkSnapshot;
  let ep: ArmEndpoint;

  before(async () => {
    lab = createLab(await loadScenario(join(__dirname, '../../../scenarios/coex-er-vpn-session-down.gwlab.json')), { recordEvents: false });
    lab.runUntil(60);
    before60 = lab.snapshot();
    lab.runUntil(180);
    now = lab.snapshot();
    ep = await startLab(now);
  });
  after(async () => {
    await ep.close();
    await lab.dispose();
  });

  test('the same moment: Network Watcher agrees with the first hop (no route: None)', async () => {
    const traced = traceRoutePath(now, FROM, TO);
    const { result, notChecked } = await checkFirstHop(labSource(ep), now, traced);
    assert.equal(notChecked, undefined);
    assert.deepEqual({ ...result.firstHopCheck, message: undefined }, { source: 'networkWatcher', nextHopType: 'None', nextHopIpAddress: '', routeTableId: 'System Route', agrees: true, message: undefined });
    assert.match(firstHopLine(result, notChecked), /^first hop: Network Watcher agrees: None/);
  });

  test('an older trace against the watcher now: they disagree, and the line says what each says', async () => {
    const traced = traceRoutePath(before60, FROM, TO);
    assert.equal(traced.delivered, true, 'before the fault the route goes through the gateway');
    const { result } = await checkFirstHop(labSource(ep), before60, traced);
    const c = result.firstHopCheck!;
    assert.equal(c.agrees, false);
    assert.equal(c.nextHopType, 'None');
    assert.match(c.message, /Network Watcher disagrees: it says None -, the effective routes say VirtualNetworkGateway 10\.10\.255\.4/);
    assert.match(firstHopLine(result, undefined), /disagrees/);
    // The JSON `gateway-lab path --json` prints carries it.
    assert.equal((JSON.parse(JSON.stringify(result)) as { firstHopCheck: { agrees: boolean } }).firstHopCheck.agrees, false);
  });

  test('no watcher in the NIC\'s region, or a source that is no VM\'s NIC: no firstHopCheck, and why', async () => {
    const elsewhere: NetworkSnapshot = { ...now, networkInterfaces: now.networkInterfaces!.map((n) => ({ ...n, nic: { ...n.nic, location: 'antarctica' } })) };
    const a = await checkFirstHop(labSource(ep), elsewhere, traceRoutePath(elsewhere, FROM, TO));
    assert.equal(a.result.firstHopCheck, undefined);
    assert.equal(a.notChecked, 'no Network Watcher in antarctica');
    const b = await checkFirstHop(labSource(ep), now, traceRoutePath(now, '10.10.1.99', TO));
    assert.equal(b.result.firstHopCheck, undefined);
    assert.match(b.notChecked!, /10\.10\.1\.99 is not a VM's NIC/);
    assert.match(firstHopLine(b.result, b.notChecked), /^first hop: not checked against Network Watcher/);
    const c = await checkFirstHop(undefined, now, traceRoutePath(now, FROM, TO));
    assert.equal(c.notChecked, 'no ARM endpoint to ask');
  });
});

describe('gateway-lab path and Network Watcher', () => {
  test('a scenario: --json holds firstHopCheck read from the lab endpoint; the text says it agrees', async () => {
    const json = await cli('path', 'coex-healthy', '--at', '2m', '--from', FROM, '--to', TO, '--json');
    assert.equal(json.code, 0);
    const r = JSON.parse(json.out) as { firstHopCheck?: { source: string; nextHopType: string; agrees: boolean } };
    assert.deepEqual([r.firstHopCheck?.source, r.firstHopCheck?.nextHopType, r.firstHopCheck?.agrees], ['networkWatcher', 'VirtualNetworkGateway', true]);
    const text = await cli('path', 'coex-er-vpn-session-down', '--at', '3m', '--from', FROM, '--to', TO);
    assert.match(text.out, /^first hop: Network Watcher agrees: None/m);
  });

  test('a snapshot file: "not checked", and no firstHopCheck in the JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gwl-firsthop-'));
    try {
      const lab = createLab(await loadScenario(join(__dirname, '../../../scenarios/coex-healthy.gwlab.json')), { recordEvents: false });
      lab.runUntil(120);
      const file = join(dir, 'snap.json');
      writeFileSync(file, serializeSnapshot(lab.snapshot()));
      await lab.dispose();
      const text = await cli('path', '--snapshot', file, '--from', FROM, '--to', TO);
      assert.match(text.out, /^first hop: not checked against Network Watcher \(a snapshot file holds no Network Watcher answer\)$/m);
      const json = await cli('path', '--snapshot', file, '--from', FROM, '--to', TO, '--json');
      assert.equal('firstHopCheck' in (JSON.parse(json.out) as object), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
