/** Gutter and overview-ruler marks on live AI regions (thin adapter). */
import * as vscode from 'vscode';
import { diagnosticsFor } from '../decay/tree';
import { type RegionService, aidecayDiagnostics } from '../regions';

export class RegionDecorations implements vscode.Disposable {
  private readonly live: vscode.TextEditorDecorationType;
  private readonly decaying: vscode.TextEditorDecorationType;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    context: vscode.ExtensionContext,
    private readonly regions: RegionService,
    private readonly enabled: () => boolean,
  ) {
    const make = (icon: string, color: string): vscode.TextEditorDecorationType =>
      vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        gutterIconPath: vscode.Uri.joinPath(context.extensionUri, 'media', icon),
        gutterIconSize: 'contain',
        overviewRulerColor: new vscode.ThemeColor(color),
        overviewRulerLane: vscode.OverviewRulerLane.Left,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
    this.live = make('gutter-ai.svg', 'aidecay.aiRegionRuler');
    this.decaying = make('gutter-decay.svg', 'aidecay.decayingRegionRuler');
    this.disposables.push(
      this.live,
      this.decaying,
      regions.onDidChange(() => this.refreshAll()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()),
      vscode.languages.onDidChangeDiagnostics(() => this.refreshAll()),
    );
  }

  refreshAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.refresh(editor);
  }

  private refresh(editor: vscode.TextEditor): void {
    if (!this.enabled()) {
      editor.setDecorations(this.live, []);
      editor.setDecorations(this.decaying, []);
      return;
    }
    const regions = this.regions.regionsOf(editor.document.uri.toString()).filter((r) => r.status === 'live');
    const diagnostics = aidecayDiagnostics(editor.document.uri);
    const live: vscode.DecorationOptions[] = [];
    const decaying: vscode.DecorationOptions[] = [];
    for (const r of regions) {
      const diags = diagnosticsFor(r, diagnostics);
      // An end at column 0 closes the previous line: do not mark the next one.
      const endLine = r.range.end.character === 0 && r.range.end.line > r.range.start.line ? r.range.end.line - 1 : r.range.end.line;
      // No hover here: the server's hover is the one card about a region.
      const range = new vscode.Range(r.range.start.line, 0, endLine, 0);
      (diags.length > 0 ? decaying : live).push({ range });
    }
    editor.setDecorations(this.live, live);
    editor.setDecorations(this.decaying, decaying);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
