/**
 * Where *Export Personal Stats* proposes to save: outside the workspace (a stats file is
 * personal, not project code), in the user's Documents folder when it exists, else home.
 * Must not import `vscode`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function defaultExportPath(
  home: string,
  isDirectory: (path: string) => boolean,
  format: string,
  now: Date,
  separator = '/',
): string {
  const documents = `${home}${separator}Documents`;
  const folder = isDirectory(documents) ? documents : home;
  return `${folder}${separator}aidecay-stats-${now.toISOString().slice(0, 10)}.${format}`;
}

/** {@link defaultExportPath} for this machine. */
export function defaultExportFile(format: string): string {
  const isDirectory = (p: string): boolean => {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  return defaultExportPath(os.homedir(), isDirectory, format, new Date(), path.sep);
}
