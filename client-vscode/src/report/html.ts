/**
 * The report webview's HTML: local assets only, a strict Content-Security-Policy, no remote
 * scripts. Pure module: must not import `vscode`.
 */
import type { RegionInfo, StatsResult } from '../protocol';
import { lineSpan, relativeLabel } from '../decay/tree';
import { type StatTable, type StatsView, statsView } from './labels';
import { scorecardHtml } from './scorecard';
import type { Bar, Point, Series } from './model';
import type { ReplayRepo } from './replay';
import { barChart, emptyChart, escapeHtml, lineChart } from './svg';

/** Commands the page's buttons may run (the webview can ask for nothing else). */
export const REPORT_COMMANDS = [
  'aidecay.showServerLog',
  'aidecay.restartServer',
  'aidecay.selectInterpreter',
  'aidecay.markSelection',
  'aidecay.openDocs',
] as const;
export type ReportCommand = (typeof REPORT_COMMANDS)[number];

function button(command: ReportCommand, label: string): string {
  return `<button type="button" class="action" data-command="${escapeHtml(command)}">${escapeHtml(label)}</button>`;
}

export interface ReportInput {
  cspSource: string;
  nonce: string;
  styleUri: string;
  scriptUri: string;
  survival: Series[];
  rework: Bar[];
  complexity: Point[];
  regions: RegionInfo[];
  selectedRegionId: string | null;
  stats: StatsResult | null;
  /** Why stats are missing (e.g. the server has no aidecay/stats yet). */
  statsNote: string | null;
  workspaceFolders: string[];
  generatedAt: Date;
  /** False while the server is down: the page says so instead of showing empty charts. */
  serverRunning?: boolean;
  /** Regions the server knows in any state (live, deleted, unmarked); 0 shows the first steps. */
  recordedRegions?: number;
  /** Replayed repositories (`aidecay replay`), shown apart from the live history. */
  replay?: ReplayRepo[];
}

function replayHtml(repos: readonly ReplayRepo[]): string {
  const intro =
    '<p class="note">What <code>aidecay replay</code> reconstructed from git: AI-written against human-written lines of the same repository. These figures come from the git history, not from your editor, and are not part of the personal stats above.</p>';
  if (repos.length === 0) {
    return `${intro}<p class="note">No replayed history yet: run <code>aidecay replay</code> in a repository to compare AI and human code from its history.</p>`;
  }
  return (
    intro +
    repos
      .map((r) => `<h3>${escapeHtml(r.title)}</h3><p class="meta">${escapeHtml(r.caption)}</p>${tableHtml(r.comparison)}${tableHtml(r.models)}`)
      .join('')
  );
}

function tableHtml(t: StatTable): string {
  const head = t.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body =
    t.rows.length === 0
      ? `<tr><td class="note" colspan="${t.headers.length}">${escapeHtml(t.empty)}</td></tr>`
      : t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<h3>${escapeHtml(t.title)}</h3><table class="grid"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function statsHtml(view: StatsView, note: string | null): string {
  if (view.cards.length === 0 && view.tables.length === 0) {
    return `<p class="note">${escapeHtml(note ?? 'No statistics reported by the server.')}</p>`;
  }
  const cards = view.cards
    .map(
      (c) =>
        `<div class="card"><div class="label">${escapeHtml(c.label)}</div><div class="value">${escapeHtml(c.value)}</div><div class="detail">${escapeHtml(c.detail)}</div></div>`,
    )
    .join('');
  return `<div class="cards">${cards}</div>${view.tables.map(tableHtml).join('')}`;
}

/** The page while the server is down: what happened and what to do, no empty charts. */
function serverDown(): string {
  return `<section class="state">
  <h2>aidecay server is not running</h2>
  <p>The report needs the server's history. Its log says why it stopped; restart it, or choose the Python interpreter that has aidecay.</p>
  <p>${button('aidecay.showServerLog', 'Show Log')} ${button('aidecay.restartServer', 'Restart')} ${button('aidecay.selectInterpreter', 'Select Interpreter')}</p>
</section>`;
}

/** The page before any AI code was recorded: the first steps. */
function firstSteps(): string {
  return `<section class="state">
  <h2>No AI-written code recorded yet</h2>
  <p>This report fills in as aidecay sees AI code arrive and change. To start:</p>
  <ol>
    <li>Accept an inline completion (Tab) from Copilot or another AI extension, or let an agent or chat edit a Python file: aidecay marks it.</li>
    <li>Or select code an AI wrote and run <b>aidecay: Mark Selection as AI-generated</b>.</li>
    <li>Keep working: edits inside AI code, its survival, churn and complexity show up here.</li>
  </ol>
  <p>To see a full example first, run <code>aidecay demo</code> in a terminal.</p>
  <p>${button('aidecay.markSelection', 'Mark Selection as AI-generated')} ${button('aidecay.openDocs', 'Open Documentation')}</p>
</section>`;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "font-src 'none'",
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function renderReport(input: ReportInput): string {
  const selected = input.regions.find((r) => r.id === input.selectedRegionId) ?? null;
  const options = input.regions
    .map((r) => {
      // Named by the function it covers, as in the panel; the place follows.
      const label = `${r.symbol ?? lineSpan(r.range)} — ${relativeLabel(r.uri, input.workspaceFolders)}${r.symbol ? ` ${lineSpan(r.range)}` : ''} · ${r.origin}`;
      return `<option value="${escapeHtml(r.id)}"${r.id === selected?.id ? ' selected' : ''}>${escapeHtml(label)}</option>`;
    })
    .join('');
  const complexity =
    selected === null
      ? emptyChart({ title: 'Complexity of a region over time', unit: 'cyclomatic complexity' }, 'No AI region to show')
      : input.complexity.length === 0
        ? emptyChart(
            { title: 'Complexity of a region over time', unit: 'cyclomatic complexity' },
            'Not measured yet: the server measures a region after its first analysis',
          )
        : lineChart([{ name: 'cyclomatic complexity', points: input.complexity }], {
            title: 'Complexity of a region over time',
            unit: 'cyclomatic complexity',
          });
  const statsBlock = statsHtml(statsView(input.stats, input.workspaceFolders), input.statsNote);
  const running = input.serverRunning ?? true;
  const replay = input.replay ?? [];
  const empty = running && (input.recordedRegions ?? input.regions.length) === 0 && replay.length === 0;
  const body = !running
    ? serverDown()
    : empty
      ? firstSteps()
      : `<section id="live">
  <h2>Personal stats (live, in the editor)</h2>
  <p class="note">AI code aidecay saw arrive in your editor and what happened to it since. Replayed git history is not counted here: it has its own section below.</p>
  ${statsBlock}
</section>
${scorecardHtml(input.stats?.scorecard)}
<section>
  <h2>Survival of AI code</h2>
  ${lineChart(input.survival, { title: 'AI code inserted vs still in the code', unit: 'characters', empty: 'No AI code recorded in this period' })}
</section>
<section>
  <h2>Rework per day</h2>
  ${barChart(input.rework, { title: 'Characters edited inside AI regions', unit: 'characters per day', empty: 'No edits inside AI code yet: they appear here as you change it' })}
</section>
<section>
  <h2>Complexity over time</h2>
  <label for="region">Region</label>
  <select id="region">${options}</select>
  ${complexity}
</section>
<section id="replay">
  <h2>Replayed from git history: AI vs human</h2>
  ${replayHtml(replay)}
</section>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(input.styleUri)}">
<title>aidecay report</title>
</head>
<body>
<header>
  <h1>aidecay report</h1>
  <button id="refresh" type="button">Refresh</button>
</header>
<p class="meta">Generated ${escapeHtml(input.generatedAt.toISOString().replace('T', ' ').slice(0, 16))} UTC from your local aidecay history · ${input.regions.length} live AI region${input.regions.length === 1 ? '' : 's'} tracked in the editor${replay.length > 0 ? ` · ${replay.length} replayed repositor${replay.length === 1 ? 'y' : 'ies'}` : ''}</p>
${body}
<script nonce="${escapeHtml(input.nonce)}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>`;
}
