// Blob-lease semantics in memory, on a caller-supplied clock (the lab's virtual clock).
// The state machine is the one in the Lease Blob REST reference: Available, Leased, Expired,
// Breaking, Broken, with the same transitions and error codes for each operation.
import {
  INFINITE_LEASE,
  checkLeaseOp,
  type LeaseInfo,
  type LeaseOp,
  type LeaseOpResult,
  type SyncLeaseStore,
} from './leaseStore';

interface BlobLease {
  leaseId?: string;
  /** Absolute clock time (ms) the lease expires; Infinity for infinite leases. */
  expiresAt: number;
  /** Granted duration in seconds (Infinity for infinite), reused by renew. */
  durationSeconds?: number;
  /** Set while breaking/broken: when the break completes (clock ms). */
  breakAt?: number;
}

// Outcomes are immutable and shared: the simulation asks millions of times (a standby retrying
// every second), so allocating a fresh error object each time would only feed the GC.
const conflict = (code: string, message: string): LeaseOpResult => Object.freeze({ ok: false, status: 409, code, message });
const precondition = (code: string, message: string): LeaseOpResult => Object.freeze({ ok: false, status: 412, code, message });
const ALREADY_PRESENT = conflict('LeaseAlreadyPresent', 'There is already a lease present.');
const ID_MISMATCH = conflict('LeaseIdMismatchWithLeaseOperation', 'The lease ID specified did not match the lease ID for the blob.');
const OK: LeaseOpResult = Object.freeze({ ok: true });

export class MemoryLeaseStore implements SyncLeaseStore {
  readonly kind = 'memory' as const;
  private readonly blobs = new Map<string, BlobLease>();
  private readonly freedListeners = new Map<string, (() => void)[]>();

  /** `clock` returns milliseconds; the lab passes the scheduler's virtual clock. Operations speak seconds, as the REST API does. */
  constructor(private readonly clock: () => number) {}

  ensureBlob(blob: string): Promise<void> {
    if (!this.blobs.has(blob)) this.blobs.set(blob, { expiresAt: -Infinity });
    return Promise.resolve();
  }

  execute(blob: string, op: LeaseOp): Promise<LeaseOpResult> {
    return Promise.resolve(this.executeSync(blob, op));
  }

  inspect(blob: string): Promise<LeaseInfo> {
    return Promise.resolve(this.inspectSync(blob));
  }

  dispose(): Promise<void> {
    this.blobs.clear();
    this.freedListeners.clear();
    return Promise.resolve();
  }

  nextAcquirableAt(blob: string, leaseId: string): number {
    const lease = this.blobs.get(blob);
    if (!lease) return -Infinity;
    const status = this.status(lease);
    if (status === 'leased') return lease.leaseId === leaseId ? -Infinity : lease.expiresAt;
    if (status === 'breaking') return lease.breakAt ?? -Infinity;
    return -Infinity;
  }

  onLeaseFreed(blob: string, listener: () => void): void {
    const list = this.freedListeners.get(blob) ?? [];
    list.push(listener);
    this.freedListeners.set(blob, list);
  }

  private notifyFreed(blob: string): void {
    for (const l of this.freedListeners.get(blob) ?? []) l();
  }

  inspectSync(blob: string): LeaseInfo {
    const lease = this.blobs.get(blob);
    if (!lease) return { status: 'available' };
    const status = this.status(lease);
    return status === 'available' ? { status } : { status, leaseId: lease.leaseId };
  }

  executeSync(blob: string, op: LeaseOp): LeaseOpResult {
    const invalid = checkLeaseOp(op);
    if (invalid) return invalid;
    let lease = this.blobs.get(blob);
    if (!lease) {
      // Leases need an existing blob; the lab creates it lazily like ensureBlob would.
      lease = { expiresAt: -Infinity };
      this.blobs.set(blob, lease);
    }
    const now = this.clock();
    const status = this.status(lease, now);
    const current = lease.leaseId;

    switch (op.op) {
      case 'acquire': {
        // The hot path of a simulation: a standby asking while the active holds the lease.
        if (status === 'leased' && lease.leaseId !== op.proposedLeaseId) return ALREADY_PRESENT;
        if (status === 'available' || status === 'expired' || status === 'broken') return this.take(lease, op, now);
        if (status === 'breaking') {
          return op.proposedLeaseId === current
            ? conflict('LeaseIsBreakingAndCannotBeAcquired', 'There is already a lease present and it is being broken.')
            : ALREADY_PRESENT;
        }
        return this.take(lease, op, now);
      }
      case 'renew': {
        // Azure (and Azurite) answer a renew of a blob without a lease as an id mismatch.
        if (status === 'available') return ID_MISMATCH;
        if (op.leaseId !== current) return ID_MISMATCH;
        if (status === 'breaking') return conflict('LeaseIsBreakingAndCannotBeAcquired', 'The lease is being broken and cannot be renewed.');
        if (status === 'broken') return conflict('LeaseIsBrokenAndCannotBeRenewed', 'The lease has been broken and cannot be renewed.');
        // Renewing an expired lease is allowed while nobody else has acquired it (REST reference).
        lease.expiresAt = now + (lease.durationSeconds ?? 0) * 1000;
        return { ok: true, leaseId: lease.leaseId };
      }
      case 'change': {
        if (status === 'available' || status === 'expired' || status === 'broken') {
          return conflict('LeaseNotPresentWithLeaseOperation', 'There is currently no lease on the blob.');
        }
        if (status === 'breaking') return conflict('LeaseIsBreakingAndCannotBeChanged', 'The lease is being broken and cannot be changed.');
        if (op.proposedLeaseId === current) return { ok: true, leaseId: op.proposedLeaseId };
        if (op.leaseId !== current) return ID_MISMATCH;
        lease.leaseId = op.proposedLeaseId;
        return { ok: true, leaseId: op.proposedLeaseId };
      }
      case 'release': {
        if (status === 'available') return ID_MISMATCH;
        if (op.leaseId !== current) return ID_MISMATCH;
        this.blobs.set(blob, { expiresAt: -Infinity });
        this.notifyFreed(blob);
        return OK;
      }
      case 'break': {
        if (status === 'available') return conflict('LeaseNotPresentWithLeaseOperation', 'There is currently no lease on the blob.');
        if (status === 'expired' || status === 'broken') {
          lease.breakAt = Math.min(lease.breakAt ?? now, now);
          return { ok: true, leaseTimeSeconds: 0 };
        }
        const remaining = lease.expiresAt === Infinity ? Infinity : lease.expiresAt - now;
        // Without a break period a finite lease breaks when it would have expired; an infinite one at once.
        const requested = op.breakPeriodSeconds !== undefined ? op.breakPeriodSeconds * 1000 : remaining === Infinity ? 0 : remaining;
        let period = Math.min(requested, remaining);
        if (status === 'breaking') period = Math.min(period, (lease.breakAt ?? now) - now);
        lease.breakAt = now + Math.max(0, period);
        this.notifyFreed(blob);
        return { ok: true, leaseTimeSeconds: Math.ceil(Math.max(0, period) / 1000) };
      }
      case 'write': {
        if (status === 'leased' || status === 'breaking') {
          if (op.leaseId === undefined) return precondition('LeaseIdMissing', 'There is currently a lease on the blob and no lease ID was specified in the request.');
          if (op.leaseId !== current) return precondition('LeaseIdMismatchWithBlobOperation', 'The lease ID specified did not match the lease ID for the blob.');
          return { ok: true };
        }
        if (op.leaseId === undefined) return { ok: true };
        if (status === 'expired' && op.leaseId === current) return precondition('LeaseLost', 'A lease ID was specified, but the lease for the blob has expired.');
        return precondition('LeaseNotPresentWithBlobOperation', 'There is currently no lease on the blob.');
      }
    }
  }

  private take(lease: BlobLease, op: { durationSeconds: number; proposedLeaseId: string }, now: number): LeaseOpResult {
    lease.leaseId = op.proposedLeaseId;
    lease.durationSeconds = op.durationSeconds === INFINITE_LEASE ? Infinity : op.durationSeconds;
    lease.expiresAt = now + lease.durationSeconds * 1000;
    lease.breakAt = undefined;
    return { ok: true, leaseId: op.proposedLeaseId };
  }

  private status(lease: BlobLease, now = this.clock()): LeaseInfo['status'] {
    if (lease.leaseId === undefined) return 'available';
    if (lease.breakAt !== undefined) return now < lease.breakAt ? 'breaking' : 'broken';
    return now < lease.expiresAt ? 'leased' : 'expired';
  }
}
