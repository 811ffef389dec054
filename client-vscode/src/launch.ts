/**
 * How the language server is started: which command, which interpreter, and what a failed
 * probe of that interpreter means. Pure module: must not import `vscode`.
 */
import type { ClientSettings } from './settings';

export type LaunchSource = 'server.path' | 'interpreter' | 'python-extension' | 'default';

export interface LaunchPlan {
  command: string;
  args: string[];
  source: LaunchSource;
  /** The Python interpreter the server runs in (null for a custom `aidecay.server.path`). */
  python: string | null;
}

export interface LaunchInputs {
  settings: ClientSettings;
  /** The interpreter selected in the Python extension, when it is installed and has one. */
  pythonExtensionInterpreter: string | null;
  platform: string;
  home: string;
  workspaceFolder: string | null;
}

/** Expands `~` and `${workspaceFolder}` / `${userHome}` in a configured path. */
export function expandPath(value: string, home: string, workspaceFolder: string | null): string {
  let out = value.trim();
  if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) out = home + out.slice(1);
  out = out.replace(/\$\{userHome\}/g, home);
  if (workspaceFolder !== null) out = out.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  return out;
}

export function defaultPython(platform: string): string {
  return platform === 'win32' ? 'python' : 'python3';
}

/**
 * Order: `aidecay.server.path` (a command, run with `aidecay.server.args`), then
 * `aidecay.interpreter`, then the Python extension's interpreter, else `python3`;
 * interpreters run `-m aidecay serve`.
 */
export function planLaunch(inputs: LaunchInputs): LaunchPlan {
  const { settings, home, workspaceFolder } = inputs;
  if (settings.server.path !== null) {
    return {
      command: expandPath(settings.server.path, home, workspaceFolder),
      args: [...settings.server.args],
      source: 'server.path',
      python: null,
    };
  }
  let python: string;
  let source: LaunchSource;
  if (settings.interpreter !== null) {
    python = expandPath(settings.interpreter, home, workspaceFolder);
    source = 'interpreter';
  } else if (inputs.pythonExtensionInterpreter) {
    python = inputs.pythonExtensionInterpreter;
    source = 'python-extension';
  } else {
    python = defaultPython(inputs.platform);
    source = 'default';
  }
  return { command: python, args: ['-m', 'aidecay', 'serve'], source, python };
}

/** A probe runs `python -c PROBE_SCRIPT` before starting the server. */
export const PROBE_SCRIPT =
  'import sys\ntry:\n    import aidecay.lsp.server\nexcept ModuleNotFoundError as e:\n' +
  '    sys.stderr.write("aidecay-missing: %s" % e.name)\n    sys.exit(3)\n' +
  'import aidecay\nsys.stdout.write(getattr(aidecay, "__version__", "unknown"))\n';

export interface ProbeOutcome {
  /** Error code of the spawn itself (e.g. ENOENT), if it failed to run. */
  spawnError?: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export type ProbeVerdict =
  | { kind: 'ok'; version: string }
  | { kind: 'python-missing'; detail: string }
  | { kind: 'not-installed'; detail: string }
  | { kind: 'broken'; detail: string };

export function interpretProbe(outcome: ProbeOutcome): ProbeVerdict {
  if (outcome.spawnError !== undefined) {
    return { kind: 'python-missing', detail: outcome.spawnError };
  }
  if (outcome.exitCode === 0) {
    return { kind: 'ok', version: outcome.stdout.trim() || 'unknown' };
  }
  const missing = /aidecay-missing: (\S+)/.exec(outcome.stderr);
  if (missing) {
    const name = missing[1] ?? 'aidecay';
    // A missing dependency of aidecay is "broken", a missing aidecay is "not installed".
    if (name === 'aidecay' || name.startsWith('aidecay.')) {
      return { kind: 'not-installed', detail: `No module named '${name}'` };
    }
    return { kind: 'broken', detail: `aidecay is installed but its dependency '${name}' is missing` };
  }
  if (/No module named '?aidecay/.test(outcome.stderr)) {
    return { kind: 'not-installed', detail: lastLine(outcome.stderr) };
  }
  return { kind: 'broken', detail: lastLine(outcome.stderr) || `exit code ${String(outcome.exitCode)}` };
}

function lastLine(text: string): string {
  const lines = text.trim().split(/\r?\n/);
  return lines[lines.length - 1] ?? '';
}

/** The pip command that installs aidecay into an interpreter. */
export function installCommand(python: string, spec = 'aidecay'): { command: string; args: string[] } {
  return { command: python, args: ['-m', 'pip', 'install', '--upgrade', spec] };
}

/** The server wheel shipped in the extension's bundled/ folder (the newest), if any. */
export function bundledWheel(files: readonly string[]): string | null {
  const wheels = files.filter((f) => /^aidecay-[^-]+-.*\.whl$/.test(f));
  const version = (f: string) => (f.split('-')[1] ?? '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  wheels.sort((a, b) => {
    const [x, y] = [version(a), version(b)];
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      const d = (x[i] ?? 0) - (y[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  });
  return wheels.at(-1) ?? null;
}

export function describeSource(plan: LaunchPlan): string {
  switch (plan.source) {
    case 'server.path':
      return 'the aidecay.server.path setting';
    case 'interpreter':
      return 'the aidecay.interpreter setting';
    case 'python-extension':
      return "the Python extension's selected interpreter";
    case 'default':
      return 'the default interpreter';
  }
}
