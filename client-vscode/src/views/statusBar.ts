/** Status bar item: AI regions and decaying regions in the current file (thin adapter). */
import * as vscode from 'vscode';
import { statusText, summarizeFile } from '../decay/tree';
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
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'python' || editor.document.uri.scheme !== 'file') {
      this.item.hide();
      return;
    }
    if (state === 'starting') {
      this.item.text = '$(loading~spin) aidecay';
      this.item.tooltip = 'Starting the aidecay server…';
      this.item.show();
      return;
    }
    const summary = summarizeFile(this.regions.regionsOf(editor.document.uri.toString()), aidecayDiagnostics(editor.document.uri));
    const text = statusText(summary);
    if (text === null) {
      this.item.hide(); // no AI regions in this file: nothing to say
      return;
    }
    this.item.text = text;
    const worst = summary.worst ? ` (worst: ${summary.worst})` : '';
    this.item.tooltip = `${summary.live} AI-written region${summary.live === 1 ? '' : 's'} in this file, ${summary.decaying} with problems${worst}. Click to open the decay panel.`;
    this.item.command = 'aidecay.regions.focus';
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
