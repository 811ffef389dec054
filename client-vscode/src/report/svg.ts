/**
 * Small, dependency-free SVG charts for the report webview (no scripts needed to draw them).
 * Pure module: must not import `vscode`.
 */
import { pointLabel, shortDate, timeAxis } from './axis';
import type { Bar, Series } from './model';
import { formatNumber } from './model';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface ChartOptions {
  width?: number;
  height?: number;
  title: string;
  /** Label of the value axis. */
  unit: string;
  /** What an empty chart says (what to do to fill it). */
  empty?: string;
}

const PAD = { left: 56, right: 16, top: 28, bottom: 34 };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const exp = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= v) return m * exp;
  return 10 * exp;
}

function frame(w: number, h: number, title: string, unit: string, maxY: number, body: string): string {
  const plotH = h - PAD.top - PAD.bottom;
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const y = PAD.top + plotH * (1 - f);
      return (
        `<line class="grid" x1="${PAD.left}" x2="${w - PAD.right}" y1="${y}" y2="${y}"/>` +
        `<text class="tick" x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${escapeHtml(formatNumber(maxY * f))}</text>`
      );
    })
    .join('');
  return (
    `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${w} ${h}" width="100%">` +
    `<text class="title" x="${PAD.left}" y="16">${escapeHtml(title)}</text>` +
    `<text class="unit" x="${w - PAD.right}" y="16" text-anchor="end">${escapeHtml(unit)}</text>` +
    ticks +
    body +
    `</svg>`
  );
}

export function emptyChart(options: ChartOptions, message: string): string {
  const w = options.width ?? 640;
  const h = options.height ?? 220;
  return (
    `<svg class="chart empty" role="img" aria-label="${escapeHtml(options.title)}" viewBox="0 0 ${w} ${h}" width="100%">` +
    `<text class="title" x="${PAD.left}" y="16">${escapeHtml(options.title)}</text>` +
    `<text class="message" x="${w / 2}" y="${h / 2}" text-anchor="middle">${escapeHtml(message)}</text></svg>`
  );
}

/** Lines over time (x in ms). */
export function lineChart(series: readonly Series[], options: ChartOptions): string {
  const w = options.width ?? 640;
  const h = options.height ?? 220;
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return emptyChart(options, options.empty ?? 'Nothing recorded yet');
  const minX = Math.min(...all.map((p) => p.x));
  const maxX = Math.max(...all.map((p) => p.x));
  const maxY = niceMax(Math.max(...all.map((p) => p.y)));
  const plotW = w - PAD.left - PAD.right;
  const plotH = h - PAD.top - PAD.bottom;
  const sx = (x: number): number => PAD.left + (maxX === minX ? plotW / 2 : ((x - minX) / (maxX - minX)) * plotW);
  const sy = (y: number): number => PAD.top + plotH * (1 - y / maxY);
  const time = timeAxis(minX, maxX);
  const lines = series
    .map((s, i) => {
      const d = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
      const dots = s.points
        .map((p) => `<circle class="s${i}" cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="2.5"><title>${escapeHtml(`${s.name}: ${formatNumber(p.y)} (${pointLabel(p.x, time)})`)}</title></circle>`)
        .join('');
      return `<path class="line s${i}" d="${d}"/>${dots}`;
    })
    .join('');
  const legend = series
    .map((s, i) => `<rect class="s${i}" x="${PAD.left + i * 190}" y="${h - 12}" width="10" height="10"/><text class="legend" x="${PAD.left + 14 + i * 190}" y="${h - 3}">${escapeHtml(s.name)}</text>`)
    .join('');
  const anchor = (i: number, n: number): string => (n === 1 ? 'middle' : i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle');
  const axis =
    time.ticks
      .map((x, i) => `<text class="tick" x="${sx(x).toFixed(1)}" y="${h - PAD.bottom + 14}" text-anchor="${anchor(i, time.ticks.length)}">${escapeHtml(time.label(x))}</text>`)
      .join('') +
    `<text class="unit axis-caption" x="${w - PAD.right}" y="${h - 3}" text-anchor="end">${escapeHtml(time.caption)}</text>`;
  return frame(w, h, options.title, options.unit, maxY, lines + axis + legend);
}

export function barChart(bars: readonly Bar[], options: ChartOptions): string {
  const w = options.width ?? 640;
  const h = options.height ?? 220;
  if (bars.length === 0) return emptyChart(options, options.empty ?? 'No edits inside AI regions yet');
  const maxY = niceMax(Math.max(...bars.map((b) => b.value)));
  const plotW = w - PAD.left - PAD.right;
  const plotH = h - PAD.top - PAD.bottom;
  const step = plotW / bars.length;
  const bw = Math.max(2, step * 0.7);
  // Day bars ("2025-01-03") read as "3 Jan"; labelled when they fit, else about 6 labels.
  const label = (b: Bar): string => (/^\d{4}-\d{2}-\d{2}$/.test(b.label) ? shortDate(Date.parse(`${b.label}T00:00:00Z`)) : b.label);
  const rects = bars
    .map((b, i) => {
      const bh = (b.value / maxY) * plotH;
      const x = PAD.left + i * step + (step - bw) / 2;
      return `<rect class="bar" x="${x.toFixed(1)}" y="${(PAD.top + plotH - bh).toFixed(1)}" width="${bw.toFixed(1)}" height="${bh.toFixed(1)}"><title>${escapeHtml(`${label(b)}: ${formatNumber(b.value)} ${options.unit}`)}</title></rect>`;
    })
    .join('');
  const every = Math.max(1, Math.ceil(bars.length / 6));
  const axis = bars
    .map((b, i) =>
      (bars.length - 1 - i) % every === 0
        ? `<text class="tick" x="${(PAD.left + i * step + step / 2).toFixed(1)}" y="${h - PAD.bottom + 14}" text-anchor="middle">${escapeHtml(label(b))}</text>`
        : '',
    )
    .join('');
  return frame(w, h, options.title, options.unit, maxY, rects + axis);
}
