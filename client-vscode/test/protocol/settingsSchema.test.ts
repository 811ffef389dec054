/**
 * One source of truth for settings: the server's (server/aidecay/core/settings.py, read by
 * introspecting its dataclasses in the real interpreter), package.json's
 * `contributes.configuration` and `src/settings.ts` must agree key by key, with the same type,
 * default, bounds and choices. Any difference fails here.
 *
 * Skipped (with the reason printed) when the interpreter cannot import aidecay.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_SETTINGS, readSettings, toServerSettings } from '../../src/settings';

const PYTHON = process.env.AIDECAY_PYTHON ?? (existsSync('/work/venv/bin/python') ? '/work/venv/bin/python' : 'python3');

/** Every leaf setting of the server: dotted camelCase key, type, default, bounds, choices. */
const DUMP = `
import dataclasses, json, types, typing
from collections.abc import Mapping
from aidecay.core.settings import Settings, camel

def leaves(cls, prefix, default):
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        kind, value, key = hints[f.name], getattr(default, f.name), prefix + camel(f.name)
        if dataclasses.is_dataclass(kind):
            yield from leaves(kind, key + ".", value)
            continue
        origin = typing.get_origin(kind)
        if origin in (list, tuple):
            kind_name, value = "array", list(value)
        elif origin in (dict, Mapping):
            kind_name, value = "object", dict(value)
        else:
            options = [o for o in (typing.get_args(kind) if isinstance(kind, types.UnionType) else (kind,)) if o is not type(None)]
            kind_name = {bool: "boolean", int: "integer", float: "number", str: "string"}[options[0]]
        meta = dict(f.metadata)
        yield {"key": key, "type": kind_name, "default": value, "min": meta.get("min"), "max": meta.get("max"),
               "choices": list(meta.get("choices") or []) or None, "keys": list(meta.get("keys") or []) or None}

print(json.dumps(list(leaves(Settings, "", Settings()))))
`;

interface ServerSetting {
  key: string;
  type: 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';
  default: unknown;
  min: number | null;
  max: number | null;
  choices: string[] | null;
  keys: string[] | null;
}

const run = spawnSync(PYTHON, ['-c', DUMP], { encoding: 'utf8' });
const available = run.status === 0;
if (!available) console.warn(`settings schema test skipped: ${PYTHON} cannot import aidecay (${run.stderr.trim().split('\n').pop() ?? ''})`);
const server: ServerSetting[] = available ? (JSON.parse(run.stdout) as ServerSetting[]) : [];

interface Contributed {
  type: string;
  default: unknown;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  items?: { enum?: string[] };
  properties?: Record<string, { enum?: string[] }>;
}
const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Contributed> } };
};
const contributed = Object.fromEntries(
  Object.entries(pkg.contributes.configuration.properties).map(([k, v]) => [k.replace(/^aidecay\./, ''), v]),
);

/** Settings the extension decides itself and never lets the user set. */
const FIXED_BY_CLIENT = ['heuristic.enabled'];

/** A valid value that differs from the default, to see it reach the server. */
function sample(s: ServerSetting): unknown {
  switch (s.type) {
    case 'boolean':
      return !s.default;
    case 'integer':
    case 'number': {
      const low = s.min ?? 0;
      const value = s.max !== null ? (low + s.max) / 2 : low + 7;
      return s.type === 'integer' ? Math.round(value) : value;
    }
    case 'string':
      return s.key === 'databasePath' ? '/tmp/aidecay-settings-test.db' : s.key === 'history.retention' ? '12h' : (s.choices?.[0] ?? 'x');
    case 'array':
      return [s.choices?.[0]];
    case 'object':
      return { [s.keys?.[0] ?? 'x']: s.choices?.[0] };
  }
}

function at(obj: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined), obj);
}

describe.skipIf(!available)('settings: server, package.json and settings.ts agree', () => {
  const userSettable = server.filter((s) => !FIXED_BY_CLIENT.includes(s.key));

  it('every server setting is contributed with the same type, default, bounds and choices', () => {
    for (const s of userSettable) {
      const c = contributed[s.key];
      expect(c, `package.json lacks aidecay.${s.key}`).toBeDefined();
      if (!c) continue;
      expect(c.type, `type of aidecay.${s.key}`).toBe(s.type);
      const expectedDefault = s.default === null ? '' : s.type === 'object' ? {} : s.default;
      expect(c.default, `default of aidecay.${s.key}`).toEqual(expectedDefault);
      expect(c.minimum ?? null, `minimum of aidecay.${s.key}`).toEqual(s.min);
      expect(c.maximum ?? null, `maximum of aidecay.${s.key}`).toEqual(s.max);
      if (s.type === 'array') expect(c.items?.enum ?? null, `choices of aidecay.${s.key}`).toEqual(s.choices);
      else if (s.type === 'object') {
        expect(Object.keys(c.properties ?? {}), `keys of aidecay.${s.key}`).toEqual(s.keys);
        for (const p of Object.values(c.properties ?? {})) expect(p.enum, `values of aidecay.${s.key}`).toEqual(s.choices);
      } else expect(c.enum ?? null, `choices of aidecay.${s.key}`).toEqual(s.choices);
    }
  });

  it('every contributed setting is a server setting or one of the extension\'s own', () => {
    const known = new Set([...server.map((s) => s.key), ...CLIENT_SETTINGS]);
    expect(Object.keys(contributed).filter((k) => !known.has(k))).toEqual([]);
    expect(CLIENT_SETTINGS.filter((k) => !(k in contributed))).toEqual([]);
    expect(CLIENT_SETTINGS.filter((k) => server.some((s) => s.key === k))).toEqual([]);
  });

  it('settings.ts reads every server setting and sends it to the server unchanged', () => {
    const values = Object.fromEntries(userSettable.map((s) => [s.key, sample(s)]));
    const { settings, warnings } = readSettings((key) => values[key]);
    expect(warnings).toEqual([]);
    const sent = toServerSettings(settings);
    for (const s of userSettable) expect(at(sent, s.key), `aidecay.${s.key} sent to the server`).toEqual(values[s.key]);
    expect(at(sent, 'heuristic.enabled')).toBe(false);
  });

  it('settings.ts reads every setting of its own (a wrong value is reported by name)', () => {
    const wrong = Object.fromEntries(CLIENT_SETTINGS.map((k) => [k, { not: 'valid' }]));
    const { warnings } = readSettings((key) => wrong[key]);
    for (const key of CLIENT_SETTINGS) expect(warnings.some((w) => w.startsWith(`aidecay.${key} `)), key).toBe(true);
  });
});
