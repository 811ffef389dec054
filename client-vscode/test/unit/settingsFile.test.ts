import { describe, expect, it } from 'vitest';
import { parseJsonc, staleKeys } from '../../src/setup/settingsFile';

describe('settings.json on disk', () => {
  it('reads JSON with comments and trailing commas; strings keep their slashes', () => {
    const text = '{\n  // the Python\n  "aidecay.interpreter": "/opt/py//bin/python3", /* inline */\n  "a": [1, 2,],\n}\n';
    expect(parseJsonc(text)).toEqual({ 'aidecay.interpreter': '/opt/py//bin/python3', a: [1, 2] });
    expect(parseJsonc('{"x": "a \\" // b"}')).toEqual({ x: 'a " // b' });
    expect(parseJsonc('not json')).toBeNull();
    expect(parseJsonc('[1]')).toBeNull();
  });

  it('names the aidecay keys VS Code has not taken in', () => {
    const file = { 'aidecay.interpreter': '/bad/python', 'aidecay.showRegions': true, 'editor.fontSize': 3 };
    const user: Record<string, unknown> = { interpreter: '/good/python', showRegions: true };
    expect(staleKeys(file, (k) => user[k])).toEqual(['aidecay.interpreter']);
  });
});
