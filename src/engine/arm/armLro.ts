// Long-running operations of the lab's ARM endpoint: a POST answers 202 with a polling URL and
// Retry-After; the URL answers 202 until the operation is done, then 200 with the result,
// computed at that moment from the running simulation (as Azure's gateway answers when ready).
import { randomUUID } from 'node:crypto';
import type { JsonValue } from './armWire';

export interface LroOutcome {
  status: number;
  body: JsonValue;
}

/** 'location': 202 + Location (NIC effective routes, circuit tables, next hop).
 *  'locationAndAsyncOperation': 202 + Location + Azure-AsyncOperation (what the official examples
 *  show for the gateway BGP POSTs): the operation URL answers {status}, Location the result.
 *  'asyncOperationWithoutStatus': 202 + Azure-AsyncOperation only, and the operation URL answers
 *  without a `status` field (azure-rest-api-specs#34019, seen on getLearnedRoutes). */
export type LroStyle = 'location' | 'asyncOperationWithoutStatus' | 'locationAndAsyncOperation';

interface PendingOperation {
  style: LroStyle;
  pollsLeft: number;
  /** locationAndAsyncOperation: the status URL has said Succeeded. */
  succeeded?: boolean;
  compute: () => LroOutcome;
  createdAt: number;
}

export interface LroSettings {
  /** 202 answers to polls before the result (0: the first poll gets the result). */
  pollsBeforeDone: number;
  retryAfterSeconds: number;
}

/** Operations forgotten after this long without being polled to completion. */
const OPERATION_TTL_MS = 10 * 60 * 1000;

export class LroStore {
  private readonly ops = new Map<string, PendingOperation>();

  constructor(private readonly settings: LroSettings) {}

  get retryAfterSeconds(): number {
    return this.settings.retryAfterSeconds;
  }

  start(style: LroStyle, compute: () => LroOutcome): string {
    this.expire();
    const id = randomUUID();
    this.ops.set(id, { style, pollsLeft: this.settings.pollsBeforeDone, compute, createdAt: Date.now() });
    return id;
  }

  styleOf(id: string): LroStyle | undefined {
    return this.ops.get(id)?.style;
  }

  /** The Azure-AsyncOperation status of a locationAndAsyncOperation; undefined for an unknown id. */
  pollStatus(id: string): 'InProgress' | 'Succeeded' | undefined {
    const op = this.ops.get(id);
    if (!op) return undefined;
    if (op.pollsLeft > 0 && !op.succeeded) {
      op.pollsLeft -= 1;
      return 'InProgress';
    }
    op.succeeded = true;
    op.pollsLeft = 0;
    return 'Succeeded';
  }

  /** undefined: unknown (or expired) operation id. */
  poll(id: string): { done: false; style: LroStyle } | { done: true; style: LroStyle; outcome: LroOutcome } | undefined {
    const op = this.ops.get(id);
    if (!op) return undefined;
    if (op.pollsLeft > 0) {
      op.pollsLeft -= 1;
      return { done: false, style: op.style };
    }
    this.ops.delete(id);
    return { done: true, style: op.style, outcome: op.compute() };
  }

  get pending(): number {
    return this.ops.size;
  }

  private expire(): void {
    const now = Date.now();
    for (const [id, op] of this.ops) {
      if (now - op.createdAt > OPERATION_TTL_MS) this.ops.delete(id);
    }
  }
}
