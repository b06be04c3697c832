// Time travel in the lab: Go to Moment (argument { atMs } from code and panels, or a quick pick of
// jump targets and a typed time from the palette), Step to Next/Previous Event, Back to Live. The
// controller replays the lab to the moment (src/engine/labReplay.ts); every view then reads that
// moment through the same snapshot and ARM endpoint.
import type { LabController } from '../engine/labApi';
import type { HistoryEvent } from '../model/gatewayHistory';
import type { LabSession } from '../host/labSession';
import type { Prompts } from '../host/prompts';
import { UserFacingError } from '../host/errors';
import { parseMomentWithin } from '../model/labMoment';
import { formatVirtualTime } from '../views/model/format';
import type { CommandRunner } from './commandRunner';
import { CommandId } from './commandIds';
import { jumpTargets, nextTarget, previousTarget, type JumpTarget } from './jumpTargets';

/**
 * Epoch milliseconds (a log row's TimeGenerated, a chart's x) are accepted too: no lab run is
 * 30 years long, so a value past this is a date, converted with the scenario's start time.
 */
const EPOCH_THRESHOLD_MS = 1e12;

/** Reads `{ atMs }` (virtual ms since the scenario's start, or epoch ms); anything else is a clear error. */
export function momentArg(arg: unknown): number | undefined {
  if (arg === undefined || arg === null) return undefined;
  if (typeof arg !== 'object' || Array.isArray(arg)) throw new UserFacingError(`Go to Moment expects { atMs: number } (virtual milliseconds since the scenario's start), got ${Array.isArray(arg) ? 'an array' : typeof arg}.`);
  const atMs = (arg as { atMs?: unknown }).atMs;
  if (typeof atMs !== 'number' || !Number.isFinite(atMs)) throw new UserFacingError(`Go to Moment expects { atMs: number } (virtual milliseconds since the scenario's start), got atMs = ${JSON.stringify(atMs)}.`);
  if (atMs < 0) throw new UserFacingError(`Go to Moment: atMs must be at or after the scenario's start (0), got ${atMs}.`);
  return atMs;
}

function scenarioStartMs(controller: LabController): number | undefined {
  const live = controller.history({ live: true });
  return live ? live.nowMs() - Math.round(controller.liveTimeSeconds * 1000) : undefined;
}

/** Jump targets of the live run: fault markers and the classified events of its diagnostic logs. */
export async function labJumpTargets(controller: LabController): Promise<JumpTarget[]> {
  const faults = controller.timeline().faults;
  const live = controller.history({ live: true });
  const startMs = scenarioStartMs(controller);
  let events: HistoryEvent[] = [];
  if (live && startMs !== undefined) {
    const { classifyHistory } = await import(/* webpackChunkName: "history" */ '../diagnostics/history/classifyHistory');
    events = classifyHistory(live.rows(), live.activity());
  }
  return jumpTargets(faults, events, startMs ?? 0, controller.liveTimeSeconds);
}

function requireTravel(lab: LabSession): LabController {
  const controller = lab.requireController();
  if (controller.timeTravelBlocked) throw new UserFacingError(`Time travel is not available: ${controller.timeTravelBlocked}.`);
  return controller;
}

export function registerTimeTravelCommands(runner: CommandRunner, lab: LabSession, prompts: Prompts): void {
  const goTo = async (controller: LabController, atMs: number): Promise<void> => {
    let target = atMs;
    if (target >= EPOCH_THRESHOLD_MS) {
      const start = scenarioStartMs(controller);
      if (start === undefined) throw new UserFacingError('Go to Moment: this lab keeps no history, so a date cannot be placed on its clock; pass virtual milliseconds.');
      target = target - start;
      if (target < 0) throw new UserFacingError(`Go to Moment: ${new Date(atMs).toISOString()} is before the scenario's start (${new Date(start).toISOString()}).`);
    }
    try {
      await controller.goTo(target);
    } catch (error) {
      throw new UserFacingError(`Go to Moment: ${error instanceof Error ? error.message : String(error)}.`);
    }
    lab.notifyControlChanged();
  };

  runner.register(CommandId.labGoToMoment, async (arg?: unknown) => {
    const controller = requireTravel(lab);
    const atMs = momentArg(arg);
    if (atMs !== undefined) return goTo(controller, atMs);
    const live = controller.liveTimeSeconds;
    const shown = controller.timeSeconds;
    const targets = await labJumpTargets(controller);
    type Item = { label: string; description?: string; detail?: string; seconds?: number; typed?: true; live?: true };
    const items: Item[] = [
      { label: '$(edit) Type a moment…', description: 'e.g. 3m, 2m30s, 150s, 02:30', typed: true },
      ...(controller.momentSeconds !== undefined ? [{ label: `$(debug-continue) Back to live (${formatVirtualTime(live)})`, live: true as const }] : []),
      ...targets.map((t) => ({ label: `${formatVirtualTime(t.seconds)}  ${t.title}`, description: t.kind, seconds: t.seconds })),
    ];
    const picked = await prompts.showQuickPick(items, {
      title: `Go to moment (showing ${formatVirtualTime(shown)}${controller.momentSeconds !== undefined ? ', past' : ''}; live ${formatVirtualTime(live)}${controller.finished ? ', ended' : ''})`,
      placeHolder: 'A fault marker or a classified event, or type a moment',
      matchOnDescription: true,
    });
    if (!picked) return;
    if (picked.live) {
      controller.backToLive();
      lab.notifyControlChanged();
      return;
    }
    if (picked.seconds !== undefined) return goTo(controller, Math.round(picked.seconds * 1000));
    const text = await prompts.showInputBox({
      title: 'Go to moment',
      prompt: `A moment of the run from 0:00 to ${formatVirtualTime(live)} (now): 3m, 2m30s, 150s or 02:30`,
      value: formatVirtualTime(shown),
      validateInput: (value) => {
        const p = parseMomentWithin(value, controller.liveTimeSeconds, formatVirtualTime);
        return p.ok ? undefined : p.message;
      },
    });
    if (text === undefined) return;
    const p = parseMomentWithin(text, controller.liveTimeSeconds, formatVirtualTime);
    if (!p.ok) throw new UserFacingError(p.message);
    return goTo(controller, Math.round(p.seconds * 1000));
  });

  const step = (direction: 'next' | 'previous') => async (): Promise<void> => {
    const controller = requireTravel(lab);
    const shown = controller.timeSeconds;
    const targets = await labJumpTargets(controller);
    const target = direction === 'next' ? nextTarget(targets, shown) : previousTarget(targets, shown);
    if (target) return goTo(controller, Math.round(target.seconds * 1000));
    if (direction === 'next') {
      // Past the last event: the next thing that happens is now.
      if (controller.momentSeconds !== undefined) {
        controller.backToLive();
        lab.notifyControlChanged();
        return;
      }
      throw new UserFacingError(`No event after ${formatVirtualTime(shown)}: the lab is live at its latest moment.`);
    }
    if (shown > 0) return goTo(controller, 0);
    throw new UserFacingError('No event before 0:00: this is the start of the scenario.');
  };
  runner.register(CommandId.labStepToNextEvent, step('next'));
  runner.register(CommandId.labStepToPreviousEvent, step('previous'));
  runner.register(CommandId.labBackToLive, () => {
    lab.requireController().backToLive();
    lab.notifyControlChanged();
  });
}
