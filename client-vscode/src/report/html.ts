/**
 * The report webview's HTML: local assets only, a strict Content-Security-Policy, no remote
 * scripts. Pure module: must not import `vscode`.
 */
import type { RegionInfo, StatsResult } from '../protocol';
import { lineSpan, relativeLabel } from '../decay/tree';
import { type Bar, type Point, type Series, statsSummary } from './model';
import { barChart, emptyChart, escapeHtml, lineChart } from './svg';

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
      const label = `${relativeLabel(r.uri, input.workspaceFolders)} ${lineSpan(r.range)} · ${r.origin}`;
      return `<option value="${escapeHtml(r.id)}"${r.id === selected?.id ? ' selected' : ''}>${escapeHtml(label)}</option>`;
    })
    .join('');
  const complexity =
    selected === null
      ? emptyChart({ title: 'Complexity of a region over time', unit: 'cyclomatic complexity' }, 'No AI region to show')
      : input.complexity.length === 0
        ? emptyChart(
            { title: 'Complexity of a region over time', unit: 'cyclomatic complexity' },
            'The server has not measured this region yet',
          )
        : lineChart([{ name: 'cyclomatic complexity', points: input.complexity }], {
            title: 'Complexity of a region over time',
            unit: 'cyclomatic complexity',
          });
  const rows = statsSummary(input.stats)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('');
  const statsBlock = rows
    ? `<table class="stats">${rows}</table>`
    : `<p class="note">${escapeHtml(input.statsNote ?? 'No statistics reported by the server.')}</p>`;
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
<p class="meta">Generated ${escapeHtml(input.generatedAt.toISOString().replace('T', ' ').slice(0, 16))} UTC from your local aidecay history · ${input.regions.length} live AI regions</p>
<section>
  <h2>Survival of AI code</h2>
  ${lineChart(input.survival, { title: 'AI code inserted vs still in the code', unit: 'characters' })}
</section>
<section>
  <h2>Rework per day</h2>
  ${barChart(input.rework, { title: 'Characters edited inside AI regions', unit: 'characters per day' })}
</section>
<section>
  <h2>Complexity over time</h2>
  <label for="region">Region</label>
  <select id="region">${options}</select>
  ${complexity}
</section>
<section>
  <h2>Personal stats</h2>
  ${statsBlock}
</section>
<script nonce="${escapeHtml(input.nonce)}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>`;
}
