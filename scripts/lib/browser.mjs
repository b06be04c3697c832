// Headless Debian Chromium through playwright-core (never `npx playwright install`: no downloads here).
import { mkdtempSync, rmSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.GWL_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** A persistent context on a fresh user-data dir; close() removes the dir. */
export async function launchBrowser({ width = 1400, height = 900 } = {}) {
  const userDataDir = mkdtempSync('/tmp/gwl-chr-');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width, height },
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
