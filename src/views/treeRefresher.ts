// Keeps both trees current: refetches the inventory when the lab changes (already debounced by
// the session) and rebuilds the node models in one go so the views never flicker through an empty
// state. One fetch at a time (serialRefresh): starting one per change and showing only the newest
// starved the trees of a big lab, whose fetches took longer than the 250 ms between changes.
import * as vscode from 'vscode';
import { DisposableBase } from '../host/disposables';
import { errorMessage } from '../host/errors';
import type { LabSession } from '../host/labSession';
import { fetchLabInventory } from './labSource';
import type { SourceInventory } from '../azure/inventory';
import { buildGatewaysTree } from './model/gatewaysTree';
import { buildConnectionsTree, type ConnectionGrouping } from './model/connectionsTree';
import { NodeTreeProvider } from './nodeTreeProvider';
import { SourceId } from '../model/sourceId';
import { serialRefresh } from '../host/serialRefresh';

export class TreeRefresher extends DisposableBase {
  readonly gateways = this.register(new NodeTreeProvider());
  readonly connections = this.register(new NodeTreeProvider());
  private inventories: SourceInventory[] = [];
  private readonly extraSources: ((signal?: AbortSignal) => Promise<SourceInventory | undefined>)[] = [];
  /** One fetch at a time; changes during a fetch queue one more (see serialRefresh). */
  private readonly serial = serialRefresh(() => this.fetchAndShow());
  private readonly refreshedEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires after both trees were rebuilt from fresh data. */
  readonly onDidRefresh = this.refreshedEmitter.event;

  constructor(
    private readonly lab: LabSession,
    private readonly log: vscode.LogOutputChannel,
    private grouping: ConnectionGrouping,
  ) {
    super();
    this.register(lab.onDidChangeData(() => void this.refresh()));
    this.register(lab.onDidChangeStatus(() => void this.refresh()));
  }

  get connectionGrouping(): ConnectionGrouping {
    return this.grouping;
  }

  setConnectionGrouping(grouping: ConnectionGrouping): void {
    this.grouping = grouping;
    this.connections.setRoots(buildConnectionsTree(this.inventories, grouping));
  }

  get sources(): readonly SourceInventory[] {
    return this.inventories;
  }

  /** Adds a source (Azure) shown below the lab; `fetch` resolves undefined while it has nothing to show. */
  addSource(fetch: (signal?: AbortSignal) => Promise<SourceInventory | undefined>): void {
    this.extraSources.push(fetch);
  }

  /** Refetches every source; resolves when the trees show data at least as new as this call. */
  refresh(): Promise<void> {
    return this.serial();
  }

  private async fetchAndShow(): Promise<void> {
    const started = performance.now();
    const fetches: Promise<SourceInventory | undefined>[] = [
      guarded(SourceId.lab, 'Lab', () => fetchLabInventory(this.lab)),
      ...this.extraSources.map((fetch, i) => guarded(`source${i}`, 'Source', () => fetch())),
    ];
    const inventories = (await Promise.all(fetches)).filter((s): s is SourceInventory => s !== undefined);
    if (this.isDisposed) return;
    for (const inv of inventories) if (inv.error) this.log.warn(`${inv.label}: ${inv.error}`);
    this.inventories = inventories;
    this.gateways.setRoots(buildGatewaysTree(inventories));
    this.connections.setRoots(buildConnectionsTree(inventories, this.grouping));
    this.refreshedEmitter.fire();
    this.log.debug(`trees: refreshed in ${(performance.now() - started).toFixed(0)} ms (${inventories.map((i) => `${i.label} ${i.status}, ${i.gateways.length} gateways`).join('; ')})`);
  }
}

/** Sources turn data errors into error nodes themselves; this guards against bugs so one source never blanks the others. */
async function guarded(sourceId: string, label: string, fetch: () => Promise<SourceInventory | undefined>): Promise<SourceInventory | undefined> {
  try {
    return await fetch();
  } catch (error) {
    return { sourceId, label, status: 'connected', gateways: [], connections: [], error: `Loading ${label} failed: ${errorMessage(error)}` };
  }
}
