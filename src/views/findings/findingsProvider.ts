// Presents the Diagnostics model to VS Code: ids are stable (finding ids), so expansion and
// selection survive the frequent refreshes of a running lab.
import * as vscode from 'vscode';
import type { Severity } from '../../diagnostics/finding';
import type { DiagNode } from './findingsTree';
import { CommandId } from '../../commands/commandIds';
import { ContextValue } from '../contextValues';

const SEVERITY_ICON: Record<Severity, [string, string | undefined]> = {
  error: ['error', 'list.errorForeground'],
  warning: ['warning', 'list.warningForeground'],
  info: ['info', undefined],
};

function icon(id: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

export class DiagnosticsProvider implements vscode.TreeDataProvider<DiagNode>, vscode.Disposable {
  private roots: DiagNode[] = [];
  private readonly emitter = new vscode.EventEmitter<DiagNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  get rootNodes(): readonly DiagNode[] {
    return this.roots;
  }

  setRoots(roots: DiagNode[]): void {
    this.roots = roots;
    this.emitter.fire(undefined);
  }

  getTreeItem(node: DiagNode): vscode.TreeItem {
    switch (node.kind) {
      case 'severity': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = icon(...SEVERITY_ICON[node.severity]);
        item.contextValue = ContextValue.findingSeverity;
        item.id = node.id;
        return item;
      }
      case 'resource': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = icon('symbol-class');
        item.description = node.description;
        item.tooltip = node.resourceId;
        item.contextValue = ContextValue.findingResource;
        item.id = node.id;
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(f.title, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = f.ruleId;
        item.iconPath = icon(...SEVERITY_ICON[f.severity]);
        // Plain text: titles and explanations carry names from data, never trusted markup.
        item.tooltip = `${f.title}\n\n${f.explanation}${f.modelNote ? `\n\n${f.modelNote}` : ''}`;
        item.contextValue = ContextValue.finding;
        item.command = { command: CommandId.showFinding, title: 'Show finding', arguments: [f.id, node.source] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.detail;
        item.iconPath = node.isError ? icon('error', 'list.errorForeground') : icon('pass', 'testing.iconPassed');
        item.contextValue = node.isError ? ContextValue.findingError : ContextValue.findingMessage;
        return item;
      }
    }
  }

  getChildren(node?: DiagNode): DiagNode[] {
    return node ? node.children : this.roots;
  }

  getParent(node: DiagNode): DiagNode | undefined {
    return node.parent;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
