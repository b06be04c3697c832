// Progress and cancellation of long Azure calls, as the panels get them: the real client on the
// lab's real ARM endpoint, with a recording stand-in for VS Code's progress notification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSnapshot } from '../arm/snapshotBuilder';
import { labSource, startLab } from './labFixture';
import { ProgressDataSource, type ProgressUi } from '../../../src/azure/progressDataSource';
import { AzureRequestError } from '../../../src/azure/azureErrors';

interface Shown {
  title: string;
  messages: string[];
  cancel: AbortController;
}

function recordingUi(): { ui: ProgressUi; shown: Shown[] } {
  const shown: Shown[] = [];
  const ui: ProgressUi = {
    show: (title, run) => {
      const entry: Shown = { title, messages: [], cancel: new AbortController() };
      shown.push(entry);
      return run((m) => entry.messages.push(m), entry.cancel.signal);
    },
  };
  return { ui, shown };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), what);
}

const snapshot = buildSnapshot({ gatewaysPerResourceGroup: 1, learnedRoutes: 3 });
const gw = snapshot.gateways[0]!.gateway;

test('a long call shows what it waits for, with polls, and Cancel aborts it mid-poll', async () => {
  const ep = await startLab(snapshot, { lro: { pollsBeforeDone: 1_000_000, retryAfterSeconds: 0 } });
  try {
    const { ui, shown } = recordingUi();
    const source = new ProgressDataSource(labSource(ep, { pollIntervalMs: 10 }), ui, { delayMs: 30 });
    const pending = source.getLearnedRoutes(gw.id);
    pending.catch(() => undefined);
    await until(() => shown.length === 1 && shown[0]!.messages.some((m) => /checked \d+ times/.test(m)), 'progress with poll counts');
    assert.equal(shown[0]!.title, `Gateway Lens: reading the learned routes of ${gw.name}…`);
    shown[0]!.cancel.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof AzureRequestError && e.kind === 'cancelled');
    const polls = ep.stats().byRoute.lroPoll ?? 0;
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(ep.stats().byRoute.lroPoll ?? 0, polls, 'no poll after Cancel');
  } finally {
    await ep.close();
  }
});

test('a quick call shows nothing; a call with its own signal is left to its caller', async () => {
  const ep = await startLab(snapshot, { lro: { pollsBeforeDone: 0, retryAfterSeconds: 0 } });
  try {
    const { ui, shown } = recordingUi();
    const source = new ProgressDataSource(labSource(ep), ui, { delayMs: 2_000 });
    assert.deepEqual(await source.getLearnedRoutes(gw.id), snapshot.gateways[0]!.learnedRoutes);
    assert.equal((await source.listGateways()).length, 1);
    const slow = new ProgressDataSource(labSource(ep, { pollIntervalMs: 10 }), ui, { delayMs: 0 });
    ep.setFaults({ latencyMs: 50 });
    assert.equal((await slow.getBgpPeerStatus(gw.id, new AbortController().signal)).length, snapshot.gateways[0]!.bgpPeers!.length);
    assert.equal(shown.length, 0);
    // Without a signal the same slow call does show.
    await slow.getBgpPeerStatus(gw.id);
    assert.deepEqual(shown.map((s) => s.title), [`Gateway Lens: reading the BGP peers of ${gw.name}…`]);
  } finally {
    await ep.close();
  }
});

test('errors reach the caller unchanged (the notification swallows nothing the caller needs)', async () => {
  const ep = await startLab(snapshot, { faults: { latencyMs: 40, failures: [{ status: 404, count: 1 }] } });
  try {
    const { ui, shown } = recordingUi();
    const source = new ProgressDataSource(labSource(ep), ui, { delayMs: 0 });
    await assert.rejects(source.getAdvertisedRoutes(gw.id, '203.0.113.1'), (e: unknown) => e instanceof AzureRequestError && e.kind === 'notFound');
    assert.equal(shown.length, 1);
  } finally {
    await ep.close();
  }
});
