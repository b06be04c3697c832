// Types for codeServer.mjs, imported by the TypeScript end-to-end tests.
export function freePort(): Promise<number>;
export interface CodeServer {
  port: number;
  base: string;
  runDir: string;
  stop(): Promise<void>;
  output(): string;
}
export function startCodeServer(options?: {
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  logFile?: string;
  keepDir?: boolean;
}): Promise<CodeServer>;
export function workbenchUrl(
  base: string,
  options: { folder?: string; extensionDevelopmentPath: string; extensionTestsPath?: string },
): string;
