/**
 * The server's stats object (`aidecay/stats`, docs/stats.md) as a person reads it: cards with
 * human labels and units, and tables. Unknown keys are shown with readable labels, never as raw
 * dotted paths. Pure module: must not import `vscode`.
 */
import type { StatsResult } from '../protocol';

export interface StatCard {
  label: string;
  value: string;
  /** What the number counts, in words. */
  detail: string;
}

export interface StatTable {
  title: string;
  headers: string[];
  rows: string[][];
  empty: string;
}

export interface StatsView {
  cards: StatCard[];
  tables: StatTable[];
}

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null;
}
function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
function list(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(obj).filter((o): o is Obj => o !== null) : [];
}

export function count(n: number | null, unit?: string, plural?: string): string {
  if (n === null) return '–';
  const text = Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1);
  if (!unit) return text;
  return `${text} ${n === 1 ? unit : (plural ?? `${unit}s`)}`;
}

export function percent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(rate > 0 && rate < 0.1 ? 1 : 0)} %`;
}

function signed(n: number | null, digits = 1): string {
  if (n === null) return '–';
  const text = Math.abs(n).toFixed(Number.isInteger(n) ? 0 : digits);
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : '0';
}

/** `eligibleChars` → "eligible chars"; `churn14d` → "churn 14d". */
export function humanize(key: string): string {
  return key
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/([0-9])([a-z])/gi, '$1$2')
    .replace(/[_.-]+/g, ' ')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());
}

const SURVIVAL_WINDOWS: [string, string][] = [
  ['1d', '1 day'],
  ['7d', '7 days'],
  ['30d', '30 days'],
];

function survivalCards(survival: Obj | null): StatCard[] {
  if (!survival) return [];
  const cards: StatCard[] = [];
  for (const [key, words] of SURVIVAL_WINDOWS) {
    const s = obj(survival[key]);
    if (!s) continue;
    const regions = num(s.eligibleRegions) ?? 0;
    cards.push({
      label: `Survival after ${words}`,
      value: regions === 0 ? 'not yet' : percent(num(s.rate)),
      detail:
        regions === 0
          ? `no AI code is ${words} old yet`
          : `${count(num(s.survivingChars))} of ${count(num(s.eligibleChars), 'AI character')} still in the code (${count(regions, 'region')} old enough)`,
    });
  }
  return cards;
}

function knownCards(stats: Obj): StatCard[] {
  const cards: StatCard[] = [];
  const totals = obj(stats.totals);
  if (totals) {
    cards.push({
      label: 'AI-written code',
      value: count(num(totals.aiLines), 'line'),
      detail: `${count(num(totals.aiChars), 'character')} in ${count(num(totals.regions), 'region')} (${count(num(totals.live))} live, ${count(num(totals.deleted))} deleted) across ${count(num(totals.files), 'file')}`,
    });
  }
  cards.push(...survivalCards(obj(stats.survival)));
  const churn = obj(stats.churn14d);
  if (churn) {
    const days = num(churn.days) ?? 14;
    cards.push({
      label: `Churn within ${days} days`,
      value: percent(num(churn.rate)),
      detail: `${count(num(churn.churnedChars))} of ${count(num(churn.eligibleChars), 'AI character')} changed or deleted within ${days} days of being written (${count(num(churn.churnedRegions))} of ${count(num(churn.eligibleRegions), 'region')})`,
    });
  }
  const rework = obj(stats.rework);
  if (rework) {
    const ratio = num(rework.ratio);
    const by = obj(rework.byAuthor);
    const authors = by
      ? Object.entries(by)
          .filter(([, v]) => num(v) !== null)
          .map(([k, v]) => `${count(num(v))} by ${k === 'human' ? 'you' : k}`)
          .join(', ')
      : '';
    cards.push({
      label: 'Rework',
      value: ratio === null ? '–' : `${ratio.toFixed(2)} ×`,
      detail: `${count(num(rework.editedChars), 'character')} edited inside ${count(num(rework.aiChars), 'AI character')}${authors ? ` (${authors})` : ''}`,
    });
    const edits = num(rework.edits);
    if (edits !== null) {
      cards.push({
        label: 'Edits',
        value: count(edits),
        detail: 'edits of AI code: one author\'s changes with no pause over 5 seconds (history.editGapSeconds) and no save between them',
      });
    }
    const sittings = num(rework.sittings);
    if (sittings !== null) {
      cards.push({
        label: 'Sittings',
        value: count(sittings),
        detail: 'separate sessions of work on AI code: edits less than 30 minutes apart (thresholds.sittingGapMinutes) belong to one sitting',
      });
    }
  }
  const complexity = obj(stats.complexity);
  if (complexity && complexity.available !== false) {
    cards.push({
      label: 'Complexity change',
      value: signed(num(complexity.medianMaxCcDelta)),
      detail: `median change of the most complex function per region since it was written (cyclomatic complexity, ${count(num(complexity.regions), 'region')})`,
    });
    if (num(complexity.medianMiDelta) !== null) {
      cards.push({
        label: 'Maintainability change',
        value: signed(num(complexity.medianMiDelta)),
        detail: 'median change of the maintainability index per region (0–100, higher is easier to maintain)',
      });
    }
  }
  return cards;
}

const KNOWN = new Set([
  'statsVersion',
  'generatedAt',
  'since',
  'workspace',
  'series',
  'totals',
  'inserted',
  'survival',
  'churn14d',
  'rework',
  'diagnostics',
  'complexity',
  'topFiles',
]);

/** Cards for numbers the client does not know yet (a newer server): readable labels, no paths. */
function otherCards(stats: Obj): StatCard[] {
  const cards: StatCard[] = [];
  for (const [key, value] of Object.entries(stats)) {
    if (KNOWN.has(key)) continue;
    const n = num(value);
    if (n !== null) cards.push({ label: humanize(key), value: count(n), detail: '' });
    const o = obj(value);
    if (!o) continue;
    const parts = Object.entries(o)
      .filter(([, v]) => num(v) !== null)
      .map(([k, v]) => `${humanize(k).toLowerCase()} ${count(num(v))}`);
    if (parts.length > 0) cards.push({ label: humanize(key), value: '', detail: parts.join(' · ') });
  }
  return cards;
}

function relativePath(uriOrPath: string, folders: readonly string[]): string {
  for (const folder of folders) {
    const base = folder.endsWith('/') ? folder : `${folder}/`;
    if (uriOrPath.startsWith(base)) return decodeURIComponent(uriOrPath.slice(base.length));
  }
  return decodeURIComponent(uriOrPath.replace(/^file:\/\//, ''));
}

function tables(stats: Obj, folders: readonly string[]): StatTable[] {
  const out: StatTable[] = [];
  if (Array.isArray(stats.inserted)) {
    out.push({
      title: 'AI code by origin and tool',
      headers: ['origin', 'tool', 'regions', 'lines', 'characters'],
      rows: list(stats.inserted).map((r) => [
        str(r.origin),
        typeof r.tool === 'string' && r.tool ? r.tool : '–',
        count(num(r.regions)),
        count(num(r.lines)),
        count(num(r.chars)),
      ]),
      empty: 'No AI code recorded in this period.',
    });
  }
  const diagnostics = obj(stats.diagnostics);
  if (diagnostics && diagnostics.available !== false) {
    out.push({
      title: 'Decay findings',
      headers: ['code', 'regions now', 'regions ever', 'share of AI regions'],
      rows: list(diagnostics.codes).map((c) => [
        str(c.code),
        count(num(c.activeRegions)),
        count(num(c.regions)),
        percent(num(c.share)),
      ]),
      empty: 'No decay findings: the AI code has kept its shape.',
    });
  }
  if (Array.isArray(stats.topFiles)) {
    out.push({
      title: 'Files with the most decay',
      headers: ['file', 'AI regions', 'AI characters', 'rework', 'open findings'],
      rows: list(stats.topFiles).map((f) => [
        relativePath(str(f.uri) || str(f.path), folders),
        count(num(f.regions)),
        count(num(f.aiChars)),
        num(f.reworkRatio) === null ? '–' : `${(num(f.reworkRatio) ?? 0).toFixed(2)} ×`,
        count(num(f.activeFindings)),
      ]),
      empty: 'No files yet.',
    });
  }
  return out;
}

/** The stats object as cards and tables (empty when the server sent none). */
export function statsView(stats: StatsResult | null, workspaceFolders: readonly string[] = []): StatsView {
  const o = obj(stats);
  if (!o) return { cards: [], tables: [] };
  return { cards: [...knownCards(o), ...otherCards(o)], tables: tables(o, workspaceFolders) };
}
