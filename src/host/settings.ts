// Reads the extension's settings (package.json contributes.configuration) with validation, so a
// bad value in settings.json gives a clear message instead of odd behaviour.
import * as vscode from 'vscode';
import type { ConnectionGrouping } from '../views/model/connectionsTree';

export const SECTION = 'gatewayLens';
export const MIN_SPEED = 1;
export const MAX_SPEED = 600;

export interface LensSettings {
  defaultScenario: string;
  speed: number;
  autoStart: boolean;
  groupConnectionsBy: ConnectionGrouping;
  refreshDelayMs: number;
}

export function clampSpeed(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= MIN_SPEED && value <= MAX_SPEED ? value : undefined;
}

export function readSettings(log?: vscode.LogOutputChannel): LensSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const rawSpeed = c.get<unknown>('lab.speed', 60);
  const speed = clampSpeed(rawSpeed);
  if (speed === undefined) log?.warn(`setting gatewayLens.lab.speed must be a number from ${MIN_SPEED} to ${MAX_SPEED}, got ${JSON.stringify(rawSpeed)}; using 60`);
  const group = c.get<unknown>('connections.groupBy', 'gateway');
  const delay = c.get<unknown>('refreshDelayMs', 250);
  return {
    defaultScenario: String(c.get<unknown>('lab.defaultScenario', '') ?? ''),
    speed: speed ?? 60,
    autoStart: c.get<unknown>('lab.autoStart', false) === true,
    groupConnectionsBy: group === 'status' ? 'status' : 'gateway',
    refreshDelayMs: typeof delay === 'number' && delay >= 0 && delay <= 5000 ? delay : 250,
  };
}
