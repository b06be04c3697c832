// ARM wire format of the resources a route path crosses (VNets and subnets, route tables, NICs,
// VMs, local network gateways, ExpressRoute circuits and peerings, Network Watcher): the flat
// models of src/model wrapped in ARM's `properties` envelope with etag and resourceGuid, as in
// Microsoft.Network's REST specification and its examples.
import type { LocalNetworkGateway, RouteTableRoute, Subnet, VirtualNetwork, VirtualNetworkGateway } from '../../model/arm';
import type { CircuitSnapshot, ExpressRouteCircuitPeering, NetworkInterface, RouteTable } from '../../model/armNetwork';
import type { NetworkSnapshot } from '../../model/snapshot';
import { compact, etagOf, stableGuid, toJson, type ConnectionEnds, type JsonObject, type WireResource } from './armWire';

function resource(id: string, name: string, type: string, location: string, properties: JsonObject, extra: JsonObject = {}): WireResource {
  return { id, name, type, location, etag: etagOf(id), ...extra, properties: { provisioningState: 'Succeeded', resourceGuid: stableGuid(id), ...properties } };
}

function child(id: string, name: string, type: string, properties: JsonObject): JsonObject {
  return { id, name, type, etag: etagOf(id), properties: { provisioningState: 'Succeeded', ...properties } };
}

function wireRoute(tableId: string, r: RouteTableRoute): JsonObject {
  return child(`${tableId}/routes/${r.name}`, r.name, 'Microsoft.Network/routeTables/routes', compact({ addressPrefix: r.addressPrefix, nextHopType: r.nextHopType, nextHopIpAddress: r.nextHopIpAddress, hasBgpOverride: false }));
}

/** NIC ip configuration ids in a subnet (ARM lists them on the subnet). */
function ipConfigurationsIn(snap: NetworkSnapshot, subnetId: string): JsonObject[] {
  return (snap.networkInterfaces ?? []).flatMap((n) => n.nic.ipConfigurations.filter((c) => c.subnet.id.toLowerCase() === subnetId.toLowerCase()).map((c) => ({ id: c.id })));
}

export function wireSubnet(snap: NetworkSnapshot, s: Subnet): JsonObject {
  return child(s.id, s.name, 'Microsoft.Network/virtualNetworks/subnets', compact({
    addressPrefix: s.addressPrefix,
    routeTable: s.routeTable ? { id: s.routeTable.id } : undefined,
    ipConfigurations: ipConfigurationsIn(snap, s.id),
    privateEndpointNetworkPolicies: 'Disabled',
    privateLinkServiceNetworkPolicies: 'Enabled',
  }));
}

export function wireVirtualNetwork(snap: NetworkSnapshot, v: VirtualNetwork): WireResource {
  return resource(v.id, v.name, 'Microsoft.Network/virtualNetworks', v.location, {
    addressSpace: { addressPrefixes: [...v.addressSpace.addressPrefixes] },
    subnets: v.subnets.map((s) => wireSubnet(snap, s)),
    virtualNetworkPeerings: (v.virtualNetworkPeerings ?? []).map((p) =>
      child(p.id, p.name, 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings', compact({
        remoteVirtualNetwork: { id: p.remoteVirtualNetwork.id },
        remoteAddressSpace: p.remoteAddressSpace ? { addressPrefixes: [...p.remoteAddressSpace.addressPrefixes] } : undefined,
        peeringState: p.peeringState,
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: false,
        allowGatewayTransit: p.allowGatewayTransit,
        useRemoteGateways: p.useRemoteGateways,
      })),
    ),
    enableDdosProtection: false,
  });
}

export function wireRouteTable(t: RouteTable): WireResource {
  return resource(t.id, t.name, 'Microsoft.Network/routeTables', t.location, {
    disableBgpRoutePropagation: t.disableBgpRoutePropagation,
    routes: t.routes.map((r) => wireRoute(t.id, r)),
    subnets: t.subnets.map((id) => ({ id })),
  });
}

export function wireNetworkInterface(n: NetworkInterface): WireResource {
  return resource(n.id, n.name, 'Microsoft.Network/networkInterfaces', n.location, compact({
    ipConfigurations: n.ipConfigurations.map((c) => child(c.id, c.name, 'Microsoft.Network/networkInterfaces/ipConfigurations', {
      privateIPAddress: c.privateIPAddress,
      privateIPAllocationMethod: 'Static',
      privateIPAddressVersion: 'IPv4',
      subnet: { id: c.subnet.id },
      primary: c.primary,
    })),
    virtualMachine: n.virtualMachine ? { id: n.virtualMachine.id } : undefined,
    primary: n.primary,
    enableIPForwarding: n.enableIPForwarding,
    enableAcceleratedNetworking: false,
    nicType: 'Standard',
  }));
}

/** A lab VM (Microsoft.Compute) as far as the network needs: its NICs, the primary one flagged. */
export function wireVirtualMachine(id: string, name: string, location: string, nics: NetworkInterface[]): WireResource {
  return {
    id,
    name,
    type: 'Microsoft.Compute/virtualMachines',
    location,
    properties: {
      vmId: stableGuid(id, 'vmId'),
      hardwareProfile: { vmSize: 'Standard_B1s' },
      networkProfile: { networkInterfaces: nics.map((n) => ({ id: n.id, properties: { primary: n.primary } })) },
      provisioningState: 'Succeeded',
    },
  };
}

export function wireLocalNetworkGateway(l: LocalNetworkGateway): WireResource {
  return resource(l.id, l.name, 'Microsoft.Network/localNetworkGateways', l.location, compact({
    gatewayIpAddress: l.gatewayIpAddress,
    localNetworkAddressSpace: { addressPrefixes: [...l.localNetworkAddressSpace.addressPrefixes] },
    bgpSettings: l.bgpSettings ? toJson(l.bgpSettings) : undefined,
  }));
}

export function wireCircuitPeering(p: ExpressRouteCircuitPeering): JsonObject {
  return child(p.id, p.name, 'Microsoft.Network/expressRouteCircuits/peerings', {
    peeringType: p.peeringType,
    state: p.state,
    azureASN: p.azureASN,
    peerASN: p.peerASN,
    primaryPeerAddressPrefix: p.primaryPeerAddressPrefix,
    secondaryPeerAddressPrefix: p.secondaryPeerAddressPrefix,
    vlanId: p.vlanId,
    gatewayManagerEtag: '',
  });
}

export function wireCircuit(c: CircuitSnapshot): WireResource {
  const k = c.circuit;
  return resource(k.id, k.name, 'Microsoft.Network/expressRouteCircuits', k.location, compact({
    circuitProvisioningState: k.circuitProvisioningState,
    serviceProviderProvisioningState: k.serviceProviderProvisioningState,
    serviceProviderProperties: k.serviceProviderName !== undefined ? compact({ serviceProviderName: k.serviceProviderName, peeringLocation: k.peeringLocation, bandwidthInMbps: k.bandwidthInMbps }) : undefined,
    peerings: c.peerings.map((p) => wireCircuitPeering(p.peering)),
    allowClassicOperations: false,
    serviceKey: stableGuid(k.id, 'serviceKey'),
  }), { sku: { name: k.sku.name, tier: k.sku.tier, family: k.sku.family } });
}

/** A connection's ends as full resources, for wireConnection. */
export function connectionEnds(snap: NetworkSnapshot): ConnectionEnds {
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  return {
    gateway: (id): VirtualNetworkGateway | undefined => snap.gateways.find((g) => same(g.gateway.id, id))?.gateway,
    localNetworkGateway: (id): JsonObject | undefined => {
      const l = snap.localNetworkGateways.find((x) => same(x.id, id));
      return l ? wireLocalNetworkGateway(l) : undefined;
    },
  };
}
