// The moment a lab shows, read without vscode (the Lab panel's data and the Timeline panel use it).
import type { LabController } from '../../engine/labApi';

/**
 * The moment a lab shows: `momentSeconds` (a past moment) and `liveTimeSeconds` come with time
 * travel; a lab without them is always live at `timeSeconds`.
 */
export function labMoment(lab: LabController): { atMs: number; liveMs: number; live: boolean } {
  const travel = lab as LabController & { momentSeconds?: number; liveTimeSeconds?: number };
  const liveMs = Math.round((typeof travel.liveTimeSeconds === 'number' ? travel.liveTimeSeconds : lab.timeSeconds) * 1000);
  const moment = typeof travel.momentSeconds === 'number' ? Math.round(travel.momentSeconds * 1000) : undefined;
  return moment === undefined ? { atMs: liveMs, liveMs, live: true } : { atMs: moment, liveMs, live: false };
}
