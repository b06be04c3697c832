// ARM wire format of the lab's resources: the flattened models of ../model/arm.ts wrapped the
// way Azure Resource Manager sends them (`properties` envelope, ARM resource type strings), so
// @azure/arm-network and Resource Graph clients read lab data exactly as they read Azure's.
import type {
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
  VirtualNetworkGatewayIPConfiguration,
} from '../../model/arm';
import { parseResourceId } from '../../model/resourceIds';
import { createHash } from 'node:crypto';

export const GATEWAY_RESOURCE_TYPE = 'Microsoft.Network/virtualNetworkGateways';
export const CONNECTION_RESOURCE_TYPE = 'Microsoft.Network/connections';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface WireIpConfiguration extends JsonObject {
  id: string;
  name: string;
  properties: JsonObject;
}

export interface WireResource extends JsonObject {
  id: string;
  name: string;
  type: string;
  location: string;
  properties: JsonObject;
}

/** Drops undefined members so the JSON we send never carries `"x": undefined` surprises. */
export function compact(fields: Record<string, JsonValue | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Deep copy through JSON: the snapshot objects are plain data, and the wire must not alias them. */
export function toJson(value: object): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** A stable GUID per resource id (ARM's resourceGuid): the lab's resources are never re-created. */
export function stableGuid(id: string, salt = 'resourceGuid'): string {
  const h = createHash('sha1').update(`${salt}:${id.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** ARM's weak etag, as on every resource and sub-resource (W/"guid"). */
export function etagOf(id: string): string {
  return `W/"${stableGuid(id, 'etag')}"`;
}

function wireIpConfiguration(ip: VirtualNetworkGatewayIPConfiguration): WireIpConfiguration {
  return {
    id: ip.id,
    name: ip.name,
    etag: etagOf(ip.id),
    properties: compact({
      privateIPAllocationMethod: 'Dynamic',
      privateIPAddress: ip.privateIPAddress,
      publicIPAddress: ip.publicIPAddress ? { id: ip.publicIPAddress.id } : undefined,
      subnet: { id: ip.subnet.id },
      provisioningState: 'Succeeded',
    }),
  };
}

export function wireGateway(gw: VirtualNetworkGateway): WireResource {
  return {
    id: gw.id,
    name: gw.name,
    type: GATEWAY_RESOURCE_TYPE,
    location: gw.location,
    etag: etagOf(gw.id),
    properties: compact({
      resourceGuid: stableGuid(gw.id),
      gatewayType: gw.gatewayType,
      vpnType: gw.vpnType,
      sku: compact({ name: gw.sku.name, tier: gw.sku.tier, capacity: gw.sku.capacity }),
      activeActive: gw.activeActive,
      enableBgp: gw.enableBgp,
      bgpSettings: gw.bgpSettings ? toJson(gw.bgpSettings) : undefined,
      ipConfigurations: gw.ipConfigurations.map(wireIpConfiguration),
      provisioningState: gw.provisioningState,
    }),
  };
}

/** Looks up what a connection's ends are, so they travel with their properties as ARM sends them. */
export interface ConnectionEnds {
  gateway(id: string): VirtualNetworkGateway | undefined;
  localNetworkGateway(id: string): JsonObject | undefined;
}

export function wireConnection(c: VirtualNetworkGatewayConnection, ends?: ConnectionEnds): WireResource {
  const gw = ends?.gateway(c.virtualNetworkGateway1.id);
  const lng = c.localNetworkGateway2 ? ends?.localNetworkGateway(c.localNetworkGateway2.id) : undefined;
  return {
    id: c.id,
    name: c.name,
    type: CONNECTION_RESOURCE_TYPE,
    location: c.location,
    etag: etagOf(c.id),
    properties: compact({
      resourceGuid: stableGuid(c.id),
      connectionType: c.connectionType,
      connectionStatus: c.connectionStatus,
      tunnelConnectionStatus: c.tunnelConnectionStatus ? toJson(c.tunnelConnectionStatus) : undefined,
      ingressBytesTransferred: c.ingressBytesTransferred,
      egressBytesTransferred: c.egressBytesTransferred,
      enableBgp: c.enableBgp,
      // ARM embeds both ends with their properties (the official examples do), not bare ids.
      virtualNetworkGateway1: gw ? wireGateway(gw) : { id: c.virtualNetworkGateway1.id },
      localNetworkGateway2: lng ?? (c.localNetworkGateway2 ? { id: c.localNetworkGateway2.id } : undefined),
      peer: c.peer ? { id: c.peer.id } : undefined,
      routingWeight: c.routingWeight,
      connectionProtocol: c.connectionProtocol,
      ipsecPolicies: c.ipsecPolicies ? toJson(c.ipsecPolicies) : undefined,
      usePolicyBasedTrafficSelectors: c.usePolicyBasedTrafficSelectors,
      trafficSelectorPolicies: c.trafficSelectorPolicies ? toJson(c.trafficSelectorPolicies) : undefined,
      connectionMode: c.connectionMode,
      dpdTimeoutSeconds: c.dpdTimeoutSeconds,
      provisioningState: c.provisioningState,
      // Never the shared key: ARM itself returns it only through getSharedKey.
    }),
  };
}

/** Resource Graph's `resources` table row for a network resource (lower-case type, as ARG sends). */
export function resourceGraphRow(resource: WireResource): JsonObject {
  const parsed = parseResourceId(resource.id);
  return {
    id: resource.id,
    name: resource.name,
    type: resource.type.toLowerCase(),
    location: resource.location,
    resourceGroup: (parsed?.resourceGroup ?? '').toLowerCase(),
    subscriptionId: parsed?.subscriptionId ?? '',
    tags: {},
    properties: resource.properties,
  };
}

export function armErrorBody(code: string, message: string): JsonObject {
  return { error: { code, message } };
}
