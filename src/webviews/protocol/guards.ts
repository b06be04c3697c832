// Small runtime checks for messages crossing the webview boundary. Both sides import them;
// they return a reason string instead of throwing so callers can log and ignore bad input.

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function ok<T>(value: T): Checked<T> {
  return { ok: true, value };
}

export function fail<T>(error: string): Checked<T> {
  return { ok: false, error };
}

/** Longest string accepted from a webview: far above any real filter text or peer address. */
export const MAX_TEXT = 4096;

export function isShortString(value: unknown, max = MAX_TEXT): value is string {
  return typeof value === 'string' && value.length <= max;
}

/** Non-negative safe integer (ids, indices, versions). */
export function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

/** Names the keys not in `allowed`, so a message with extra fields is refused with a clear reason. */
export function unknownKeys(record: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(record).filter((k) => !allowed.includes(k));
}

/** Shortens a value for a log line: never echo a whole (maybe huge) message back. */
export function describe(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
