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
  ['7d', '7 days'],
  ['30d', '30 days'],
  ['90d', '90 days'],
];

/** " (95 % CI 80–92 %)" when the server gave an interval. */
function interval(o: Obj): string {
  const low = num(o.low);
  const high = num(o.high);
  return low === null || high === null || low === high ? '' : ` (95 % interval ${percent(low)}–${percent(high)})`;
}

function survivalCards(survival: Obj | null): StatCard[] {
  if (!survival) return [];
  const cards: StatCard[] = [];
  for (const [key, words] of SURVIVAL_WINDOWS) {
    const s = obj(survival[key]);
    if (!s) continue;
    const rate = num(s.rate);
    cards.push({
      label: `Survival after ${words}`,
      value: rate === null ? 'not yet' : percent(rate),
      detail:
        rate === null
          ? `no AI line followed ${words} yet`
          : `AI lines still there, unchanged (Kaplan–Meier over ${count(num(s.lines), 'line')})${interval(s)}; ${count(num(s.survivingLines))} of ${count(num(s.followedLines), 'line')} followed that long`,
    });
  }
  return cards;
}

function knownCards(stats: Obj): StatCard[] {
  const cards: StatCard[] = [];
  const totals = obj(stats.totals);
  if (totals) {
    const chars = num(totals.aiChars);
    cards.push({
      label: 'AI-written code',
      value: count(num(totals.aiLines), 'line'),
      detail: `${count(num(totals.aiLinesAtEnd))} still there${chars === null ? '' : `, ${count(chars, 'character')}`} in ${count(num(totals.regions), 'region')} (${count(num(totals.live))} live, ${count(num(totals.deleted))} deleted) across ${count(num(totals.files), 'file')}`,
    });
  }
  cards.push(...survivalCards(obj(stats.survival)));
  const churn = obj(stats.churn14d);
  if (churn) {
    const days = num(churn.days) ?? 14;
    const rate = num(churn.rate);
    const chars = obj(churn.chars);
    cards.push({
      label: `Churn within ${days} days`,
      value: rate === null ? 'not yet' : percent(rate),
      detail:
        rate === null
          ? `no AI line is ${days} days old yet`
          : `${count(num(churn.churnedLines))} of ${count(num(churn.lines), 'AI line')} changed or deleted within ${days} days of being written${interval(churn)}${chars ? `; ${count(num(chars.churned))} of ${count(num(chars.eligible), 'AI character')} replaced or deleted` : ''}`,
    });
  }
  const rework = obj(stats.rework);
  if (rework) {
    const by = obj(rework.byAuthor);
    const authors = by
      ? Object.entries(by)
          .filter(([, v]) => num(v) !== null)
          .map(([k, v]) => `${count(num(v))} by ${k === 'human' ? 'you' : k}`)
          .join(', ')
      : '';
    const chars = obj(rework.chars);
    cards.push({
      label: 'Reworked so far',
      value: percent(num(rework.ratio)),
      detail: `${count(num(rework.changedLines))} of ${count(num(rework.aiLines), 'AI line')} changed or deleted${authors ? ` (${authors})` : ''}${chars ? `; ${count(num(chars.changed))} of ${count(num(chars.ai), 'AI character')} replaced or deleted (text typed in later never counts)` : ''}`,
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
  'source',
  'units',
  'windows',
  'missing',
  'scorecard',
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
      headers: ['file', 'AI regions', 'AI lines', 'changed or deleted', 'open findings'],
      rows: list(stats.topFiles).map((f) => [
        relativePath(str(f.uri) || str(f.path), folders),
        count(num(f.regions)),
        count(num(f.aiLines)),
        `${count(num(f.changedLines))} (${percent(num(f.changedShare))})`,
        count(num(f.activeFindings)),
      ]),
      empty: 'No AI line changed or deleted yet.',
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
