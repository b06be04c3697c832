// The lab time-travel request a timeline webview (Lab panel or Timeline panel) sends when the user
// drags the cursor, picks a jump target or presses previous / next event / live. `atMs` is virtual
// milliseconds since the scenario's start, as the lab's goToMoment command takes it.
import { type Checked, describe, fail, isOneOf, isRecord, ok, unknownKeys } from './guards';

export type TimeTravelRequest = { type: 'timeTravel'; action: 'goTo'; atMs: number } | { type: 'timeTravel'; action: 'next' | 'previous' | 'live' };

/** Longest scenario a moment may name (a week of virtual time): anything past it is a bad message. */
const MAX_AT_MS = 7 * 86_400_000;

export function parseTimeTravel(m: Record<string, unknown>): Checked<TimeTravelRequest> {
  if (m.action === 'goTo') {
    const atMs = m.atMs;
    if (typeof atMs !== 'number' || !Number.isInteger(atMs) || atMs < 0 || atMs > MAX_AT_MS || unknownKeys(m, ['type', 'action', 'atMs']).length) return fail(`bad timeTravel goTo message ${describe(m)}`);
    return ok({ type: 'timeTravel', action: 'goTo', atMs });
  }
  if (isOneOf(m.action, ['next', 'previous', 'live'] as const) && unknownKeys(m, ['type', 'action']).length === 0) return ok({ type: 'timeTravel', action: m.action });
  return fail(`bad timeTravel message ${describe(m)}`);
}

export function isTimeTravelMessage(m: unknown): m is Record<string, unknown> & { type: 'timeTravel' } {
  return isRecord(m) && m.type === 'timeTravel';
}
