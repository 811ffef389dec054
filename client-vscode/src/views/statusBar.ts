/** Status bar item: AI regions and decaying regions in the current file (thin adapter). */
import * as vscode from 'vscode';
import { inWorkspace, statusText, summarizeFile } from '../decay/tree';
import { type RegionService, aidecayDiagnostics } from '../regions';
import type { ServerManager } from '../server';

export class RegionStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly regions: RegionService,
    private readonly server: ServerManager,
  ) {
    this.item = vscode.window.createStatusBarItem('aidecay.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'aidecay';
    this.disposables.push(
      this.item,
      regions.onDidChange(() => this.update()),
      server.onStateChanged(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.languages.onDidChangeDiagnostics(() => this.update()),
    );
    this.update();
  }

  update(): void {
    const state = this.server.currentState;
    if (state === 'failed' || state === 'stopped') {
      this.item.text = '$(circle-slash) aidecay';
      this.item.tooltip = 'The aidecay server is not running. Click to see its log.';
      this.item.command = 'aidecay.showServerLog';
      this.item.backgroundColor = state === 'failed' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      this.item.show();
      return;
    }
    this.item.backgroundColor = undefined;
    if (state === 'starting' || state === 'restarting') {
      this.item.text = '$(loading~spin) aidecay';
      this.item.tooltip = state === 'starting' ? 'Starting the aidecay server…' : 'The aidecay server stopped unexpectedly; restarting it…';
      this.item.command = 'aidecay.showServerLog';
      this.item.show();
      return;
    }
    const editor = vscode.window.activeTextEditor;
    const python = editor !== undefined && editor.document.languageId === 'python' && editor.document.uri.scheme === 'file';
    const summary = python ? summarizeFile(this.regions.regionsOf(editor.document.uri.toString()), aidecayDiagnostics(editor.document.uri)) : null;
    const text = summary ? statusText(summary) : null;
    if (summary === null || text === null) {
      this.showWorkspace(); // no Python file with AI regions in front: the workspace's count
      return;
    }
    this.item.text = text;
    const worst = summary.worst ? ` (worst: ${summary.worst})` : '';
    this.item.tooltip = `${summary.live} AI-written region${summary.live === 1 ? '' : 's'} in this file, ${summary.decaying} with problems${worst}. Click to open the decay panel.`;
    this.item.command = 'aidecay.regions.focus';
    this.item.show();
  }

  /** `✧ 12 AI` for the workspace's live AI regions (hidden when it has none). */
  private showWorkspace(): void {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    const live = this.regions.allRegions().filter((r) => r.status === 'live' && inWorkspace(r.uri, folders));
    if (live.length === 0) {
      this.item.hide();
      return;
    }
    const files = new Set(live.map((r) => r.uri)).size;
    this.item.text = `$(sparkle) ${live.length} AI in workspace`;
    this.item.tooltip = `${live.length} AI-written region${live.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} of this workspace. Click to open the decay panel.`;
    this.item.command = 'aidecay.regions.focus';
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
