/**
 * Typed settings for the extension, read from the `aidecay.*` configuration, with defaults
 * and validation, and the settings object sent to the server.
 *
 * Pure module: must not import `vscode`. The adapter passes a getter over the configuration.
 */
import { CHAT_PROVIDER_IDS, INLINE_PROVIDER_IDS } from './capture/tools';

export type TraceLevel = 'off' | 'messages' | 'verbose';

/** Thresholds passed through to the server (issue 3 names); null means "server default". */
export const THRESHOLD_KEYS = [
  'complexityGrowth',
  'complexityMax',
  'maintainabilityDrop',
  'churnSittings',
  'churnFactor',
  'sittingGapMinutes',
  'duplicateSimilarity',
] as const;
export type ThresholdKey = (typeof THRESHOLD_KEYS)[number];

/** Diagnostic codes of the server (docs/diagnostics.md). */
export const DIAGNOSTIC_CODES = [
  'complexity-growth',
  'maintainability-drop',
  'churn',
  'naming-divergence',
  'docstring-divergence',
  'type-hint-divergence',
  'error-handling-divergence',
  'duplicate-helper',
] as const;
export type DiagnosticSeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** Extensions whose inline completions and chat edits aidecay attributes by default. */
export const DEFAULT_AI_EXTENSIONS: readonly string[] = [...new Set([...INLINE_PROVIDER_IDS, ...CHAT_PROVIDER_IDS])];

export interface ClientSettings {
  server: { path: string | null; args: string[] };
  interpreter: string | null;
  showRegions: boolean;
  capture: {
    enabled: boolean;
    pasteAsAI: boolean;
    aiExtensions: string[];
    /** Mark unexplained multi-line insertions with origin `heuristic`. */
    unexplainedAsHeuristic: boolean;
  };
  trace: { server: TraceLevel };
  databasePath: string | null;
  heuristic: { minLines: number | null };
  analysis: { enabled: boolean | null; debounceMs: number | null; memoryLimitMb: number | null };
  thresholds: Record<ThresholdKey, number | null>;
  diagnostics: { disabled: string[] | null; severity: Record<string, DiagnosticSeverityName> | null };
  /** The server's CodeLens over AI functions (always sent: `codeLens.enabled`). */
  codeLens: { enabled: boolean };
  history: { editGapSeconds: number | null; retention: string | null };
  flushIntervalMs: number | null;
}

/**
 * Settings of this extension only (package.json `aidecay.*` keys the server does not have);
 * every other key of package.json is a server setting (core/settings.py), passed through.
 * test/protocol/settingsSchema.test.ts checks the three lists against each other.
 */
export const CLIENT_SETTINGS: readonly string[] = [
  'server.path',
  'server.args',
  'interpreter',
  'showRegions',
  'capture.enabled',
  'capture.pasteAsAI',
  'capture.aiExtensions',
  'capture.unexplainedAsHeuristic',
  'trace.server',
];

export const DEFAULT_SETTINGS: ClientSettings = {
  server: { path: null, args: ['serve'] },
  interpreter: null,
  showRegions: true,
  capture: {
    enabled: true,
    pasteAsAI: false,
    aiExtensions: [...DEFAULT_AI_EXTENSIONS],
    unexplainedAsHeuristic: false,
  },
  trace: { server: 'off' },
  databasePath: null,
  heuristic: { minLines: null },
  analysis: { enabled: null, debounceMs: null, memoryLimitMb: null },
  thresholds: {
    complexityGrowth: null,
    complexityMax: null,
    maintainabilityDrop: null,
    churnSittings: null,
    churnFactor: null,
    sittingGapMinutes: null,
    duplicateSimilarity: null,
  },
  diagnostics: { disabled: null, severity: null },
  codeLens: { enabled: true },
  history: { editGapSeconds: null, retention: null },
  flushIntervalMs: null,
};

/**
 * Settings that choose what runs or where the server writes: an untrusted workspace cannot set
 * them (`capabilities.untrustedWorkspaces.restrictedConfigurations` in package.json), and their
 * workspace values are ignored there.
 */
export const RESTRICTED_SETTINGS: readonly string[] = ['server.path', 'server.args', 'interpreter', 'databasePath'];

/** What `WorkspaceConfiguration.inspect` returns (the fields we read). */
export interface InspectedSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  globalLanguageValue?: unknown;
  workspaceLanguageValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}

/**
 * The value the user set for a setting, most specific level first; undefined when unset (the
 * code's defaults apply, and the server's). In an untrusted workspace a restricted setting takes
 * only the User value.
 */
export function configuredValue(key: string, inspected: InspectedSetting | undefined, trusted: boolean): unknown {
  if (inspected === undefined) return undefined;
  if (!trusted && RESTRICTED_SETTINGS.includes(key)) return inspected.globalLanguageValue ?? inspected.globalValue;
  return (
    inspected.workspaceFolderLanguageValue ??
    inspected.workspaceLanguageValue ??
    inspected.globalLanguageValue ??
    inspected.workspaceFolderValue ??
    inspected.workspaceValue ??
    inspected.globalValue
  );
}

/** Reads one setting by its key below `aidecay.` (e.g. `capture.enabled`); undefined when unset. */
export type SettingGetter = (key: string) => unknown;

export interface ReadResult {
  settings: ClientSettings;
  /** One line per ignored value, naming the setting. */
  warnings: string[];
}

type Check<T> = (value: unknown) => value is T;

const isBool: Check<boolean> = (v): v is boolean => typeof v === 'boolean';
const isString: Check<string> = (v): v is string => typeof v === 'string';
const isStringArray: Check<string[]> = (v): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');
const isTrace: Check<TraceLevel> = (v): v is TraceLevel => v === 'off' || v === 'messages' || v === 'verbose';
const isCodeList: Check<string[]> = (v): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' && (DIAGNOSTIC_CODES as readonly string[]).includes(x));
const isSeverityMap: Check<Record<string, DiagnosticSeverityName>> = (v): v is Record<string, DiagnosticSeverityName> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.entries(v).every(
    ([k, x]) => (DIAGNOSTIC_CODES as readonly string[]).includes(k) && ['error', 'warning', 'information', 'hint', 'off'].includes(String(x)),
  );

function isRetention(v: unknown): v is string {
  return typeof v === 'string' && /^\s*\d+\s*[hdw]\s*$/.test(v);
}
function nonNegativeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
function positiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}
function atLeast16(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 16;
}
function nonNegativeNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

export function readSettings(get: SettingGetter): ReadResult {
  const warnings: string[] = [];

  function pick<T>(key: string, check: Check<T>, fallback: T, expected: string): T {
    const value = get(key);
    if (value === undefined) return fallback;
    if (check(value)) return value;
    warnings.push(`aidecay.${key} ${expected}, got ${JSON.stringify(value)}; using ${JSON.stringify(fallback)}`);
    return fallback;
  }
  /** Optional value: null / empty string means "not set". */
  function optional<T>(key: string, check: Check<T>, expected: string): T | null {
    const value = get(key);
    if (value === undefined || value === null || value === '') return null;
    if (check(value)) return value;
    warnings.push(`aidecay.${key} ${expected}, got ${JSON.stringify(value)}; using the default`);
    return null;
  }
  function optionalPath(key: string): string | null {
    const value = optional(key, isString, 'must be a string');
    return value === null ? null : value.trim() || null;
  }

  const d = DEFAULT_SETTINGS;
  const thresholds = { ...d.thresholds };
  for (const key of THRESHOLD_KEYS) {
    thresholds[key] = optional(`thresholds.${key}`, nonNegativeNumber, 'must be a number ≥ 0');
  }
  const aiExtensions = pick('capture.aiExtensions', isStringArray, [...d.capture.aiExtensions], 'must be a list of extension ids');

  const settings: ClientSettings = {
    server: {
      path: optionalPath('server.path'),
      args: pick('server.args', isStringArray, [...d.server.args], 'must be a list of strings'),
    },
    interpreter: optionalPath('interpreter'),
    showRegions: pick('showRegions', isBool, d.showRegions, 'must be true or false'),
    capture: {
      enabled: pick('capture.enabled', isBool, d.capture.enabled, 'must be true or false'),
      pasteAsAI: pick('capture.pasteAsAI', isBool, d.capture.pasteAsAI, 'must be true or false'),
      aiExtensions: aiExtensions.map((id) => id.trim().toLowerCase()).filter((id) => id.length > 0),
      unexplainedAsHeuristic: pick(
        'capture.unexplainedAsHeuristic',
        isBool,
        d.capture.unexplainedAsHeuristic,
        'must be true or false',
      ),
    },
    trace: { server: pick('trace.server', isTrace, d.trace.server, 'must be "off", "messages" or "verbose"') },
    databasePath: optionalPath('databasePath'),
    heuristic: { minLines: optional('heuristic.minLines', positiveInt, 'must be an integer ≥ 1') },
    analysis: {
      enabled: optional('analysis.enabled', isBool, 'must be true or false'),
      debounceMs: optional('analysis.debounceMs', nonNegativeInt, 'must be an integer ≥ 0'),
      memoryLimitMb: optional('analysis.memoryLimitMb', atLeast16, 'must be an integer ≥ 16'),
    },
    thresholds,
    diagnostics: {
      disabled: optional('diagnostics.disabled', isCodeList, `must be a list of codes (${DIAGNOSTIC_CODES.join(', ')})`),
      severity: optional(
        'diagnostics.severity',
        isSeverityMap,
        'must map diagnostic codes to "error", "warning", "information", "hint" or "off"',
      ),
    },
    codeLens: { enabled: pick('codeLens.enabled', isBool, d.codeLens.enabled, 'must be true or false') },
    history: {
      editGapSeconds: optional('history.editGapSeconds', nonNegativeNumber, 'must be a number ≥ 0'),
      retention: optional('history.retention', isRetention, 'must be a duration such as "30d", "12h" or "2w"'),
    },
    flushIntervalMs: optional('flushIntervalMs', positiveInt, 'must be an integer ≥ 1'),
  };
  return { settings, warnings };
}

/** The settings object the server receives (initializationOptions and `workspace/configuration`). */
export interface ServerSettings {
  databasePath?: string | null;
  heuristic: { enabled: boolean; minLines?: number };
  analysis?: { enabled?: boolean; debounceMs?: number; memoryLimitMb?: number };
  thresholds?: Partial<Record<ThresholdKey, number>>;
  diagnostics?: { disabled?: string[]; severity?: Record<string, DiagnosticSeverityName> };
  codeLens: { enabled: boolean };
  history?: { editGapSeconds?: number; retention?: string };
  flushIntervalMs?: number;
}

/**
 * Server settings: values the user left unset are omitted so the server's defaults apply.
 * The bulk-insert heuristic is always off: this client reports AI insertions precisely.
 */
export function toServerSettings(s: ClientSettings): ServerSettings {
  const out: ServerSettings = { heuristic: { enabled: false }, codeLens: { enabled: s.codeLens.enabled } };
  if (s.databasePath !== null) out.databasePath = s.databasePath;
  if (s.heuristic.minLines !== null) out.heuristic.minLines = s.heuristic.minLines;
  const analysis: { enabled?: boolean; debounceMs?: number; memoryLimitMb?: number } = {};
  if (s.analysis.enabled !== null) analysis.enabled = s.analysis.enabled;
  if (s.analysis.debounceMs !== null) analysis.debounceMs = s.analysis.debounceMs;
  if (s.analysis.memoryLimitMb !== null) analysis.memoryLimitMb = s.analysis.memoryLimitMb;
  if (Object.keys(analysis).length > 0) out.analysis = analysis;
  const thresholds: Partial<Record<ThresholdKey, number>> = {};
  for (const key of THRESHOLD_KEYS) {
    const value = s.thresholds[key];
    if (value !== null) thresholds[key] = value;
  }
  if (Object.keys(thresholds).length > 0) out.thresholds = thresholds;
  const diagnostics: { disabled?: string[]; severity?: Record<string, DiagnosticSeverityName> } = {};
  if (s.diagnostics.disabled !== null) diagnostics.disabled = [...s.diagnostics.disabled];
  if (s.diagnostics.severity !== null) diagnostics.severity = { ...s.diagnostics.severity };
  if (Object.keys(diagnostics).length > 0) out.diagnostics = diagnostics;
  const history: { editGapSeconds?: number; retention?: string } = {};
  if (s.history.editGapSeconds !== null) history.editGapSeconds = s.history.editGapSeconds;
  if (s.history.retention !== null) history.retention = s.history.retention;
  if (Object.keys(history).length > 0) out.history = history;
  if (s.flushIntervalMs !== null) out.flushIntervalMs = s.flushIntervalMs;
  return out;
}

/** True when a change between two settings objects requires restarting the server process. */
export function needsRestart(before: ClientSettings, after: ClientSettings): boolean {
  return (
    before.server.path !== after.server.path ||
    before.server.args.join('\u0000') !== after.server.args.join('\u0000') ||
    before.interpreter !== after.interpreter ||
    before.databasePath !== after.databasePath
  );
}
