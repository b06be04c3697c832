// Runs inside the real extension host for `npm run bench`: measures activation of the bundled
// extension (module load + activate()) and writes the figures where the runner reads results.
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { GatewayLensTestApi } from '../../../src/testApi';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<GatewayLensTestApi>('gateway-lens.gateway-lens');
  if (!extension) throw new Error('extension gateway-lens.gateway-lens is not loaded');
  if (extension.isActive) throw new Error('extension was already active: activation cannot be measured');
  // Let the workbench's own start-up burst settle, so the figure is the extension's cost.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const started = performance.now();
  const api = await extension.activate();
  const hostActivateMs = performance.now() - started;
  const activationMs = api.activationMs;
  const file = process.env.GWL_EXTHOST_RESULTS;
  if (file) writeFileSync(file, JSON.stringify({ passes: 1, failures: 0, pending: 0, failuresText: [], activationMs, hostActivateMs }));
}
