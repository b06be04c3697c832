// Lab controls: start (bundled or workspace scenario), stop, pause, resume, step, speed, reset.
import * as vscode from 'vscode';
import type { LabSession } from '../host/labSession';
import type { Prompts } from '../host/prompts';
import { UserFacingError } from '../host/errors';
import { clampSpeed, MAX_SPEED, MIN_SPEED, readSettings } from '../host/settings';
import type { CommandRunner } from './commandRunner';
import { CommandId } from './commandIds';
import { pickScenario, resolveScenarioSetting } from './scenarioFiles';

/** Optional second argument of gatewayLens.lab.start (tests and other extensions). */
export interface LabStartArgs {
  speed?: number;
  paused?: boolean;
}

function scenarioUriArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.length > 0) return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  if (arg === undefined || arg === null) return undefined;
  throw new UserFacingError(`Start Lab Scenario expects a scenario file URI or path, got ${typeof arg}.`);
}

function startArgs(arg: unknown): LabStartArgs {
  if (arg === undefined || arg === null) return {};
  if (typeof arg !== 'object') throw new UserFacingError('Start Lab Scenario options must be an object { speed?, paused? }.');
  const o = arg as Record<string, unknown>;
  const result: LabStartArgs = {};
  if (o.speed !== undefined) {
    const speed = clampSpeed(o.speed);
    if (speed === undefined) throw new UserFacingError(`Lab speed must be a number from ${MIN_SPEED} to ${MAX_SPEED}, got ${JSON.stringify(o.speed)}.`);
    result.speed = speed;
  }
  if (o.paused !== undefined) result.paused = o.paused === true;
  return result;
}

export function registerLabCommands(runner: CommandRunner, lab: LabSession, extensionUri: vscode.Uri, log: vscode.LogOutputChannel, prompts: Prompts): void {
  runner.register(CommandId.labStart, async (fileArg?: unknown, optionsArg?: unknown) => {
    const options = startArgs(optionsArg);
    let uri = scenarioUriArg(fileArg);
    if (!uri) {
      uri = await pickScenario(prompts, extensionUri);
      if (!uri) return;
    }
    if (uri.scheme !== 'file') throw new UserFacingError(`The lab runs scenario files from disk; ${uri.toString()} is not a local file.`);
    const settings = readSettings(log);
    await vscode.window.withProgress(
      { location: { viewId: 'gatewayLens.gateways' }, title: 'Starting lab' },
      () => lab.start(uri.fsPath, { speed: options.speed ?? settings.speed, paused: options.paused ?? false }),
    );
  });
  runner.register(CommandId.labOpenScenario, async () => {
    const uri = await pickScenario(prompts, extensionUri);
    if (uri) await vscode.window.showTextDocument(uri, { preview: false });
  });
  runner.register(CommandId.labStop, () => lab.stop());
  runner.register(CommandId.labPause, () => {
    lab.requireController().pause();
    lab.notifyControlChanged();
  });
  runner.register(CommandId.labResume, () => {
    lab.requireController().resume();
    lab.notifyControlChanged();
  });
  runner.register(CommandId.labStep, () => {
    const controller = lab.requireController();
    if (!controller.paused) throw new UserFacingError('Step runs one event of a paused lab: pause the lab first.');
    controller.step();
    lab.notifyControlChanged();
  });
  runner.register(CommandId.labSetSpeed, async (arg?: unknown) => {
    const controller = lab.requireController();
    let speed = arg === undefined ? undefined : clampSpeed(arg);
    if (arg !== undefined && speed === undefined) {
      throw new UserFacingError(`Lab speed must be a number from ${MIN_SPEED} to ${MAX_SPEED}, got ${JSON.stringify(arg)}.`);
    }
    if (speed === undefined) {
      const items = [1, 10, 30, 60, 120, 300, 600].map((s) => ({
        label: `${s}x`,
        description: s === controller.speed ? 'current' : s === 1 ? 'real time' : `${s} virtual seconds per second`,
        value: s,
      }));
      const picked = await prompts.showQuickPick(items, { title: 'Lab speed' });
      if (!picked) return;
      speed = picked.value;
    }
    controller.setSpeed(speed);
    lab.notifyControlChanged();
  });
  runner.register(CommandId.labReset, () => lab.reset());
}

/** Starts the configured default scenario when gatewayLens.lab.autoStart is on (used by `npm start`). */
export async function autoStartLab(lab: LabSession, extensionUri: vscode.Uri, log: vscode.LogOutputChannel): Promise<void> {
  const settings = readSettings(log);
  if (!settings.autoStart || lab.status !== 'stopped') return;
  if (!settings.defaultScenario) {
    log.warn('gatewayLens.lab.autoStart is on but gatewayLens.lab.defaultScenario is empty: nothing to start');
    return;
  }
  const uri = await resolveScenarioSetting(settings.defaultScenario, extensionUri);
  await lab.start(uri.fsPath, { speed: settings.speed });
}
