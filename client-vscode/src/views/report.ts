/** The report webview (thin adapter): local assets, strict CSP, fed by server requests. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import {
  ListRegionsRequest,
  RegionHistoryRequest,
  type RegionEvent,
  type RegionInfo,
  StatsRequest,
  type StatsResult,
  isMethodNotFound,
} from '../protocol';
import { REPORT_COMMANDS, renderReport } from '../report/html';
import { complexitySeries, regionChoices, reworkPerDay, survivalFromStats, survivalSeries, trendRegionIds } from '../report/model';
import { type ReplayRepo, replayRepos } from '../report/replay';
import type { ServerManager } from '../server';

const HISTORY_LIMIT = 150;
/** Ids of the regions `aidecay replay` stores (server: stats/replay_report.REPLAY_PREFIX). */
const REPLAY_PREFIX = 'replay-';

export class ReportPanel implements vscode.Disposable {
  private static current: ReportPanel | undefined;
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private selected: string | null = null;

  static show(context: vscode.ExtensionContext, server: ServerManager, regionId?: string): ReportPanel {
    if (ReportPanel.current) {
      ReportPanel.current.panel.reveal();
    } else {
      ReportPanel.current = new ReportPanel(context, server);
    }
    if (regionId) ReportPanel.current.selected = regionId;
    void ReportPanel.current.render();
    return ReportPanel.current;
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: ServerManager,
  ) {
    const media = vscode.Uri.joinPath(context.extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel('aidecay.report', 'aidecay report', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: false,
    });
    this.panel.iconPath = vscode.Uri.joinPath(media, 'aidecay.svg');
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((msg: { type?: string; id?: string; command?: string }) => {
        if (msg.type === 'selectRegion' && typeof msg.id === 'string') {
          this.selected = msg.id;
          void this.render();
        } else if (msg.type === 'refresh') {
          void this.render();
        } else if (msg.type === 'command' && (REPORT_COMMANDS as readonly string[]).includes(msg.command ?? '')) {
          void vscode.commands.executeCommand(msg.command ?? '');
        }
      }),
      // The page follows the server: "not running" while it is down, the report once it is back.
      server.onStateChanged((state) => {
        if (state !== 'starting') void this.render();
      }),
    );
  }

  async render(): Promise<void> {
    const webview = this.panel.webview;
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
    const client = this.server.languageClient;
    const now = new Date();
    let all: RegionInfo[] = [];
    let stats: StatsResult | null = null;
    let statsNote: string | null = null;
    const histories: RegionEvent[][] = [];
    let replay: ReplayRepo[] = [];
    if (!client) {
      statsNote = 'The aidecay server is not running.';
    } else {
      try {
        // Live regions only: replayed ones (ids `replay-…`) have their own section.
        all = (await client.sendRequest(ListRegionsRequest, { includeDeleted: true })).regions.filter((r) => !r.id.startsWith(REPLAY_PREFIX));
      } catch (error) {
        statsNote = `aidecay/listRegions failed: ${String(error)}`;
      }
      try {
        stats = await client.sendRequest(StatsRequest, { source: 'live', scorecard: true });
        replay = replayRepos((await client.sendRequest(StatsRequest, { source: 'replay' })).replay);
      } catch (error) {
        statsNote = isMethodNotFound(error)
          ? 'This aidecay server does not provide aidecay/stats yet; update aidecay for personal stats.'
          : `aidecay/stats failed: ${String(error)}`;
      }
      const edited = all.filter((r) => r.editCount > 0).slice(0, HISTORY_LIMIT);
      const results = await Promise.allSettled(edited.map((r) => client.sendRequest(RegionHistoryRequest, { id: r.id })));
      for (const r of results) if (r.status === 'fulfilled') histories.push(r.value.events);
    }
    const choices = regionChoices(all, trendRegionIds(stats));
    if (this.selected === null || !choices.some((r) => r.id === this.selected)) this.selected = choices[0]?.id ?? null;
    const region = choices.find((r) => r.id === this.selected) ?? null;
    webview.html = renderReport({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.js')).toString(),
      survival: (() => {
        const fromServer = survivalFromStats(stats);
        // The server's daily series from its first region; with a single day, the client's week is clearer.
        return (fromServer[0]?.points.length ?? 0) > 1 ? fromServer : survivalSeries(all, now);
      })(),
      rework: reworkPerDay(histories, now),
      complexity: region ? complexitySeries(region, stats, now) : [],
      regions: choices,
      selectedRegionId: this.selected,
      stats,
      statsNote,
      workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()),
      generatedAt: now,
      serverRunning: client !== undefined,
      recordedRegions: all.length,
      replay,
    });
  }

  dispose(): void {
    ReportPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
