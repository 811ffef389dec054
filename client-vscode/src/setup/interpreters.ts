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
 * What makes two paths the same interpreter: the same file name in the same real folder
 * (`/bin/python3` is `/usr/bin/python3` where /bin links to /usr/bin), or a link to another
 * name in that same folder (`python3` → `python3.11`). A link into another folder is a
 * different interpreter: a virtual environment's `python` links to its base Python, but runs
 * with the environment's packages.
 */
export function interpreterKey(file: string, realpath: (p: string) => string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  if (cut < 0) return file;
  const dir = safe(realpath, file.slice(0, cut));
  const name = file.slice(cut + 1);
  const target = safe(realpath, file);
  const tcut = Math.max(target.lastIndexOf('/'), target.lastIndexOf('\\'));
  const sameFolder = tcut >= 0 && target.slice(0, tcut) === dir;
  return `${dir}/${sameFolder ? target.slice(tcut + 1) : name}`;
}

function safe(realpath: (p: string) => string, p: string): string {
  try {
    return realpath(p);
  } catch {
    return p;
  }
}

/**
 * One list: the current setting first (when set), then the Python extension's environments,
 * then PATH; an interpreter seen twice (by {@link interpreterKey}) keeps its first place.
 */
export function mergeCandidates(
  groups: readonly (readonly InterpreterCandidate[])[],
  realpath: (p: string) => string = (p) => p,
): InterpreterCandidate[] {
  const seen = new Set<string>();
  const out: InterpreterCandidate[] = [];
  for (const group of groups) {
    for (const candidate of group) {
      const key = interpreterKey(candidate.path, realpath);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(candidate);
    }
  }
  return out;
}
