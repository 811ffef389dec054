/**
 * Registers aidecay's MCP server with VS Code (the MCP server-definition provider API, stable
 * since 1.101), so agent mode can call it: started like the language server (same interpreter,
 * same database, a neutral working directory), the `aidecay[mcp]` extra installed on first use.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { installCommand } from '../launch';
import type { ServerManager } from '../server';
import { MCP_PROBE_SCRIPT, MCP_PROVIDER_ID, mcpInstallSpec, mcpLaunch } from './plan';

export function registerMcpProvider(manager: ServerManager): vscode.Disposable {
  const lm = vscode.lm as typeof vscode.lm | undefined;
  if (!lm?.registerMcpServerDefinitionProvider) {
    manager.output.info('This VS Code has no MCP server-definition provider API: aidecay mcp is not registered.');
    return new vscode.Disposable(() => undefined);
  }
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition> = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: async () => {
      const found = await definition(manager);
      return found ? [found] : [];
    },
    resolveMcpServerDefinition: async (server) => ((await ensureExtra(manager)) ? server : undefined),
  };
  const registration = lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider);
  manager.output.info(`Registered the MCP server-definition provider ${MCP_PROVIDER_ID}.`);
  return vscode.Disposable.from(
    registration,
    changed,
    manager.onStateChanged(() => changed.fire()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
  );
}

async function definition(manager: ServerManager): Promise<vscode.McpStdioServerDefinition | undefined> {
  const plan = manager.launchPlan;
  if (!plan) return undefined; // the language server has not chosen its interpreter yet
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const launch = mcpLaunch(plan, roots, manager.currentSettings.databasePath, os.homedir());
  if (!launch) {
    manager.output.warn('aidecay.server.path has no "serve" argument to turn into "mcp": the MCP server is not offered.');
    return undefined;
  }
  const probe = manager.probe;
  const version = probe?.kind === 'ok' ? probe.version : undefined;
  const server = new vscode.McpStdioServerDefinition('aidecay', launch.command, launch.args, {}, version);
  server.cwd = vscode.Uri.file(await manager.neutralDirectory());
  return server;
}

/** Whether the MCP SDK imports in the server's interpreter; offers to install it when not. */
async function ensureExtra(manager: ServerManager): Promise<boolean> {
  const python = manager.launchPlan?.python;
  if (!python) return true; // a custom server command: it says itself what is missing
  const cwd = await manager.neutralDirectory();
  if (await runs(python, ['-c', MCP_PROBE_SCRIPT], cwd)) return true;
  const choice = await vscode.window.showInformationMessage(
    `aidecay's MCP server needs the MCP SDK (aidecay[mcp]) in ${python}. Install it there?`,
    'Install',
  );
  if (choice !== 'Install') return false;
  const folder = path.join(manager.extensionPath, 'bundled');
  let files: string[] = [];
  try {
    files = fs.readdirSync(folder);
  } catch {
    /* a development build without a bundled wheel */
  }
  const probe = manager.probe;
  const version = probe?.kind === 'ok' ? probe.python : null;
  const { command, args } = installCommand(python, mcpInstallSpec(files, folder, path.sep), version);
  manager.output.info(`Installing: ${command} ${args.join(' ')}`);
  return runs(command, args, cwd, 300_000);
}

function runs(command: string, args: string[], cwd: string, timeout = 30_000): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout, maxBuffer: 16 * 1024 * 1024 }, (error) => resolve(error === null));
  });
}
