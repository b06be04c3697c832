// A BGP-table host for browser tests and the benchmark: the real protocol guard and the real
// BgpTableData over an in-memory GatewayDataSource holding generated routes.
import type { GatewayDataSource } from '../../src/azure/gatewayDataSource';
import type { BgpPeerStatus, GatewayRoute, VirtualNetworkGateway } from '../../src/model/arm';
import { BgpTableData } from '../../src/webviews/bgpTable/bgpTableData';
import { parseBgpTableMessage, type BgpTableToHost, type HostToBgpTable } from '../../src/webviews/protocol/bgpTableProtocol';
import type { HostSide } from './browserHarness';

export const GATEWAY_ID = '/subscriptions/00000000-0000-4000-8000-00000000001a/resourceGroups/gateway-lab/providers/Microsoft.Network/virtualNetworkGateways/vpngw';

/** `count` distinct routes 10.x.y.0/24, 11.x.y.0/24, … plus one whose fields hold markup. */
export function generateRoutes(count: number): GatewayRoute[] {
  const routes: GatewayRoute[] = [];
  for (let i = 0; i < count - 1; i++) {
    routes.push({
      localAddress: '10.0.255.4',
      network: `${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24`,
      nextHop: i % 2 ? '192.168.1.1' : '192.168.2.1',
      sourcePeer: i % 2 ? '192.168.1.1' : '192.168.2.1',
      origin: 'EBgp',
      asPath: `65001 ${65100 + (i % 50)}`,
      weight: i % 7,
    });
  }
  routes.push({
    localAddress: '10.0.255.4',
    network: '<img src=x onerror="document.title=1">',
    nextHop: '<b>bold</b>',
    sourcePeer: '192.168.1.1',
    origin: 'EBgp',
    asPath: '<script>alert(1)</script>',
    weight: 0,
  });
  return routes;
}

export function memorySource(gatewayName: string, learned: GatewayRoute[]): GatewayDataSource {
  const gateway: VirtualNetworkGateway = {
    id: GATEWAY_ID,
    name: gatewayName,
    location: 'westeurope',
    gatewayType: 'Vpn',
    vpnType: 'RouteBased',
    sku: { name: 'VpnGw1', tier: 'VpnGw1' },
    activeActive: false,
    enableBgp: true,
    ipConfigurations: [],
    provisioningState: 'Succeeded',
  };
  const peers: BgpPeerStatus[] = ['192.168.1.1', '192.168.2.1'].map((neighbor, i) => ({
    localAddress: '10.0.255.4', neighbor, asn: 65001 + i, state: i ? 'Connecting' : 'Connected',
    connectedDuration: i ? '' : '0.01:02:03.000', routesReceived: i ? 0 : learned.length, messagesSent: 10, messagesReceived: 12,
  }));
  return {
    id: 'memory',
    label: 'Test data',
    listGateways: async () => [gateway],
    listConnections: async () => [],
    getBgpPeerStatus: async () => peers,
    getLearnedRoutes: async () => learned,
    getAdvertisedRoutes: async (_id, peer) => learned.slice(0, 10).map((r) => ({ ...r, nextHop: peer })),
  };
}

/** Answers the webview as BgpTablePanel does, recording what arrived. */
export class TableHost implements HostSide {
  readonly received: BgpTableToHost[] = [];
  readonly rejected: string[] = [];
  readonly data: BgpTableData;

  constructor(source: GatewayDataSource) {
    this.data = new BgpTableData(source, GATEWAY_ID, () => undefined);
  }

  async onMessage(raw: unknown, send: (m: HostToBgpTable) => Promise<void>): Promise<void> {
    const parsed = parseBgpTableMessage(raw);
    if (!parsed.ok) {
      this.rejected.push(parsed.error);
      return;
    }
    const m = parsed.value;
    this.received.push(m);
    if (m.type === 'ready') {
      await send({ type: 'context', context: await this.data.context() });
      return;
    }
    if (m.type === 'revealed') return;
    const r = m.request;
    if (r.method === 'load') {
      const { wire } = await this.data.load(r.tab, r.peer);
      await send({ type: 'reply', id: m.id, ok: true, result: { method: 'load', data: wire } });
    } else if (r.method === 'export') {
      await send({ type: 'reply', id: m.id, ok: true, result: { method: 'export', saved: true, path: '/tmp/x', rows: r.order.length } });
    } else {
      await send({ type: 'reply', id: m.id, ok: true, result: { method: 'copyRow', copied: true } });
    }
  }
}
