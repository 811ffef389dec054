/** Runs the interpreter probe and asks the Python extension for its interpreter (thin adapters). */
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { PROBE_SCRIPT, type ProbeVerdict, type PythonVersion, interpretProbe, probedVersion } from '../launch';

/**
 * Runs `python -c PROBE_SCRIPT` in the neutral folder `cwd`: the verdict, and the Python version
 * it printed (null when the interpreter did not run).
 */
export function probeInterpreter(python: string, cwd: string): Promise<{ verdict: ProbeVerdict; version: PythonVersion | null }> {
  return new Promise((resolve) => {
    execFile(python, ['-c', PROBE_SCRIPT], { timeout: 30_000, cwd, env: { ...process.env } }, (error, stdout, stderr) => {
      const code = error && typeof (error as NodeJS.ErrnoException).code === 'string' ? (error as NodeJS.ErrnoException).code : undefined;
      const outcome = {
        spawnError: code === 'ENOENT' || code === 'EACCES' ? code : undefined,
        exitCode: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        stdout: String(stdout),
        stderr: String(stderr),
      };
      resolve({ verdict: interpretProbe(outcome), version: probedVersion(outcome) });
    });
  });
}

interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath?(resource?: vscode.Uri): { path: string } | undefined;
    resolveEnvironment?(env: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
  settings?: {
    getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } | undefined;
  };
}

/** The interpreter selected in the Python extension (ms-python.python), if it is installed. */
export async function pythonExtensionInterpreter(): Promise<string | null> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!ext) return null;
  try {
    const api = ext.isActive ? ext.exports : await ext.activate();
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    const envPath = api.environments?.getActiveEnvironmentPath?.(resource);
    if (envPath && api.environments?.resolveEnvironment) {
      const env = await api.environments.resolveEnvironment(envPath);
      const fsPath = env?.executable?.uri?.fsPath;
      if (fsPath) return fsPath;
    }
    if (envPath?.path) return envPath.path;
    const exec = api.settings?.getExecutionDetails?.(resource)?.execCommand;
    return exec?.[0] ?? null;
  } catch {
    return null;
  }
}
