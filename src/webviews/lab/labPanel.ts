// The Lab panel (host side): a single panel showing the running scenario's timeline, topology
// and failover gaps, redrawn (throttled) as the lab changes and restored after a reload.
import type * as vscode from 'vscode';
import { LAB_VIEW_TYPE, parseLabMessage, type HostToLab, type LabToHost } from '../protocol/labProtocol';
import type { DisposableStore } from '../../host/disposables';
import { PanelHost, PanelRegistry, adoptRestoredPanel, createWebviewPanel, registerPanelKind, type PanelHostDeps, type PanelKind } from '../panelHost';
import { labPanelData } from './labPanelData';
import { runTimeTravel } from '../timeTravel/labTimeTravel';

export type LabPanelDeps = PanelHostDeps;

const KIND: PanelKind<LabToHost> = {
  viewType: LAB_VIEW_TYPE,
  bundle: 'lab',
  title: 'Gateway Lens Lab',
  logName: 'Lab panel',
  parse: parseLabMessage,
  // At 600x the lab changes constantly; the chart redraws at most this often.
  redrawMs: 500,
  redrawWhenShown: true,
};

/** There is one Lab panel; this is its key. */
const ONLY = 'lab';

export class LabPanel extends PanelHost<LabToHost> {
  static readonly viewType = LAB_VIEW_TYPE;
  private static readonly registry = new PanelRegistry<LabPanel>();

  static createOrShow(deps: LabPanelDeps): LabPanel {
    return LabPanel.registry.reveal(ONLY) ?? new LabPanel(createWebviewPanel(KIND, deps), deps);
  }

  static revive(panel: vscode.WebviewPanel, deps: LabPanelDeps): LabPanel {
    const existing = LabPanel.registry.reveal(ONLY);
    if (existing) {
      panel.dispose();
      return existing;
    }
    return new LabPanel(adoptRestoredPanel(panel, deps), deps);
  }

  static get instance(): LabPanel | undefined {
    return LabPanel.registry.get(ONLY);
  }

  /** Registers the serializer in the extension's store. */
  static register(store: DisposableStore, deps: LabPanelDeps): void {
    registerPanelKind(store, KIND.viewType, LabPanel.registry, (panel) => void LabPanel.revive(panel, deps));
  }

  private constructor(panel: vscode.WebviewPanel, deps: LabPanelDeps) {
    super(panel, deps, KIND, LabPanel.registry, ONLY);
    this.followLab();
  }

  protected async onMessage(message: LabToHost): Promise<void> {
    if (message.type === 'timeTravel') await runTimeTravel(message, this.deps.log);
    else this.redraw();
  }

  protected redraw(): void {
    if (this.isDisposed || !this.isReady) return;
    const lab = this.deps.getLabController();
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
      this.deps.observer?.(this, { kind: 'pushed' });
      this.post(message);
    }
  }
}
