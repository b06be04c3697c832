// Maps ARM data to the views' model (src/model/arm.ts). Two inputs: the SDK's flattened
// models, and raw wire resources (Resource Graph rows, `properties` envelope), which are first
// flattened the way the SDK would. Azure omits fields freely, so every field has a default.
// Enum values are matched case-insensitively to their canonical spelling; a value the model does
// not know is kept verbatim where the model allows it (route origin `Incomplete`, azure-cli#8543:
// show what Azure says), and falls back to a safe one only where a view branches on it.
import type {
  BgpPeerState,
  BgpPeerStatus,
  BgpSettings,
  ConnectionStatus,
  ConnectionType,
  GatewayRoute,
  ProvisioningState,
  RouteOrigin,
  TunnelConnectionHealth,
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
} from '../model/arm';

type Loose = Record<string, unknown>;

export function obj(v: unknown): Loose {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : {};
}
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
export function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}
export function num(v: unknown, fallback = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
export function bool(v: unknown): boolean {
  return v === true;
}
function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  if (typeof v !== 'string') return fallback;
  return allowed.find((a) => a.toLowerCase() === v.toLowerCase()) ?? fallback;
}
/** Known values in their canonical spelling; anything else verbatim (what Azure said). */
export function passThrough(v: unknown, known: readonly string[], fallback: string): string {
  if (typeof v !== 'string' || v === '') return fallback;
  return known.find((a) => a.toLowerCase() === v.toLowerCase()) ?? v;
}
function subResource(v: unknown): { id: string } | undefined {
  const id = obj(v).id;
  return typeof id === 'string' ? { id } : undefined;
}

const PROVISIONING: readonly ProvisioningState[] = ['Succeeded', 'Updating', 'Deleting', 'Failed'];
const CONNECTION_STATUS: readonly ConnectionStatus[] = ['Connected', 'Connecting', 'NotConnected', 'Unknown'];
const CONNECTION_TYPE: readonly ConnectionType[] = ['IPsec', 'Vnet2Vnet', 'ExpressRoute'];
const PEER_STATE: readonly BgpPeerState[] = ['Unknown', 'Stopped', 'Idle', 'Connecting', 'Connected'];
const ORIGIN: readonly RouteOrigin[] = ['Network', 'EBgp', 'IBgp'];

/** Flattens a wire resource (`{id, name, properties: {...}}`) the way the SDK deserializes it. */
export function flattenWireResource(wire: unknown): Loose {
  const w = obj(wire);
  const { properties, ...rest } = w;
  return { ...obj(properties), ...rest };
}

export function bgpSettings(v: unknown): BgpSettings | undefined {
  const b = obj(v);
  if (Object.keys(b).length === 0) return undefined;
  const settings: BgpSettings = { asn: num(b.asn), bgpPeeringAddress: str(b.bgpPeeringAddress) };
  if (typeof b.peerWeight === 'number') settings.peerWeight = b.peerWeight;
  if (Array.isArray(b.bgpPeeringAddresses)) {
    settings.bgpPeeringAddresses = b.bgpPeeringAddresses.map((a) => {
      const x = obj(a);
      return {
        ipconfigurationId: str(x.ipconfigurationId),
        defaultBgpIpAddresses: arr(x.defaultBgpIpAddresses).map((s) => str(s)),
        customBgpIpAddresses: arr(x.customBgpIpAddresses).map((s) => str(s)),
        tunnelIpAddresses: arr(x.tunnelIpAddresses).map((s) => str(s)),
      };
    });
  }
  return settings;
}

/** From the SDK's VirtualNetworkGateway (or a flattened wire resource). */
export function toGateway(v: unknown): VirtualNetworkGateway {
  const g = obj(v);
  const sku = obj(g.sku);
  const gateway: VirtualNetworkGateway = {
    id: str(g.id),
    name: str(g.name),
    location: str(g.location),
    gatewayType: oneOf(g.gatewayType, ['Vpn', 'ExpressRoute'] as const, 'Vpn'),
    sku: typeof sku.capacity === 'number' ? { name: str(sku.name), tier: str(sku.tier), capacity: sku.capacity } : { name: str(sku.name), tier: str(sku.tier) },
    activeActive: bool(g.activeActive),
    enableBgp: bool(g.enableBgp),
    ipConfigurations: arr(g.ipConfigurations).map((raw) => {
      // Wire ip configurations keep their own `properties` envelope; the SDK's are flat.
      const ip = obj(raw).properties !== undefined ? flattenWireResource(raw) : obj(raw);
      const cfg: VirtualNetworkGateway['ipConfigurations'][number] = {
        id: str(ip.id),
        name: str(ip.name),
        subnet: subResource(ip.subnet) ?? { id: '' },
      };
      if (typeof ip.privateIPAddress === 'string') cfg.privateIPAddress = ip.privateIPAddress;
      const pip = subResource(ip.publicIPAddress);
      if (pip) cfg.publicIPAddress = pip;
      return cfg;
    }),
    provisioningState: oneOf(g.provisioningState, PROVISIONING, 'Updating'),
  };
  if (typeof g.vpnType === 'string') gateway.vpnType = oneOf(g.vpnType, ['RouteBased', 'PolicyBased'] as const, 'RouteBased');
  const bgp = bgpSettings(g.bgpSettings);
  if (bgp) gateway.bgpSettings = bgp;
  return gateway;
}

function tunnel(v: unknown): TunnelConnectionHealth {
  const t = obj(v);
  return {
    tunnel: str(t.tunnel),
    connectionStatus: oneOf(t.connectionStatus, CONNECTION_STATUS, 'Unknown'),
    ingressBytesTransferred: num(t.ingressBytesTransferred),
    egressBytesTransferred: num(t.egressBytesTransferred),
    lastConnectionEstablishedUtcTime: str(t.lastConnectionEstablishedUtcTime),
  };
}

/** From the SDK's VirtualNetworkGatewayConnection / ...ListEntity (or a flattened wire resource). */
export function toConnection(v: unknown): VirtualNetworkGatewayConnection {
  const c = obj(v);
  const conn: VirtualNetworkGatewayConnection = {
    id: str(c.id),
    name: str(c.name),
    location: str(c.location),
    connectionType: oneOf(c.connectionType, CONNECTION_TYPE, 'IPsec'),
    connectionStatus: oneOf(c.connectionStatus, CONNECTION_STATUS, 'Unknown'),
    ingressBytesTransferred: num(c.ingressBytesTransferred),
    egressBytesTransferred: num(c.egressBytesTransferred),
    enableBgp: bool(c.enableBgp),
    virtualNetworkGateway1: subResource(c.virtualNetworkGateway1) ?? { id: '' },
    provisioningState: oneOf(c.provisioningState, PROVISIONING, 'Updating'),
  };
  if (Array.isArray(c.tunnelConnectionStatus)) conn.tunnelConnectionStatus = c.tunnelConnectionStatus.map(tunnel);
  const lng = subResource(c.localNetworkGateway2);
  if (lng) conn.localNetworkGateway2 = lng;
  const peer = subResource(c.peer);
  if (peer) conn.peer = peer;
  if (typeof c.routingWeight === 'number') conn.routingWeight = c.routingWeight;
  if (Array.isArray(c.ipsecPolicies)) {
    conn.ipsecPolicies = c.ipsecPolicies.map((raw) => {
      const p = obj(raw);
      return {
        saLifeTimeSeconds: num(p.saLifeTimeSeconds),
        saDataSizeKilobytes: num(p.saDataSizeKilobytes),
        ipsecEncryption: str(p.ipsecEncryption),
        ipsecIntegrity: str(p.ipsecIntegrity),
        ikeEncryption: str(p.ikeEncryption),
        ikeIntegrity: str(p.ikeIntegrity),
        dhGroup: str(p.dhGroup),
        pfsGroup: str(p.pfsGroup),
      };
    });
  }
  if (Array.isArray(c.trafficSelectorPolicies)) {
    conn.trafficSelectorPolicies = c.trafficSelectorPolicies.map((raw) => {
      const t = obj(raw);
      return { localAddressRanges: arr(t.localAddressRanges).map((x) => str(x)), remoteAddressRanges: arr(t.remoteAddressRanges).map((x) => str(x)) };
    });
  }
  if (typeof c.usePolicyBasedTrafficSelectors === 'boolean') conn.usePolicyBasedTrafficSelectors = c.usePolicyBasedTrafficSelectors;
  if (typeof c.connectionProtocol === 'string') conn.connectionProtocol = c.connectionProtocol;
  if (c.connectionMode === 'Default' || c.connectionMode === 'InitiatorOnly' || c.connectionMode === 'ResponderOnly') conn.connectionMode = c.connectionMode;
  if (typeof c.dpdTimeoutSeconds === 'number') conn.dpdTimeoutSeconds = c.dpdTimeoutSeconds;
  return conn;
}

export function toBgpPeer(v: unknown): BgpPeerStatus {
  const p = obj(v);
  return {
    localAddress: str(p.localAddress),
    neighbor: str(p.neighbor),
    asn: num(p.asn),
    state: oneOf(p.state, PEER_STATE, 'Unknown'),
    connectedDuration: str(p.connectedDuration),
    routesReceived: num(p.routesReceived),
    messagesSent: num(p.messagesSent),
    messagesReceived: num(p.messagesReceived),
  };
}

export function toGatewayRoute(v: unknown): GatewayRoute {
  const r = obj(v);
  return {
    localAddress: str(r.localAddress),
    network: str(r.network),
    nextHop: str(r.nextHop),
    sourcePeer: str(r.sourcePeer),
    origin: passThrough(r.origin, ORIGIN, 'Network'),
    asPath: str(r.asPath),
    weight: num(r.weight),
  };
}
