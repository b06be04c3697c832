// Keeps both trees current: refetches the inventory when the lab changes (already debounced by
// the session), drops stale fetches, and rebuilds the node models in one go so the views never
// flicker through an empty state.
import * as vscode from 'vscode';
import { DisposableBase } from '../host/disposables';
import { errorMessage } from '../host/errors';
import type { LabSession } from '../host/labSession';
import { fetchLabInventory } from './labSource';
import type { SourceInventory } from './model/inventory';
import { buildGatewaysTree } from './model/gatewaysTree';
import { buildConnectionsTree, type ConnectionGrouping } from './model/connectionsTree';
import { NodeTreeProvider } from './nodeTreeProvider';

export class TreeRefresher extends DisposableBase {
  readonly gateways = this.register(new NodeTreeProvider());
  readonly connections = this.register(new NodeTreeProvider());
  private inventories: SourceInventory[] = [];
  private running: AbortController | undefined;
  private generation = 0;
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
    this.register({ dispose: () => this.running?.abort() });
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

  /** Refetches every source; resolves when the trees show the result (or a newer refresh superseded it). */
  async refresh(): Promise<void> {
    this.running?.abort();
    const abort = new AbortController();
    this.running = abort;
    const generation = ++this.generation;
    let inventories: SourceInventory[];
    try {
      inventories = [await fetchLabInventory(this.lab, abort.signal)];
    } catch (error) {
      // fetchLabInventory turns data errors into error nodes; this is a bug guard.
      this.log.error(`refresh failed: ${errorMessage(error)}`);
      inventories = [{ sourceId: 'lab', label: 'Lab', status: 'running', gateways: [], connections: [], error: errorMessage(error) }];
    }
    if (generation !== this.generation || this.isDisposed) return;
    this.running = undefined;
    for (const inv of inventories) if (inv.error) this.log.warn(`${inv.label}: ${inv.error}`);
    this.inventories = inventories;
    this.gateways.setRoots(buildGatewaysTree(inventories));
    this.connections.setRoots(buildConnectionsTree(inventories, this.grouping));
    this.refreshedEmitter.fire();
  }
}
