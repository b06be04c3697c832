// Presents a TreeNode model to VS Code. The provider holds no data logic: it shows whatever
// roots the refresher gives it, keyed by stable ids so expansion and selection survive updates.
import * as vscode from 'vscode';
import { accessibilityLabel, treeItemId, type TreeNode } from './model/treeNode';

const COLLAPSIBLE: Record<TreeNode['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

export class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private roots: TreeNode[] = [];
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  get rootNodes(): readonly TreeNode[] {
    return this.roots;
  }

  setRoots(roots: TreeNode[]): void {
    this.roots = roots;
    this.emitter.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, COLLAPSIBLE[node.collapsible]);
    item.id = treeItemId(node);
    item.description = node.description;
    item.contextValue = node.contextValue;
    item.accessibilityInformation = { label: accessibilityLabel(node), role: 'treeitem' };
    if (node.icon) {
      item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    }
    if (node.tooltip) {
      // Builders escape every value; untrusted and without HTML support, so names render as text.
      const tooltip = new vscode.MarkdownString(node.tooltip, true);
      tooltip.isTrusted = false;
      tooltip.supportHtml = false;
      item.tooltip = tooltip;
    }
    if (node.command) item.command = { command: node.command.id, title: node.command.title };
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node ? node.children : this.roots;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
