/** Panel triage commands: sort, filter, clear the filter, and turning a diagnostic code off. */
import * as vscode from 'vscode';
import { SORT_KEYS, SORT_LABELS, filterChoices, filterFromChoices } from '../decay/triage';
import { NO_FILTER } from '../decay/triage';
import { type RegionService, allAidecayDiagnostics } from '../regions';
import type { DecayTreeProvider } from './tree';

/** Add ``code`` to `aidecay.diagnostics.disabled` of the workspace (the server stops reporting it). */
export async function turnOffCode(code: string): Promise<boolean> {
  const config = vscode.workspace.getConfiguration('aidecay');
  const current = config.inspect<string[] | null>('diagnostics.disabled');
  const disabled = current?.workspaceValue ?? current?.globalValue ?? [];
  if ((disabled ?? []).includes(code)) return false;
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('diagnostics.disabled', [...(disabled ?? []), code], target);
  return true;
}

export function registerTriageCommands(tree: DecayTreeProvider, regions: RegionService): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('aidecay.sortRegions', async (arg?: unknown) => {
      let key = SORT_KEYS.find((k) => k === arg);
      if (!key) {
        const pick = await vscode.window.showQuickPick(
          SORT_KEYS.map((k) => ({ label: SORT_LABELS[k], key: k, picked: k === tree.sort, description: k === tree.sort ? 'current' : '' })),
          { placeHolder: 'Sort AI regions by…' },
        );
        key = pick?.key;
      }
      if (key) await tree.setSort(key);
    }),

    vscode.commands.registerCommand('aidecay.filterRegions', async (arg?: unknown) => {
      if (typeof arg === 'object' && arg !== null && !Array.isArray(arg)) {
        await tree.setFilter({ ...NO_FILTER, ...arg });
        return;
      }
      const choices = filterChoices(regions.allRegions(), allAidecayDiagnostics(), tree.filter);
      const items = choices.map((c) => ({ ...c, label: c.label }));
      const picked = await vscode.window.showQuickPick(items, {
        canPickMany: true,
        placeHolder: 'Show only AI regions with… (origin, tool, diagnostic code, reviewed)',
        matchOnDescription: true,
      });
      if (picked) await tree.setFilter(filterFromChoices(picked));
    }),

    vscode.commands.registerCommand('aidecay.clearRegionFilter', () => tree.setFilter(NO_FILTER)),

    vscode.commands.registerCommand('aidecay.turnOffDiagnostic', async (arg?: unknown) => {
      const code = typeof arg === 'string' ? arg : undefined;
      if (!code) return;
      const changed = await turnOffCode(code);
      void vscode.window
        .showInformationMessage(
          changed
            ? `aidecay: ${code} is turned off in this workspace (aidecay.diagnostics.disabled).`
            : `aidecay: ${code} was already turned off.`,
          'Open Setting',
        )
        .then((c) => {
          if (c === 'Open Setting') void vscode.commands.executeCommand('workbench.action.openWorkspaceSettings', 'aidecay.diagnostics.disabled');
        });
    }),
  ];
}
