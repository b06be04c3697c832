// The "Azure" source of the views: the signed-in credential, the settings that shape it (cloud,
// credential kind, subscription filter, inventory path) and the ArmGatewayDataSource built on
// them. Nothing Azure loads until the user signs in (or a test points it at the lab endpoint).
import * as vscode from 'vscode';
import type { TokenCredential } from '@azure/core-auth';
import type { GatewayDataSource } from './gatewayDataSource';
import type { ArmGatewayDataSource, InventoryMode } from './armGatewayDataSource';
import { ProgressDataSource, type ProgressUi } from './progressDataSource';
import { StaleWhileRefresh } from './staleWhileRefresh';
import { formatAge } from '../model/age';
import { resolveAzureCloud, type AzureCloud } from './azureClouds';
import { parseCredentialKind, type CredentialKind } from './credentialFactory';
import { toAzureError } from './azureErrors';
import { settleTopology, type GatewayEntry, type NetworkTopology, type SourceInventory } from './inventory';
import type { BgpPeerStatus, VirtualNetworkGateway, VirtualNetworkGatewayConnection } from '../model/arm';
import { mapWithConcurrency } from './concurrency';
import { IDENTITY_SETTINGS, identityChange, signInIdentity, type SignInIdentity } from './signInIdentity';
import { SourceId } from '../model/sourceId';
import type { HistoryAccess } from './history/historyAccess';

export const AZURE_SOURCE_ID = SourceId.azure;
const SECTION = 'gatewayLens.azure';
/** BGP peers are refetched in the background when older than this. */
const PEERS_MAX_AGE_MS = 60_000;
/** Azure gateways answer getBgpPeerStatus slowly (Retry-After 10 s): a few at a time. */
const PEER_FETCH_CONCURRENCY = 4;
/** The trees read the inventory on every lab tick; Azure is asked again only when it is older than this (or on Refresh). */
const INVENTORY_MAX_AGE_MS = 60_000;
/** A failed inventory is tried again on a later read after this long. */
const INVENTORY_ERROR_RETRY_MS = 30_000;
/** Results younger than this carry no age label: they are "now". */
const AGE_LABEL_AFTER_MS = 5_000;
/** While signed in the views re-read this often, so age labels move and old data is fetched again without a lab tick. */
const AGE_TICK_MS = 30_000;
/** The views whose title bar shows the progress of a background inventory fetch. */
const TREE_VIEW_IDS = ['gatewayLens.gateways', 'gatewayLens.connections'];

interface AzureInventoryValue extends Pick<SourceInventory, 'network' | 'networkError'> {
  gateways: VirtualNetworkGateway[];
  connections: VirtualNetworkGatewayConnection[];
}

/** VS Code's cancellable progress notification, for ProgressDataSource. */
const notificationProgress: ProgressUi = {
  show: (title, run) =>
    Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        return run((message) => progress.report({ message }), abort.signal).finally(() => sub.dispose());
      }),
    ),
};

interface CachedPeers {
  at: number;
  peers?: BgpPeerStatus[];
  error?: string;
}

export interface AzureSettings {
  cloud: AzureCloud;
  credential: CredentialKind;
  tenantId?: string;
  subscriptions: string[];
  inventory: InventoryMode;
}

/** Throws an Error naming the setting and the accepted values when one is wrong. */
export function readAzureSettings(): AzureSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const subs = c.get<unknown>('subscriptions', []);
  if (!Array.isArray(subs) || !subs.every((s) => typeof s === 'string')) {
    throw new Error('gatewayLens.azure.subscriptions must be a list of subscription ids');
  }
  const inventory = c.get<unknown>('inventory', 'auto');
  if (inventory !== 'auto' && inventory !== 'resourceGraph' && inventory !== 'resourceGroups') {
    throw new Error(`gatewayLens.azure.inventory: unknown value ${JSON.stringify(inventory)}; use auto, resourceGraph or resourceGroups`);
  }
  const tenant = c.get<unknown>('tenantId', '');
  return {
    cloud: resolveAzureCloud(String(c.get<unknown>('cloud', 'AzureCloud') ?? '')),
    credential: parseCredentialKind(String(c.get<unknown>('credential', 'vscode') ?? '')),
    ...(typeof tenant === 'string' && tenant !== '' ? { tenantId: tenant } : {}),
    subscriptions: subs.map((s: string) => s.trim()).filter((s: string) => s !== ''),
    inventory,
  };
}

/**
 * What the extension-host tests and the bench reach through the test API (src/testApi.ts), which
 * exists outside Production mode only: an ARM-compatible endpoint (the lab's) as the Azure
 * source, and a promise for the background reads.
 */
export interface AzureSessionTestHooks {
  /** Treats an ARM-compatible endpoint as the Azure source; the token stays in memory, never logged. */
  useArmEndpoint(baseUrl: string, token: string, subscriptions?: string[]): Promise<void>;
  /** Resolves when background fetches (inventory, then BGP peers) are done. */
  whenLoaded(): Promise<void>;
}

export class AzureSession implements vscode.Disposable {
  private source: ArmGatewayDataSource | undefined;
  private accountLabel: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly signedOutForSettings = new vscode.EventEmitter<string>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed, this.signedOutForSettings];
  /** Signed in or out, or settings that shape the source changed: views refetch. */
  readonly onDidChange = this.changed.event;
  /** Signed out because the cloud, credential or tenant setting changed (the change, in words). */
  readonly onDidSignOutForSettings = this.signedOutForSettings.event;

  /** `exposeTestHooks`: given only outside Production mode (extension.ts), receives the test hooks. */
  constructor(
    private readonly log: vscode.LogOutputChannel,
    exposeTestHooks?: (hooks: AzureSessionTestHooks) => void,
  ) {
    exposeTestHooks?.({ useArmEndpoint: (b, t, s) => this.useArmEndpoint(b, t, s), whenLoaded: () => this.whenLoaded() });
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        // The filter setting replaces useArmEndpoint's subscriptions; other settings keep them.
        if (e.affectsConfiguration(`${SECTION}.subscriptions`)) this.subscriptionOverride = undefined;
        if (IDENTITY_SETTINGS.some((k) => e.affectsConfiguration(`${SECTION}.${k}`)) && this.signOutIfIdentityChanged()) return;
        if (e.affectsConfiguration(SECTION) && this.source) void this.rebuild();
      }),
    );
  }

  /**
   * What the panels and Diagnose read: the Azure client, showing a cancellable progress
   * notification for calls that take more than a moment.
   */
  get dataSource(): GatewayDataSource | undefined {
    return this.wrapped;
  }

  get account(): string | undefined {
    return this.accountLabel;
  }

  /**
   * What the Timeline needs to read a gateway's history with the signed-in credential: the
   * Resource Manager endpoint, the cloud (for Azure Monitor's own hosts and scopes) and the
   * credential object. Tokens stay inside the credential; nothing here is logged or posted.
   */
  historyAccess(): HistoryAccess | undefined {
    const current = this.credential;
    if (!current || !this.source) return undefined;
    const settings = this.safeSettings();
    const cloud = settings && current.endpoint === settings.cloud.resourceManager ? settings.cloud : undefined;
    return { armEndpoint: current.endpoint, credential: current.value, ...(cloud ? { cloud } : {}) };
  }

  /** Interactive sign-in with the configured credential; the error says what to fix. */
  async signIn(): Promise<string> {
    const settings = readAzureSettings();
    const credential = await this.createCredential(settings, true);
    this.subscriptionOverride = undefined;
    await this.use(credential, settings, settings.cloud.resourceManager, 'Azure');
    this.signedInAs = signInIdentity(settings);
    await this.firstInventory();
    return this.accountLabel ?? settings.credential;
  }

  /** Sign-in ends once the trees can show the gateways (or the error node saying why not). */
  private async firstInventory(): Promise<void> {
    this.inventoryCache?.read();
    await this.inventoryCache?.settled();
  }

  /**
   * The cloud, credential or tenant setting changed under an interactive sign-in: its token is for
   * the old one, so sign out and offer a new sign-in (true) rather than keep showing the old cloud.
   */
  private signOutIfIdentityChanged(): boolean {
    if (!this.signedInAs || !this.source) return false;
    let change: string | undefined;
    try {
      change = identityChange(this.signedInAs, signInIdentity(readAzureSettings()));
    } catch {
      return false; // an invalid value: rebuild() reports it and keeps the current sign-in
    }
    if (!change) return false;
    this.signOut();
    this.log.info(`azure: signed out because the sign-in settings changed (${change})`);
    // The Azure commands offer Sign In again (this module knows no command ids).
    this.signedOutForSettings.fire(change);
    return true;
  }

  signOut(): void {
    this.signedInAs = undefined;
    this.source = undefined;
    this.wrapped = undefined;
    this.accountLabel = undefined;
    this.resetPeers();
    this.log.info('azure: signed out');
    this.changed.fire();
  }

  /** Test hook (AzureSessionTestHooks.useArmEndpoint). */
  private async useArmEndpoint(baseUrl: string, token: string, subscriptions?: string[]): Promise<void> {
    const { StaticTokenCredential } = await import('./staticTokenCredential');
    const settings = { ...readAzureSettings(), ...(subscriptions ? { subscriptions } : {}) };
    this.accountLabel = `ARM endpoint ${baseUrl}`;
    this.signedInAs = undefined;
    this.subscriptionOverride = subscriptions;
    await this.use(new StaticTokenCredential(token), settings, baseUrl, 'Azure', false);
    await this.firstInventory();
  }

  /** Subscriptions the credential can see, for the filter picker. */
  async listSubscriptions(signal?: AbortSignal): Promise<{ subscriptionId: string; displayName: string }[]> {
    if (!this.source) throw new Error('Not signed in to Azure. Run "Gateway Lens: Sign in to Azure" first.');
    return this.source.listSubscriptions(signal);
  }

  /**
   * The Azure source for the trees, or undefined when not signed in (no Azure node then).
   * Never waits on Azure: answers at once with the last inventory (labelled with its age once it
   * is a few seconds old) and refetches it in the background when it is older than a minute or a
   * Refresh asked for it (one Resource Graph query; progress shows on the views); BGP peers load
   * the same way, a few gateways at a time. onDidChange fires when newer data is in.
   */
  inventory(_signal?: AbortSignal): Promise<SourceInventory | undefined> {
    const source = this.source;
    const cache = this.inventoryCache;
    if (!source || !cache) return Promise.resolve(undefined);
    const settings = this.safeSettings();
    const filter = settings?.subscriptions.length ? `${settings.subscriptions.length} subscription(s)` : 'all subscriptions';
    const { current, fetching } = cache.read();
    const now = Date.now();
    const parts = [this.accountLabel ?? '', filter];
    if (!current) parts.push('loading…');
    else if (now - current.at >= AGE_LABEL_AFTER_MS) parts.push(`${current.error !== undefined ? 'failed' : 'updated'} ${formatAge(now - current.at)}${fetching ? ', refreshing…' : ''}`);
    else if (fetching) parts.push('refreshing…');
    const base = { sourceId: AZURE_SOURCE_ID, label: source.label, status: current ? ('connected' as const) : ('starting' as const), detail: parts.filter((p) => p !== '').join(' · ') };
    if (!current) return Promise.resolve({ ...base, gateways: [], connections: [] });
    if (current.error !== undefined || !current.value) {
      return Promise.resolve({ ...base, gateways: [], connections: [], error: `Loading Azure gateways failed: ${current.error ?? 'no data'}` });
    }
    const { gateways, connections, network, networkError } = current.value;
    const speaksBgp = (g: VirtualNetworkGateway): boolean => g.enableBgp || g.gatewayType === 'ExpressRoute';
    const entries = gateways.map((gateway): GatewayEntry => {
      const cached = this.peerCache.get(gateway.id);
      if (cached?.error !== undefined) return { gateway, peersError: cached.error };
      return cached?.peers ? { gateway, peers: cached.peers } : { gateway };
    });
    entries.sort((a, b) => a.gateway.name.localeCompare(b.gateway.name));
    const stale = gateways.filter((g) => speaksBgp(g) && now - (this.peerCache.get(g.id)?.at ?? 0) > PEERS_MAX_AGE_MS);
    if (stale.length > 0 && !this.peerFetch) {
      const fetch = this.fetchPeers(source, stale);
      this.peerFetch = fetch;
      // BGP peers show in the Gateways view only.
      void vscode.window.withProgress({ location: { viewId: 'gatewayLens.gateways' } }, () => fetch);
      void fetch.finally(() => {
        if (this.peerFetch === fetch) this.peerFetch = undefined;
      });
    }
    return Promise.resolve({ ...base, gateways: entries, connections: [...connections].sort((a, b) => a.name.localeCompare(b.name)), ...(network ? { network } : {}), ...(networkError !== undefined ? { networkError } : {}) });
  }

  /** The user's Refresh: the next inventory read asks Azure again, BGP peers included. */
  refresh(): void {
    this.inventoryCache?.invalidate();
    for (const entry of this.peerCache.values()) entry.at = 0;
  }

  /** Test hook (AzureSessionTestHooks.whenLoaded). */
  private async whenLoaded(): Promise<void> {
    await this.inventoryCache?.settled();
    // A read starts the BGP peer fetch for the inventory just in (the trees' read would too).
    await this.inventory();
    await this.peerFetch;
  }

  private wrapped: ProgressDataSource | undefined;
  /** useArmEndpoint's subscriptions, kept when other settings change. */
  private subscriptionOverride: string[] | undefined;
  private ageTick: ReturnType<typeof setInterval> | undefined;
  private inventoryCache: StaleWhileRefresh<AzureInventoryValue> | undefined;
  private peerCache = new Map<string, CachedPeers>();
  private peerFetch: Promise<void> | undefined;
  private peerAbort = new AbortController();

  private async fetchPeers(source: ArmGatewayDataSource, gateways: VirtualNetworkGateway[]): Promise<void> {
    const signal = this.peerAbort.signal;
    await mapWithConcurrency(gateways, PEER_FETCH_CONCURRENCY, async (g) => {
      if (signal.aborted || this.source !== source) return;
      try {
        this.peerCache.set(g.id, { at: Date.now(), peers: await source.getBgpPeerStatus(g.id, signal) });
      } catch (err) {
        if (!signal.aborted) this.peerCache.set(g.id, { at: Date.now(), error: err instanceof Error ? err.message : String(err) });
      }
    });
    if (!signal.aborted && this.source === source) this.changed.fire();
  }

  /** A new source (sign-in, sign-out, settings): forget peers of the old one, stop its fetch. */
  private resetPeers(): void {
    this.inventoryCache?.dispose();
    this.inventoryCache = undefined;
    if (this.ageTick) clearInterval(this.ageTick);
    this.ageTick = undefined;
    this.peerAbort.abort();
    this.peerAbort = new AbortController();
    this.peerCache = new Map();
    this.peerFetch = undefined;
  }

  dispose(): void {
    this.resetPeers();
    for (const d of this.subscriptions) d.dispose();
  }

  private safeSettings(): AzureSettings | undefined {
    try {
      return readAzureSettings();
    } catch {
      return undefined;
    }
  }

  private credential: { value: TokenCredential; endpoint: string; checkToken: boolean } | undefined;
  /** Set by an interactive sign-in only (not by the test-only ARM endpoint). */
  private signedInAs: SignInIdentity | undefined;

  private async createCredential(settings: AzureSettings, interactive: boolean): Promise<TokenCredential> {
    if (settings.credential === 'vscode') {
      const { VscodeAuthCredential } = await import('./vscodeAuthCredential');
      const credential = new VscodeAuthCredential(settings.cloud, settings.tenantId);
      if (interactive) {
        try {
          this.accountLabel = await credential.signIn();
        } catch (err) {
          throw toAzureError(err, `Sign-in to ${settings.cloud.name} with VS Code's Microsoft account`);
        }
      }
      return credential;
    }
    const { createIdentityCredential } = await import('./credentialFactory');
    this.accountLabel = `${settings.credential} credential`;
    return createIdentityCredential(settings.credential, settings.cloud, settings.tenantId);
  }

  /** `carryOver`: same account and endpoint (a settings change): the trees keep the last inventory until the new one is in. */
  private async use(credential: TokenCredential, settings: AzureSettings, endpoint: string, label: string, checkToken = true, carryOver = false): Promise<void> {
    if (checkToken) {
      // Ask for a token now, so a broken sign-in fails here with its reason, not later in the tree.
      try {
        await credential.getToken(settings.cloud.scope);
      } catch (err) {
        throw toAzureError(err, `Sign-in to ${settings.cloud.name} with the ${settings.credential} credential`);
      }
    }
    const { ArmGatewayDataSource } = await import(/* webpackChunkName: "azure" */ './armGatewayDataSource');
    const scopes = endpoint === settings.cloud.resourceManager ? [settings.cloud.scope] : undefined;
    const previous = carryOver ? this.inventoryCache?.peek() : undefined;
    this.resetPeers();
    const source = new ArmGatewayDataSource({
      id: AZURE_SOURCE_ID,
      label,
      endpoint,
      credential,
      ...(scopes ? { scopes } : {}),
      subscriptions: settings.subscriptions,
      inventory: settings.inventory,
      timeoutMs: 120_000,
      pollIntervalMs: endpoint.startsWith('http://') ? 50 : 2000,
    });
    this.source = source;
    this.wrapped = new ProgressDataSource(source, notificationProgress);
    this.inventoryCache = new StaleWhileRefresh<AzureInventoryValue>({
      fetch: async (signal) => {
        source.invalidate(); // a Refresh right after a fetch must not get the client's 2 s cache
        // VNets and NICs in the same refresh; their failure shows on the "Virtual networks" group only.
        const readTopology = async (s?: AbortSignal): Promise<NetworkTopology | undefined> => (await import(/* webpackChunkName: "topology" */ './topologyReader')).readTopology(source, s);
        const [gateways, connections, topology] = await Promise.all([source.listGateways(signal), source.listConnections(signal), settleTopology(readTopology, signal)]);
        return { gateways, connections, ...topology };
      },
      maxAgeMs: INVENTORY_MAX_AGE_MS,
      ...(previous ? { initial: previous } : {}),
      errorRetryMs: INVENTORY_ERROR_RETRY_MS,
      onDidFetch: () => {
        if (this.source === source) this.changed.fire();
      },
      track: (fetching) => {
        for (const viewId of TREE_VIEW_IDS) void vscode.window.withProgress({ location: { viewId } }, () => fetching);
      },
      describeError: (err) => {
        const message = err instanceof Error ? err.message : String(err);
        this.log.warn(`azure: inventory failed: ${message}`);
        return message;
      },
    });
    this.ageTick = setInterval(() => {
      if (this.source === source) this.changed.fire();
    }, AGE_TICK_MS);
    this.credential = { value: credential, endpoint, checkToken };
    this.log.info(`azure: using ${endpoint} (${settings.cloud.name}, ${this.accountLabel ?? settings.credential})`);
    this.changed.fire();
  }

  /** Settings changed while signed in: same credential, new filter/inventory path. */
  private async rebuild(): Promise<void> {
    const current = this.credential;
    if (!current) return;
    try {
      const settings = readAzureSettings();
      const subscriptions = this.subscriptionOverride;
      await this.use(current.value, subscriptions ? { ...settings, subscriptions } : settings, current.endpoint, this.source?.label ?? 'Azure', false, true);
    } catch (err) {
      this.log.warn(`azure: settings not applied: ${err instanceof Error ? err.message : String(err)}`);
      void vscode.window.showWarningMessage(`Gateway Lens: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
