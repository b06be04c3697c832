// The moment a lab shows, for the panels' time cursor (read without vscode: the Lab panel's data
// and the Timeline panel use it): a past moment while time travelling, else the live lab's time.
import type { LabController } from '../../engine/labApi';

export function shownMoment(lab: LabController): { atMs: number; liveMs: number; live: boolean } {
  const liveMs = Math.round(lab.liveTimeSeconds * 1000);
  return lab.momentSeconds === undefined ? { atMs: liveMs, liveMs, live: true } : { atMs: Math.round(lab.momentSeconds * 1000), liveMs, live: false };
}
