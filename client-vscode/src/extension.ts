/** Activation wiring only: every piece lives in its own module. */
import * as vscode from 'vscode';
import { CaptureAdapter } from './capture/adapter';
import { registerCommands } from './commands';
import { registerMcpProvider } from './mcp/provider';
import { MarkRegionRequest } from './protocol';
import { RegionService } from './regions';
import { readConfiguration } from './middleware';
import { ServerManager } from './server';
import { registerSetupCommands } from './setup/commands';
import { watchUserSettings } from './setup/settingsWatcher';
import { RegionDecorations } from './views/decorations';
import { HistoryView } from './views/history';
import { RegionStatusBar } from './views/statusBar';
import { DecayTreeProvider } from './views/tree';
import { registerTriageCommands } from './views/triageCommands';

let server: ServerManager | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('aidecay', { log: true });
  context.subscriptions.push(output);

  // The capture adapter needs the server to send marks; the server needs the adapter's hooks.
  const holder: { manager?: ServerManager } = {};
  const initial = readConfiguration().settings;
  const capture = new CaptureAdapter({
    output,
    settings: () => holder.manager?.currentSettings ?? initial,
    send: (params) => holder.manager?.languageClient?.sendRequest(MarkRegionRequest, params),
  });
  const manager = new ServerManager(context, output, capture);
  holder.manager = manager;
  server = manager;
  context.subscriptions.push(manager, capture, ...capture.register());

  const regions = new RegionService(manager);
  const tree = new DecayTreeProvider(regions, context.workspaceState);
  const view = vscode.window.createTreeView('aidecay.regions', { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(view);
  const history = new HistoryView(regions.onDidChange, (id) => regions.history(id));
  const decorations = new RegionDecorations(context, regions, () => manager.currentSettings.showRegions);
  const status = new RegionStatusBar(regions, manager);
  context.subscriptions.push(regions, tree, view, history, decorations, status, ...registerTriageCommands(tree, regions));
  context.subscriptions.push(...registerCommands({ context, server: manager, regions, history }), ...registerSetupCommands(manager));
  context.subscriptions.push(watchUserSettings(context, output));
  context.subscriptions.push(registerMcpProvider(manager));

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('aidecay')) return;
      // ServerManager re-reads the settings first (its listener was registered earlier).
      setTimeout(() => {
        capture.settingsChanged(manager.currentSettings);
        decorations.refreshAll();
      }, 0);
    }),
    view.onDidChangeVisibility((e) => {
      if (e.visible) void regions.refreshNow();
    }),
    manager.onStateChanged((state) => {
      if (state === 'running') markInstallStepDone(context);
    }),
  );

  await manager.start();
}

/**
 * The walkthrough's "Install the aidecay server" step is done once the server runs. Its
 * `onContext` completion event alone is not enough: VS Code loads walkthroughs lazily and never
 * checks a step whose context already held when they were loaded. `welcome.markStepComplete` is
 * VS Code's own command for it (an editor without it just leaves the step to its events).
 */
function markInstallStepDone(context: vscode.ExtensionContext): void {
  const step = `${context.extension.id}#aidecay.start#aidecay.start.install`;
  void vscode.commands.executeCommand('welcome.markStepComplete', step).then(undefined, () => undefined);
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
