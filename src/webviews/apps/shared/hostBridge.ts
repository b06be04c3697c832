// The webview's side of the host connection: acquireVsCodeApi, persisted state, and requests
// matched to replies by id. Messages from the host are shape-checked before use.
import { isRecord } from '../../protocol/guards';

interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

interface Reply<R> {
  type: 'reply';
  id: number;
  ok: boolean;
  result?: R;
  error?: string;
}

function isReply<R>(m: Record<string, unknown>): m is Record<string, unknown> & Reply<R> {
  return m.type === 'reply' && typeof m.id === 'number' && typeof m.ok === 'boolean';
}

export class HostBridge<State, Request, Result, Notification extends { type: string }> {
  private readonly api: VsCodeApi<State>;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void }>();

  constructor(private readonly onNotification: (message: Notification) => void) {
    this.api = acquireVsCodeApi<State>();
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  get state(): State | undefined {
    return this.api.getState();
  }

  saveState(state: State): void {
    this.api.setState(state);
  }

  ready(): void {
    this.api.postMessage({ type: 'ready' });
  }

  /** A one-way message to the host (the host's guard checks its shape). */
  send(message: { type: string; [field: string]: unknown }): void {
    this.api.postMessage(message);
  }

  request(request: Request): Promise<Result> {
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.api.postMessage({ type: 'request', id, request });
    });
  }

  private receive(data: unknown): void {
    if (!isRecord(data) || typeof data.type !== 'string') return;
    if (isReply<Result>(data)) {
      const waiter = this.pending.get(data.id);
      if (!waiter) return;
      this.pending.delete(data.id);
      if (data.ok) waiter.resolve(data.result as Result);
      else waiter.reject(new Error(typeof data.error === 'string' ? data.error : 'request failed'));
      return;
    }
    this.onNotification(data as unknown as Notification);
  }
}
