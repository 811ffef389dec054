import { describe, expect, it } from 'vitest';
import { interpreterKey, mergeCandidates, pathInterpreters } from '../../src/setup/interpreters';

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

describe('the same interpreter under two paths', () => {
  // A merged-/usr system: /bin links to /usr/bin; python3 links to python3.11 in that folder;
  // a venv's python links to the base interpreter in another folder.
  const links: Record<string, string> = {
    '/bin': '/usr/bin',
    '/bin/python3': '/usr/bin/python3.11',
    '/usr/bin/python3': '/usr/bin/python3.11',
    '/home/u/.venv/bin/python': '/usr/bin/python3.11',
  };
  const realpath = (p: string): string => {
    if (p === '/nope' || p.startsWith('/gone/')) throw new Error('ENOENT');
    return links[p] ?? p;
  };

  it('lists /bin/python3 and /usr/bin/python3 once; keeps a venv apart from its base', () => {
    const merged = mergeCandidates(
      [
        [{ path: '/home/u/.venv/bin/python', source: 'Python extension: .venv' }],
        [
          { path: '/usr/bin/python3', source: 'PATH' },
          { path: '/usr/bin/python3.11', source: 'PATH' },
          { path: '/bin/python3', source: 'PATH' },
          { path: '/bin/python3.11', source: 'PATH' },
        ],
      ],
      realpath,
    );
    expect(merged.map((c) => c.path)).toEqual(['/home/u/.venv/bin/python', '/usr/bin/python3']);
  });

  it('keys a missing path as written', () => {
    expect(interpreterKey('/gone/bin/python', realpath)).toBe('/gone/bin/python');
    expect(interpreterKey('/bin/python3', realpath)).toBe('/usr/bin/python3.11');
  });
});
