/** The decay panel: a TreeDataProvider over the pure tree model, sorted and filtered (thin adapter). */
import * as vscode from 'vscode';
import { type FileNode, type RegionNode, type TreeRoot, buildTree } from '../decay/tree';
import { NO_FILTER, type SortKey, type TriageFilter, describeFilter, isFiltered } from '../decay/triage';
import { type RegionService, allAidecayDiagnostics } from '../regions';

type Node = FileNode | RegionNode;

const SORT_STATE = 'aidecay.regions.sort';
const FILTER_STATE = 'aidecay.regions.filter';

function signature(roots: readonly TreeRoot[]): string {
  const row = (n: RegionNode): unknown[] => [n.region.id, n.label, n.description, n.tooltip, n.contextValue, n.region.range];
  return JSON.stringify(roots.map((r) => (r.kind === 'file' ? [r.uri, r.description, r.children.map(row)] : row(r))));
}

export class DecayTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private roots: TreeRoot[] = [];
  /** What the rows last showed: unchanged rows are not re-rendered (a re-render under the
   * pointer drops the click's command: "Actual command not found"). */
  private shown = '';
  private timer: NodeJS.Timeout | undefined;
  private view: vscode.TreeView<Node> | undefined;

  constructor(
    private readonly regions: RegionService,
    private readonly state: vscode.Memento,
  ) {
    this.disposables.push(
      regions.onDidChange(() => this.schedule()),
      vscode.languages.onDidChangeDiagnostics(() => this.schedule()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()),
    );
    this.rebuild();
  }

  /** The tree view showing this provider (for its description: the active filter). */
  attach(view: vscode.TreeView<Node>): void {
    this.view = view;
    this.rebuild();
  }

  get sort(): SortKey {
    return this.state.get<SortKey>(SORT_STATE, 'decay');
  }

  get filter(): TriageFilter {
    return { ...NO_FILTER, ...this.state.get<TriageFilter>(FILTER_STATE, NO_FILTER) };
  }

  async setSort(sort: SortKey): Promise<void> {
    await this.state.update(SORT_STATE, sort);
    this.rebuild();
  }

  async setFilter(filter: TriageFilter): Promise<void> {
    await this.state.update(FILTER_STATE, filter);
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
    const filter = this.filter;
    const roots = buildTree(this.regions.allRegions(), allAidecayDiagnostics(), {
      now: new Date(),
      workspaceFolders: folders,
      sort: this.sort,
      filter,
    });
    const shown = signature(roots);
    this.roots = roots;
    void vscode.commands.executeCommand('setContext', 'aidecay.regionsFiltered', isFiltered(filter));
    // "No AI-written regions recorded" only once the server's answer is in and this very
    // rebuild found none (never in the moment between the answer and the rows).
    void vscode.commands.executeCommand('setContext', 'aidecay.noRegions', this.regions.listed && roots.length === 0 && !isFiltered(filter));
    if (this.view) {
      this.view.description = isFiltered(filter) ? `filtered: ${describeFilter(filter)}` : undefined;
      this.view.message =
        isFiltered(filter) && this.roots.length === 0 && this.regions.allRegions().length > 0
          ? 'No AI region matches the filter.'
          : undefined;
    }
    if (shown === this.shown) return;
    this.shown = shown;
    this.emitter.fire(undefined);
  }

  get fileNodes(): readonly FileNode[] {
    return this.roots.filter((r): r is FileNode => r.kind === 'file');
  }

  getChildren(element?: Node): Node[] {
    if (!element) return this.roots;
    return element.kind === 'file' ? element.children : [];
  }

  getParent(element: Node): Node | undefined {
    if (element.kind === 'file') return undefined;
    return this.fileNodes.find((f) => f.uri === element.region.uri);
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
      : element.reviewed
        ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('aidecay.aiRegionRuler'))
        : new vscode.ThemeIcon('sparkle', new vscode.ThemeColor('aidecay.aiRegionRuler'));
    item.command = { command: 'aidecay.revealRegion', title: 'Select Region', arguments: [element.region.id] };
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
  }
}
