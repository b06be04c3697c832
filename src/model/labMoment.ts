// A moment of a lab run as a user types it: "3m", "2m30s", "150s", "150" (seconds), "02:30"
// (m:ss) or "1:02:30" (h:mm:ss), read into virtual seconds since the scenario's start.
import { parseDuration } from './duration';

export type MomentParse = { ok: true; seconds: number } | { ok: false; message: string };

const CLOCK = /^(?:(\d+):)?(\d{1,3}):(\d{1,2}(?:\.\d+)?)$/;

export function parseMoment(text: string): MomentParse {
  const t = text.trim();
  if (t.length === 0) return { ok: false, message: 'Type a moment such as 3m, 2m30s, 150s or 02:30.' };
  const clock = CLOCK.exec(t);
  if (clock) {
    const [h, m, s] = [Number(clock[1] ?? 0), Number(clock[2]), Number(clock[3])];
    if (s >= 60) return { ok: false, message: `"${t}": seconds must be below 60 in m:ss (got ${clock[3]}).` };
    if (clock[1] !== undefined && m >= 60) return { ok: false, message: `"${t}": minutes must be below 60 in h:mm:ss (got ${clock[2]}).` };
    return { ok: true, seconds: h * 3600 + m * 60 + s };
  }
  if (t.includes(':')) return { ok: false, message: `"${t}" is not a time: use m:ss or h:mm:ss (02:30, 1:02:30).` };
  const d = parseDuration(t);
  if (!d.ok) return { ok: false, message: `"${t}" is not a moment: use 3m, 2m30s, 150s or 02:30.` };
  return d;
}

/** A moment checked against the run: at or after 0 and not after the live lab's now. */
export function parseMomentWithin(text: string, liveSeconds: number, format: (seconds: number) => string): MomentParse {
  const p = parseMoment(text);
  if (!p.ok) return p;
  if (p.seconds > liveSeconds) return { ok: false, message: `${format(p.seconds)} has not happened yet: the lab is at ${format(liveSeconds)}.` };
  return p;
}
