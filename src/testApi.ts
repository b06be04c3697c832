// What the extension-host tests and the activation bench reach inside the extension. activate()
// returns it only outside Production mode (extension.ts), so none of it exists in a user's VS
// Code. Production objects keep no test state: the command runner and the panels report to
// observers that only this module installs, prompts go through a Prompts object that tests
// replace, and the Azure session hands its test hooks over only when asked in its constructor.
import type * as vscode from 'vscode';
import type { LabSession } from './host/labSession';
import type { Prompts } from './host/prompts';
import type { TreeRefresher } from './views/treeRefresher';
import type { TreeNode } from './views/model/treeNode';
import type { DiagnosticsApi } from './commands/diagnosticsCommands';
import type { CommandFailureObserver } from './commands/commandRunner';
import type { AzureSession, AzureSessionTestHooks } from './azure/azureSession';
import type { PanelsApi } from './webviews/registerPanels';
import type { PanelObserver } from './webviews/panelObserver';
import type { BgpTab } from './webviews/protocol/bgpTableColumns';

export interface CommandFailure {
  command: string;
  message: string;
}

/** What crossed one panel's boundary so far (counts, never data). */
export interface PanelStats {
  ready: number;
  rejected: string[];
  loads: { tab: BgpTab; peer: string; rows: number; version: number }[];
  updates: number;
  pushed: number;
  /** Timeline panel: each drawing's event rows, as the webview reported them. */
  rendered: string[][];
  /** BGP table: each reveal the webview applied (from a route path hop link). */
  revealed: { tab: BgpTab; shown: number; selected: string }[];
}

export interface GatewayLensTestApi {
  readonly lab: LabSession;
  readonly trees: TreeRefresher;
  /** Findings of the Diagnostics view. */
  readonly diagnostics: DiagnosticsApi;
  /** The Azure source (sign-in state, data source). */
  readonly azure: AzureSession;
  /** An ARM-compatible endpoint (the lab's) as the Azure source; background reads settled. */
  readonly azureHooks: AzureSessionTestHooks;
  /** The BGP table and Lab webview panels. */
  readonly panels: PanelsApi;
  /** The two tree views (selection and expansion checks). */
  readonly views: { readonly gateways: vscode.TreeView<TreeNode>; readonly connections: vscode.TreeView<TreeNode> };
  /** Milliseconds from the bundle starting to evaluate to the end of activate() (bench figure). */
  readonly activationMs: number;
  /** Answers every question the extension asks with `prompts` until the Disposable is disposed. */
  replacePrompts(prompts: Prompts): vscode.Disposable;
  /** Commands that failed so far, in order (each was also shown as an error message). */
  readonly commandFailures: readonly CommandFailure[];
  /** What crossed `panel`'s boundary since it opened. */
  panelStats(panel: object): PanelStats;
  /** The lab time-travel status bar item's text, undefined while hidden. */
  readonly momentStatusText: () => string | undefined;
}

/** Collects what the observers report; built by extension.ts outside Production mode only. */
export class TestRecorder {
  readonly commandFailures: CommandFailure[] = [];
  private readonly stats = new WeakMap<object, PanelStats>();

  readonly onCommandFailure: CommandFailureObserver = (command, message) => {
    this.commandFailures.push({ command, message });
  };

  readonly onPanelEvent: PanelObserver = (panel, event) => {
    const s = this.panelStats(panel);
    switch (event.kind) {
      case 'ready':
        s.ready++;
        break;
      case 'rejected':
        s.rejected.push(event.error);
        break;
      case 'loaded':
        s.loads.push({ tab: event.tab, peer: event.peer, rows: event.rows, version: event.version });
        break;
      case 'updated':
        s.updates++;
        break;
      case 'pushed':
        s.pushed++;
        break;
      case 'rendered':
        s.rendered.push(event.events);
        break;
      case 'revealed':
        s.revealed.push({ tab: event.tab, shown: event.shown, selected: event.selected });
        break;
    }
  };

  panelStats(panel: object): PanelStats {
    let s = this.stats.get(panel);
    if (!s) {
      s = { ready: 0, rejected: [], loads: [], updates: 0, pushed: 0, rendered: [], revealed: [] };
      this.stats.set(panel, s);
    }
    return s;
  }
}
