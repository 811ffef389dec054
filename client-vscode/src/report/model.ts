/**
 * Data for the report view: survival of AI code, rework per day and the complexity of a
 * region over time, from `aidecay/listRegions`, `aidecay/regionHistory` and (when the server
 * has it) `aidecay/stats`. Pure module: must not import `vscode`.
 */
import type { RegionEvent, RegionInfo, StatsResult } from '../protocol';

export interface Point {
  x: number;
  y: number;
}
export interface Series {
  name: string;
  points: Point[];
}
export interface Bar {
  label: string;
  value: number;
}

const DAY = 86_400_000;

export function dayStart(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function time(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** The server's `series.survival` ({at, insertedLines, survivingLines}[]), when its stats have it. */
export function survivalFromStats(stats: StatsResult | null): Series[] {
  const series = stats && typeof stats.series === 'object' && stats.series !== null ? (stats.series as Record<string, unknown>) : null;
  const rows = asArray(series?.survival);
  const inserted: Point[] = [];
  const surviving: Point[] = [];
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue;
    const o = row as Record<string, unknown>;
    const t = typeof o.at === 'string' ? time(o.at) : null;
    if (t === null || typeof o.insertedLines !== 'number' || typeof o.survivingLines !== 'number') continue;
    inserted.push({ x: t, y: o.insertedLines });
    surviving.push({ x: t, y: o.survivingLines });
  }
  if (inserted.length === 0) return [];
  return [
    { name: 'AI lines written', points: inserted },
    { name: 'still there, unchanged', points: surviving },
  ];
}

/**
 * AI characters inserted so far, and how many of them are in regions not deleted by then.
 * Daily points (end of each UTC day) from the first region's day on, never days before it; a
 * history younger than two days gets a point at every insertion and deletion instead, so it
 * still draws a line. Unmarked regions are left out (they were not AI's).
 */
export function survivalSeries(regions: readonly RegionInfo[], now: Date, maxDays = 60): Series[] {
  const relevant = regions.filter((r) => r.status !== 'unmarked' && time(r.createdAt) !== null);
  if (relevant.length === 0) return [];
  const nowMs = now.getTime();
  const first = Math.min(...relevant.map((r) => time(r.createdAt) ?? nowMs));
  /** [x, the moment it is measured at] */
  let points: [number, number][];
  if (nowMs - first <= 2 * DAY) {
    const moments = new Set<number>([nowMs]);
    for (const r of relevant) {
      moments.add(time(r.createdAt) ?? nowMs);
      const deleted = time(r.deletedAt);
      if (deleted !== null && deleted <= nowMs) moments.add(deleted);
    }
    points = [...moments].sort((x, y) => x - y).map((t) => [t, t]);
  } else {
    const lastDay = dayStart(nowMs);
    points = [];
    for (let day = Math.max(dayStart(first), lastDay - (maxDays - 1) * DAY); day <= lastDay; day += DAY) {
      points.push([day, Math.min(day + DAY - 1, nowMs)]);
    }
  }
  const inserted: Point[] = [];
  const surviving: Point[] = [];
  for (const [x, at] of points) {
    let ins = 0;
    let live = 0;
    for (const r of relevant) {
      if ((time(r.createdAt) ?? 0) > at) continue;
      ins += r.originalLength;
      const deleted = time(r.deletedAt);
      if (deleted === null || deleted > at) live += r.status === 'live' && deleted === null ? Math.min(r.length, r.originalLength) : r.originalLength;
    }
    inserted.push({ x, y: ins });
    surviving.push({ x, y: live });
  }
  return [
    { name: 'AI characters inserted', points: inserted },
    { name: 'still in the code', points: surviving },
  ];
}

/** Characters edited inside AI regions per day (events of kind `edit`). */
export function reworkPerDay(histories: Iterable<readonly RegionEvent[]>, now: Date, maxDays = 30): Bar[] {
  const byDay = new Map<number, number>();
  for (const events of histories) {
    for (const e of events) {
      if (e.kind !== 'edit') continue;
      const t = time(e.at);
      if (t === null) continue;
      const day = dayStart(t);
      byDay.set(day, (byDay.get(day) ?? 0) + e.inserted + e.deleted);
    }
  }
  const lastDay = dayStart(now.getTime());
  const firstDay = lastDay - (maxDays - 1) * DAY;
  const days = [...byDay.keys()].filter((d) => d >= firstDay);
  if (days.length === 0) return [];
  const from = Math.min(...days);
  const bars: Bar[] = [];
  for (let day = from; day <= lastDay; day += DAY) bars.push({ label: isoDay(day), value: byDay.get(day) ?? 0 });
  return bars;
}

/**
 * Complexity of one region over time: from the server's stats when it reports a series for
 * the region (`regions[].complexity` or `complexityTrend[]`), else from its metrics
 * (baseline at creation, current at the last edit).
 */
export function complexitySeries(region: RegionInfo, stats: StatsResult | null, now: Date): Point[] {
  const fromStats = statsComplexity(region.id, stats);
  if (fromStats.length > 0) return fromStats;
  const m = region.metrics;
  if (!m || typeof m.complexityBaseline !== 'number') return [];
  const created = time(region.createdAt) ?? now.getTime();
  const points: Point[] = [{ x: created, y: m.complexityBaseline }];
  if (typeof m.complexityCurrent === 'number') {
    points.push({ x: time(region.lastEditedAt) ?? now.getTime(), y: m.complexityCurrent });
  }
  return points;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function pointsOf(value: unknown): Point[] {
  const out: Point[] = [];
  for (const p of asArray(value)) {
    if (typeof p !== 'object' || p === null) continue;
    const o = p as Record<string, unknown>;
    const at = typeof o.at === 'string' ? time(o.at) : typeof o.x === 'number' ? o.x : null;
    const v =
      typeof o.maxCc === 'number'
        ? o.maxCc
        : typeof o.value === 'number'
          ? o.value
          : typeof o.complexity === 'number'
            ? o.complexity
            : typeof o.y === 'number'
              ? o.y
              : null;
    if (at !== null && v !== null) out.push({ x: at, y: v });
  }
  return out.sort((a, b) => a.x - b.x);
}

function statsComplexity(regionId: string, stats: StatsResult | null): Point[] {
  if (!stats) return [];
  const series = typeof stats.series === 'object' && stats.series !== null ? (stats.series as Record<string, unknown>) : {};
  const lists = [series.complexityTrends, stats.regions, stats.complexityTrend, stats.worstRegions];
  for (const list of lists) {
    for (const entry of asArray(list)) {
      if (typeof entry !== 'object' || entry === null) continue;
      const o = entry as Record<string, unknown>;
      if (o.id !== regionId && o.regionId !== regionId) continue;
      const pts = pointsOf(o.complexity ?? o.points ?? o.series);
      if (pts.length > 0) return pts;
    }
  }
  return [];
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return n.toFixed(Math.abs(n) < 1 ? 3 : 2);
}

/** Region ids the server reports complexity trends for (worst first). */
export function trendRegionIds(stats: StatsResult | null): string[] {
  const series = stats && typeof stats.series === 'object' && stats.series !== null ? (stats.series as Record<string, unknown>) : {};
  return asArray(series.complexityTrends)
    .map((e) => (typeof e === 'object' && e !== null ? (e as Record<string, unknown>).regionId : null))
    .filter((id): id is string => typeof id === 'string');
}

/** Regions worth a complexity chart first: those with metrics, worst growth first. */
export function regionChoices(regions: readonly RegionInfo[], preferred: readonly string[] = []): RegionInfo[] {
  const growth = (r: RegionInfo): number =>
    r.metrics && typeof r.metrics.complexityBaseline === 'number' && typeof r.metrics.complexityCurrent === 'number'
      ? r.metrics.complexityCurrent - r.metrics.complexityBaseline
      : Number.NEGATIVE_INFINITY;
  const rank = (r: RegionInfo): number => {
    const i = preferred.indexOf(r.id);
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };
  return regions
    .filter((r) => r.status === 'live')
    .slice()
    .sort((a, b) => rank(a) - rank(b) || growth(b) - growth(a) || b.editCount - a.editCount);
}
