// The age label of an Azure table in the BGP table panel: Azure answers are read once and then
// age while they are looked at (lab tables update live, so they carry none).
import { formatAge } from '../../../model/age';

/** Results younger than this are "now" and carry no label. */
export const AGE_LABEL_AFTER_MS = 5_000;

/** "read 2 min ago" for a table read at `loadedAt` (ISO), or undefined while it is fresh or the time is unreadable. */
export function resultAge(loadedAt: string, nowMs: number): string | undefined {
  const at = Date.parse(loadedAt);
  if (!Number.isFinite(at) || nowMs - at < AGE_LABEL_AFTER_MS) return undefined;
  return `read ${formatAge(nowMs - at)}`;
}
