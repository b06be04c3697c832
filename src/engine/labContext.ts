// What the parts of a running lab share: the clock, timing, the lease store, the event log
// and change notification. Kept small so gateways, tunnels and probes stay testable alone.
import type { EventScheduler } from './eventScheduler';
import type { LeaseOp, LeaseOpResult, LeaseStore } from './lease/leaseStore';
import { isSyncLeaseStore } from './lease/leaseStore';
import type { LabTimingMs } from './timing';
import type { InstanceName } from '../model/snapshot';

export type LabEventKind = 'fault' | 'restore' | 'role' | 'lease' | 'tunnel' | 'failover' | 'probe' | 'expectation' | 'info' | 'bgp';

export interface LabEvent {
  /** Virtual seconds (millisecond resolution). */
  t: number;
  kind: LabEventKind;
  gateway?: string;
  instance?: InstanceName;
  connection?: string;
  message: string;
}

export interface LabContext {
  readonly scheduler: EventScheduler;
  readonly timing: LabTimingMs;
  readonly store: LeaseStore;
  log(event: Omit<LabEvent, 't'>): void;
  /** Something observable changed (roles, serving, tunnels): invariants and listeners run. */
  changed(): void;
  /** Runs a lease operation; `done` runs synchronously for the in-memory store, later for real storage. */
  lease(blob: string, op: LeaseOp, done: (result: LeaseOpResult) => void): void;
}

export function createLeaseRunner(store: LeaseStore, onAsyncSettled: () => void): LabContext['lease'] {
  if (isSyncLeaseStore(store)) return (blob, op, done) => done(store.executeSync(blob, op));
  return (blob, op, done) => {
    store.execute(blob, op).then(
      (result) => {
        done(result);
        onAsyncSettled();
      },
      (error: unknown) => {
        done({ ok: false, status: 0, code: 'StorageUnreachable', message: error instanceof Error ? error.message : String(error) });
        onAsyncSettled();
      },
    );
  };
}
