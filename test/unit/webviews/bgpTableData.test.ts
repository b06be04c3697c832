// BgpTableData, the BGP table panel's loader, on the real lab: a LabRuntime, its loopback ARM
// endpoint and the ARM client (the data path the panel uses in the extension).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadScenario } from '../../../src/engine/scenario/loadScenario';
import { LabRuntime } from '../../../src/engine/labRuntime';
import { startLabArmDataSource, type LabArmDataSource } from '../../../src/azure/labArmDataSource';
import { networkResourceId } from '../../../src/model/resourceIds';
import { BgpTableData } from '../../../src/webviews/bgpTable/bgpTableData';
import type { BgpPeerStatus } from '../../../src/model/arm';
import type { EffectiveRouteRow } from '../../../src/webviews/protocol/bgpTableColumns';

const scenarioFile = join(__dirname, '..', '..', '..', 'scenarios', 'coex-healthy.gwlab.json');
const erId = networkResourceId('virtualNetworkGateways', 'er-gw');

function runTo(lab: LabRuntime, seconds: number): void {
  while (lab.timeSeconds < seconds && !lab.finished) lab.step();
}

describe('BgpTableData on the running lab (coex-healthy)', () => {
  let lab: LabRuntime;
  let arm: LabArmDataSource;

  before(async () => {
    lab = await LabRuntime.create(await loadScenario(scenarioFile), { speed: 600, paused: true });
    arm = await startLabArmDataSource(() => lab.snapshot(), { client: { inventoryCacheMs: 0 } });
    runTo(lab, 120);
  });
  after(async () => {
    lab.dispose();
    await arm.close();
  });

  it('gives the panel context: name, lab flag and the BGP neighbors for the advertised-routes selector', async () => {
    const data = new BgpTableData(arm.dataSource, erId, () => lab);
    const ctx = await data.context();
    assert.equal(ctx.gatewayName, 'er-gw');
    assert.equal(ctx.isLab, true);
    const peers = await arm.dataSource.getBgpPeerStatus(erId);
    assert.deepEqual(ctx.peers, [...new Set(peers.map((p) => p.neighbor))]);
    assert.ok(ctx.peers.length > 0);
  });

  it('loads each tab, keeps the version while nothing changed and bumps it when the lab changes', async () => {
    const data = new BgpTableData(arm.dataSource, erId, () => lab);
    await data.context();
    const first = await data.load('peers', '');
    assert.equal(first.changed, true);
    const again = await data.load('peers', '');
    assert.equal(again.changed, false);
    assert.equal(again.data.version, first.data.version);

    const learned = await data.load('learned', '');
    assert.deepEqual(learned.data.rows, await arm.dataSource.getLearnedRoutes(erId));
    const peer = (await data.context()).peers[0]!;
    const advertised = await data.load('advertised', peer);
    assert.equal(advertised.data.peer, peer);
    assert.deepEqual(advertised.data.rows, await arm.dataSource.getAdvertisedRoutes(erId, peer));

    // ER <-> VPN session down: the ER gateway's peer table changes, so a live update is due.
    lab.inject({ kind: 'bgpSessionDown', gateway: 'er-gw', peer: 'vpn-gw' });
    runTo(lab, lab.timeSeconds + 5);
    const after = await data.load('peers', '');
    assert.equal(after.changed, true);
    assert.ok(after.data.version > first.data.version);
    assert.ok((after.data.rows as BgpPeerStatus[]).some((p) => p.state !== 'Connected'), JSON.stringify(after.data.rows));
  });

  it('re-reads lab routes only when the lab data version moves; peers follow every clock tick', async () => {
    const reads: string[] = [];
    const counted = new Proxy(arm.dataSource, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          reads.push(String(prop));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const data = new BgpTableData(counted, erId, () => lab);
    await data.context();
    const first = await data.load('learned', '');
    const version = lab.dataVersion;
    runTo(lab, lab.timeSeconds + 3);
    assert.equal(lab.dataVersion, version, 'three quiet seconds change no lab data');
    reads.length = 0;
    const quiet = await data.load('learned', '');
    assert.equal(quiet.changed, false);
    assert.deepEqual(reads, [], 'no read of the learned routes while the data version stands');
    await data.load('peers', '');
    assert.deepEqual(reads, ['getBgpPeerStatus'], 'peers are read on every tick (their counters grow)');

    // Routes move: the ER<->VPN sessions (down since the test above) come back, and with them
    // what the ER gateway learns from the VPN gateway.
    lab.inject({ kind: 'restore' });
    runTo(lab, lab.timeSeconds + 60);
    reads.length = 0;
    const moved = await data.load('learned', '');
    assert.deepEqual(reads, ['getLearnedRoutes']);
    assert.equal(moved.changed, true);
    assert.ok(moved.data.version > first.data.version);
    assert.deepEqual(moved.data.rows, await arm.dataSource.getLearnedRoutes(erId));
  });

  it('reads VNet effective routes from the lab, one row per prefix', async () => {
    const data = new BgpTableData(arm.dataSource, erId, () => lab);
    await data.context();
    const { data: table } = await data.load('effective', '');
    const rows = table.rows as EffectiveRouteRow[];
    assert.ok(rows.length > 0, 'effective routes for the hub VNet');
    assert.ok(rows.every((r) => typeof r.addressPrefix === 'string' && !r.addressPrefix.includes(',')));
    assert.ok(rows.some((r) => r.source === 'Default'));
  });

  it('says clearly when a gateway does not exist or the lab is gone', async () => {
    await assert.rejects(new BgpTableData(arm.dataSource, networkResourceId('virtualNetworkGateways', 'nope'), () => lab).context(), /gateway .*nope was not found in Lab/);
    const noLab = new BgpTableData(arm.dataSource, erId, () => undefined);
    await noLab.context();
    await assert.rejects(noLab.load('effective', ''), /the lab is not running/);
  });
});
