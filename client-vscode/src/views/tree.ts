/** The decay panel: a TreeDataProvider over the pure tree model (thin adapter). */
import * as vscode from 'vscode';
import { type FileNode, type RegionNode, buildTree } from '../decay/tree';
import { type RegionService, allAidecayDiagnostics } from '../regions';

type Node = FileNode | RegionNode;

export class DecayTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private roots: FileNode[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly regions: RegionService) {
    this.disposables.push(
      regions.onDidChange(() => this.schedule()),
      vscode.languages.onDidChangeDiagnostics(() => this.schedule()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()),
    );
    this.rebuild();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.rebuild();
    }, 100);
  }

  rebuild(): void {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    this.roots = buildTree(this.regions.allRegions(), allAidecayDiagnostics(), { now: new Date(), workspaceFolders: folders });
    this.emitter.fire(undefined);
  }

  get fileNodes(): readonly FileNode[] {
    return this.roots;
  }

  getChildren(element?: Node): Node[] {
    if (!element) return this.roots;
    return element.kind === 'file' ? element.children : [];
  }

  getParent(element: Node): Node | undefined {
    if (element.kind === 'file') return undefined;
    return this.roots.find((f) => f.uri === element.region.uri);
  }

  getTreeItem(element: Node): vscode.TreeItem {
    if (element.kind === 'file') {
      const item = new vscode.TreeItem(vscode.Uri.parse(element.uri), vscode.TreeItemCollapsibleState.Expanded);
      item.label = element.label;
      item.description = element.description;
      item.contextValue = 'file';
      item.id = `file:${element.uri}`;
      return item;
    }
    const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.None);
    item.id = `region:${element.region.id}`;
    item.description = element.description;
    item.tooltip = element.tooltip;
    item.contextValue = element.contextValue;
    item.iconPath = element.decaying
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('aidecay.decayingRegionRuler'))
      : new vscode.ThemeIcon('sparkle', new vscode.ThemeColor('aidecay.aiRegionRuler'));
    item.command = { command: 'aidecay.revealRegion', title: 'Reveal Region', arguments: [element.region.id] };
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
  }
}
