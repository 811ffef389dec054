/**
 * Small, dependency-free SVG charts for the report webview (no scripts needed to draw them).
 * Pure module: must not import `vscode`.
 */
import type { Bar, Series } from './model';
import { formatNumber, isoDay } from './model';

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
  if (all.length === 0) return emptyChart(options, 'No data yet');
  const minX = Math.min(...all.map((p) => p.x));
  const maxX = Math.max(...all.map((p) => p.x));
  const maxY = niceMax(Math.max(...all.map((p) => p.y)));
  const plotW = w - PAD.left - PAD.right;
  const plotH = h - PAD.top - PAD.bottom;
  const sx = (x: number): number => PAD.left + (maxX === minX ? plotW / 2 : ((x - minX) / (maxX - minX)) * plotW);
  const sy = (y: number): number => PAD.top + plotH * (1 - y / maxY);
  const lines = series
    .map((s, i) => {
      const d = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
      const dots = s.points
        .map((p) => `<circle class="s${i}" cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="2.5"><title>${escapeHtml(`${s.name}: ${formatNumber(p.y)} (${isoDay(p.x)})`)}</title></circle>`)
        .join('');
      return `<path class="line s${i}" d="${d}"/>${dots}`;
    })
    .join('');
  const legend = series
    .map((s, i) => `<rect class="s${i}" x="${PAD.left + i * 190}" y="${h - 12}" width="10" height="10"/><text class="legend" x="${PAD.left + 14 + i * 190}" y="${h - 3}">${escapeHtml(s.name)}</text>`)
    .join('');
  const axis =
    `<text class="tick" x="${PAD.left}" y="${h - PAD.bottom + 14}">${escapeHtml(isoDay(minX))}</text>` +
    (maxX !== minX ? `<text class="tick" x="${w - PAD.right}" y="${h - PAD.bottom + 14}" text-anchor="end">${escapeHtml(isoDay(maxX))}</text>` : '');
  return frame(w, h, options.title, options.unit, maxY, lines + axis + legend);
}

export function barChart(bars: readonly Bar[], options: ChartOptions): string {
  const w = options.width ?? 640;
  const h = options.height ?? 220;
  if (bars.length === 0) return emptyChart(options, 'No edits inside AI regions yet');
  const maxY = niceMax(Math.max(...bars.map((b) => b.value)));
  const plotW = w - PAD.left - PAD.right;
  const plotH = h - PAD.top - PAD.bottom;
  const step = plotW / bars.length;
  const bw = Math.max(2, step * 0.7);
  const rects = bars
    .map((b, i) => {
      const bh = (b.value / maxY) * plotH;
      const x = PAD.left + i * step + (step - bw) / 2;
      return `<rect class="bar" x="${x.toFixed(1)}" y="${(PAD.top + plotH - bh).toFixed(1)}" width="${bw.toFixed(1)}" height="${bh.toFixed(1)}"><title>${escapeHtml(`${b.label}: ${formatNumber(b.value)}`)}</title></rect>`;
    })
    .join('');
  const first = bars[0];
  const last = bars[bars.length - 1];
  const axis =
    (first ? `<text class="tick" x="${PAD.left}" y="${h - PAD.bottom + 14}">${escapeHtml(first.label)}</text>` : '') +
    (last && bars.length > 1 ? `<text class="tick" x="${w - PAD.right}" y="${h - PAD.bottom + 14}" text-anchor="end">${escapeHtml(last.label)}</text>` : '');
  return frame(w, h, options.title, options.unit, maxY, rects + axis);
}
