import { describe, expect, it } from 'vitest';
import { mergeCandidates, pathInterpreters } from '../../src/setup/interpreters';

describe('interpreter candidates', () => {
  const files = new Set(['/usr/bin/python3', '/usr/bin/python3.11', '/opt/py/bin/python', '/home/u/.venv/bin/python']);
  it('finds Pythons on PATH, never in a relative or empty PATH entry', () => {
    const found = pathInterpreters('/usr/bin::.:bin:/opt/py/bin/', 'linux', (f) => files.has(f) || f.startsWith('./') || f.startsWith('bin/'));
    expect(found.map((c) => c.path)).toEqual(['/usr/bin/python3', '/usr/bin/python3.11', '/opt/py/bin/python']);
  });
  it('keeps the first place of a path seen twice; a venv is not its base interpreter', () => {
    const merged = mergeCandidates([
      [{ path: '/home/u/.venv/bin/python', source: 'current setting' }],
      [
        { path: '/home/u/.venv/bin/python', source: 'Python extension: .venv' },
        { path: '/usr/bin/python3.11', source: 'Python extension' },
      ],
      [{ path: '/usr/bin/python3', source: 'PATH' }, { path: '/usr/bin/python3.11', source: 'PATH' }],
    ]);
    expect(merged).toEqual([
      { path: '/home/u/.venv/bin/python', source: 'current setting' },
      { path: '/usr/bin/python3.11', source: 'Python extension' },
      { path: '/usr/bin/python3', source: 'PATH' },
    ]);
  });
});
