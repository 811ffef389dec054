/**
 * Reading a `settings.json` (JSON with comments and trailing commas) to see whether the
 * `aidecay.*` values on disk differ from what VS Code reports: VS Code server and code-server
 * do not re-read a User settings file written by another program until the window reloads.
 *
 * Pure module: must not import `vscode`.
 */

/** The object in a JSONC text (comments and trailing commas allowed); null when it is not one. */
export function parseJsonc(text: string): Record<string, unknown> | null {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  try {
    const value: unknown = JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** `aidecay.*` keys whose value in the file differs from VS Code's User value (undefined: unset). */
export function staleKeys(file: Record<string, unknown>, userValue: (key: string) => unknown): string[] {
  const keys = Object.keys(file).filter((k) => k.startsWith('aidecay.'));
  return keys.filter((k) => JSON.stringify(file[k]) !== JSON.stringify(userValue(k.slice('aidecay.'.length))));
}
