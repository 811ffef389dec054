/**
 * Notices a User settings.json changed on disk by another program. Desktop VS Code re-reads it;
 * VS Code server and code-server do not (until the window reloads), so an `aidecay.*` value
 * written by a script would silently not apply: say so and offer Reload Window (thin adapter
 * over `setup/settingsFile`).
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { parseJsonc, staleKeys } from './settingsFile';

const POLL_MS = 2000;

export function watchUserSettings(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): vscode.Disposable {
  // globalStorageUri is <user data>/User/globalStorage/<extension id>.
  const file = vscode.Uri.joinPath(context.globalStorageUri, '..', '..', 'settings.json').fsPath;
  let warned = '';
  let timer: NodeJS.Timeout | undefined;
  const check = async (): Promise<void> => {
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch {
      return;
    }
    const parsed = parseJsonc(text);
    if (!parsed || text === warned) return;
    const config = vscode.workspace.getConfiguration('aidecay');
    const stale = staleKeys(parsed, (key) => config.inspect(key)?.globalValue);
    if (stale.length === 0) return;
    warned = text;
    const message = `aidecay: ${file} changed on disk (${stale.join(', ')}), but this window has not read it again. Reload the window to apply it.`;
    output.warn(message);
    const choice = await vscode.window.showWarningMessage(message, 'Reload Window');
    if (choice === 'Reload Window') void vscode.commands.executeCommand('workbench.action.reloadWindow');
  };
  const listener = (): void => {
    if (timer) clearTimeout(timer);
    // Give VS Code the time to take the change in itself first.
    timer = setTimeout(() => void check(), POLL_MS);
  };
  fs.watchFile(file, { interval: POLL_MS }, listener);
  return {
    dispose: () => {
      if (timer) clearTimeout(timer);
      fs.unwatchFile(file, listener);
    },
  };
}
