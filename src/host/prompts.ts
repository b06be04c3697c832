// Every question the extension asks a user (pickers, input boxes, file dialogs, messages with
// buttons) goes through one Prompts object. Production uses VS Code's window; extension-host
// tests put their own answers in its place through the test API (src/testApi.ts), as
// vscode-azuretools' TestUserInput does, so an unexpected question fails a test at once instead
// of waiting for a click, and no test patches `vscode.window`.
import * as vscode from 'vscode';

export interface Prompts {
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options?: vscode.QuickPickOptions): Thenable<T | undefined>;
  /** A picker with check boxes: the items chosen (possibly none), or undefined when dismissed. */
  showQuickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options?: vscode.QuickPickOptions): Thenable<readonly T[] | undefined>;
  showInputBox(options?: vscode.InputBoxOptions): Thenable<string | undefined>;
  showSaveDialog(options?: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  showOpenDialog(options?: vscode.OpenDialogOptions): Thenable<vscode.Uri[] | undefined>;
  /** A warning with buttons: the button chosen, or undefined when dismissed. */
  showWarningMessage<T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined>;
  /** A message with buttons: the button chosen, or undefined when dismissed. */
  showInformationMessage<T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined>;
}

/** The real thing: VS Code's window. */
export const windowPrompts: Prompts = {
  showQuickPick: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: false }),
  showQuickPickMany: (items, options) => vscode.window.showQuickPick(items, { ...options, canPickMany: true }),
  showInputBox: (options) => vscode.window.showInputBox(options),
  showSaveDialog: (options) => vscode.window.showSaveDialog(options),
  showOpenDialog: (options) => vscode.window.showOpenDialog(options),
  showWarningMessage: (message, options, ...items) => vscode.window.showWarningMessage(message, options, ...items),
  showInformationMessage: (message, options, ...items) => vscode.window.showInformationMessage(message, options, ...items),
};

/**
 * The Prompts the extension holds: VS Code's window unless something was put in its place. Only
 * the test API (which exists outside Production mode only) hands out `replaceWith`.
 */
export class ReplaceablePrompts implements Prompts {
  private current: Prompts = windowPrompts;

  /** Answers questions with `prompts` until the returned Disposable is disposed. */
  replaceWith(prompts: Prompts): vscode.Disposable {
    const previous = this.current;
    this.current = prompts;
    return new vscode.Disposable(() => {
      if (this.current === prompts) this.current = previous;
    });
  }

  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options?: vscode.QuickPickOptions): Thenable<T | undefined> {
    return this.current.showQuickPick(items, options);
  }
  showQuickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options?: vscode.QuickPickOptions): Thenable<readonly T[] | undefined> {
    return this.current.showQuickPickMany(items, options);
  }
  showInputBox(options?: vscode.InputBoxOptions): Thenable<string | undefined> {
    return this.current.showInputBox(options);
  }
  showSaveDialog(options?: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined> {
    return this.current.showSaveDialog(options);
  }
  showOpenDialog(options?: vscode.OpenDialogOptions): Thenable<vscode.Uri[] | undefined> {
    return this.current.showOpenDialog(options);
  }
  showWarningMessage<T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined> {
    return this.current.showWarningMessage(message, options, ...items);
  }
  showInformationMessage<T extends string>(message: string, options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined> {
    return this.current.showInformationMessage(message, options, ...items);
  }
}
