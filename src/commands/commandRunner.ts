// The one wrapper every command goes through: it logs the call, turns failures into a short
// error message (the stack goes only to the log) and never lets an exception escape into VS Code.
import * as vscode from 'vscode';
import { errorMessage, UserFacingError } from '../host/errors';
import type { DisposableStore } from '../host/disposables';

/** Hears each command that failed (the extension-host tests' test API, outside Production only). */
export type CommandFailureObserver = (command: string, message: string) => void;

export class CommandRunner {
  constructor(
    private readonly store: DisposableStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly onFailure?: CommandFailureObserver,
  ) {}

  register(id: string, handler: (...args: unknown[]) => unknown): void {
    this.store.add(vscode.commands.registerCommand(id, (...args: unknown[]) => this.run(id, handler, args)));
  }

  private async run(id: string, handler: (...args: unknown[]) => unknown, args: unknown[]): Promise<unknown> {
    this.log.debug(`command ${id}`);
    try {
      return await handler(...args);
    } catch (error) {
      if (error instanceof vscode.CancellationError) return undefined;
      const message = errorMessage(error);
      if (error instanceof UserFacingError) {
        this.log.warn(`${id}: ${message}`);
      } else {
        this.log.error(`${id} failed: ${message}${error instanceof Error && error.stack ? `\n${error.stack}` : ''}`);
      }
      this.onFailure?.(id, message);
      void vscode.window.showErrorMessage(`Gateway Lens: ${message}`);
      return undefined;
    }
  }
}
