// What a route of the lab's ARM endpoint answers: a reply, or an HttpError that becomes ARM's
// error body (`{"error":{"code","message"}}`) with its status and headers.
import type { JsonValue } from './armWire';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface Reply {
  status: number;
  body?: JsonValue;
  headers?: Record<string, string>;
}
