// The status bar item of lab time travel: "Lab at 3:00 (past)" (click: Back to Live) while a past
// moment is shown, "Lab ended at 6:00" (click: Go to Moment) once the scenario has run to its end;
// hidden while the lab is live and running, or stopped.
import * as vscode from 'vscode';
import type { LabMomentState } from '../host/labSession';
import { CommandId } from '../commands/commandIds';
import { formatVirtualTime } from './model/format';

export function momentStatusText(m: LabMomentState | undefined): { text: string; tooltip: string; command: string } | undefined {
  if (!m) return undefined;
  if (m.past) {
    return {
      text: `$(history) Lab at ${formatVirtualTime(m.seconds)} (past)`,
      tooltip: `Every view shows the lab at ${formatVirtualTime(m.seconds)}${m.finished ? '; the scenario has ended' : '; the live lab runs on'}. Click: Back to Live.`,
      command: CommandId.labBackToLive,
    };
  }
  if (m.finished) {
    return {
      text: `$(debug-stop) Lab ended at ${formatVirtualTime(m.seconds)}`,
      tooltip: m.travel ? 'The scenario has ended; the lab stays loaded and browsable. Click: Go to Moment…' : 'The scenario has ended; the lab stays loaded.',
      command: m.travel ? CommandId.labGoToMoment : CommandId.openLabPanel,
    };
  }
  return undefined;
}

export class LabMomentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gatewayLens.lab.moment', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Gateway Lens: lab moment';
  }

  /** What the item shows now (tests read it). */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;

  update(m: LabMomentState | undefined): void {
    const s = momentStatusText(m);
    if (!s) {
      this.visible = false;
      this.item.hide();
      return;
    }
    this.item.text = s.text;
    this.item.tooltip = s.tooltip;
    this.item.command = s.command;
    this.item.accessibilityInformation = { label: s.text.replace(/\$\([^)]*\)\s*/, '') };
    this.visible = true;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
