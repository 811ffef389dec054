/**
 * *aidecay: Select Interpreter*: a quick pick of the Python extension's environments, Pythons on
 * PATH and "Browse…", each probed for aidecay; the choice is written to `aidecay.interpreter` in
 * User settings (the server restarts on that change). Thin adapter over `setup/interpreters`.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ServerManager } from '../server';
import { probeInterpreter } from './probe';
import { type InterpreterCandidate, mergeCandidates, pathInterpreters } from './interpreters';

interface PythonEnvironmentsApi {
  environments?: {
    known?: readonly { path: string; executable?: { uri?: vscode.Uri }; environment?: { name?: string; folderUri?: vscode.Uri } }[];
    refreshEnvironments?(): Promise<void>;
  };
}

interface Item extends vscode.QuickPickItem {
  python?: string;
  browse?: boolean;
  clear?: boolean;
}

/** Environments the Python extension (ms-python.python) knows, when it is installed. */
async function pythonExtensionEnvironments(): Promise<InterpreterCandidate[]> {
  const ext = vscode.extensions.getExtension<PythonEnvironmentsApi>('ms-python.python');
  if (!ext) return [];
  try {
    const api = ext.isActive ? ext.exports : await ext.activate();
    return (api.environments?.known ?? []).map((env) => ({
      path: env.executable?.uri?.fsPath ?? env.path,
      source: `Python extension${env.environment?.name ? `: ${env.environment.name}` : ''}`,
    }));
  } catch {
    return [];
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Shows the picker; resolves to the chosen interpreter (null: cleared, undefined: cancelled). */
export async function selectInterpreter(server: ServerManager): Promise<string | null | undefined> {
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'aidecay: Select Interpreter';
  pick.placeholder = 'The Python that runs the aidecay server (written to aidecay.interpreter in User settings)';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.busy = true;
  const current = server.currentSettings.interpreter;
  const fixed: Item[] = [
    { label: '$(folder-opened) Browse…', browse: true, alwaysShow: true },
    ...(current !== null ? [{ label: '$(discard) Clear the setting', description: 'use the Python extension\'s interpreter, else python3', clear: true, alwaysShow: true }] : []),
  ];
  pick.items = fixed;
  pick.show();

  const chosenPromise = new Promise<Item | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]));
    pick.onDidHide(() => resolve(undefined));
  });

  const cwd = await server.neutralDirectory();
  // The interpreter the server last ran in stays on offer when the setting went bad.
  const lastWorking = server.lastWorkingInterpreter;
  const candidates = mergeCandidates(
    [
      current !== null ? [{ path: current, source: 'current setting' }] : [],
      lastWorking !== undefined ? [{ path: lastWorking, source: 'ran the server last time' }] : [],
      await pythonExtensionEnvironments(),
      pathInterpreters(process.env.PATH ?? '', process.platform, isFile),
    ],
    (p) => fs.realpathSync(p),
  );
  const items: Item[] = candidates.map((c) => ({ label: c.path, description: c.source, detail: 'checking…', python: c.path }));
  pick.items = [...items, ...fixed];
  const hidden = new Set<Item>();
  // Probe every candidate (in the neutral folder, as the server would start) and say what it has.
  void Promise.all(
    items.map(async (item) => {
      const { verdict, version } = await probeInterpreter(item.python ?? '', cwd);
      if (version === null && item.python !== current) {
        // Not a working Python (e.g. a pyenv shim of a version that is not installed): hide it.
        hidden.add(item);
        pick.items = [...items.filter((i) => !hidden.has(i)), ...fixed];
        return;
      }
      const py = version ? `Python ${version.major}.${version.minor}` : 'Python';
      item.detail =
        verdict.kind === 'ok'
          ? `$(check) ${py} · aidecay ${verdict.version}`
          : verdict.kind === 'not-installed'
            ? `${py} · aidecay not installed (choose it, then Install aidecay)`
            : `$(warning) ${verdict.detail}`;
      pick.items = [...items.filter((i) => !hidden.has(i)), ...fixed];
    }),
  ).finally(() => {
    pick.busy = false;
  });

  const chosen = await chosenPromise;
  pick.dispose();
  if (!chosen) return undefined;
  let python: string | null | undefined = chosen.python;
  if (chosen.clear) python = null;
  if (chosen.browse) {
    const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Use this interpreter', title: 'aidecay: Python interpreter' });
    python = files?.[0]?.fsPath;
  }
  if (python === undefined) return undefined;
  const config = vscode.workspace.getConfiguration('aidecay');
  const inspected = config.inspect('interpreter');
  // A trusted workspace's own value would hide a User value: change it where it is set.
  const target =
    vscode.workspace.isTrusted && (inspected?.workspaceValue ?? '') !== '' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  if (python === current) {
    await server.restart();
  } else {
    await config.update('interpreter', python ?? undefined, target);
  }
  server.output.info(
    `aidecay.interpreter set to ${python ?? '(cleared)'} in ${target === vscode.ConfigurationTarget.Global ? 'User' : 'Workspace'} settings.`,
  );
  return python;
}
