// The host side of a timeline's time-travel requests: each runs one of the lab's time-travel
// commands (added by the time-travel work; named here as strings in one place, to become CommandId
// entries when both land). The moment then shows through the lab's own change event.
import * as vscode from 'vscode';
import type { TimeTravelRequest } from '../protocol/timeTravelProtocol';

export const TIME_TRAVEL_COMMANDS = {
  goToMoment: 'gatewayLens.lab.goToMoment',
  stepToNextEvent: 'gatewayLens.lab.stepToNextEvent',
  stepToPreviousEvent: 'gatewayLens.lab.stepToPreviousEvent',
  backToLive: 'gatewayLens.lab.backToLive',
} as const;

/** Runs the request's command; a failure is logged and shown by the command itself, and reported here. */
export async function runTimeTravel(request: TimeTravelRequest, log: { error(message: string): void }): Promise<void> {
  try {
    switch (request.action) {
      case 'goTo':
        await vscode.commands.executeCommand(TIME_TRAVEL_COMMANDS.goToMoment, { atMs: request.atMs });
        break;
      case 'next':
        await vscode.commands.executeCommand(TIME_TRAVEL_COMMANDS.stepToNextEvent);
        break;
      case 'previous':
        await vscode.commands.executeCommand(TIME_TRAVEL_COMMANDS.stepToPreviousEvent);
        break;
      case 'live':
        await vscode.commands.executeCommand(TIME_TRAVEL_COMMANDS.backToLive);
        break;
    }
  } catch (err) {
    log.error(`time travel (${request.action}): ${err instanceof Error ? err.message : String(err)}`);
  }
}
