/**
 * Time axis labels for the report's charts: times of day when everything happened within a day
 * (the date once, as a caption), short dates otherwise; never one date repeated. UTC, as the
 * report says. Pure module: must not import `vscode`.
 */

const HOUR = 3_600_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface TimeAxis {
  /** x values to label, left to right. */
  ticks: number[];
  label: (x: number) => string;
  /** Said once under the axis: the day of a single-day chart, else "UTC". */
  caption: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function clock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function shortDate(ms: number, withYear = false): string {
  const d = new Date(ms);
  const day = `${String(d.getUTCDate())} ${MONTHS[d.getUTCMonth()] ?? ''}`;
  return withYear ? `${day} ${String(d.getUTCFullYear())}` : day;
}

/** A point's label in a tooltip: date and time when the chart covers one day or less. */
export function pointLabel(ms: number, axis: TimeAxis): string {
  return axis.caption === 'UTC' ? shortDate(ms, true) : `${shortDate(ms, true)} ${clock(ms)} UTC`;
}

/** Up to `maxTicks` evenly spaced labels between `minX` and `maxX` (ms since the epoch). */
export function timeAxis(minX: number, maxX: number, maxTicks = 5): TimeAxis {
  const span = Math.max(0, maxX - minX);
  const n = span === 0 ? 1 : maxTicks;
  const ticks = Array.from({ length: n }, (_, i) => (n === 1 ? minX : minX + (span * i) / (n - 1)));
  const sameDay = new Date(minX).toISOString().slice(0, 10) === new Date(maxX).toISOString().slice(0, 10);
  if (sameDay || span <= 36 * HOUR) {
    const caption = sameDay ? `${shortDate(minX, true)} (UTC)` : `${shortDate(minX, true)} – ${shortDate(maxX, true)} (UTC)`;
    return { ticks, label: clock, caption };
  }
  const years = new Date(minX).getUTCFullYear() !== new Date(maxX).getUTCFullYear();
  return { ticks: dayTicks(minX, maxX), label: (x) => shortDate(x, years), caption: 'UTC' };
}

/** Days shown one by one up to this many; longer charts step a whole number of days. */
export const MAX_DAY_TICKS = 14;

/**
 * Ticks on whole days (UTC midnight) within [minX, maxX]: every day up to two weeks, then
 * every week, then an even number of weeks: never a day skipped at random, never half a day.
 */
export function dayTicks(minX: number, maxX: number): number[] {
  const day = 24 * HOUR;
  const first = Math.ceil(minX / day) * day;
  const days = Math.floor((maxX - first) / day) + 1;
  if (days <= 1) return [minX];
  const step = days <= MAX_DAY_TICKS ? 1 : 7 * Math.ceil(days / 7 / MAX_DAY_TICKS);
  const out: number[] = [];
  for (let t = first; t <= maxX; t += step * day) out.push(t);
  return out;
}
