// ARM wire format of the lab's resources: the flattened models of ../model/arm.ts wrapped the
// way Azure Resource Manager sends them (`properties` envelope, ARM resource type strings), so
// @azure/arm-network and Resource Graph clients read lab data exactly as they read Azure's.
import type {
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
  VirtualNetworkGatewayIPConfiguration,
} from '../../model/arm';
import { parseResourceId } from '../../model/resourceIds';

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
function compact(fields: Record<string, JsonValue | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Deep copy through JSON: the snapshot objects are plain data, and the wire must not alias them. */
function toJson(value: object): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

function wireIpConfiguration(ip: VirtualNetworkGatewayIPConfiguration): WireIpConfiguration {
  return {
    id: ip.id,
    name: ip.name,
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
    properties: compact({
      gatewayType: gw.gatewayType,
      vpnType: gw.vpnType,
      sku: { name: gw.sku.name, tier: gw.sku.tier },
      activeActive: gw.activeActive,
      enableBgp: gw.enableBgp,
      bgpSettings: gw.bgpSettings ? toJson(gw.bgpSettings) : undefined,
      ipConfigurations: gw.ipConfigurations.map(wireIpConfiguration),
      provisioningState: gw.provisioningState,
    }),
  };
}

export function wireConnection(c: VirtualNetworkGatewayConnection): WireResource {
  return {
    id: c.id,
    name: c.name,
    type: CONNECTION_RESOURCE_TYPE,
    location: c.location,
    properties: compact({
      connectionType: c.connectionType,
      connectionStatus: c.connectionStatus,
      tunnelConnectionStatus: c.tunnelConnectionStatus ? toJson(c.tunnelConnectionStatus) : undefined,
      ingressBytesTransferred: c.ingressBytesTransferred,
      egressBytesTransferred: c.egressBytesTransferred,
      enableBgp: c.enableBgp,
      virtualNetworkGateway1: { id: c.virtualNetworkGateway1.id },
      localNetworkGateway2: c.localNetworkGateway2 ? { id: c.localNetworkGateway2.id } : undefined,
      peer: c.peer ? { id: c.peer.id } : undefined,
      routingWeight: c.routingWeight,
      connectionProtocol: c.connectionProtocol,
      ipsecPolicies: c.ipsecPolicies ? toJson(c.ipsecPolicies) : undefined,
      usePolicyBasedTrafficSelectors: c.usePolicyBasedTrafficSelectors,
      trafficSelectorPolicies: c.trafficSelectorPolicies ? toJson(c.trafficSelectorPolicies) : undefined,
      connectionMode: c.connectionMode,
      dpdTimeoutSeconds: c.dpdTimeoutSeconds,
      provisioningState: c.provisioningState,
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
