// Types for browser.mjs, imported by the TypeScript end-to-end tests.
import type { BrowserContext } from 'playwright-core';
export const CHROMIUM_PATH: string;
export const CHROMIUM_ARGS: string[];
export function launchBrowser(options?: { width?: number; height?: number }): Promise<{ context: BrowserContext; close(): Promise<void> }>;
