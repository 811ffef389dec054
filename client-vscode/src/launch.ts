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
  return { command: python, args: serverArgs(null), source, python };
}

/** A Python `major.minor` version, as the probe reports it. */
export interface PythonVersion {
  major: number;
  minor: number;
}

/**
 * Drops the working directory that `python -c` puts first on `sys.path` (the neutral folder we
 * start in, but never trust it): runs before anything else is imported by our code.
 */
const DROP_CWD = 'import sys\nif sys.path and sys.path[0] in ("", "."):\n    del sys.path[0]\n';

/**
 * A probe runs `python -c PROBE_SCRIPT` in the neutral folder before the server starts: it prints
 * the Python version, then imports the server (never a workspace file: see {@link DROP_CWD}).
 */
export const PROBE_SCRIPT =
  DROP_CWD +
  'sys.stdout.write("python %d.%d\\n" % sys.version_info[:2])\nsys.stdout.flush()\n' +
  'try:\n    import aidecay.lsp.server\nexcept ModuleNotFoundError as e:\n' +
  '    sys.stderr.write("aidecay-missing: %s" % e.name)\n    sys.exit(3)\n' +
  'import aidecay\nsys.stdout.write(getattr(aidecay, "__version__", "unknown"))\n';

/** Runs `python -m aidecay` on Pythons without `-P` (3.10), after dropping the working directory. */
export const SAFE_RUN_MODULE = `${DROP_CWD}import runpy\nrunpy.run_module("aidecay", run_name="__main__", alter_sys=True)\n`;

/** Python's safe-path mode (`-P`, 3.11+): nothing potentially unsafe is put on `sys.path`. */
export function supportsSafePath(version: PythonVersion | null): boolean {
  return version !== null && (version.major > 3 || (version.major === 3 && version.minor >= 11));
}

/**
 * Arguments that start `aidecay serve` in an interpreter without ever importing a workspace
 * file: `-P -m aidecay serve` on 3.11+, else `-c SAFE_RUN_MODULE serve` (also when the version
 * is unknown). Both run in the neutral working directory as well.
 */
export function serverArgs(version: PythonVersion | null): string[] {
  return supportsSafePath(version) ? ['-P', '-m', 'aidecay', 'serve'] : ['-c', SAFE_RUN_MODULE, 'serve'];
}

/** The plan with the safest arguments for the interpreter version the probe found. */
export function withPythonVersion(plan: LaunchPlan, version: PythonVersion | null): LaunchPlan {
  return plan.python === null ? plan : { ...plan, args: serverArgs(version) };
}

export interface ProbeOutcome {
  /** Error code of the spawn itself (e.g. ENOENT), if it failed to run. */
  spawnError?: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export type ProbeVerdict =
  | { kind: 'ok'; version: string; python: PythonVersion | null }
  | { kind: 'python-missing'; detail: string }
  | { kind: 'not-installed'; detail: string }
  | { kind: 'broken'; detail: string };

export function interpretProbe(outcome: ProbeOutcome): ProbeVerdict {
  if (outcome.spawnError !== undefined) {
    return { kind: 'python-missing', detail: outcome.spawnError };
  }
  const { python, rest } = splitVersion(outcome.stdout);
  if (outcome.exitCode === 0) {
    return { kind: 'ok', version: rest.trim() || 'unknown', python };
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

/** The probe's first line `python 3.11`, and the rest of its output. */
export function splitVersion(stdout: string): { python: PythonVersion | null; rest: string } {
  const match = /^python (\d+)\.(\d+)\r?\n/.exec(stdout);
  if (!match) return { python: null, rest: stdout };
  return { python: { major: Number(match[1]), minor: Number(match[2]) }, rest: stdout.slice(match[0].length) };
}

/** The Python version a probe printed, whatever its verdict (e.g. to install into it). */
export function probedVersion(outcome: ProbeOutcome): PythonVersion | null {
  return splitVersion(outcome.stdout).python;
}

function lastLine(text: string): string {
  const lines = text.trim().split(/\r?\n/);
  return lines[lines.length - 1] ?? '';
}

/**
 * The pip command that installs aidecay into an interpreter (run in the neutral folder, with
 * `-P` when the interpreter has it, so a workspace file cannot shadow pip's imports).
 */
export function installCommand(
  python: string,
  spec = 'aidecay',
  version: PythonVersion | null = null,
): { command: string; args: string[] } {
  const safe = supportsSafePath(version) ? ['-P'] : [];
  return { command: python, args: [...safe, '-m', 'pip', 'install', '--upgrade', spec] };
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
