// Answers the extension's questions in tests, as vscode-azuretools' TestUserInput does: the
// expected prompts are listed in order with their answers; any other prompt throws at once (the
// command fails fast instead of waiting for a click), and answers never asked for fail the test.
// The extension's Prompts object is replaced through the test API; vscode.window is never patched.
import type * as vscode from 'vscode';
import type { Prompts } from '../../../src/host/prompts';
import type { GatewayLensTestApi } from '../../../src/testApi';

export type PickItem = vscode.QuickPickItem & { value?: unknown };

export type Answer =
  | { kind: 'quickPick'; choose: (items: PickItem[], options?: vscode.QuickPickOptions) => PickItem | undefined }
  | { kind: 'quickPickMany'; choose: (items: PickItem[]) => PickItem[] | undefined }
  | { kind: 'inputBox'; value: string | undefined; /** The value the box must open with (prefilled), when given. */ prefilled?: string }
  | { kind: 'saveDialog'; uri: vscode.Uri | undefined }
  | { kind: 'openDialog'; uris: vscode.Uri[] | undefined }
  | { kind: 'warning'; choose: (message: string, items: string[]) => string | undefined }
  | { kind: 'information'; choose: (message: string, items: string[]) => string | undefined };

type Kind = Answer['kind'];

export class TestPrompts implements Prompts {
  /** Prompts nobody expected, in order (each also threw inside the extension). */
  readonly unexpected: string[] = [];

  constructor(private readonly answers: Answer[] = []) {}

  /** Kinds of the answers not used yet. */
  get remaining(): Kind[] {
    return this.answers.map((a) => a.kind);
  }

  private next<K extends Kind>(kind: K, what: string): Extract<Answer, { kind: K }> {
    const answer = this.answers[0];
    if (!answer || answer.kind !== kind) {
      const message = `unexpected prompt: ${kind} "${what}"${answer ? ` (the test expected a ${answer.kind})` : ' (the test expected none)'}`;
      this.unexpected.push(message);
      throw new Error(message);
    }
    this.answers.shift();
    return answer as Extract<Answer, { kind: K }>;
  }

  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options?: vscode.QuickPickOptions): Thenable<T | undefined> {
    try {
      const a = this.next('quickPick', options?.title ?? options?.placeHolder ?? '');
      return Promise.resolve(a.choose([...items], options) as T | undefined);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  showQuickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options?: vscode.QuickPickOptions): Thenable<readonly T[] | undefined> {
    try {
      return Promise.resolve(this.next('quickPickMany', options?.title ?? '').choose([...items]) as T[] | undefined);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  showInputBox(options?: vscode.InputBoxOptions): Thenable<string | undefined> {
    try {
      const answer = this.next('inputBox', options?.title ?? options?.prompt ?? '');
      if (answer.prefilled !== undefined && options?.value !== answer.prefilled) throw new Error(`input box "${options?.prompt ?? ''}" opened with ${JSON.stringify(options?.value)}, the test expected ${JSON.stringify(answer.prefilled)}`);
      return Promise.resolve(answer.value);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  showSaveDialog(options?: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined> {
    try {
      return Promise.resolve(this.next('saveDialog', options?.title ?? '').uri);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  showOpenDialog(options?: vscode.OpenDialogOptions): Thenable<vscode.Uri[] | undefined> {
    try {
      return Promise.resolve(this.next('openDialog', options?.title ?? '').uris);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  showWarningMessage<T extends string>(message: string, _options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined> {
    try {
      return Promise.resolve(this.next('warning', message).choose(message, items) as T | undefined);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  showInformationMessage<T extends string>(message: string, _options: vscode.MessageOptions, ...items: T[]): Thenable<T | undefined> {
    try {
      return Promise.resolve(this.next('information', message).choose(message, items) as T | undefined);
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/**
 * Runs `action` with `answers` as the only prompts allowed, in order, then checks that each was
 * asked and nothing else was. Outside withPrompts the suites keep a TestPrompts with no answers
 * installed (extensionUnderTest.ts), so a stray prompt fails there too.
 */
export async function withPrompts<T>(api: GatewayLensTestApi, answers: Answer[], action: () => Thenable<T>): Promise<T> {
  const prompts = new TestPrompts([...answers]);
  const replaced = api.replacePrompts(prompts);
  try {
    const result = await action();
    if (prompts.unexpected.length > 0) throw new Error(prompts.unexpected.join('; '));
    if (prompts.remaining.length > 0) throw new Error(`expected prompt(s) never shown: ${prompts.remaining.join(', ')}`);
    return result;
  } finally {
    replaced.dispose();
  }
}
