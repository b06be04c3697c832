// Builds the Connections view: every connection of every source, grouped by gateway or by status.
import type { BgpPeerStatus, ConnectionStatus } from '../../model/arm';
import { connectionsSummary } from '../../model/circuitBgp';
import { sameId } from '../../model/armShapes';
import { ContextValue } from '../contextValues';
import type { SourceInventory } from '../../azure/inventory';
import { connectionIcon, connectionNode, errorNode } from './gatewaysTree';
import { linkParents, type TreeNode } from './treeNode';

export type ConnectionGrouping = 'gateway' | 'status';

const STATUS_ORDER: ConnectionStatus[] = ['NotConnected', 'Connecting', 'Connected', 'Unknown'];

function peersOf(inv: SourceInventory, gatewayId: string): BgpPeerStatus[] | undefined {
  return inv.gateways.find((e) => sameId(e.gateway.id, gatewayId))?.peers;
}

export function buildConnectionsTree(sources: SourceInventory[], grouping: ConnectionGrouping): TreeNode[] {
  const nodes: TreeNode[] = [];
  for (const inv of sources) {
    if (inv.status === 'stopped') continue;
    if (inv.error) {
      nodes.push(errorNode(`${inv.sourceId}/error`, inv.error));
      continue;
    }
    if (grouping === 'status') {
      for (const status of STATUS_ORDER) {
        const members = inv.connections.filter((c) => c.connectionStatus === status);
        if (members.length === 0) continue;
        const key = `${inv.sourceId}/status/${status}`;
        nodes.push({
          id: key,
          label: sources.length > 1 ? `${status} (${inv.label})` : status,
          description: String(members.length),
          icon: connectionIcon(status),
          contextValue: ContextValue.group,
          collapsible: 'expanded',
          ref: { kind: 'group', key },
          children: members.map((c) => connectionNode(inv.sourceId, c, `${key}/`, peersOf(inv, c.virtualNetworkGateway1.id))),
        });
      }
    } else {
      for (const entry of inv.gateways) {
        const members = inv.connections.filter((c) => sameId(c.virtualNetworkGateway1.id, entry.gateway.id));
        if (members.length === 0) continue;
        const key = `${inv.sourceId}/gateway/${entry.gateway.id}`;
        nodes.push({
          id: key,
          label: entry.gateway.name,
          description: connectionsSummary(members, entry.peers),
          icon: { id: entry.gateway.gatewayType === 'ExpressRoute' ? 'circuit-board' : 'lock' },
          contextValue: ContextValue.group,
          collapsible: 'expanded',
          ref: { kind: 'group', key },
          children: members.map((c) => connectionNode(inv.sourceId, c, `${key}/`, entry.peers)),
        });
      }
    }
  }
  return linkParents(nodes);
}
