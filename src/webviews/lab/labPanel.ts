// The Lab panel (host side): a single panel showing the running scenario's timeline, topology
// and failover gaps, redrawn (debounced) as the lab changes and restored after a reload.
import * as vscode from 'vscode';
import type { LabController } from '../../engine/labApi';
import { LAB_VIEW_TYPE, parseLabMessage, type HostToLab } from '../protocol/labProtocol';
import { panelHtml, webviewOptions } from '../panelAssets';
import type { PanelLogger } from '../panelLogger';
import { labPanelData } from './labPanelData';

export interface LabPanelDeps {
  extensionUri: vscode.Uri;
  getLabController(): LabController | undefined;
  /** Fires when the lab starts, stops or is replaced, so the panel follows the current one. */
  onDidChangeLab?: vscode.Event<unknown>;
  log: PanelLogger;
}

/** At 600x the lab changes constantly; the chart redraws at most this often. */
const REDRAW_MS = 500;

export class LabPanel {
  static readonly viewType = LAB_VIEW_TYPE;
  private static current: LabPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private labSubscription: { controller: LabController; dispose(): void } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ready = false;
  private disposed = false;
  /** Counts for the log and extension-host tests. */
  readonly stats = { ready: 0, rejected: [] as string[], pushed: 0 };

  static createOrShow(deps: LabPanelDeps): LabPanel {
    if (LabPanel.current) {
      LabPanel.current.panel.reveal();
      return LabPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(LabPanel.viewType, 'Gateway Lens Lab', vscode.ViewColumn.Active, webviewOptions(deps.extensionUri));
    return new LabPanel(panel, deps);
  }

  static revive(panel: vscode.WebviewPanel, deps: LabPanelDeps): LabPanel {
    if (LabPanel.current) {
      panel.dispose();
      LabPanel.current.panel.reveal();
      return LabPanel.current;
    }
    panel.webview.options = webviewOptions(deps.extensionUri);
    return new LabPanel(panel, deps);
  }

  static get instance(): LabPanel | undefined {
    return LabPanel.current;
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: LabPanelDeps,
  ) {
    LabPanel.current = this;
    panel.webview.html = panelHtml(panel.webview, deps.extensionUri, 'lab', 'Gateway Lens Lab');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidChangeViewState(() => {
        if (panel.visible) this.schedule();
      }),
    );
    if (deps.onDidChangeLab) this.disposables.push(deps.onDidChangeLab(() => this.schedule()));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (LabPanel.current === this) LabPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.labSubscription?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  /** Every message from the webview comes through here, checked before anything else. */
  receive(raw: unknown): void {
    const parsed = parseLabMessage(raw);
    if (!parsed.ok) {
      this.stats.rejected.push(parsed.error);
      this.deps.log.warn(`Lab panel: ignored a malformed message (${parsed.error})`);
      return;
    }
    // "ready" arrives on first load and again whenever the webview is recreated.
    this.ready = true;
    this.stats.ready++;
    this.push();
  }

  private schedule(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.push();
    }, REDRAW_MS);
  }

  private push(): void {
    if (this.disposed || !this.ready) return;
    const lab = this.deps.getLabController();
    this.follow(lab);
    let message: HostToLab;
    if (!lab) {
      message = { type: 'noLab', message: 'The lab is not running. Start a scenario from the Gateways view or the command palette.' };
    } else {
      try {
        message = { type: 'lab', data: labPanelData(lab) };
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        this.deps.log.error(`Lab panel: could not read the lab: ${error}`);
        message = { type: 'noLab', message: `Could not read the lab: ${error}` };
      }
    }
    if (this.panel.visible) {
      this.stats.pushed++;
      void this.panel.webview.postMessage(message);
    }
  }

  private follow(lab: LabController | undefined): void {
    if (this.labSubscription?.controller === lab) return;
    this.labSubscription?.dispose();
    this.labSubscription = undefined;
    if (!lab) return;
    const sub = lab.onDidChange(() => this.schedule());
    this.labSubscription = { controller: lab, dispose: () => sub.dispose() };
  }
}

/** Registers the Lab panel's serializer; returns the function that opens it. */
export function registerLabPanel(context: vscode.ExtensionContext, deps: LabPanelDeps): { open(): void } {
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(LabPanel.viewType, {
      deserializeWebviewPanel: async (panel) => {
        LabPanel.revive(panel, deps);
      },
    }),
    { dispose: () => LabPanel.instance?.dispose() },
  );
  return { open: () => void LabPanel.createOrShow(deps) };
}
