// The host side of a timeline's time-travel requests: each runs one of the lab's time-travel
// commands (the same ones as the palette), so the panels move the lab one way only. The moment
// then shows through the lab's own change event.
import * as vscode from 'vscode';
import { CommandId } from '../../commands/commandIds';
import type { TimeTravelRequest } from '../protocol/timeTravelProtocol';

/** Runs the request's command; a failure is logged and shown by the command itself, and reported here. */
export async function runTimeTravel(request: TimeTravelRequest, log: { error(message: string): void }): Promise<void> {
  try {
    switch (request.action) {
      case 'goTo':
        await vscode.commands.executeCommand(CommandId.labGoToMoment, { atMs: request.atMs });
        break;
      case 'next':
        await vscode.commands.executeCommand(CommandId.labStepToNextEvent);
        break;
      case 'previous':
        await vscode.commands.executeCommand(CommandId.labStepToPreviousEvent);
        break;
      case 'live':
        await vscode.commands.executeCommand(CommandId.labBackToLive);
        break;
    }
  } catch (err) {
    log.error(`time travel (${request.action}): ${err instanceof Error ? err.message : String(err)}`);
  }
}
