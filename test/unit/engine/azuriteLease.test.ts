// Against a real Azurite (started here on loopback): the Azure Blob lease store answers like the
// in-memory one, and a short failover gives the same sequence of lease holders on both.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startAzurite, type AzuriteProcess } from '../../../src/engine/lease/azuriteProcess';
import { AzureBlobLeaseStore } from '../../../src/engine/lease/azureBlobLeaseStore';
import { MemoryLeaseStore } from '../../../src/engine/lease/memoryLeaseStore';
import type { LeaseOp, LeaseOpResult, LeaseStore } from '../../../src/engine/lease/leaseStore';
import { LabRuntime } from '../../../src/engine/labRuntime';
import { createLab } from '../../../src/engine/createLab';
import { shortFailoverScenario, leaseHolderSequence } from './fixtures';

const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

/** Operation sequences that need no waiting (break period 0 stands in for expiry). */
const SCRIPTS: LeaseOp[][] = [
  [{ op: 'renew', leaseId: A }, { op: 'release', leaseId: A }, { op: 'change', leaseId: A, proposedLeaseId: B }, { op: 'break', breakPeriodSeconds: 0 }, { op: 'write' }],
  [{ op: 'acquire', durationSeconds: 15, proposedLeaseId: A }, { op: 'acquire', durationSeconds: 15, proposedLeaseId: B }, { op: 'acquire', durationSeconds: 20, proposedLeaseId: A }, { op: 'renew', leaseId: B }, { op: 'renew', leaseId: A }],
  [{ op: 'acquire', durationSeconds: -1, proposedLeaseId: A }, { op: 'change', leaseId: A, proposedLeaseId: B }, { op: 'change', leaseId: A, proposedLeaseId: B }, { op: 'renew', leaseId: A }, { op: 'release', leaseId: A }, { op: 'release', leaseId: B }, { op: 'acquire', durationSeconds: 15, proposedLeaseId: A }],
  [{ op: 'acquire', durationSeconds: 60, proposedLeaseId: A }, { op: 'write' }, { op: 'write', leaseId: B }, { op: 'write', leaseId: A }, { op: 'break', breakPeriodSeconds: 0 }, { op: 'renew', leaseId: A }, { op: 'change', leaseId: A, proposedLeaseId: B }, { op: 'acquire', durationSeconds: 15, proposedLeaseId: B }, { op: 'release', leaseId: B }],
  [{ op: 'acquire', durationSeconds: 60, proposedLeaseId: A }, { op: 'break', breakPeriodSeconds: 30 }, { op: 'acquire', durationSeconds: 15, proposedLeaseId: B }, { op: 'change', leaseId: A, proposedLeaseId: B }, { op: 'break', breakPeriodSeconds: 0 }, { op: 'acquire', durationSeconds: 15, proposedLeaseId: B }],
  [{ op: 'acquire', durationSeconds: 14, proposedLeaseId: A }, { op: 'acquire', durationSeconds: 61, proposedLeaseId: A }],
];

function outcome(r: LeaseOpResult): string {
  return r.ok ? 'ok' : `${r.status} ${r.code}`;
}

async function runScript(store: LeaseStore, blob: string, script: LeaseOp[]): Promise<string[]> {
  await store.ensureBlob(blob);
  const out: string[] = [];
  for (const op of script) out.push(`${op.op}: ${outcome(await store.execute(blob, op))}`);
  return out;
}

describe('Azure Blob lease store against Azurite', () => {
  let azurite: AzuriteProcess;
  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });

  it('answers every scripted operation like the in-memory store', async () => {
    const azure = new AzureBlobLeaseStore({ connectionString: azurite.connectionString, containerName: 'conformance' });
    const memory = new MemoryLeaseStore(() => 0);
    for (const [i, script] of SCRIPTS.entries()) {
      const expected = await runScript(memory, `script-${i}`, script);
      const actual = await runScript(azure, `script-${i}`, script);
      assert.deepEqual(actual, expected, `script ${i}`);
    }
  });

  it('reports an unreachable account as StorageUnreachable, not a throw', async () => {
    const dead = new AzureBlobLeaseStore({ connectionString: azurite.connectionString.replace(String(azurite.port), '1'), containerName: 'unreachable' });
    const r = await dead.execute('x', { op: 'renew', leaseId: A });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, 'StorageUnreachable');
  });

  it('a short failover gives the same lease-holder sequence in real time on Azurite as in memory', async () => {
    const scenario = shortFailoverScenario();
    const memoryLab = createLab(scenario);
    const memoryHolders = leaseHolderSequence(memoryLab);
    memoryLab.runUntil(scenario.durationSeconds);

    const store = new AzureBlobLeaseStore({ connectionString: azurite.connectionString, containerName: 'equivalence' });
    const runtime = await LabRuntime.create(scenario, { store, speed: 1, tickMs: 50 });
    const azureHolders = leaseHolderSequence(runtime.lab);
    await runtime.whenFinished();
    runtime.dispose();

    // Before the first acquire answers nobody holds the lease; real storage answers a little later.
    const holders = (seq: typeof memoryHolders): (string | null)[] => seq.map((h) => h.holder).filter((h, i, all) => h !== null || all.slice(0, i).some((x) => x !== null));
    assert.deepEqual(holders(memoryHolders), ['IN_0', null, 'IN_1', null, 'IN_0']);
    assert.deepEqual(holders(azureHolders), holders(memoryHolders));
    // Real storage answers later than the virtual clock, never earlier; how much later depends on the
    // machine's load, so only the order is checked: each holder appears no sooner than in memory
    // and before the in-memory run's next change plus the scenario's slack.
    const changes = (seq: typeof memoryHolders): number[] => seq.filter((h) => h.holder !== null).map((h) => h.t);
    const expected = changes(memoryHolders);
    changes(azureHolders).forEach((t, i) => {
      assert.ok(t >= expected[i]!, `change ${i} at ${t} s, before the in-memory ${expected[i]} s`);
      assert.ok(t < (expected[i + 1] ?? scenario.durationSeconds), `change ${i} at ${t} s, after the next in-memory change`);
    });
  });
});
