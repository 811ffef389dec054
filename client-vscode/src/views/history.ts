/**
 * The Region History view: one region's edits grouped by sitting; a click on an edit opens
 * VS Code's diff editor of the region's text before and after it (thin adapter over
 * `decay/history`).
 */
import * as vscode from 'vscode';
import { type EditRow, type HistoryModel, type MomentRow, type SittingRow, historyModel } from '../decay/history';
import type { RegionHistoryResult } from '../protocol';

/** Asks the server for a region's history again (undefined: not available now). */
export type HistoryLoader = (regionId: string) => Promise<RegionHistoryResult | undefined>;

/** Re-read the shown history this long after its file's regions last changed. */
const REFRESH_MS = 600;

export const HISTORY_SCHEME = 'aidecay-history';
export const HISTORY_VIEW = 'aidecay.history';

type Node =
  | { kind: 'sitting'; row: SittingRow; index: number; first: boolean }
  | { kind: 'edit'; row: EditRow; sitting: number }
  | { kind: 'moment'; row: MomentRow };

const MOMENT_ICONS: Record<MomentRow['kind'], string> = {
  created: 'sparkle',
  reviewed: 'pass',
  unreviewed: 'discard',
  deleted: 'trash',
  unmarked: 'close',
  relabeled: 'tag',
};

/** Read-only texts of the `aidecay-history:` scheme (region snapshots for the diff editor). */
export class HistoryDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  set(uri: vscode.Uri, text: string): void {
    this.contents.set(uri.toString(), text);
    this.emitter.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'This region text is no longer available.';
  }
}

export class HistoryView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly documents = new HistoryDocuments();
  private model: HistoryModel | null = null;
  private fileLabel = '';
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[];
  private timer: NodeJS.Timeout | undefined;

  /**
   * `changes` fires with a document URI whose regions changed (an edit, a review): the shown
   * history is read again from the server through `load`, so it never goes stale.
   */
  constructor(
    changes: vscode.Event<string | undefined>,
    private readonly load: HistoryLoader,
  ) {
    this.view = vscode.window.createTreeView(HISTORY_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables = [
      this.view,
      vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, this.documents),
      vscode.commands.registerCommand('aidecay.openEditDiff', (sitting: number, edit: number) => this.openDiff(sitting, edit)),
      changes((uri) => {
        if (this.model && (uri === undefined || uri === this.model.uri)) this.scheduleRefresh();
      }),
    ];
  }

  private scheduleRefresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, REFRESH_MS);
  }

  /** Read the shown region's history again (after an edit or a review); keeps the view's focus. */
  async refresh(): Promise<void> {
    const shown = this.model;
    if (!shown) return;
    const result = await this.load(shown.regionId).catch(() => undefined);
    if (!result || this.model !== shown) return;
    this.render(result);
  }

  /** Show a region's history in the view and bring the view forward. */
  async show(result: RegionHistoryResult, fileLabel: string): Promise<void> {
    this.fileLabel = fileLabel;
    this.render(result);
    await vscode.commands.executeCommand(`${HISTORY_VIEW}.focus`);
  }

  private render(result: RegionHistoryResult): void {
    this.model = historyModel(result, new Date(), this.fileLabel);
    this.view.title = `History: ${this.model.title}`;
    this.view.description = this.model.description;
    this.view.message =
      this.model.sittings.length === 0
        ? 'No edits since the AI wrote this region.'
        : this.model.hasTexts
          ? undefined
          : 'This server keeps no text snapshots: edits have no diff.';
    this.emitter.fire(undefined);
  }

  getChildren(element?: Node): Node[] {
    const model = this.model;
    if (!model) return [];
    if (!element) {
      let first = true;
      return model.timeline.flatMap((entry): Node[] => {
        if (entry.kind === 'moment') return [{ kind: 'moment', row: entry.row }];
        const row = model.sittings[entry.index];
        if (!row) return [];
        const node: Node = { kind: 'sitting', row, index: entry.index, first };
        first = false;
        return [node];
      });
    }
    if (element.kind === 'sitting') return element.row.edits.map((row) => ({ kind: 'edit', row, sitting: element.index }));
    return [];
  }

  getTreeItem(element: Node): vscode.TreeItem {
    if (element.kind === 'moment') {
      const item = new vscode.TreeItem(element.row.label, vscode.TreeItemCollapsibleState.None);
      item.description = element.row.description;
      item.tooltip = `${element.row.label}: ${element.row.at}`;
      item.iconPath = new vscode.ThemeIcon(MOMENT_ICONS[element.row.kind]);
      item.contextValue = `moment.${element.row.kind}`;
      return item;
    }
    if (element.kind === 'sitting') {
      const item = new vscode.TreeItem(
        element.row.label,
        element.first ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.id = `sitting:${this.model?.regionId ?? ''}:${element.row.startedAt}`;
      item.description = element.row.description;
      item.iconPath = new vscode.ThemeIcon('calendar');
      item.contextValue = 'sitting';
      return item;
    }
    const row = element.row;
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath = new vscode.ThemeIcon(row.author === 'human' ? 'person' : row.author === 'external' ? 'file' : 'sparkle');
    item.contextValue = row.before !== null ? 'edit.diff' : 'edit';
    if (row.before !== null && row.after !== null) {
      const index = this.model?.sittings[element.sitting]?.edits.indexOf(row) ?? -1;
      item.command = { command: 'aidecay.openEditDiff', title: 'Compare Before and After', arguments: [element.sitting, index] };
    }
    return item;
  }

  private async openDiff(sitting: number, edit: number): Promise<void> {
    const model = this.model;
    const row = model?.sittings[sitting]?.edits[edit];
    if (!model || !row || row.before === null || row.after === null) return;
    const name = model.title.replace(/[^\w.+-]+/g, '_') || 'region';
    const base = `/${model.regionId}/${encodeURIComponent(row.id)}`;
    const before = vscode.Uri.from({ scheme: HISTORY_SCHEME, path: `${base}/before/${name}.py` });
    const after = vscode.Uri.from({ scheme: HISTORY_SCHEME, path: `${base}/after/${name}.py` });
    this.documents.set(before, row.before);
    this.documents.set(after, row.after);
    await vscode.commands.executeCommand('vscode.diff', before, after, `${model.title}: ${row.label} (${row.description})`, {
      preview: true,
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
  }
}
