// Durations in scenario files and wherever a user types one: a number of seconds, or a string such as "90s", "2m", "1h30m", "1.5s".

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };

/** Parses a duration; returns an error message (not a throw) so validation can point at the field. */
export function parseDuration(value: unknown): { ok: true; seconds: number } | { ok: false; message: string } {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return { ok: false, message: `duration must be a non-negative number of seconds, got ${value}` };
    return { ok: true, seconds: value };
  }
  if (typeof value !== 'string') return { ok: false, message: 'duration must be a number of seconds or a string like "90s", "2m", "1h30m"' };
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return { ok: true, seconds: Number(text) };
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
    matched = re.lastIndex;
  }
  if (text.length === 0 || matched !== text.length) {
    return { ok: false, message: `"${value}" is not a duration (use seconds or a string like "90s", "2m", "1h30m")` };
  }
  return { ok: true, seconds: total };
}

/** Formats seconds for humans: 75 -> "1m15s", 12.5 -> "12.5s". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Number(seconds.toFixed(3))}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Number((seconds % 60).toFixed(3));
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}
