// Finds and activates the extension under test and returns its API (what activate() returned).
import * as vscode from 'vscode';
import type { GatewayLensApi } from '../../../src/extension';

export const EXTENSION_ID = 'gateway-lens.gateway-lens';

export async function activateExtension(): Promise<{ extension: vscode.Extension<GatewayLensApi>; api: GatewayLensApi }> {
  const extension = vscode.extensions.getExtension<GatewayLensApi>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded in this extension host`);
  const api = await extension.activate();
  return { extension, api };
}

/** Resolves when `check` holds, checking after each tree refresh; rejects with `what` after `timeoutMs`. */
export async function waitFor(api: GatewayLensApi, check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
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
