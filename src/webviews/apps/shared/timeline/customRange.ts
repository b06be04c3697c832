// The custom time range the user types (from / to), checked before it is sent: DOM-free, so
// the rules are tested in Node and the error says which field is wrong and why.

export type CustomRangeResult = { ok: true; from: string; to: string } | { ok: false; field: 'from' | 'to'; error: string };

/** Longest custom range (Log Analytics keeps 30 days by default; a gateway's metrics 93). */
export const MAX_CUSTOM_RANGE_MS = 93 * 86_400_000;
const MIN_RANGE_MS = 60_000;

/**
 * Reads "YYYY-MM-DDTHH:MM" (a datetime-local input's value, taken as UTC) or a full ISO time.
 * `nowMs`: ranges may not start in the future.
 */
export function parseCustomRange(fromText: string, toText: string, nowMs: number): CustomRangeResult {
  const read = (text: string, field: 'from' | 'to'): number | string => {
    const t = text.trim();
    if (t === '') return `${field === 'from' ? 'From' : 'To'} is empty: give a date and time (UTC).`;
    const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?Z?$/.exec(t);
    if (!m) return `${field === 'from' ? 'From' : 'To'} "${t}" is not a date and time such as 2026-01-31T23:59 (UTC).`;
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
    const back = new Date(ms);
    if (back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3]) || Number(m[4]) > 23 || Number(m[5]) > 59) {
      return `${field === 'from' ? 'From' : 'To'} "${t}" is not a real date and time.`;
    }
    return ms;
  };
  const from = read(fromText, 'from');
  if (typeof from === 'string') return { ok: false, field: 'from', error: from };
  const to = read(toText, 'to');
  if (typeof to === 'string') return { ok: false, field: 'to', error: to };
  if (from >= nowMs) return { ok: false, field: 'from', error: 'From is in the future: the history ends now.' };
  if (to - from < MIN_RANGE_MS) return { ok: false, field: 'to', error: 'To must be at least a minute after From.' };
  if (to - from > MAX_CUSTOM_RANGE_MS) return { ok: false, field: 'to', error: `The range is longer than ${MAX_CUSTOM_RANGE_MS / 86_400_000} days (Azure Monitor keeps no longer by default).` };
  return { ok: true, from: new Date(from).toISOString(), to: new Date(Math.min(to, Math.max(nowMs, from + MIN_RANGE_MS))).toISOString() };
}

/** A time as a datetime-local input's value (UTC, minutes). */
export function toInputValue(iso: string): string {
  return iso.slice(0, 16);
}
