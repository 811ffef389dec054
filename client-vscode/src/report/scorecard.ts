/**
 * The scorecard section of the report view: per AI tool (and model) against human-written
 * code, from `aidecay/stats` with `{ scorecard: true }` (the server runs `aidecay scorecard
 * --json`, docs/scorecard.md). Figures as rows, one column per tool, every cell with its
 * interval or the reason it is missing. Pure module: must not import `vscode`.
 */
import { escapeHtml } from './svg';

type Obj = Record<string, unknown>;

function obj(value: unknown): Obj | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null;
}
function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** An estimate `{value, low, high, n}` as "72.5 % (60–81)", or why it is missing. */
/** A figure the server left out, in the words the personal stats use for the same reasons. */
function absent(e: Obj | null): string {
  const reason = typeof e?.reason === 'string' ? e.reason : '';
  if (reason.startsWith('not enough')) return 'not enough data';
  return reason.endsWith(' yet') ? 'not yet' : '–';
}

export function share(estimate: unknown): string {
  const e = obj(estimate);
  const value = num(e?.value);
  if (!e || value === null) return absent(e);
  const low = num(e.low);
  const high = num(e.high);
  const pct = `${(value * 100).toFixed(1)} %`;
  return low === null || high === null ? pct : `${pct} (${Math.round(low * 100)}–${Math.round(high * 100)})`;
}

export function ratio(estimate: unknown): string {
  const e = obj(estimate);
  const value = num(e?.value);
  if (!e || value === null) return absent(e);
  return `${value.toFixed(2)} (${(num(e.low) ?? 0).toFixed(2)}–${(num(e.high) ?? 0).toFixed(2)})`;
}

function label(row: Obj): string {
  if (row.group !== 'ai') return String(row.group);
  return [row.tool, row.model].filter((p): p is string => typeof p === 'string').join(' / ') || 'AI';
}

const FIGURES: [string, (row: Obj) => string][] = [
  ['lines added (regions)', (r) => `${num(r.linesAdded) ?? 0} (${num(r.regions) ?? 0})`],
  ['lines left at the end', (r) => String(num(r.linesAtEnd) ?? 0)],
  ['survival at 7 days', (r) => share(obj(r.survival)?.['7d'])],
  ['survival at 30 days', (r) => share(obj(r.survival)?.['30d'])],
  ['survival at 90 days', (r) => share(obj(r.survival)?.['90d'])],
  ['changed within 14 days', (r) => share(r.rework14d)],
  ['complexity grew', (r) => share(r.complexityGrowth)],
  [
    'revisions: median / p90 / never accepted',
    (r) => {
      const v = obj(r.revisions);
      const never = num(v?.neverAccepted);
      if (!v || never === null) return 'not enough data';
      return `${num(v.median) ?? '–'} / ${num(v.p90) ?? '–'} / ${Math.round(never * 100)} %`;
    },
  ],
  [
    'hazard ratio vs human',
    (r) => {
      if (r.group === 'human') return 'reference';
      const verdict = typeof r.verdictVsHuman === 'string' && num(obj(r.hazardRatioVsHuman)?.value) !== null ? ` — ${r.verdictVsHuman}` : '';
      return ratio(r.hazardRatioVsHuman) + verdict;
    },
  ],
];

export interface ScorecardTable {
  headers: string[];
  rows: string[][];
  notes: string[];
}

/** The scorecard as a table (null when the server sent none). */
export function scorecardTable(card: unknown): ScorecardTable | null {
  const c = obj(card);
  if (!c || !Array.isArray(c.rows)) return null;
  const rows = c.rows.map(obj).filter((r): r is Obj => r !== null);
  const notes = new Set<string>();
  for (const row of rows) {
    const hr = obj(row.hazardRatioVsHuman);
    if (hr && hr.value === null && typeof hr.reason === 'string') notes.add(`Hazard ratios: ${hr.reason}`);
    for (const reason of Object.values(obj(row.reasons) ?? {})) if (typeof reason === 'string') notes.add(`Findings: ${reason}`);
  }
  return {
    headers: ['figure', ...rows.map(label)],
    rows: FIGURES.map(([name, cell]) => [name, ...rows.map(cell)]),
    notes: [...notes],
  };
}

/** The report view's scorecard section ('' without a scorecard). */
export function scorecardHtml(card: unknown): string {
  const c = obj(card);
  if (c && typeof c.error === 'string') return `<section><h2>Scorecard</h2><p class="note">${escapeHtml(c.error)}</p></section>`;
  const table = scorecardTable(card);
  if (!table) return '';
  const head = table.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body =
    table.headers.length === 1
      ? '<tr><td class="note">No regions yet.</td></tr>'
      : table.rows.map((r) => `<tr>${r.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  const notes = table.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  return `<section id="scorecard">
  <h2>Scorecard: which code lasts, here</h2>
  <p class="note">Survival: share of lines still there unchanged (95 % interval). Hazard ratio above 1: lines die faster than human-written lines of the same folders, written at the same time; a row is called better or worse only when its interval excludes 1.</p>
  <table class="grid"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>
  ${notes ? `<ul class="note">${notes}</ul>` : ''}
</section>`;
}
