import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ServerCommands } from '../../src/protocol';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; menus: { commandPalette: { command: string; when: string }[] } };
};
const docs = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'vscode.md'), 'utf8');

describe('contributions', () => {
  it('every command docs/vscode.md lists as "Not in the palette" is hidden from it', () => {
    const paragraph = docs.slice(docs.indexOf('Not in the palette:'), docs.indexOf('\n\n', docs.indexOf('Not in the palette:')));
    const internal = [...paragraph.matchAll(/`(aidecay\.[\w.]+)`/g)].map((m) => m[1]);
    expect(internal).toContain('aidecay.inlineSuggest.acceptNextLine');
    const hidden = new Set(pkg.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
    const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
    // Contributed ones must be hidden; registered-only ones never show in the palette anyway.
    expect(internal.filter((c) => c !== undefined && contributed.has(c) && !hidden.has(c))).toEqual([]);
  });

  it('no command of the extension has the id of a server command (languageclient registers those)', () => {
    const ours = pkg.contributes.commands.map((c) => c.command);
    expect(ours.filter((c) => (Object.values(ServerCommands) as string[]).includes(c))).toEqual([]);
  });
});
