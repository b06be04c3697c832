// The IKE/IPsec check panel (host side): one per connection. The user opens or pastes an
// on-premises VPN configuration; the host checks it against the connection's Azure side and
// posts the report (verdict, both directions, 24 h rekeys, lines to change). The pasted text
// stays in the host for the check; only masked lines reach the report.
import * as vscode from 'vscode';
import type { DisposableStore } from '../../host/disposables';
import type { CheckedDeviceConfig, NetworkSnapshot } from '../../model/snapshot';
import { isRecord, isShortString } from '../protocol/guards';
import { SourceId } from '../../model/sourceId';
import { IKE_CHECK_VIEW_TYPE, MAX_CONFIG_CHARS, parseIkeCheckMessage, type HostToIkeCheck, type IkeCheckToHost, type IkeReportData } from '../protocol/ikeCheckProtocol';
import { PanelHost, PanelRegistry, adoptRestoredPanel, createWebviewPanel, registerPanelKind, type PanelHostDeps, type PanelKind } from '../panelHost';

export interface IkeCheckTarget {
  sourceId: string;
  connectionId: string;
  connectionName: string;
}

export interface IkeCheckPanelDeps extends PanelHostDeps {
  /** The snapshot part the check needs: the connection, its gateway, VNet and site where known. */
  snapshotFor(target: IkeCheckTarget): Promise<NetworkSnapshot>;
  /** Keeps a configuration that was checked (masked lines only), so diagnostics re-checks it. */
  rememberCheck?(config: CheckedDeviceConfig): Promise<void>;
}

const KIND: PanelKind<IkeCheckToHost> = {
  viewType: IKE_CHECK_VIEW_TYPE,
  bundle: 'ikeCheck',
  title: 'IKE/IPsec Check',
  logName: 'IKE check panel',
  parse: parseIkeCheckMessage,
  redrawMs: 100,
  redrawWhenShown: true,
};

/** The state the webview persists, checked on revive (anything can be in it). */
export function targetFromState(state: unknown): IkeCheckTarget | undefined {
  if (!isRecord(state) || !isRecord(state.ids)) return undefined;
  const { sourceId, connectionId, connectionName } = state.ids;
  return isShortString(sourceId, 100) && isShortString(connectionId, 1000) && isShortString(connectionName, 200) ? { sourceId, connectionId, connectionName } : undefined;
}

export class IkeCheckPanel extends PanelHost<IkeCheckToHost> {
  static readonly viewType = IKE_CHECK_VIEW_TYPE;
  private static readonly registry = new PanelRegistry<IkeCheckPanel>();
  private report: IkeReportData | undefined;
  private error: string | undefined;

  static createOrShow(deps: IkeCheckPanelDeps, target: IkeCheckTarget): IkeCheckPanel {
    return IkeCheckPanel.registry.reveal(target.connectionId) ?? new IkeCheckPanel(createWebviewPanel(KIND, deps), deps, target);
  }

  static all(): IkeCheckPanel[] {
    return IkeCheckPanel.registry.all();
  }

  static register(store: DisposableStore, deps: IkeCheckPanelDeps): void {
    registerPanelKind(store, KIND.viewType, IkeCheckPanel.registry, (panel, state) => {
      const target = targetFromState(state);
      if (!target) {
        panel.dispose();
        return;
      }
      if (IkeCheckPanel.registry.reveal(target.connectionId)) panel.dispose();
      else new IkeCheckPanel(adoptRestoredPanel(panel, deps), deps, target);
    });
  }

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly ikeDeps: IkeCheckPanelDeps,
    readonly target: IkeCheckTarget,
  ) {
    super(panel, ikeDeps, KIND, IkeCheckPanel.registry, target.connectionId);
    panel.title = `IKE/IPsec Check: ${target.connectionName}`;
  }

  /** Checks a configuration text (also used by tests and the command's file choice); `origin` names where it came from. */
  async check(text: string, origin = 'pasted'): Promise<void> {
    if (text.length > MAX_CONFIG_CHARS) {
      this.show({ type: 'error', message: `The configuration is larger than ${MAX_CONFIG_CHARS / 1024} KB.` });
      return;
    }
    try {
      const snapshot = await this.ikeDeps.snapshotFor(this.target);
      const { runIkeCheck } = await import(/* webpackChunkName: "ike" */ './runIkeCheck');
      const run = runIkeCheck(text, snapshot, this.target.connectionName, this.target.sourceId === SourceId.lab ? 'lab' : 'Azure');
      if (run.ok) {
        // Remembered before the report is shown, so the Diagnostics view agrees with the panel.
        await this.ikeDeps.rememberCheck?.({ connectionId: this.target.connectionId, checkedAt: new Date().toISOString(), origin, maskedLines: run.maskedLines });
        this.report = run.data;
        this.error = undefined;
        this.deps.observer?.(this, { kind: 'pushed' });
        this.show({ type: 'report', data: run.data });
      } else {
        this.show({ type: 'error', message: run.message });
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.log.error(`IKE check panel: ${message}`);
      this.show({ type: 'error', message: `The check failed: ${message}` });
    }
  }

  /** Asks for a file and checks it. */
  async openFile(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Check this configuration', title: `On-premises VPN configuration for ${this.target.connectionName}` });
    const uri = picked?.[0];
    if (!uri) return;
    const bytes = await vscode.workspace.fs.readFile(uri);
    await this.check(new TextDecoder('utf-8').decode(bytes), uri.path.split('/').pop() ?? uri.path);
  }

  get lastReport(): IkeReportData | undefined {
    return this.report;
  }

  private show(message: HostToIkeCheck): void {
    if (message.type === 'error') this.error = message.message;
    this.post(message);
  }

  protected async onMessage(message: IkeCheckToHost): Promise<void> {
    if (message.type === 'ready') this.redraw();
    else if (message.type === 'openFile') await this.openFile();
    else await this.check(message.text);
  }

  protected redraw(): void {
    if (this.isDisposed || !this.isReady) return;
    this.post({ type: 'target', connection: this.target.connectionName, source: this.target.sourceId === SourceId.lab ? 'lab' : 'Azure', ids: { ...this.target } });
    if (this.report) this.post({ type: 'report', data: this.report });
    else if (this.error) this.post({ type: 'error', message: this.error });
  }
}
