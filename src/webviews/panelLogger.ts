// The logging the panels need; vscode.LogOutputChannel satisfies it, so does console in tests.
export interface PanelLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
