// The trees' model: plain data built from an inventory, free of VS Code types so it is
// unit-testable in Node. Providers turn nodes into TreeItems on demand.
import type { ContextValueName } from '../contextValues';
import type { InstanceName } from '../../model/snapshot';

/** A codicon id and an optional theme colour id (e.g. testing.iconPassed). */
export interface NodeIcon {
  id: string;
  color?: string;
}

/** What a node stands for; commands receive the node and read this. */
export type NodeRef =
  | { kind: 'source'; sourceId: string }
  | { kind: 'gateway'; sourceId: string; gatewayId: string; gatewayName: string }
  | { kind: 'instance'; sourceId: string; gatewayId: string; gatewayName: string; instance: InstanceName }
  | { kind: 'folder'; sourceId: string; gatewayId: string; folder: 'instances' | 'peers' | 'connections' }
  | { kind: 'bgpPeer'; sourceId: string; gatewayId: string; gatewayName: string; neighbor: string; peerName?: string }
  | { kind: 'connection'; sourceId: string; connectionId: string; connectionName: string; gatewayId: string }
  | { kind: 'tunnel'; sourceId: string; connectionId: string; connectionName: string; tunnel: string }
  | { kind: 'networks'; sourceId: string; vnetId?: string }
  | { kind: 'vnet'; sourceId: string; vnetId: string; vnetName: string }
  | { kind: 'subnet'; sourceId: string; vnetId: string; subnetId: string; subnetName: string; addressPrefix: string }
  | { kind: 'nic'; sourceId: string; nicId: string; nicName: string; addresses: string[]; vmName?: string }
  | { kind: 'routeTable'; sourceId: string; routeTableId: string; subnetId: string }
  | { kind: 'vnetPeering'; sourceId: string; vnetId: string; peeringId: string }
  | { kind: 'group'; key: string }
  | { kind: 'error' }
  | { kind: 'info' };

export interface TreeNode {
  /** Stable across refreshes (resource ids), so expansion and selection survive. */
  id: string;
  label: string;
  description?: string;
  /** Markdown; every value from data is escaped by the builder. */
  tooltip?: string;
  icon?: NodeIcon;
  contextValue: ContextValueName;
  collapsible: 'none' | 'collapsed' | 'expanded';
  ref: NodeRef;
  children: TreeNode[];
  parent?: TreeNode;
  /** A command to run on click (error nodes: retry). */
  command?: { id: string; title: string };
}

/** Links parents after the builder made the children, so getParent() is O(1). */
export function linkParents(nodes: TreeNode[], parent?: TreeNode): TreeNode[] {
  for (const node of nodes) {
    if (parent) node.parent = parent;
    linkParents(node.children, node);
  }
  return nodes;
}

export function findNode(nodes: readonly TreeNode[], id: string): TreeNode | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    const inner = findNode(node.children, id);
    if (inner) return inner;
  }
  return undefined;
}

/** Escapes text for a Markdown tooltip: names can hold markup or Markdown syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}

const KIND_WORD: Record<NodeRef['kind'], string | undefined> = {
  source: 'source',
  gateway: 'gateway',
  instance: 'gateway instance',
  folder: undefined,
  bgpPeer: 'BGP peer',
  connection: 'connection',
  tunnel: 'tunnel',
  networks: undefined,
  vnet: 'virtual network',
  subnet: 'subnet',
  nic: 'network interface',
  routeTable: 'route table',
  vnetPeering: 'peering',
  group: 'group',
  error: 'error',
  info: undefined,
};

/**
 * What a screen reader says for a row: the label, what kind of thing it is, and the description
 * with its "·" separators as pauses. State shown only by icon colour is already in the description.
 */
export function accessibilityLabel(node: TreeNode): string {
  const parts = [node.label];
  const kind = KIND_WORD[node.ref.kind];
  if (kind) parts.push(kind);
  if (node.description) parts.push(...node.description.split(' · '));
  return parts.join(', ');
}

/**
 * VS Code wants an id unique across the whole view, but model ids are resource ids, which two
 * sources can share (the lab, and the lab's ARM endpoint added as an Azure-like source; a
 * snapshot of the same network). Scoping by the root (source or group) keeps them unique and stable.
 */
export function treeItemId(node: TreeNode): string {
  let root = node;
  while (root.parent) root = root.parent;
  return root === node ? node.id : `${root.id}|${node.id}`;
}
