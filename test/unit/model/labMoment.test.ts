// The moment a user types into Go to Moment, and the jump targets offered next to it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseMoment, parseMomentWithin } from '../../../src/model/labMoment';
import { jumpTargets, nextTarget, previousTarget } from '../../../src/commands/jumpTargets';
import { momentArg } from '../../../src/commands/timeTravelCommands';
import type { HistoryEvent } from '../../../src/model/gatewayHistory';

const fmt = (s: number): string => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

describe('lab moments', () => {
  it('reads 3m, 2m30s, 150s, 150, 02:30 and 1:02:30', () => {
    for (const [text, seconds] of [['3m', 180], ['2m30s', 150], ['150s', 150], ['150', 150], ['02:30', 150], [' 2:30 ', 150], ['1:02:30', 3750], ['0:00', 0], ['1.5s', 1.5]] as const) {
      assert.deepEqual(parseMoment(text), { ok: true, seconds }, text);
    }
  });

  it('says what is wrong with a bad moment', () => {
    assert.match((parseMoment('') as { message: string }).message, /Type a moment such as 3m/);
    assert.match((parseMoment('3 minutes') as { message: string }).message, /"3 minutes" is not a moment: use 3m, 2m30s, 150s or 02:30/);
    assert.match((parseMoment('2:75') as { message: string }).message, /seconds must be below 60/);
    assert.match((parseMoment('1:75:00') as { message: string }).message, /minutes must be below 60/);
    assert.match((parseMoment('1:2:3:4') as { message: string }).message, /use m:ss or h:mm:ss/);
    assert.match((parseMoment('-3m') as { message: string }).message, /not a moment/);
    assert.deepEqual(parseMomentWithin('6m', 360, fmt), { ok: true, seconds: 360 });
    assert.match((parseMomentWithin('7m', 360, fmt) as { message: string }).message, /7:00 has not happened yet: the lab is at 6:00/);
  });

  it('reads { atMs } from code and refuses anything else clearly', () => {
    assert.equal(momentArg(undefined), undefined);
    assert.equal(momentArg({ atMs: 180_000 }), 180_000);
    assert.throws(() => momentArg(180_000), /expects \{ atMs: number \}.*got number/);
    assert.throws(() => momentArg({ at: 3 }), /got atMs = undefined/);
    assert.throws(() => momentArg({ atMs: '3m' }), /got atMs = "3m"/);
    assert.throws(() => momentArg({ atMs: -5 }), /at or after the scenario's start/);
  });

  it('offers fault markers and classified events in time order, and steps between them', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const ev = (kind: HistoryEvent['kind'], s: number, title: string): HistoryEvent => ({ kind, at: new Date(start + s * 1000).toISOString(), gateway: 'vpn-gw', title, rows: [] });
    const targets = jumpTargets(
      [{ t: 120, label: 'bgpSessionDown er-gw <-> vpn-gw' }, { t: 240, label: 'restore er-gw' }, { t: 120, label: 'bgpSessionDown er-gw <-> vpn-gw' }],
      [ev('bgpDrop', 120, 'BGP session dropped'), ev('failover', 30.5, 'Failover IN_0 -> IN_1'), ev('flap', 400, 'not yet')],
      start,
      360,
    );
    assert.deepEqual(targets.map((t) => [t.seconds, t.kind]), [[30.5, 'failover'], [120, 'fault'], [120, 'bgpDrop'], [240, 'fault']], 'sorted, deduplicated, nothing after now');
    assert.equal(nextTarget(targets, 0)?.seconds, 30.5);
    assert.equal(nextTarget(targets, 120)?.seconds, 240, 'an event at the moment shown is not the next one');
    assert.equal(nextTarget(targets, 240), undefined);
    assert.equal(previousTarget(targets, 240)?.seconds, 120);
    assert.equal(previousTarget(targets, 30.5), undefined);
  });
});
