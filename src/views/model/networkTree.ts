// The "Virtual networks" group under each source of the Gateways view: VNets -> subnets (address
// prefix, GatewaySubnet size, the UDR table with its routes) -> the NICs in them (IPs, VM), and
// each VNet's peerings. Built from the source's inventory (the same ARM read as its gateways), so
// lab and Azure rows look and behave alike; Trace Route Path starts from these rows.
import type { Subnet, VirtualNetwork, VirtualNetworkPeering } from '../../model/arm';
import type { NetworkInterface } from '../../model/armNetwork';
import { isGatewaySubnetName, resourceName, sameId } from '../../model/armShapes';
import type { SourceInventory } from '../../azure/inventory';
import { ContextValue } from '../contextValues';
import { escapeMarkdown as md, type NodeIcon, type TreeNode } from './treeNode';
import { plural } from './format';

/** Coexistence needs GatewaySubnet /27 or larger (coexisting gateways, Microsoft Learn). */
const COEXISTENCE_GATEWAY_SUBNET_MAX_LENGTH = 27;

function info(id: string, label: string): TreeNode {
  return { id, label, icon: { id: 'info' }, contextValue: ContextValue.info, collapsible: 'none', ref: { kind: 'info' }, children: [] };
}

function error(id: string, message: string): TreeNode {
  return { id, label: message, tooltip: md(message), icon: { id: 'error', color: 'list.errorForeground' }, contextValue: ContextValue.error, collapsible: 'none', ref: { kind: 'error' }, children: [] };
}

/** "/27 · 32 addresses", with a warning when a GatewaySubnet is too small for coexistence. */
function gatewaySubnetSize(subnet: Subnet): { text: string; tooSmall: boolean } {
  // By hand: the prefix module (ipaddr.js) stays out of the main bundle.
  const m = /^\d{1,3}(?:\.\d{1,3}){3}\/(\d{1,2})$/.exec(subnet.addressPrefix.trim());
  const length = m ? Number(m[1]) : NaN;
  if (!(length <= 32)) return { text: subnet.addressPrefix, tooSmall: false };
  const tooSmall = length > COEXISTENCE_GATEWAY_SUBNET_MAX_LENGTH;
  return { text: `/${length} · ${2 ** (32 - length)} addresses${tooSmall ? ' · smaller than /27 (coexistence needs /27 or larger)' : ''}`, tooSmall };
}

function nicNode(sourceId: string, nic: NetworkInterface, parentId: string): TreeNode {
  const addresses = nic.ipConfigurations.map((c) => c.privateIPAddress).filter((a) => a !== '');
  const vmName = nic.virtualMachine ? resourceName(nic.virtualMachine.id) : undefined;
  const parts = [addresses.join(', ') || 'no address'];
  if (vmName) parts.push(`VM ${vmName}${nic.primary ? '' : ' (secondary NIC)'}`);
  if (nic.enableIPForwarding) parts.push('IP forwarding');
  return {
    id: `${parentId}/nic:${nic.id}`,
    label: nic.name,
    description: parts.join(' · '),
    tooltip: [
      `**${md(nic.name)}** (network interface)`,
      ...nic.ipConfigurations.map((c) => `${md(c.name)}: ${md(c.privateIPAddress || 'no address')}${c.primary ? ' (primary)' : ''} in ${md(resourceName(c.subnet.id))}`),
      vmName ? `Attached to VM ${md(vmName)}` : 'Not attached to a VM',
      `\`${md(nic.id)}\``,
    ].join('\n\n'),
    icon: { id: vmName ? 'vm' : 'plug' },
    contextValue: ContextValue.nic,
    collapsible: 'none',
    ref: { kind: 'nic', sourceId, nicId: nic.id, nicName: nic.name, addresses, ...(vmName ? { vmName } : {}) },
    children: [],
  };
}

function routeTableNode(sourceId: string, subnet: Subnet): TreeNode | undefined {
  if (!subnet.routeTable) return undefined;
  const routes = subnet.routes ?? [];
  const id = `${subnet.id}#routeTable`;
  return {
    id,
    label: `Route table ${resourceName(subnet.routeTable.id)}`,
    description: plural(routes.length, 'user route'),
    tooltip: [`**Route table ${md(resourceName(subnet.routeTable.id))}** on ${md(subnet.name)}`, `\`${md(subnet.routeTable.id)}\``].join('\n\n'),
    icon: { id: 'list-tree' },
    contextValue: ContextValue.routeTable,
    collapsible: routes.length > 0 ? 'collapsed' : 'none',
    ref: { kind: 'routeTable', sourceId, routeTableId: subnet.routeTable.id, subnetId: subnet.id },
    children: routes.map((r) => info(`${id}/${r.name}`, `${r.addressPrefix} → ${r.nextHopType}${r.nextHopIpAddress ? ` ${r.nextHopIpAddress}` : ''} (${r.name})`)),
  };
}

function subnetNode(sourceId: string, vnet: VirtualNetwork, subnet: Subnet, nics: readonly NetworkInterface[]): TreeNode {
  const inSubnet = nics.filter((n) => n.ipConfigurations.some((c) => sameId(c.subnet.id, subnet.id)));
  const isGateway = isGatewaySubnetName(subnet.name);
  const size = isGateway ? gatewaySubnetSize(subnet) : undefined;
  const parts = [subnet.addressPrefix];
  if (size) parts.push(size.text.replace(/^\/\d+ · /, ''));
  if (subnet.routeTable) parts.push(`UDR ${resourceName(subnet.routeTable.id)}`);
  if (!isGateway || inSubnet.length > 0) parts.push(plural(inSubnet.length, 'NIC'));
  const table = routeTableNode(sourceId, subnet);
  const children = [...(table ? [table] : []), ...inSubnet.map((n) => nicNode(sourceId, n, subnet.id))];
  const icon: NodeIcon = size?.tooSmall ? { id: 'warning', color: 'list.warningForeground' } : { id: isGateway ? 'server-environment' : 'symbol-namespace' };
  return {
    id: subnet.id,
    label: subnet.name,
    description: parts.join(' · '),
    tooltip: [
      `**${md(subnet.name)}** in ${md(vnet.name)}: ${md(subnet.addressPrefix)}`,
      size ? `GatewaySubnet ${md(size.text)}` : undefined,
      subnet.routeTable ? `Route table ${md(resourceName(subnet.routeTable.id))} with ${plural(subnet.routes?.length ?? 0, 'user route')}` : 'No route table (system routes only)',
      `\`${md(subnet.id)}\``,
    ]
      .filter((l): l is string => l !== undefined)
      .join('\n\n'),
    icon,
    contextValue: ContextValue.subnet,
    collapsible: children.length > 0 ? 'collapsed' : 'none',
    ref: { kind: 'subnet', sourceId, vnetId: vnet.id, subnetId: subnet.id, subnetName: subnet.name, addressPrefix: subnet.addressPrefix },
    children,
  };
}

function peeringNode(sourceId: string, vnet: VirtualNetwork, p: VirtualNetworkPeering): TreeNode {
  const flags = [p.allowGatewayTransit ? 'gateway transit' : undefined, p.useRemoteGateways ? 'uses remote gateways' : undefined].filter((f): f is string => f !== undefined);
  return {
    id: p.id,
    label: `${p.name} → ${resourceName(p.remoteVirtualNetwork.id)}`,
    description: [p.peeringState, ...(p.remoteAddressSpace?.addressPrefixes ?? []), ...flags].join(' · '),
    tooltip: [`**${md(p.name)}**: ${md(vnet.name)} → ${md(resourceName(p.remoteVirtualNetwork.id))}`, `State: **${md(p.peeringState)}**`, `\`${md(p.id)}\``].join('\n\n'),
    icon: { id: 'arrow-swap', color: p.peeringState === 'Connected' ? 'testing.iconPassed' : 'list.warningForeground' },
    contextValue: ContextValue.vnetPeering,
    collapsible: 'none',
    ref: { kind: 'vnetPeering', sourceId, vnetId: vnet.id, peeringId: p.id },
    children: [],
  };
}

function vnetNode(sourceId: string, vnet: VirtualNetwork, nics: readonly NetworkInterface[]): TreeNode {
  const peerings = vnet.virtualNetworkPeerings ?? [];
  const children = vnet.subnets.map((s) => subnetNode(sourceId, vnet, s, nics));
  if (peerings.length > 0) {
    children.push({
      id: `${vnet.id}#peerings`,
      label: 'Peerings',
      description: `${peerings.filter((p) => p.peeringState === 'Connected').length}/${peerings.length} connected`,
      icon: { id: 'arrow-swap' },
      contextValue: ContextValue.networksFolder,
      collapsible: 'collapsed',
      ref: { kind: 'networks', sourceId, vnetId: vnet.id },
      children: peerings.map((p) => peeringNode(sourceId, vnet, p)),
    });
  }
  const nicCount = nics.filter((n) => n.ipConfigurations.some((c) => vnet.subnets.some((s) => sameId(s.id, c.subnet.id)))).length;
  return {
    id: vnet.id,
    label: vnet.name,
    description: [vnet.addressSpace.addressPrefixes.join(', '), plural(vnet.subnets.length, 'subnet'), plural(nicCount, 'NIC'), ...(peerings.length > 0 ? [plural(peerings.length, 'peering')] : [])].join(' · '),
    tooltip: [`**${md(vnet.name)}** (${md(vnet.location)})`, `Address space: ${md(vnet.addressSpace.addressPrefixes.join(', '))}`, `\`${md(vnet.id)}\``].join('\n\n'),
    icon: { id: 'type-hierarchy' },
    contextValue: ContextValue.vnet,
    collapsible: 'collapsed',
    ref: { kind: 'vnet', sourceId, vnetId: vnet.id, vnetName: vnet.name },
    children,
  };
}

/** The "Virtual networks" group of a source, or undefined while nothing was read (not an ARM source yet). */
export function networksNode(inv: SourceInventory): TreeNode | undefined {
  const id = `${inv.sourceId}#networks`;
  const base = { id, label: 'Virtual networks', icon: { id: 'type-hierarchy' }, contextValue: ContextValue.networksFolder, ref: { kind: 'networks' as const, sourceId: inv.sourceId } };
  if (inv.networkError !== undefined) return { ...base, description: 'failed to load', collapsible: 'collapsed', children: [error(`${id}/error`, inv.networkError)] };
  const net = inv.network;
  if (!net) return undefined;
  const vnets = [...net.virtualNetworks].sort((a, b) => a.name.localeCompare(b.name));
  const nics = [...net.networkInterfaces].sort((a, b) => a.name.localeCompare(b.name));
  const problems = net.problems.map((p, i) => error(`${id}/problem/${i}`, `${p.part} not read: ${p.message}`));
  const children = [...vnets.map((v) => vnetNode(inv.sourceId, v, nics)), ...problems];
  return {
    ...base,
    description: [plural(vnets.length, 'VNet'), plural(nics.length, 'NIC'), ...(problems.length > 0 ? [`${problems.length} part(s) not read`] : [])].join(' · '),
    tooltip: `VNets, subnets (UDRs, GatewaySubnet size), NICs and peerings of ${md(inv.label)}, read through the same ARM client as its gateways.`,
    collapsible: 'collapsed',
    children: children.length > 0 ? children : [info(`${id}/empty`, 'No virtual networks')],
  };
}
