// Which node of the Gateways view stands for a finding's resource, so selecting the finding can
// reveal it. Free of VS Code types (unit-tested on the real tree builder).
import { sameId } from '../../model/armShapes';
import type { TreeNode } from '../model/treeNode';
import type { FindingSource } from './findingsTree';
import { SourceId } from '../../model/sourceId';

function walk(nodes: readonly TreeNode[], match: (n: TreeNode) => boolean): TreeNode | undefined {
  for (const n of nodes) {
    if (match(n)) return n;
    const inner = walk(n.children, match);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * The first of `resources` (in order: the first is the place to look) that the Gateways view
 * shows as a gateway or connection of the finding's source. Sites and VNets have no node, so a
 * finding about a site reveals its connection instead. Ids compare case-insensitively, as ARM's do.
 */
export function findResourceNode(roots: readonly TreeNode[], resources: readonly string[], source: FindingSource): TreeNode | undefined {
  for (const id of resources) {
    const hit = walk(roots, (n) => {
      const ref = n.ref;
      if (ref.kind !== 'gateway' && ref.kind !== 'connection') return false;
      if ((ref.sourceId === SourceId.lab) !== (source === SourceId.lab)) return false;
      return sameId(ref.kind === 'gateway' ? ref.gatewayId : ref.connectionId, id);
    });
    if (hit) return hit;
  }
  return undefined;
}
