// The on-premises VPN configurations the user last checked, one per connection resource id,
// persisted in the workspace state so diagnostics keeps re-checking them after a reload. Only
// masked lines are ever stored (the panel hands over DeviceConfig.maskedLines, never the text as
// pasted). No vscode import: the extension passes its workspaceState (a Memento), tests a Map.
import { idKey } from '../model/armShapes';
import type { CheckedDeviceConfig, NetworkSnapshot } from '../model/snapshot';

/** The part of vscode.Memento used here. */
export interface KeyValueState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export const CHECKED_CONFIGS_KEY = 'gatewayLens.ike.checkedDeviceConfigs';

/** Oldest entries beyond this are dropped: workspace state is not meant for bulk data. */
export const MAX_CHECKED_CONFIGS = 50;

function isCheckedConfig(v: unknown): v is CheckedDeviceConfig {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.connectionId === 'string' && r.connectionId !== '' && typeof r.checkedAt === 'string' && typeof r.origin === 'string' && Array.isArray(r.maskedLines) && r.maskedLines.every((l) => typeof l === 'string');
}

export class CheckedDeviceConfigs {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly state: KeyValueState) {}

  /** What is stored, newest first; anything malformed in the state (older versions, edits) is skipped. */
  all(): CheckedDeviceConfig[] {
    const raw = this.state.get<unknown>(CHECKED_CONFIGS_KEY);
    return Array.isArray(raw) ? raw.filter(isCheckedConfig) : [];
  }

  get(connectionId: string): CheckedDeviceConfig | undefined {
    return this.all().find((c) => idKey(c.connectionId) === idKey(connectionId));
  }

  /** Replaces the configuration remembered for its connection. */
  async remember(config: CheckedDeviceConfig): Promise<void> {
    const rest = this.all().filter((c) => idKey(c.connectionId) !== idKey(config.connectionId));
    await this.write([{ ...config, maskedLines: [...config.maskedLines] }, ...rest].slice(0, MAX_CHECKED_CONFIGS));
  }

  /** False when nothing was remembered for that connection. */
  async forget(connectionId: string): Promise<boolean> {
    const all = this.all();
    const rest = all.filter((c) => idKey(c.connectionId) !== idKey(connectionId));
    if (rest.length === all.length) return false;
    await this.write(rest);
    return true;
  }

  /** Fires after every change (vscode.Event-compatible). */
  readonly onDidChange = (listener: () => void): { dispose(): void } => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  /** The snapshot with the configurations checked against its connections (the one road diagnostics, reports and Save Snapshot read). */
  attachTo(snapshot: NetworkSnapshot): NetworkSnapshot {
    const ids = new Set(snapshot.connections.map((c) => idKey(c.id)));
    const mine = this.all().filter((c) => ids.has(idKey(c.connectionId)));
    const { checkedDeviceConfigs: _old, ...rest } = snapshot;
    return mine.length > 0 ? { ...rest, checkedDeviceConfigs: mine } : rest;
  }

  private async write(configs: CheckedDeviceConfig[]): Promise<void> {
    await this.state.update(CHECKED_CONFIGS_KEY, configs);
    for (const l of [...this.listeners]) l();
  }
}
