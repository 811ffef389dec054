import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, RESTRICTED_SETTINGS, configuredValue, needsRestart, readSettings, toServerSettings } from '../../src/settings';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const from = (values: Record<string, unknown>) => (key: string) => values[key];

describe('settings', () => {
  it('defaults when nothing is set; the server heuristic is always off', () => {
    const { settings, warnings } = readSettings(from({}));
    expect(warnings).toEqual([]);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(toServerSettings(settings)).toEqual({ heuristic: { enabled: false }, codeLens: { enabled: true } });
  });

  it('passes set values through and leaves unset ones to the server', () => {
    const { settings } = readSettings(
      from({
        databasePath: '/tmp/a.db',
        'heuristic.minLines': 5,
        'analysis.debounceMs': 100,
        'analysis.memoryLimitMb': 512,
        'thresholds.complexityGrowth': 6,
        'thresholds.churnFactor': 0.7,
        'thresholds.complexityMax': null,
        'analysis.enabled': false,
        'diagnostics.disabled': ['churn'],
        'diagnostics.severity': { 'naming-divergence': 'hint' },
      }),
    );
    expect(toServerSettings(settings)).toEqual({
      databasePath: '/tmp/a.db',
      heuristic: { enabled: false, minLines: 5 },
      analysis: { enabled: false, debounceMs: 100, memoryLimitMb: 512 },
      thresholds: { complexityGrowth: 6, churnFactor: 0.7 },
      diagnostics: { disabled: ['churn'], severity: { 'naming-divergence': 'hint' } },
      codeLens: { enabled: true },
    });
  });

  it('ill-typed values warn, naming the setting, and fall back to the default', () => {
    const { settings, warnings } = readSettings(
      from({
        showRegions: 'yes',
        'capture.pasteAsAI': 1,
        'trace.server': 'loud',
        'heuristic.minLines': 0,
        'analysis.debounceMs': 1.5,
        'thresholds.complexityMax': -1,
        'server.args': 'serve',
        'capture.aiExtensions': [1, 2],
        'diagnostics.disabled': ['no-such-code'],
      }),
    );
    expect(settings.showRegions).toBe(true);
    expect(settings.capture.pasteAsAI).toBe(false);
    expect(settings.trace.server).toBe('off');
    expect(settings.heuristic.minLines).toBeNull();
    expect(settings.analysis.debounceMs).toBeNull();
    expect(settings.thresholds.complexityMax).toBeNull();
    expect(settings.server.args).toEqual(['serve']);
    expect(settings.capture.aiExtensions).toEqual(DEFAULT_SETTINGS.capture.aiExtensions);
    expect(warnings).toHaveLength(9);
    expect(warnings.some((w) => /^aidecay\.showRegions must be true or false/.test(w))).toBe(true);
    expect(warnings.some((w) => w.startsWith('aidecay.heuristic.minLines'))).toBe(true);
  });

  it('blank paths count as unset; extension ids are normalised', () => {
    const { settings } = readSettings(
      from({ 'server.path': '  ', interpreter: ' /usr/bin/python3 ', 'capture.aiExtensions': [' GitHub.Copilot ', ''] }),
    );
    expect(settings.server.path).toBeNull();
    expect(settings.interpreter).toBe('/usr/bin/python3');
    expect(settings.capture.aiExtensions).toEqual(['github.copilot']);
  });

  it('knows which changes need a server restart', () => {
    const a = readSettings(from({})).settings;
    expect(needsRestart(a, readSettings(from({ showRegions: false })).settings)).toBe(false);
    expect(needsRestart(a, readSettings(from({ interpreter: '/x' })).settings)).toBe(true);
    expect(needsRestart(a, readSettings(from({ databasePath: '/x.db' })).settings)).toBe(true);
  });

  it('every setting read here is declared in package.json, and the reverse', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
    };
    const declared = Object.keys(pkg.contributes.configuration.properties).sort();
    const read: string[] = [];
    readSettings((key) => {
      read.push(`aidecay.${key}`);
      return undefined;
    });
    expect([...read].sort()).toEqual(declared.filter((k) => k !== 'aidecay.trace.server' || read.includes(k)));
    // defaults in package.json agree with the code
    const props = pkg.contributes.configuration.properties;
    expect(props['aidecay.capture.aiExtensions']?.default).toEqual(DEFAULT_SETTINGS.capture.aiExtensions);
    expect(props['aidecay.showRegions']?.default).toBe(DEFAULT_SETTINGS.showRegions);
    expect(props['aidecay.capture.pasteAsAI']?.default).toBe(false);
    expect(props['aidecay.capture.enabled']?.default).toBe(true);
  });

  it('an untrusted workspace cannot choose what runs; a trusted one can', () => {
    const inspected = { globalValue: '/home/u/venv/bin/python', workspaceValue: './evil' };
    expect(configuredValue('interpreter', inspected, false)).toBe('/home/u/venv/bin/python');
    expect(configuredValue('interpreter', inspected, true)).toBe('./evil');
    expect(configuredValue('server.path', { workspaceFolderValue: '/tmp/x' }, false)).toBeUndefined();
    expect(configuredValue('showRegions', { globalValue: true, workspaceValue: false }, false)).toBe(false);
    expect(configuredValue('interpreter', undefined, true)).toBeUndefined();
  });

  // The interpreter loss: code-server (a remote window) drops machine-scoped values from User
  // settings once the schema is known, i.e. at the next change of any User setting.
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
    contributes: { configuration: { properties: Record<string, { type?: unknown; default?: unknown; scope?: string }> } };
  };
  const props = pkg.contributes.configuration.properties;

  it('interpreter, server and database settings are read from User settings in remote windows too', () => {
    for (const key of ['aidecay.interpreter', 'aidecay.server.path', 'aidecay.server.args', 'aidecay.databasePath']) {
      // VS Code's LOCAL_MACHINE_SCOPES: application, window, resource, language-overridable.
      expect(['window', 'resource', undefined]).toContain(props[key]?.scope);
    }
  });

  it('a change to an unrelated setting keeps the interpreter and does not restart', () => {
    const user = { interpreter: '/opt/venv/bin/python', showRegions: true };
    const before = readSettings(from(user)).settings;
    const after = readSettings(from({ ...user, showRegions: false, 'capture.pasteAsAI': true })).settings;
    expect(after.interpreter).toBe('/opt/venv/bin/python');
    expect(needsRestart(before, after)).toBe(false);
  });

  it('every setting has one real type and a default, so the Settings UI shows a control', () => {
    for (const [key, prop] of Object.entries(props)) {
      expect(typeof prop.type, key).toBe('string');
      expect(prop.default, key).not.toBeUndefined();
      expect(prop.default, key).not.toBeNull();
    }
    // The defaults shown are what the code does when the setting is unset.
    const { settings } = readSettings((key) => props[`aidecay.${key}`]?.default);
    expect(settings.interpreter).toBeNull();
    expect(settings.server.path).toBeNull();
    expect(settings.databasePath).toBeNull();
  });

  it('declares limited support for untrusted workspaces with the launch settings restricted', () => {
    expect(pkg.capabilities.untrustedWorkspaces.supported).toBe('limited');
    expect([...pkg.capabilities.untrustedWorkspaces.restrictedConfigurations].sort()).toEqual(
      RESTRICTED_SETTINGS.map((k) => `aidecay.${k}`).sort(),
    );
  });
});
