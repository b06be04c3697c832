// Builds the Gateways view: sources -> gateways -> instances / BGP peers / connections.
import type { BgpPeerStatus, ConnectionStatus, VirtualNetworkGateway, VirtualNetworkGatewayConnection } from '../../model/arm';
import type { LabGatewayState, LabInstanceState } from '../../model/snapshot';
import { sameId } from '../../model/armShapes';
import { ContextValue, type ContextValueName } from '../contextValues';
import { CommandId } from '../../commands/commandIds';
import type { GatewayEntry, SourceInventory } from '../../azure/inventory';
import { escapeMarkdown as md, linkParents, type NodeIcon, type TreeNode } from './treeNode';
import { gatewayMode } from '../../model/gatewayMode';
import { circuitBgp, circuitBgpText, connectionsSummary, statusNotReported, type CircuitBgp } from '../../model/circuitBgp';
import { formatBytes, formatUtc, formatVirtualTime, plural } from './format';
import { SourceId } from '../../model/sourceId';
import { networksNode } from './networkTree';

export type GatewayHealth = 'healthy' | 'degraded' | 'down' | 'unknown';

const HEALTH_ICON: Record<GatewayHealth, NodeIcon> = {
  healthy: { id: 'pass-filled', color: 'testing.iconPassed' },
  degraded: { id: 'warning', color: 'list.warningForeground' },
  down: { id: 'error', color: 'list.errorForeground' },
  unknown: { id: 'circle-large-outline' },
};

export function connectionIcon(status: ConnectionStatus): NodeIcon {
  switch (status) {
    case 'Connected':
      return { id: 'plug', color: 'testing.iconPassed' };
    case 'Connecting':
      return { id: 'sync', color: 'list.warningForeground' };
    case 'NotConnected':
      return { id: 'debug-disconnect', color: 'list.errorForeground' };
    default:
      return { id: 'question' };
  }
}

function peerIcon(peer: BgpPeerStatus): NodeIcon {
  if (peer.state === 'Connected') return { id: 'radio-tower', color: 'testing.iconPassed' };
  if (peer.state === 'Connecting' || peer.state === 'Idle') return { id: 'radio-tower', color: 'list.warningForeground' };
  return { id: 'radio-tower', color: 'list.errorForeground' };
}

function instanceIcon(instance: LabInstanceState): NodeIcon {
  if (instance.health !== 'healthy' || instance.role === 'down') return { id: 'vm-outline', color: 'list.errorForeground' };
  if (instance.role === 'active') return { id: 'vm-running', color: 'testing.iconPassed' };
  if (instance.role === 'starting') return { id: 'vm-outline', color: 'list.warningForeground' };
  return { id: 'vm' };
}

/** Health of a gateway from what the views know: lab instance state, connections, BGP peers. */
export function gatewayHealth(entry: GatewayEntry, connections: VirtualNetworkGatewayConnection[], lab?: LabGatewayState): GatewayHealth {
  if (entry.gateway.provisioningState === 'Failed') return 'down';
  if (lab && !lab.instances.some((i) => i.serving)) return 'down';
  const problems =
    (lab?.instances.some((i) => i.health !== 'healthy') ?? false) ||
    // Unknown is what ARM reports when it has no status (often ExpressRoute): not a fault by itself.
    connections.some((c) => c.connectionStatus === 'NotConnected' || c.connectionStatus === 'Connecting') ||
    (entry.peers?.some((p) => p.state !== 'Connected') ?? false) ||
    entry.peersError !== undefined ||
    entry.gateway.provisioningState !== 'Succeeded';
  return problems ? 'degraded' : 'healthy';
}

/** Lab gateways by kind: the lab's instance faults and resets exist only on VPN gateways. */
function gatewayContextValue(sourceId: string, gatewayType: VirtualNetworkGateway['gatewayType']): ContextValueName {
  if (sourceId !== SourceId.lab) return ContextValue.azureGateway;
  return gatewayType === 'ExpressRoute' ? ContextValue.labErGateway : ContextValue.labVpnGateway;
}

function sourceNode(inv: SourceInventory): TreeNode {
  const isLab = inv.sourceId === SourceId.lab;
  const contextValue = !isLab
    ? ContextValue.azureSource
    : inv.status === 'paused'
      ? ContextValue.labSourcePaused
      : inv.status === 'running'
        ? ContextValue.labSourceRunning
        : ContextValue.labSourceStopped;
  const icon: NodeIcon = isLab
    ? inv.status === 'paused'
      ? { id: 'debug-pause' }
      : { id: 'beaker', color: inv.status === 'running' ? 'testing.iconPassed' : undefined }
    : { id: 'azure' };
  const children = inv.error
    ? [errorNode(`${inv.sourceId}/error`, inv.error)]
    : inv.gateways.length === 0
      ? [infoNode(`${inv.sourceId}/empty`, inv.status === 'starting' ? 'Starting…' : 'No gateways')]
      : inv.gateways.map((g) => gatewayNode(inv, g));
  // After the gateways: VNets, subnets and NICs, where a route path starts (networkTree.ts).
  const networks = inv.error ? undefined : networksNode(inv);
  if (networks) children.push(networks);
  const lines = [`**${md(inv.label)}** (${inv.status})`];
  if (inv.detail) lines.push(md(inv.detail));
  if (inv.lab) lines.push(`Virtual time ${formatVirtualTime(inv.lab.timeSeconds)}`);
  return {
    id: `source:${inv.sourceId}`,
    label: inv.label,
    description: inv.detail,
    tooltip: lines.join('\n\n'),
    icon,
    contextValue,
    collapsible: 'expanded',
    ref: { kind: 'source', sourceId: inv.sourceId },
    children,
  };
}

function gatewayNode(inv: SourceInventory, entry: GatewayEntry): TreeNode {
  const g = entry.gateway;
  const sourceId = inv.sourceId;
  const lab = inv.lab?.gateways.find((s) => sameId(s.gatewayId, g.id));
  const connections = inv.connections.filter((c) => sameId(c.virtualNetworkGateway1.id, g.id));
  const health = gatewayHealth(entry, connections, lab);
  const mode = gatewayMode(g);
  const children: TreeNode[] = [];
  if (lab) {
    children.push({
      id: `${g.id}#instances`,
      label: 'Instances',
      description: lab.leaseHolder ? `lease: ${lab.leaseHolder}` : 'no lease holder',
      icon: { id: 'server-environment' },
      contextValue: ContextValue.folder,
      collapsible: 'expanded',
      ref: { kind: 'folder', sourceId, gatewayId: g.id, folder: 'instances' },
      children: lab.instances.map((i) => instanceNode(sourceId, g.id, g.name, i, lab)),
    });
  }
  if (entry.peers || entry.peersError) {
    const peers = entry.peers ?? [];
    const up = peers.filter((p) => p.state === 'Connected').length;
    children.push({
      id: `${g.id}#peers`,
      label: 'BGP peers',
      description: entry.peersError ? 'failed to load' : `${up}/${peers.length} connected`,
      icon: { id: 'radio-tower' },
      contextValue: ContextValue.folder,
      collapsible: 'collapsed',
      ref: { kind: 'folder', sourceId, gatewayId: g.id, folder: 'peers' },
      children: entry.peersError
        ? [errorNode(`${g.id}#peers/error`, `Loading BGP peers failed: ${entry.peersError}`)]
        : peers.map((p) => peerNode(inv, g.id, g.name, p)),
    });
  }
  children.push({
    id: `${g.id}#connections`,
    label: 'Connections',
    description: connectionsSummary(connections, entry.peers),
    icon: { id: 'plug' },
    contextValue: ContextValue.folder,
    collapsible: 'collapsed',
    ref: { kind: 'folder', sourceId, gatewayId: g.id, folder: 'connections' },
    children: connections.map((c) => connectionNode(sourceId, c, `${g.id}#connections/`, entry.peers)),
  });
  const tooltip = [
    `**${md(g.name)}**`,
    `${g.gatewayType} gateway · SKU ${md(g.sku.name)} · ${mode.label}${g.vpnType ? ` · ${g.vpnType}` : ''}`,
    mode.explanation,
    `Health: **${health}** · provisioning ${g.provisioningState}`,
    g.bgpSettings ? `BGP: ASN ${g.bgpSettings.asn}, peering address ${md(g.bgpSettings.bgpPeeringAddress)}` : 'BGP: off',
    lab ? `Lease holder: ${lab.leaseHolder ?? 'none'}` : undefined,
    `\`${md(g.id)}\``,
  ].filter((l): l is string => l !== undefined);
  return {
    id: g.id,
    label: g.name,
    description: `${g.gatewayType === 'ExpressRoute' ? 'ExpressRoute' : 'VPN'} · ${g.sku.name} · ${mode.label} · ${health}`,
    tooltip: tooltip.join('\n\n'),
    icon: HEALTH_ICON[health],
    contextValue: gatewayContextValue(sourceId, g.gatewayType),
    collapsible: 'collapsed',
    ref: { kind: 'gateway', sourceId, gatewayId: g.id, gatewayName: g.name },
    children,
  };
}

function instanceNode(sourceId: string, gatewayId: string, gatewayName: string, i: LabInstanceState, lab: LabGatewayState): TreeNode {
  const parts: string[] = [i.role];
  if (i.holdsLease) parts.push('lease holder');
  if (i.serving && lab.mode === 'activePassive') parts.push('serving');
  if (i.health !== 'healthy') parts.push(i.health);
  return {
    id: `${gatewayId}#instances/${i.name}`,
    label: i.name,
    description: parts.join(' · '),
    tooltip: [
      `**${i.name}** of ${md(gatewayName)}`,
      `Role: ${i.role} · health: ${i.health}`,
      i.holdsLease ? 'Holds the blob lease (primary).' : 'Does not hold the blob lease.',
      i.serving ? 'Carries traffic: tunnels terminate here.' : 'Carries no traffic.',
    ].join('\n\n'),
    icon: instanceIcon(i),
    contextValue: i.health === 'healthy' ? ContextValue.instance : ContextValue.instanceFaulted,
    collapsible: 'none',
    ref: { kind: 'instance', sourceId, gatewayId, gatewayName, instance: i.name },
    children: [],
  };
}

function peerNode(inv: SourceInventory, gatewayId: string, gatewayName: string, p: BgpPeerStatus): TreeNode {
  const peerName = inv.peerNames?.[gatewayId]?.[p.neighbor];
  return {
    id: `${gatewayId}#peers/${p.localAddress}->${p.neighbor}`,
    label: peerName ? `${peerName} (${p.neighbor})` : p.neighbor,
    // Each instance has its own session with a peer: the local address tells the rows apart.
    description: `${p.state} · ${plural(p.routesReceived, 'route')} received · from ${p.localAddress}`,
    tooltip: [
      `**BGP peer ${md(p.neighbor)}**${peerName ? ` (${md(peerName)})` : ''}, ASN ${p.asn}`,
      `State: **${p.state}**${p.connectedDuration ? ` for ${md(p.connectedDuration)}` : ''}`,
      `Local address ${md(p.localAddress)} · ${p.routesReceived} routes received`,
      `Messages sent ${p.messagesSent} / received ${p.messagesReceived}`,
    ].join('\n\n'),
    icon: peerIcon(p),
    contextValue: inv.sourceId !== SourceId.lab ? ContextValue.bgpPeer : peerName ? ContextValue.labBgpPeer : ContextValue.labBgpPeerUnnamed,
    collapsible: 'none',
    ref: { kind: 'bgpPeer', sourceId: inv.sourceId, gatewayId, gatewayName, neighbor: p.neighbor, ...(peerName ? { peerName } : {}) },
    children: [],
  };
}

/** Icon of an ExpressRoute connection without an ARM status: from its BGP sessions to the circuit. */
function circuitIcon(bgp: CircuitBgp): NodeIcon {
  if (bgp.total > 0 && bgp.up === bgp.total) return connectionIcon('Connected');
  return bgp.up > 0 ? { id: 'plug', color: 'list.warningForeground' } : connectionIcon('NotConnected');
}

/**
 * A connection with per-tunnel children; shared with the Connections view. `idPrefix` keeps ids
 * unique per place; `gatewayPeers` (its gateway's BGP peers, when loaded) tell how an ExpressRoute
 * connection is doing, since ARM reports no status for it.
 */
export function connectionNode(sourceId: string, c: VirtualNetworkGatewayConnection, idPrefix = '', gatewayPeers?: readonly BgpPeerStatus[]): TreeNode {
  const tunnels = c.tunnelConnectionStatus ?? [];
  const id = `${idPrefix}${c.id}`;
  const bgp = statusNotReported(c) ? circuitBgp([c], gatewayPeers) : undefined;
  const known = bgp && bgp.total > 0 ? bgp : undefined;
  return {
    id,
    label: c.name,
    description: `${known ? circuitBgpText(known) : c.connectionStatus} · ${c.connectionType}${c.enableBgp ? ' · BGP' : ''}`,
    tooltip: [
      `**${md(c.name)}** (${c.connectionType})`,
      statusNotReported(c)
        ? `Status: **Unknown** (ARM reports none for ExpressRoute connections)${known ? `; ${md(circuitBgpText(known))}` : ''}`
        : `Status: **${c.connectionStatus}**`,
      `In ${formatBytes(c.ingressBytesTransferred)} · out ${formatBytes(c.egressBytesTransferred)}`,
      `\`${md(c.id)}\``,
    ].join('\n\n'),
    icon: known ? circuitIcon(known) : connectionIcon(c.connectionStatus),
    contextValue: sourceId !== SourceId.lab ? ContextValue.azureConnection : c.connectionType === 'ExpressRoute' ? ContextValue.labErConnection : ContextValue.labVpnConnection,
    collapsible: tunnels.length > 0 ? 'collapsed' : 'none',
    ref: { kind: 'connection', sourceId, connectionId: c.id, connectionName: c.name, gatewayId: c.virtualNetworkGateway1.id },
    children: tunnels.map((t) => ({
      id: `${id}#tunnel/${t.tunnel}`,
      label: t.tunnel,
      // Last established in the row itself: after a failover it is the first thing an engineer checks.
      description: `${t.connectionStatus} · in ${formatBytes(t.ingressBytesTransferred)} / out ${formatBytes(t.egressBytesTransferred)} · ${t.lastConnectionEstablishedUtcTime ? `established ${formatUtc(t.lastConnectionEstablishedUtcTime)}` : 'never established'}`,
      tooltip: [
        `**Tunnel ${md(t.tunnel)}** of ${md(c.name)}`,
        `Status: **${t.connectionStatus}**`,
        `In ${formatBytes(t.ingressBytesTransferred)} · out ${formatBytes(t.egressBytesTransferred)}`,
        `Last established: ${formatUtc(t.lastConnectionEstablishedUtcTime)}`,
      ].join('\n\n'),
      icon: connectionIcon(t.connectionStatus),
      contextValue: ContextValue.tunnel,
      collapsible: 'none' as const,
      ref: { kind: 'tunnel' as const, sourceId, connectionId: c.id, connectionName: c.name, tunnel: t.tunnel },
      children: [],
    })),
  };
}

export function errorNode(id: string, message: string): TreeNode {
  return {
    id,
    label: message,
    tooltip: `${md(message)}\n\nClick to retry.`,
    icon: { id: 'error', color: 'list.errorForeground' },
    contextValue: ContextValue.error,
    collapsible: 'none',
    ref: { kind: 'error' },
    children: [],
    command: { id: CommandId.refresh, title: 'Retry' },
  };
}

export function infoNode(id: string, message: string): TreeNode {
  return { id, label: message, icon: { id: 'info' }, contextValue: ContextValue.info, collapsible: 'none', ref: { kind: 'info' }, children: [] };
}

/** Sources with nothing to show (lab stopped, Azure signed out) are left out so the welcome content appears. */
export function buildGatewaysTree(sources: SourceInventory[]): TreeNode[] {
  return linkParents(sources.filter((s) => s.status !== 'stopped').map(sourceNode));
}
