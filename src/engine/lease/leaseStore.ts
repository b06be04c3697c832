// The blob-lease contract shared by the in-memory store (virtual clock) and the Azure Blob
// store (real time, Azurite or a storage account). Semantics follow the Lease Blob REST
// reference: durations 15-60 s or infinite (-1), break periods 0-60 s, and its error codes.

export const INFINITE_LEASE = -1;
export const MIN_LEASE_SECONDS = 15;
export const MAX_LEASE_SECONDS = 60;
export const MAX_BREAK_PERIOD_SECONDS = 60;

export type LeaseOp =
  | { op: 'acquire'; durationSeconds: number; proposedLeaseId: string }
  | { op: 'renew'; leaseId: string }
  | { op: 'change'; leaseId: string; proposedLeaseId: string }
  | { op: 'release'; leaseId: string }
  | { op: 'break'; breakPeriodSeconds?: number }
  /** A write to the blob under the lease (Set Blob Metadata); the source of the 412 outcomes. */
  | { op: 'write'; leaseId?: string };

/** Error codes as the service returns them in x-ms-error-code. */
export type LeaseErrorCode =
  | 'LeaseAlreadyPresent'
  | 'LeaseIdMismatchWithLeaseOperation'
  | 'LeaseNotPresentWithLeaseOperation'
  | 'LeaseIsBreakingAndCannotBeAcquired'
  | 'LeaseIsBreakingAndCannotBeChanged'
  | 'LeaseIsBrokenAndCannotBeRenewed'
  | 'LeaseIdMissing'
  | 'LeaseLost'
  | 'LeaseIdMismatchWithBlobOperation'
  | 'LeaseNotPresentWithBlobOperation'
  | 'InvalidHeaderValue'
  | 'BlobNotFound'
  /** Not a service code: the store could not be reached (a storage partition, a network error). */
  | 'StorageUnreachable';

export type LeaseOpResult =
  | { ok: true; leaseId?: string; /** break only: seconds until the lease is broken. */ leaseTimeSeconds?: number }
  | { ok: false; status: number; code: LeaseErrorCode | string; message: string };

export type LeaseStatus = 'available' | 'leased' | 'expired' | 'breaking' | 'broken';

export interface LeaseInfo {
  status: LeaseStatus;
  leaseId?: string;
}

export class LeaseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = 'LeaseError';
  }
}

export interface LeaseStore {
  readonly kind: 'memory' | 'azureBlob';
  /** Creates the blob (and its container) if missing. */
  ensureBlob(blob: string): Promise<void>;
  /** Never rejects for service outcomes: they come back as `{ ok: false, status, code }`. */
  execute(blob: string, op: LeaseOp): Promise<LeaseOpResult>;
  inspect(blob: string): Promise<LeaseInfo>;
  dispose(): Promise<void>;
}

/** A store that can answer at once; the simulation uses this path to stay deterministic. */
export interface SyncLeaseStore extends LeaseStore {
  executeSync(blob: string, op: LeaseOp): LeaseOpResult;
  inspectSync(blob: string): LeaseInfo;
  /** Earliest clock time at which `leaseId` could acquire the lease if nothing else happens. */
  nextAcquirableAt?(blob: string, leaseId: string): number;
  /** Called when a release or break makes the lease acquirable earlier than expected. */
  onLeaseFreed?(blob: string, listener: () => void): void;
}

export function isSyncLeaseStore(store: LeaseStore): store is SyncLeaseStore {
  return typeof (store as Partial<SyncLeaseStore>).executeSync === 'function';
}

/** Validates durations as the service does (400 InvalidHeaderValue). */
export function checkLeaseOp(op: LeaseOp): LeaseOpResult | undefined {
  // Called on every simulated request: no closures allocated on the valid path.
  if (op.op === 'renew') return undefined;
  if (op.op === 'acquire') {
    const d = op.durationSeconds;
    if (d !== INFINITE_LEASE && !(Number.isInteger(d) && d >= MIN_LEASE_SECONDS && d <= MAX_LEASE_SECONDS)) {
      return bad(`lease duration must be ${MIN_LEASE_SECONDS}-${MAX_LEASE_SECONDS} seconds or -1 (infinite), got ${d}`);
    }
  }
  if (op.op === 'break' && op.breakPeriodSeconds !== undefined) {
    const p = op.breakPeriodSeconds;
    if (!(Number.isInteger(p) && p >= 0 && p <= MAX_BREAK_PERIOD_SECONDS)) {
      return bad(`break period must be 0-${MAX_BREAK_PERIOD_SECONDS} seconds, got ${p}`);
    }
  }
  return undefined;
}

function bad(message: string): LeaseOpResult {
  return { ok: false, status: 400, code: 'InvalidHeaderValue', message };
}

/** Convenience wrappers that throw LeaseError, for callers that prefer exceptions. */
export class LeaseClient {
  constructor(
    private readonly store: LeaseStore,
    private readonly blob: string,
  ) {}

  async acquire(durationSeconds: number, proposedLeaseId: string): Promise<string> {
    return (await this.run({ op: 'acquire', durationSeconds, proposedLeaseId })).leaseId ?? proposedLeaseId;
  }
  async renew(leaseId: string): Promise<void> {
    await this.run({ op: 'renew', leaseId });
  }
  async change(leaseId: string, proposedLeaseId: string): Promise<string> {
    return (await this.run({ op: 'change', leaseId, proposedLeaseId })).leaseId ?? proposedLeaseId;
  }
  async release(leaseId: string): Promise<void> {
    await this.run({ op: 'release', leaseId });
  }
  async break(breakPeriodSeconds?: number): Promise<number> {
    return (await this.run({ op: 'break', breakPeriodSeconds })).leaseTimeSeconds ?? 0;
  }

  private async run(op: LeaseOp): Promise<{ leaseId?: string; leaseTimeSeconds?: number }> {
    const r = await this.store.execute(this.blob, op);
    if (!r.ok) throw new LeaseError(r.status, r.code, r.message);
    return r;
  }
}
