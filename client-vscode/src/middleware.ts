/**
 * What the language client does around its protocol traffic: the capture adapter's hooks on
 * document sync, server commands that open views, and the `aidecay` configuration section
 * answered from VS Code's settings (per workspace folder when a scope is asked for).
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { ServerCommands } from './protocol';
import { type ClientSettings, configuredValue, readSettings, toServerSettings } from './settings';

/** Hooks the capture adapter installs into the client's document synchronisation. */
export interface SyncHooks {
  didOpen(document: vscode.TextDocument): void;
  /** Called before the didChange is sent; the returned callback runs once it has been sent. */
  didChange(event: vscode.TextDocumentChangeEvent): (() => void) | undefined;
  didClose(document: vscode.TextDocument): void;
  reset(): void;
}

export function readConfiguration(scope?: vscode.ConfigurationScope): { settings: ClientSettings; warnings: string[] } {
  const config = vscode.workspace.getConfiguration('aidecay', scope);
  const trusted = vscode.workspace.isTrusted;
  return readSettings((key) => configuredValue(key, config.inspect(key), trusted));
}

export function clientMiddleware(hooks: SyncHooks): Middleware {
  return {
    didOpen: async (document, next) => {
      hooks.didOpen(document);
      await next(document);
    },
    didChange: async (event, next) => {
      const after = hooks.didChange(event);
      await next(event);
      after?.();
    },
    didClose: async (document, next) => {
      hooks.didClose(document);
      await next(document);
    },
    executeCommand: async (command, args, next) => {
      // The server's "Show region history" returns data: show it in an editor instead.
      if (command === ServerCommands.showHistory && typeof args[0] === 'string') {
        await vscode.commands.executeCommand('aidecay.showRegionHistory', args[0]);
        return undefined;
      }
      // "Turn off <code> in this workspace": written to the workspace settings (vsui).
      if (command === ServerCommands.turnOffCode && typeof args[0] === 'string') {
        await vscode.commands.executeCommand('aidecay.turnOffDiagnostic', args[0]);
        return undefined;
      }
      return (await next(command, args)) as unknown;
    },
    workspace: {
      configuration: (params, token, next) => {
        const answer: unknown[] = [];
        let forward = false;
        for (const item of params.items) {
          if (item.section === 'aidecay') {
            const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
            answer.push(toServerSettings(readConfiguration(scope).settings));
          } else {
            forward = true;
            answer.push(null);
          }
        }
        if (!forward) return answer;
        return Promise.resolve(next(params, token)).then((result: unknown) => {
          if (!Array.isArray(result)) return result as unknown[];
          const forwarded: unknown[] = result;
          return params.items.map((item, i): unknown => (item.section === 'aidecay' ? answer[i] : forwarded[i]));
        });
      },
    },
  };
}
