// Finds and activates the extension under test and returns its test API (what activate()
// returns outside Production mode). From the first activation on, a TestPrompts with no answers
// stands in for VS Code's prompts, so any question a test did not expect fails at once.
import * as vscode from 'vscode';
import type { GatewayLensTestApi } from '../../../src/testApi';
import { TestPrompts } from './testPrompts';

export const EXTENSION_ID = 'gateway-lens.gateway-lens';

let strictPrompts: vscode.Disposable | undefined;

export async function activateExtension(): Promise<{ extension: vscode.Extension<GatewayLensTestApi | undefined>; api: GatewayLensTestApi }> {
  const extension = vscode.extensions.getExtension<GatewayLensTestApi | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded in this extension host`);
  const api = await extension.activate();
  if (!api) throw new Error(`extension ${EXTENSION_ID} returned no test API: is the host in Production mode?`);
  strictPrompts ??= api.replacePrompts(new TestPrompts());
  return { extension, api };
}

/** Resolves when `check` holds, checking after each tree refresh; rejects with `what` after `timeoutMs`. */
export async function waitFor(api: GatewayLensTestApi, check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  if (check()) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      clearInterval(poll);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const done = (): void => {
      if (!check()) return;
      clearTimeout(timer);
      clearInterval(poll);
      sub.dispose();
      resolve();
    };
    const sub = api.trees.onDidRefresh(done);
    // Some conditions (lab time) move without a tree refresh.
    const poll = setInterval(done, 100);
  });
}
