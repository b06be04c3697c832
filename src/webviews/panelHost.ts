// The host side every Gateway Lens webview panel shares: one registry of open panels per kind,
// createOrShow/revive, the serializer (registered in the extension's disposable store), the
// guarded receive (every message is shape-checked before a panel sees it), the ready handshake,
// a throttled redraw, and following the running lab. A panel subclass keeps only its messages.
import * as vscode from 'vscode';
import type { LabController } from '../engine/labApi';
import { DisposableStore } from '../host/disposables';
import type { Checked } from './protocol/guards';
import { panelHtml, webviewOptions } from './panelAssets';
import type { PanelLogger } from './panelLogger';
import type { PanelObserver } from './panelObserver';

/** What every panel needs from the extension. */
export interface PanelHostDeps {
  extensionUri: vscode.Uri;
  log: PanelLogger;
  /** The running lab, if any (lab panels follow it; others may ignore it). */
  getLabController(): LabController | undefined;
  /** Fires when the lab's data changes (its clock alone: about once a second), and when it starts, stops or is replaced. */
  onDidChangeLab?: vscode.Event<unknown>;
  /** Hears what crosses the boundary (the test API's, outside Production mode only). */
  observer?: PanelObserver;
}

/** The fixed facts of one kind of panel. */
export interface PanelKind<Message> {
  /** The webview panel's view type (package.json activation event onWebviewPanel:<viewType>). */
  viewType: string;
  /** Name of the browser bundle dist/webview/<bundle>.js. */
  bundle: string;
  /** Title until the panel sets its own. */
  title: string;
  /** For log lines: "BGP table panel". */
  logName: string;
  /** The runtime check of every message from the webview. */
  parse(raw: unknown): Checked<Message>;
  /** A changing lab redraws the panel at most this often. */
  redrawMs: number;
  /** Redraw when the panel becomes visible again (panels whose webview keeps its own state need not). */
  redrawWhenShown: boolean;
}

/** What the registry needs of a panel. */
export interface OpenPanel {
  readonly panel: vscode.WebviewPanel;
  dispose(): void;
}

/** Open panels of one kind by key (one Lab panel; one BGP table per gateway). */
export class PanelRegistry<P extends OpenPanel> {
  private readonly open = new Map<string, P>();

  get(key: string): P | undefined {
    return this.open.get(key);
  }

  all(): P[] {
    return [...this.open.values()];
  }

  /** Reveals and returns the open panel with this key, if any. */
  reveal(key: string): P | undefined {
    const existing = this.open.get(key);
    existing?.panel.reveal();
    return existing;
  }

  /** @internal PanelHost's constructor and dispose keep the registry current. */
  track(key: string, panel: P): void {
    this.open.set(key, panel);
  }

  /** @internal */
  untrack(key: string, panel: P): void {
    if (this.open.get(key) === panel) this.open.delete(key);
  }

  disposeAll(): void {
    for (const p of this.all()) p.dispose();
  }
}

/**
 * Registers the serializer of a panel kind in the extension's store, so VS Code restores the
 * panel after a reload, and disposes every open panel of that kind when the store goes.
 */
export function registerPanelKind<P extends OpenPanel>(
  store: DisposableStore,
  viewType: string,
  registry: PanelRegistry<P>,
  revive: (panel: vscode.WebviewPanel, state: unknown) => void,
): void {
  store.add(
    vscode.window.registerWebviewPanelSerializer(viewType, {
      deserializeWebviewPanel: async (panel, state: unknown) => revive(panel, state),
    }),
  );
  store.add({ dispose: () => registry.disposeAll() });
}

/** Creates the VS Code panel of a kind with the options every Gateway Lens panel uses. */
export function createWebviewPanel(kind: PanelKind<unknown>, deps: PanelHostDeps, column: vscode.ViewColumn = vscode.ViewColumn.Active): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(kind.viewType, kind.title, { viewColumn: column, preserveFocus: false }, webviewOptions(deps.extensionUri));
}

/** A panel VS Code restored: its options are set again (localResourceRoots may have changed). */
export function adoptRestoredPanel(panel: vscode.WebviewPanel, deps: PanelHostDeps): vscode.WebviewPanel {
  panel.webview.options = webviewOptions(deps.extensionUri);
  return panel;
}

export abstract class PanelHost<Message> implements vscode.Disposable, OpenPanel {
  /** Listeners of this panel; disposed with it. */
  protected readonly disposables = new DisposableStore();
  private followingLab = false;
  private redrawTimer: ReturnType<typeof setTimeout> | undefined;
  /** A redraw is under way; a change meanwhile schedules the next one when it ends. */
  private redrawing = false;
  private redrawAgain = false;
  private webviewReady = false;
  private disposed = false;

  protected constructor(
    readonly panel: vscode.WebviewPanel,
    protected readonly deps: PanelHostDeps,
    private readonly kind: PanelKind<Message>,
    private readonly registry: PanelRegistry<OpenPanel>,
    private readonly key: string,
  ) {
    registry.track(key, this);
    panel.webview.html = panelHtml(panel.webview, deps.extensionUri, kind.bundle, kind.title);
    this.disposables.add(panel.onDidDispose(() => this.dispose()));
    this.disposables.add(panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)));
    if (kind.redrawWhenShown) {
      this.disposables.add(
        panel.onDidChangeViewState(() => {
          if (panel.visible) this.scheduleRedraw();
        }),
      );
    }
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** True once the webview said "ready" (again after every reload of the webview). */
  protected get isReady(): boolean {
    return this.webviewReady;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.registry.untrack(this.key, this);
    if (this.redrawTimer) clearTimeout(this.redrawTimer);
    this.disposables.dispose();
    this.panel.dispose();
  }

  /** Every message from the webview comes through here, checked before anything else. */
  async receive(raw: unknown): Promise<void> {
    const parsed = this.kind.parse(raw);
    if (!parsed.ok) {
      this.deps.observer?.(this, { kind: 'rejected', error: parsed.error });
      this.deps.log.warn(`${this.kind.logName}: ignored a malformed message (${parsed.error})`);
      return;
    }
    if (isReadyMessage(parsed.value)) {
      // "ready" arrives on first load and again whenever the webview is recreated.
      this.webviewReady = true;
      this.deps.observer?.(this, { kind: 'ready' });
    }
    try {
      await this.onMessage(parsed.value);
    } catch (err) {
      this.deps.log.error(`${this.kind.logName}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** A checked message from the webview (including "ready"). */
  protected abstract onMessage(message: Message): void | Promise<void>;

  /** Brings the webview up to date (after a lab change, throttled; see scheduleRedraw). */
  protected abstract redraw(): void | Promise<void>;

  protected post(message: unknown): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  /**
   * Asks for a redraw at most every `redrawMs`; many lab ticks make one redraw. Never two at once:
   * a redraw slower than `redrawMs` (a big table) would otherwise pile up reads of the same data.
   */
  protected scheduleRedraw(): void {
    if (this.disposed) return;
    if (this.redrawing) {
      this.redrawAgain = true;
      return;
    }
    if (this.redrawTimer) return;
    this.redrawTimer = setTimeout(() => {
      this.redrawTimer = undefined;
      if (this.disposed) return;
      this.redrawing = true;
      Promise.resolve()
        .then(() => this.redraw())
        .catch((err: unknown) => this.deps.log.warn(`${this.kind.logName}: redraw failed: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          this.redrawing = false;
          if (!this.redrawAgain) return;
          this.redrawAgain = false;
          this.scheduleRedraw();
        });
    }, this.kind.redrawMs);
  }

  /**
   * Redraws (throttled) on every lab change the session announces (state changes at once, a clock
   * that alone advances about once a second), and when the lab starts, stops or is replaced.
   * Panels of the lab call it once, when they open.
   */
  protected followLab(): void {
    if (this.followingLab || !this.deps.onDidChangeLab) return;
    this.followingLab = true;
    this.disposables.add(this.deps.onDidChangeLab(() => this.scheduleRedraw()));
  }
}

function isReadyMessage(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready';
}
