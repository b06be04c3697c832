import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryLeaseStore } from '../../../src/engine/lease/memoryLeaseStore';
import { LeaseClient, LeaseError, type LeaseOpResult } from '../../../src/engine/lease/leaseStore';

const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

function setup(): { store: MemoryLeaseStore; clock: { t: number }; run: (op: Parameters<MemoryLeaseStore['executeSync']>[1]) => LeaseOpResult } {
  const clock = { t: 0 };
  // The store's clock is in milliseconds; these tests set it in seconds.
  const store = new MemoryLeaseStore(() => Math.round(clock.t * 1000));
  return { store, clock, run: (op) => store.executeSync('blob', op) };
}

function code(r: LeaseOpResult): string {
  return r.ok ? 'ok' : `${r.status} ${r.code}`;
}

describe('MemoryLeaseStore', () => {
  it('acquire: grants a free lease, refuses another id, re-acquire with the same id renews', () => {
    const { run, store } = setup();
    assert.equal(code(run({ op: 'acquire', durationSeconds: 15, proposedLeaseId: A })), 'ok');
    assert.deepEqual(store.inspectSync('blob'), { status: 'leased', leaseId: A });
    assert.equal(code(run({ op: 'acquire', durationSeconds: 15, proposedLeaseId: B })), '409 LeaseAlreadyPresent');
    assert.equal(code(run({ op: 'acquire', durationSeconds: 30, proposedLeaseId: A })), 'ok');
  });

  it('leases expire after their duration; then anyone may acquire', () => {
    const { run, clock, store } = setup();
    run({ op: 'acquire', durationSeconds: 15, proposedLeaseId: A });
    clock.t = 14.999;
    assert.equal(code(run({ op: 'acquire', durationSeconds: 15, proposedLeaseId: B })), '409 LeaseAlreadyPresent');
    clock.t = 15;
    assert.equal(store.inspectSync('blob').status, 'expired');
    assert.equal(code(run({ op: 'acquire', durationSeconds: 15, proposedLeaseId: B })), 'ok');
    assert.equal(store.inspectSync('blob').leaseId, B);
  });

  it('renew extends by the granted duration, works on an expired lease nobody took, and checks the id', () => {
    const { run, clock, store } = setup();
    assert.equal(code(run({ op: 'renew', leaseId: A })), '409 LeaseIdMismatchWithLeaseOperation');
    run({ op: 'acquire', durationSeconds: 20, proposedLeaseId: A });
    clock.t = 10;
    assert.equal(code(run({ op: 'renew', leaseId: A })), 'ok');
    clock.t = 29;
    assert.equal(store.inspectSync('blob').status, 'leased');
    clock.t = 31;
    assert.equal(store.inspectSync('blob').status, 'expired');
    assert.equal(code(run({ op: 'renew', leaseId: B })), '409 LeaseIdMismatchWithLeaseOperation');
    assert.equal(code(run({ op: 'renew', leaseId: A })), 'ok');
    assert.equal(store.inspectSync('blob').status, 'leased');
  });

  it('change swaps the id, is idempotent for the new id, and needs a present lease', () => {
    const { run, store, clock } = setup();
    assert.equal(code(run({ op: 'change', leaseId: A, proposedLeaseId: B })), '409 LeaseNotPresentWithLeaseOperation');
    run({ op: 'acquire', durationSeconds: 15, proposedLeaseId: A });
    assert.equal(code(run({ op: 'change', leaseId: A, proposedLeaseId: B })), 'ok');
    assert.equal(store.inspectSync('blob').leaseId, B);
    assert.equal(code(run({ op: 'change', leaseId: A, proposedLeaseId: B })), 'ok');
    assert.equal(code(run({ op: 'change', leaseId: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', proposedLeaseId: A })), '409 LeaseIdMismatchWithLeaseOperation');
    clock.t = 100;
    assert.equal(code(run({ op: 'change', leaseId: B, proposedLeaseId: A })), '409 LeaseNotPresentWithLeaseOperation');
  });

  it('release frees the lease for its holder only', () => {
    const { run, store } = setup();
    run({ op: 'acquire', durationSeconds: 15, proposedLeaseId: A });
    assert.equal(code(run({ op: 'release', leaseId: B })), '409 LeaseIdMismatchWithLeaseOperation');
    assert.equal(code(run({ op: 'release', leaseId: A })), 'ok');
    assert.equal(store.inspectSync('blob').status, 'available');
    assert.equal(code(run({ op: 'release', leaseId: A })), '409 LeaseIdMismatchWithLeaseOperation');
    assert.equal(code(run({ op: 'acquire', durationSeconds: 15, proposedLeaseId: B })), 'ok');
  });

  it('break with period 0 breaks at once; broken leases cannot be renewed but can be acquired', () => {
    const { run, store } = setup();
    assert.equal(code(run({ op: 'break', breakPeriodSeconds: 0 })), '409 LeaseNotPresentWithLeaseOperation');
    run({ op: 'acquire', durationSeconds: 60, proposedLeaseId: A });
    const r = run({ op: 'break', breakPeriodSeconds: 0 });
    assert.deepEqual(r, { ok: true, leaseTimeSeconds: 0 });
    assert.equal(store.inspectSync('blob').status, 'broken');
    assert.equal(code(run({ op: 'renew', leaseId: A })), '409 LeaseIsBrokenAndCannotBeRenewed');
    assert.equal(code(run({ op: 'change', leaseId: A, proposedLeaseId: B })), '409 LeaseNotPresentWithLeaseOperation');
    assert.equal(code(run({ op: 'acquire', durationSeconds: 15, proposedLeaseId: B })), 'ok');
  });

  it('break with a period keeps the lease "breaking" until it ends, capped at the remaining time', () => {
    const { run, store, clock } = setup();
    run({ op: 'acquire', durationSeconds: 30, proposedLeaseId: A });
    clock.t = 20;
    assert.deepEqual(run({ op: 'break', breakPeriodSeconds: 60 }), { ok: true, leaseTimeSeconds: 10 });
    assert.equal(store.inspectSync('blob').status, 'breaking');
    assert.equal(code(run({ op: 'acquire', durationSeconds: 15, proposedLeaseId: A })), '409 LeaseIsBreakingAndCannotBeAcquired');
    assert.equal(code(run({ op: 'acquire', durationSeconds: 15, proposedLeaseId: B })), '409 LeaseAlreadyPresent');
    assert.equal(code(run({ op: 'change', leaseId: A, proposedLeaseId: B })), '409 LeaseIsBreakingAndCannotBeChanged');
    clock.t = 30;
    assert.equal(store.inspectSync('blob').status, 'broken');
  });

  it('infinite leases never expire; break without a period breaks them at once', () => {
    const { run, store, clock } = setup();
    run({ op: 'acquire', durationSeconds: -1, proposedLeaseId: A });
    clock.t = 1e9;
    assert.equal(store.inspectSync('blob').status, 'leased');
    assert.deepEqual(run({ op: 'break' }), { ok: true, leaseTimeSeconds: 0 });
    assert.equal(store.inspectSync('blob').status, 'broken');
  });

  it('writes under a lease: 412 LeaseIdMissing, LeaseIdMismatchWithBlobOperation, LeaseLost', () => {
    const { run, clock } = setup();
    assert.equal(code(run({ op: 'write' })), 'ok');
    run({ op: 'acquire', durationSeconds: 15, proposedLeaseId: A });
    assert.equal(code(run({ op: 'write' })), '412 LeaseIdMissing');
    assert.equal(code(run({ op: 'write', leaseId: B })), '412 LeaseIdMismatchWithBlobOperation');
    assert.equal(code(run({ op: 'write', leaseId: A })), 'ok');
    clock.t = 16;
    assert.equal(code(run({ op: 'write', leaseId: A })), '412 LeaseLost');
    assert.equal(code(run({ op: 'write' })), 'ok');
  });

  it('rejects durations outside 15-60 s and break periods outside 0-60 s with 400', () => {
    const { run } = setup();
    for (const d of [0, 14, 61, 20.5]) assert.equal(code(run({ op: 'acquire', durationSeconds: d, proposedLeaseId: A })), '400 InvalidHeaderValue');
    assert.equal(code(run({ op: 'break', breakPeriodSeconds: 61 })), '400 InvalidHeaderValue');
  });

  it('LeaseClient turns failures into LeaseError with status and code', async () => {
    const { store } = setup();
    const a = new LeaseClient(store, 'blob');
    const b = new LeaseClient(store, 'blob');
    assert.equal(await a.acquire(15, A), A);
    await assert.rejects(b.acquire(15, B), (e: unknown) => e instanceof LeaseError && e.status === 409 && e.code === 'LeaseAlreadyPresent');
    await a.renew(A);
    assert.equal(await a.change(A, B), B);
    await b.release(B);
    assert.equal(await a.acquire(15, A), A);
    assert.equal(await b.break(0), 0);
  });
});
