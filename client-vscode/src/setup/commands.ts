/** Commands of the server setup: Select Interpreter, Open Documentation, Open Settings. */
import * as vscode from 'vscode';
import type { ServerManager } from '../server';
import { selectInterpreter } from './selectInterpreter';

export function registerSetupCommands(server: ServerManager): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('aidecay.selectInterpreter', () => selectInterpreter(server)),
    vscode.commands.registerCommand('aidecay.openDocs', () => server.openDocs()),
    vscode.commands.registerCommand('aidecay.openSettings', (setting?: unknown) =>
      server.openSettings(typeof setting === 'string' ? setting : undefined),
    ),
  ];
}
