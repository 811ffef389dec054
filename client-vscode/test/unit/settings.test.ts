import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, needsRestart, readSettings, toServerSettings } from '../../src/settings';
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
        'thresholds.complexityGrowth': 6,
        'thresholds.churnFactor': 2.5,
        'thresholds.complexityMax': null,
        'analysis.enabled': false,
        'diagnostics.disabled': ['churn'],
        'diagnostics.severity': { 'naming-divergence': 'hint' },
      }),
    );
    expect(toServerSettings(settings)).toEqual({
      databasePath: '/tmp/a.db',
      heuristic: { enabled: false, minLines: 5 },
      analysis: { enabled: false, debounceMs: 100 },
      thresholds: { complexityGrowth: 6, churnFactor: 2.5 },
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
});
