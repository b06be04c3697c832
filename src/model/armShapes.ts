// Helpers over ARM shapes that every reader of a snapshot needs: a resource's name from its id,
// id equality (ARM ids are case-insensitive), the VNet a gateway sits in and the BGP addresses
// a gateway speaks from. One copy here, for the lab, Azure data, views, panels and diagnostics.
import type { LocalNetworkGateway, VirtualNetworkGateway } from './arm';
import { parseResourceId } from './resourceIds';

/** The resource's name for titles; the last id segment (or the id itself) if it does not parse. */
export function resourceName(id: string): string {
  return parseResourceId(id)?.name ?? id.split('/').pop() ?? id;
}

/** The key of an id in maps and sets: equal for ids that ARM treats as equal (case-insensitive). */
export function idKey(id: string): string {
  return id.toLowerCase();
}

/** True when two ARM ids (or names) name the same resource: ARM compares them case-insensitively. */
export function sameId(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/** ".../virtualNetworks/vnet/subnets/GatewaySubnet" -> ".../virtualNetworks/vnet"; undefined if it is no subnet id. */
export function vnetIdOfSubnet(subnetId: string): string | undefined {
  const i = subnetId.toLowerCase().lastIndexOf('/subnets/');
  return i > 0 ? subnetId.slice(0, i) : undefined;
}

/** The id of the VNet a gateway sits in, from its GatewaySubnet (the first IP configuration that names a subnet). */
export function vnetIdOfGateway(gateway: VirtualNetworkGateway | undefined): string | undefined {
  // Partial Azure exports may omit the subnet of an IP configuration despite the type.
  const subnetId = gateway?.ipConfigurations.find((c) => c.subnet?.id)?.subnet.id;
  return subnetId ? vnetIdOfSubnet(subnetId) : undefined;
}

/** True for the subnet a gateway must sit in (ARM matches the name case-insensitively). */
export function isGatewaySubnetName(name: string): boolean {
  return sameId(name, 'GatewaySubnet');
}

/**
 * Every BGP address a gateway speaks from, each once: ARM puts active/active addresses
 * comma-separated in bgpPeeringAddress, and lists default and custom (APIPA) addresses per IP
 * configuration in bgpPeeringAddresses.
 */
export function gatewayBgpAddresses(gateway: VirtualNetworkGateway): string[] {
  const s = gateway.bgpSettings;
  if (!s) return [];
  const out = new Set<string>();
  for (const a of s.bgpPeeringAddress.split(',')) if (a.trim()) out.add(a.trim());
  for (const p of s.bgpPeeringAddresses ?? []) {
    for (const a of p.defaultBgpIpAddresses) if (a.trim()) out.add(a.trim());
    for (const a of p.customBgpIpAddresses) if (a.trim()) out.add(a.trim());
  }
  return [...out];
}

/** The BGP address of instance `index` (IN_0, IN_1): the index-th of bgpPeeringAddress, as ARM lists active/active addresses. */
export function instanceBgpAddress(gateway: VirtualNetworkGateway | undefined, index: number): string | undefined {
  return gateway?.bgpSettings?.bgpPeeringAddress.split(',')[index]?.trim() || undefined;
}

/** The BGP address of an on-premises site (local network gateway); undefined when it has none. */
export function siteBgpAddress(site: LocalNetworkGateway): string | undefined {
  return site.bgpSettings?.bgpPeeringAddress.trim() || undefined;
}
