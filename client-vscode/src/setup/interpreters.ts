/**
 * The candidates of *aidecay: Select Interpreter*: environments the Python extension knows, then
 * Pythons on PATH, without duplicates. Pure module: must not import `vscode`.
 */

export interface InterpreterCandidate {
  /** Absolute path of the executable. */
  path: string;
  /** Where it was found, e.g. "Python extension: .venv" or "PATH". */
  source: string;
}

/** Executable names a Python may have in a PATH folder. */
export function pythonNames(platform: string): string[] {
  if (platform === 'win32') return ['python.exe', 'python3.exe'];
  const minors = Array.from({ length: 8 }, (_, i) => `python3.${String(i + 9)}`);
  return ['python3', 'python', ...minors];
}

/** Pythons on PATH: every folder of `pathEnv`, every name of {@link pythonNames}, that `exists`. */
export function pathInterpreters(
  pathEnv: string,
  platform: string,
  exists: (file: string) => boolean,
): InterpreterCandidate[] {
  const sep = platform === 'win32' ? ';' : ':';
  const slash = platform === 'win32' ? '\\' : '/';
  const out: InterpreterCandidate[] = [];
  for (const dir of pathEnv.split(sep)) {
    const folder = dir.trim().replace(/[\\/]+$/, '');
    // An empty or relative PATH entry means the working directory: never offer it.
    if (!folder || !(folder.startsWith('/') || /^[A-Za-z]:/.test(folder))) continue;
    for (const name of pythonNames(platform)) {
      const file = `${folder}${slash}${name}`;
      if (exists(file)) out.push({ path: file, source: 'PATH' });
    }
  }
  return out;
}

/**
 * One list: the current setting first (when set), then the Python extension's environments,
 * then PATH; a path seen twice keeps its first place. Paths are compared as written, not
 * resolved: a virtual environment's `python` links to its base interpreter but is not the same.
 */
export function mergeCandidates(groups: readonly (readonly InterpreterCandidate[])[]): InterpreterCandidate[] {
  const seen = new Set<string>();
  const out: InterpreterCandidate[] = [];
  for (const group of groups) {
    for (const candidate of group) {
      const key = candidate.path;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(candidate);
    }
  }
  return out;
}
