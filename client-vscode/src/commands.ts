/** Command handlers (thin adapters over the server requests and the views). */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { regionAt, relativeLabel, lineSpan } from './decay/tree';
import { reviewedAsIs } from './decay/triage';
import {
  type ExportFormat,
  ExportRequest,
  ListRegionsRequest,
  MarkRegionRequest,
  RegionHistoryRequest,
  type RegionInfo,
  ServerCommands,
  UnmarkRegionRequest,
  isMethodNotFound,
  isOrigin,
  serverCommandArguments,
} from './protocol';
import type { RegionService } from './regions';
import { defaultExportFile } from './report/exportTarget';
import type { ServerManager } from './server';
import type { HistoryView } from './views/history';
import { ReportPanel } from './views/report';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  server: ServerManager;
  regions: RegionService;
  history: HistoryView;
}

function requireClient(server: ServerManager): LanguageClient | undefined {
  const client = server.languageClient;
  if (!client) {
    void vscode.window
      .showWarningMessage('aidecay: the server is not running.', 'Restart Server', 'Show Log')
      .then((c) => {
        if (c === 'Restart Server') void vscode.commands.executeCommand('aidecay.restartServer');
        if (c === 'Show Log') server.output.show();
      });
  }
  return client;
}

/** A command argument (region id, tree node, or nothing) to a region id; asks when ambiguous. */
async function resolveRegion(arg: unknown, deps: CommandDeps, purpose: string): Promise<RegionInfo | undefined> {
  if (typeof arg === 'string') return deps.regions.findById(arg) ?? ({ id: arg } as RegionInfo);
  if (typeof arg === 'object' && arg !== null) {
    const node = arg as { kind?: string; region?: RegionInfo; id?: unknown };
    if (node.kind === 'region' && node.region) return node.region;
    if (typeof node.id === 'string') return deps.regions.findById(node.id) ?? ({ id: node.id } as RegionInfo);
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(`aidecay: open a file with AI regions to ${purpose}.`);
    return undefined;
  }
  const client = requireClient(deps.server);
  if (!client) return undefined;
  const uri = editor.document.uri.toString();
  const regions = (await client.sendRequest(ListRegionsRequest, { textDocument: { uri } })).regions.filter(
    (r) => r.status === 'live',
  );
  const pos = editor.selection.active;
  const here = regionAt(regions, pos.line, pos.character);
  if (here) return here;
  if (regions.length === 0) {
    void vscode.window.showInformationMessage('aidecay: this file has no AI regions.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    regions.map((r) => ({
      label: r.symbol ?? lineSpan(r.range),
      description: `${r.symbol ? `${lineSpan(r.range)} · ` : ''}${r.origin}${r.tool ? ` · ${r.tool}` : ''}`,
      region: r,
    })),
    { placeHolder: `Which AI region do you want to ${purpose}?` },
  );
  return pick?.region;
}

/** Runs a server review command; says clearly when this server does not have it. */
async function reviewCommand(client: LanguageClient, command: string, regionId: string, what: string): Promise<boolean> {
  try {
    await client.sendRequest('workspace/executeCommand', { command, arguments: serverCommandArguments(regionId) });
    return true;
  } catch (error) {
    const missing = isMethodNotFound(error) || /unknown command|not found|no command/i.test(String(error));
    void vscode.window.showWarningMessage(
      missing ? `aidecay: this server cannot ${what} yet (it has no "${command}" command). Update aidecay.` : `aidecay: ${command} failed: ${String(error)}`,
    );
    return false;
  }
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { server, regions, context, history } = deps;
  const folders = (): string[] => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());

  return [
    vscode.commands.registerCommand('aidecay.markSelection', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || editor.selections.every((s) => s.isEmpty)) {
        void vscode.window.showInformationMessage('aidecay: select the AI-written code first.');
        return;
      }
      const client = requireClient(server);
      if (!client) return;
      let created = 0;
      for (const s of editor.selections) {
        if (s.isEmpty) continue;
        const result = await client.sendRequest(MarkRegionRequest, {
          textDocument: { uri: editor.document.uri.toString(), version: editor.document.version },
          range: {
            start: { line: s.start.line, character: s.start.character },
            end: { line: s.end.line, character: s.end.character },
          },
          origin: 'manual',
        });
        created += result.created.length;
      }
      regions.invalidate(editor.document.uri.toString());
      void vscode.window.setStatusBarMessage(
        created > 0 ? `aidecay: marked ${created} region${created === 1 ? '' : 's'} as AI-generated` : 'aidecay: already marked',
        4000,
      );
    }),

    vscode.commands.registerCommand('aidecay.unmark', async (arg: unknown) => {
      const region = await resolveRegion(arg, deps, 'unmark');
      const client = region && requireClient(server);
      if (!region || !client) return;
      const result = await client.sendRequest(UnmarkRegionRequest, { id: region.id });
      regions.invalidate(result.region?.uri ?? region.uri);
      const gone = result.region;
      if (!gone) {
        void vscode.window.setStatusBarMessage('aidecay: no such region', 4000);
        return;
      }
      const name = gone.symbol ?? lineSpan(gone.range);
      const choice = await vscode.window.showInformationMessage(`aidecay: ${name} unmarked (not AI-written).`, 'Undo');
      if (choice !== 'Undo') return;
      // Undo: mark the same range again with the same origin, tool and model.
      const again = await client.sendRequest(MarkRegionRequest, {
        textDocument: { uri: gone.uri },
        range: gone.range,
        origin: isOrigin(gone.origin) ? gone.origin : 'manual',
        ...(gone.tool ? { tool: gone.tool } : {}),
        ...(gone.model ? { model: gone.model } : {}),
      });
      regions.invalidate(gone.uri);
      void vscode.window.setStatusBarMessage(
        again.created.length > 0 ? `aidecay: ${name} is marked as AI-written again` : 'aidecay: could not mark it again',
        4000,
      );
    }),

    vscode.commands.registerCommand('aidecay.markRegionReviewed', async (arg: unknown) => {
      const region = await resolveRegion(arg, deps, 'mark as reviewed');
      const client = region && requireClient(server);
      if (!region || !client) return;
      const name = region.symbol ?? (region.range ? lineSpan(region.range) : 'the region');
      if (reviewedAsIs(region)) {
        const choice = await vscode.window.showInformationMessage(
          `aidecay: ${name} was reviewed${region.reviewedBy ? ` by ${region.reviewedBy}` : ''} and not edited since.`,
          'Undo Review',
        );
        if (choice === 'Undo Review') await vscode.commands.executeCommand('aidecay.undoRegionReview', region.id);
        return;
      }
      if (await reviewCommand(client, ServerCommands.markReviewed, region.id, 'mark regions as reviewed')) {
        regions.invalidate(region.uri);
        void vscode.window.showInformationMessage(`aidecay: ${name} marked as reviewed.`, 'Undo Review').then((choice) => {
          if (choice === 'Undo Review') void vscode.commands.executeCommand('aidecay.undoRegionReview', region.id);
        });
      }
    }),

    vscode.commands.registerCommand('aidecay.undoRegionReview', async (arg: unknown) => {
      const region = await resolveRegion(arg, deps, 'undo the review of');
      const client = region && requireClient(server);
      if (!region || !client) return;
      if (await reviewCommand(client, ServerCommands.undoReview, region.id, 'undo reviews')) {
        regions.invalidate(region.uri);
        void vscode.window.setStatusBarMessage('aidecay: review undone', 4000);
      }
    }),

    vscode.commands.registerCommand('aidecay.showRegionHistory', async (arg: unknown) => {
      const region = await resolveRegion(arg, deps, 'show the history of');
      const client = region && requireClient(server);
      if (!region || !client) return;
      try {
        const result = await client.sendRequest(RegionHistoryRequest, { id: region.id });
        await history.show(result, relativeLabel(result.region.uri, folders()));
      } catch (error) {
        void vscode.window.showWarningMessage(`aidecay: could not read the region's history: ${String(error)}`);
      }
    }),

    vscode.commands.registerCommand('aidecay.revealRegion', async (arg: unknown) => {
      const id = typeof arg === 'string' ? arg : undefined;
      const region = id ? regions.findById(id) : undefined;
      if (!region) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(region.uri));
      const range = new vscode.Range(
        region.range.start.line,
        region.range.start.character,
        region.range.end.line,
        region.range.end.character,
      );
      const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false });
      // The whole region is selected: ready to read, copy or re-run an AI edit on it.
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }),

    vscode.commands.registerCommand('aidecay.restartServer', () => server.restart()),
    vscode.commands.registerCommand('aidecay.showServerLog', () => server.output.show()),
    vscode.commands.registerCommand('aidecay.installServer', () => server.install()),

    vscode.commands.registerCommand('aidecay.toggleRegions', async () => {
      const config = vscode.workspace.getConfiguration('aidecay');
      const inspected = config.inspect<boolean>('showRegions');
      const target =
        inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await config.update('showRegions', !server.currentSettings.showRegions, target);
    }),

    vscode.commands.registerCommand('aidecay.openReport', (arg: unknown) => {
      const id = typeof arg === 'string' ? arg : (arg as { region?: RegionInfo } | undefined)?.region?.id;
      ReportPanel.show(context, server, id);
    }),

    vscode.commands.registerCommand('aidecay.refreshRegions', () => regions.refreshNow()),

    vscode.commands.registerCommand('aidecay.exportStats', async (formatArg?: unknown, pathArg?: unknown) => {
      const client = requireClient(server);
      if (!client) return;
      let format: ExportFormat | undefined =
        formatArg === 'json' || formatArg === 'csv' ? formatArg : undefined;
      if (!format) {
        const pick = await vscode.window.showQuickPick(
          [
            { label: 'JSON', description: 'regions, their events, metric samples and findings', format: 'json' as const },
            {
              label: 'CSV',
              description: 'one table: a row per region, event, metric sample and finding (column "record" says which)',
              format: 'csv' as const,
            },
          ],
          { placeHolder: 'Export your aidecay stats as…' },
        );
        format = pick?.format;
      }
      if (!format) return;
      let target: vscode.Uri | undefined =
        typeof pathArg === 'string' ? vscode.Uri.file(pathArg) : pathArg instanceof vscode.Uri ? pathArg : undefined;
      if (!target) {
        target = await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.file(defaultExportFile(format)),
          filters: format === 'json' ? { JSON: ['json'] } : { CSV: ['csv'] },
          saveLabel: 'Export',
          title: 'Export aidecay stats',
        });
      }
      if (!target) return;
      try {
        const result = await client.sendRequest(ExportRequest, { format });
        await vscode.workspace.fs.writeFile(target, Buffer.from(result.content, 'utf8'));
        void vscode.window
          .showInformationMessage(`aidecay: stats exported to ${target.fsPath}`, 'Open')
          .then((c) => {
            if (c === 'Open') void vscode.window.showTextDocument(target);
          });
      } catch (error) {
        void vscode.window.showWarningMessage(
          isMethodNotFound(error)
            ? 'aidecay: this server cannot export stats yet (no aidecay/export). Update aidecay.'
            : `aidecay: export failed: ${String(error)}`,
        );
      }
    }),

    vscode.commands.registerCommand('aidecay.api.listRegions', async (arg?: unknown) => {
      const client = server.languageClient;
      if (!client) return null;
      const uri = typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.toString() : undefined;
      const result = await client.sendRequest(
        ListRegionsRequest,
        uri ? { textDocument: { uri }, includeDeleted: true } : { includeDeleted: true },
      );
      return result.regions;
    }),
  ];
}
