// Blob leases on real Azure Blob Storage (or Azurite) through @azure/storage-blob, in real
// time. Same contract as MemoryLeaseStore: service outcomes come back as data, not throws.
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { checkLeaseOp, type LeaseInfo, type LeaseOp, type LeaseOpResult, type LeaseStore } from './leaseStore';

/** Azurite's well-known development account key (public, documented by Microsoft). */
const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function azuriteConnectionString(blobPort: number, host = '127.0.0.1'): string {
  return `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=http://${host}:${blobPort}/devstoreaccount1;`;
}

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
  details?: { errorCode?: string };
}

function toResult(error: unknown): LeaseOpResult {
  const e = (typeof error === 'object' && error !== null ? error : {}) as RestErrorLike;
  if (typeof e.statusCode !== 'number') {
    return { ok: false, status: 0, code: 'StorageUnreachable', message: e.message ?? String(error) };
  }
  const code = e.details?.errorCode ?? e.code ?? 'Unknown';
  // Keep only the first line: the SDK appends request ids and timestamps that vary per run.
  return { ok: false, status: e.statusCode, code, message: (e.message ?? code).split('\n')[0] ?? code };
}

export interface AzureBlobLeaseStoreOptions {
  connectionString: string;
  /** 3-63 lowercase letters, digits and dashes (service rule). */
  containerName?: string;
  /** Per-request timeout; a request that takes longer counts as StorageUnreachable. Default 5000. */
  requestTimeoutMs?: number;
  /** Delete the container on dispose (a per-run container, so old leases never block a new run). */
  deleteContainerOnDispose?: boolean;
}

export class AzureBlobLeaseStore implements LeaseStore {
  readonly kind = 'azureBlob' as const;
  private readonly container: ContainerClient;
  private containerReady: Promise<unknown> | undefined;

  private readonly deleteOnDispose: boolean;

  constructor(options: AzureBlobLeaseStoreOptions) {
    this.deleteOnDispose = options.deleteContainerOnDispose ?? false;
    // One try per operation, bounded in time: the lease loop retries on its own interval, and an
    // SDK back-off longer than a renew interval would only blur the fencing deadline.
    const service = BlobServiceClient.fromConnectionString(options.connectionString, {
      retryOptions: { maxTries: 1, tryTimeoutInMs: options.requestTimeoutMs ?? 5000 },
    });
    this.container = service.getContainerClient(options.containerName ?? 'gateway-lab-leases');
  }

  async ensureBlob(blob: string): Promise<void> {
    this.containerReady ??= this.container.createIfNotExists();
    await this.containerReady;
    const client = this.container.getBlockBlobClient(blob);
    if (!(await client.exists())) await client.upload('', 0);
  }

  async inspect(blob: string): Promise<LeaseInfo> {
    const props = await this.container.getBlockBlobClient(blob).getProperties();
    // The service never returns the lease id; callers compare ids through operations.
    switch (props.leaseState) {
      case 'leased':
        return { status: 'leased' };
      case 'breaking':
        return { status: 'breaking' };
      case 'broken':
        return { status: 'broken' };
      case 'expired':
        return { status: 'expired' };
      default:
        return { status: 'available' };
    }
  }

  async execute(blob: string, op: LeaseOp): Promise<LeaseOpResult> {
    const invalid = checkLeaseOp(op);
    if (invalid) return invalid;
    const blobClient = this.container.getBlockBlobClient(blob);
    try {
      switch (op.op) {
        case 'acquire': {
          const r = await blobClient.getBlobLeaseClient(op.proposedLeaseId).acquireLease(op.durationSeconds);
          return { ok: true, leaseId: r.leaseId ?? op.proposedLeaseId };
        }
        case 'renew': {
          await blobClient.getBlobLeaseClient(op.leaseId).renewLease();
          return { ok: true, leaseId: op.leaseId };
        }
        case 'change': {
          const r = await blobClient.getBlobLeaseClient(op.leaseId).changeLease(op.proposedLeaseId);
          return { ok: true, leaseId: r.leaseId ?? op.proposedLeaseId };
        }
        case 'release': {
          await blobClient.getBlobLeaseClient(op.leaseId).releaseLease();
          return { ok: true };
        }
        case 'break': {
          // The SDK always sends a break period; without one we ask for the longest allowed,
          // which the service caps at the lease's remaining time (same as omitting it).
          const r = await blobClient.getBlobLeaseClient().breakLease(op.breakPeriodSeconds ?? 60);
          return { ok: true, leaseTimeSeconds: r.leaseTime ?? 0 };
        }
        case 'write': {
          await blobClient.setMetadata({ writer: 'gateway-lab' }, op.leaseId ? { conditions: { leaseId: op.leaseId } } : {});
          return { ok: true };
        }
      }
    } catch (error) {
      return toResult(error);
    }
  }

  async dispose(): Promise<void> {
    // Nothing to close otherwise: the SDK's HTTP agent keeps no timers that hold the process.
    if (this.deleteOnDispose && this.containerReady) await this.container.deleteIfExists();
  }
}
