// Loads and caches the rows of one gateway's BGP tables for the panel, from the data source
// (peers, learned, advertised) and, for lab gateways, the lab's VNet effective routes.
// Each loaded table gets a version number so the webview's row indices can be checked later.
import type { GatewayDataSource } from '../../azure/gatewayDataSource';
import type { LabController } from '../../engine/labApi';
import type { VirtualNetworkGateway } from '../../model/arm';
import { sameId, vnetIdOfGateway } from '../../model/armShapes';
import { effectiveRouteRows, type BgpTab, type TableRow } from '../protocol/bgpTableColumns';
import { encodeRows, toWire, type BgpTableContext, type TableData, type WireTableData } from '../protocol/bgpTableProtocol';
import { SourceId } from '../../model/sourceId';

interface Cached {
  data: TableData;
  /** Serialized rows: tells a real change from a lab tick that changed nothing here, and is what the webview receives. */
  fingerprint: string;
  wire: WireTableData;
  /** The lab and its dataVersion the rows were read at (lab routes only): see load. */
  labMoment?: { lab: LabController; dataVersion: string };
}

let nextVersion = 1;

export class BgpTableData {
  private readonly cache = new Map<string, Cached>();
  private gateway: VirtualNetworkGateway | undefined;

  constructor(
    readonly source: GatewayDataSource,
    readonly gatewayId: string,
    private readonly lab: () => LabController | undefined,
  ) {}

  get isLab(): boolean {
    return this.source.id === SourceId.lab;
  }

  async context(signal?: AbortSignal): Promise<BgpTableContext> {
    const gateways = await this.source.listGateways(signal);
    const gateway = gateways.find((g) => sameId(g.id, this.gatewayId));
    if (!gateway) throw new Error(`gateway ${this.gatewayId} was not found in ${this.source.label}`);
    this.gateway = gateway;
    let peers: string[] = [];
    if (gateway.enableBgp || gateway.gatewayType === 'ExpressRoute') {
      peers = (await this.source.getBgpPeerStatus(gateway.id, signal)).map((p) => p.neighbor);
    }
    return {
      sourceId: this.source.id,
      sourceLabel: this.source.label,
      gatewayId: gateway.id,
      gatewayName: gateway.name,
      isLab: this.isLab,
      peers: [...new Set(peers)],
    };
  }

  /** The cached table if loaded, without reading again. */
  cached(tab: BgpTab, peer: string): TableData | undefined {
    return this.cache.get(key(tab, peer))?.data;
  }

  /**
   * Reads the table. Returns the cached TableData (same version) when the rows did not change,
   * so callers can tell whether to push an update.
   */
  async load(tab: BgpTab, peer: string, signal?: AbortSignal): Promise<{ data: TableData; wire: WireTableData; changed: boolean }> {
    const k = key(tab, peer);
    const old = this.cache.get(k);
    // A lab's routes move only with its data version (routes carry no clock): a clock tick
    // re-reads peers (their counters grow) but not 100,000 learned routes.
    const lab = this.isLab && tab !== 'peers' ? this.lab() : undefined;
    const labMoment = lab ? { lab, dataVersion: lab.dataVersion } : undefined;
    if (old?.labMoment && labMoment && old.labMoment.lab === labMoment.lab && old.labMoment.dataVersion === labMoment.dataVersion) {
      return { data: old.data, wire: old.wire, changed: false };
    }
    const rows = await this.read(tab, peer, signal);
    const fingerprint = encodeRows(tab, rows);
    if (old && old.fingerprint === fingerprint) {
      old.labMoment = labMoment;
      return { data: old.data, wire: old.wire, changed: false };
    }
    const data: TableData = { tab, peer, version: nextVersion++, rows, loadedAt: new Date().toISOString() };
    const wire = toWire(data, fingerprint);
    this.cache.set(k, { data, fingerprint, wire, labMoment });
    return { data, wire, changed: true };
  }

  private async read(tab: BgpTab, peer: string, signal?: AbortSignal): Promise<TableRow[]> {
    switch (tab) {
      case 'peers':
        return this.source.getBgpPeerStatus(this.gatewayId, signal);
      case 'learned':
        return this.source.getLearnedRoutes(this.gatewayId, signal);
      case 'advertised':
        if (peer === '') throw new Error('choose a peer to see the routes advertised to it');
        return this.source.getAdvertisedRoutes(this.gatewayId, peer, signal);
      case 'effective':
        return this.effectiveRoutes();
    }
  }

  private effectiveRoutes(): TableRow[] {
    if (!this.isLab) throw new Error('VNet effective routes are shown for lab gateways only');
    const lab = this.lab();
    if (!lab) throw new Error('the lab is not running');
    const snapshot = lab.snapshot();
    const vnetId = vnetIdOfGateway(this.gateway ?? snapshot.gateways.find((g) => sameId(g.gateway.id, this.gatewayId))?.gateway);
    if (!vnetId) throw new Error(`could not tell which virtual network gateway ${this.gatewayId} is in`);
    const entry = Object.entries(snapshot.effectiveRoutes ?? {}).find(([id]) => sameId(id, vnetId));
    return entry ? effectiveRouteRows(entry[1]) : [];
  }
}

function key(tab: BgpTab, peer: string): string {
  return tab === 'advertised' ? `${tab}\u0000${peer}` : tab;
}
