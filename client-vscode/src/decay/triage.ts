/**
 * Triage of the decay panel: how rows are sorted and which are shown.
 *
 * Pure module: must not import `vscode`.
 */
import type { RegionInfo } from '../protocol';
import type { DiagnosticLike } from './diagnostic';

export const SORT_KEYS = ['decay', 'age', 'edits', 'file'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const SORT_LABELS: Record<SortKey, string> = {
  decay: 'Decay (problems, complexity growth, edits)',
  age: 'Age (newest first)',
  edits: 'Edits (most first)',
  file: 'File and position',
};

/** A filter: every listed dimension must match (an empty list lets everything through). */
export interface TriageFilter {
  origins: string[];
  tools: string[];
  codes: string[];
  /** `reviewed` / `unreviewed`; null: both. */
  reviewed: 'reviewed' | 'unreviewed' | null;
}

export const NO_FILTER: TriageFilter = { origins: [], tools: [], codes: [], reviewed: null };

export function isFiltered(f: TriageFilter): boolean {
  return f.origins.length > 0 || f.tools.length > 0 || f.codes.length > 0 || f.reviewed !== null;
}

export function isReviewed(region: RegionInfo): boolean {
  return typeof region.reviewedAt === 'string' && region.reviewedAt.length > 0;
}

/** Reviewed, and not edited since the review: there is nothing new to review. */
export function reviewedAsIs(region: RegionInfo): boolean {
  return isReviewed(region) && !(region.lastEditedAt && region.lastEditedAt > (region.reviewedAt ?? ''));
}

export function matches(region: RegionInfo, diagnostics: readonly DiagnosticLike[], f: TriageFilter): boolean {
  if (f.origins.length > 0 && !f.origins.includes(region.origin)) return false;
  if (f.tools.length > 0 && !f.tools.includes(region.tool ?? '(none)')) return false;
  if (f.codes.length > 0 && !diagnostics.some((d) => d.code !== null && f.codes.includes(d.code))) return false;
  if (f.reviewed === 'reviewed' && !isReviewed(region)) return false;
  if (f.reviewed === 'unreviewed' && isReviewed(region)) return false;
  return true;
}

/** One line for the view's description: `origin agent, tool claude · unreviewed`. */
export function describeFilter(f: TriageFilter): string {
  const parts: string[] = [];
  if (f.origins.length > 0) parts.push(`origin ${f.origins.join('/')}`);
  if (f.tools.length > 0) parts.push(`tool ${f.tools.join('/')}`);
  if (f.codes.length > 0) parts.push(f.codes.join('/'));
  if (f.reviewed !== null) parts.push(f.reviewed);
  return parts.join(' · ');
}

export interface FilterChoice {
  label: string;
  description: string;
  dimension: 'origin' | 'tool' | 'code' | 'reviewed';
  value: string;
  picked: boolean;
}

/** Quick-pick items for the values present in the workspace, with the current filter checked. */
export function filterChoices(
  regions: readonly RegionInfo[],
  diagnostics: ReadonlyMap<string, readonly DiagnosticLike[]>,
  f: TriageFilter,
): FilterChoice[] {
  const live = regions.filter((r) => r.status === 'live');
  const count = (values: string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
    return new Map([...m].sort((a, b) => a[0].localeCompare(b[0])));
  };
  const out: FilterChoice[] = [];
  for (const [v, n] of count(live.map((r) => r.origin)))
    out.push({ label: v, description: `origin · ${n}`, dimension: 'origin', value: v, picked: f.origins.includes(v) });
  for (const [v, n] of count(live.map((r) => r.tool ?? '(none)')))
    out.push({ label: v, description: `tool · ${n}`, dimension: 'tool', value: v, picked: f.tools.includes(v) });
  const codes = [...diagnostics.values()].flat().flatMap((d) => (d.code ? [d.code] : []));
  for (const [v, n] of count(codes))
    out.push({ label: v, description: `code · ${n}`, dimension: 'code', value: v, picked: f.codes.includes(v) });
  const reviewed = live.filter(isReviewed).length;
  out.push({ label: 'reviewed', description: `${reviewed}`, dimension: 'reviewed', value: 'reviewed', picked: f.reviewed === 'reviewed' });
  out.push({
    label: 'not reviewed',
    description: `${live.length - reviewed}`,
    dimension: 'reviewed',
    value: 'unreviewed',
    picked: f.reviewed === 'unreviewed',
  });
  return out;
}

/** The filter made of the picked choices (both reviewed states picked: no reviewed filter). */
export function filterFromChoices(picked: readonly Pick<FilterChoice, 'dimension' | 'value'>[]): TriageFilter {
  const of = (d: FilterChoice['dimension']) => picked.filter((c) => c.dimension === d).map((c) => c.value);
  const reviewed = of('reviewed');
  return {
    origins: of('origin'),
    tools: of('tool'),
    codes: of('code'),
    reviewed: reviewed.length === 1 ? (reviewed[0] as 'reviewed' | 'unreviewed') : null,
  };
}

export interface Sortable {
  region: RegionInfo;
  score: number;
  fileLabel: string;
}

const byPosition = (a: Sortable, b: Sortable): number =>
  a.region.range.start.line - b.region.range.start.line || a.region.range.start.character - b.region.range.start.character;

export function compareRows(key: SortKey): (a: Sortable, b: Sortable) => number {
  switch (key) {
    case 'age':
      return (a, b) => b.region.createdAt.localeCompare(a.region.createdAt) || byPosition(a, b);
    case 'edits':
      return (a, b) => b.region.editCount - a.region.editCount || b.score - a.score || byPosition(a, b);
    case 'file':
      return (a, b) => a.fileLabel.localeCompare(b.fileLabel) || byPosition(a, b);
    default:
      return (a, b) => b.score - a.score || byPosition(a, b);
  }
}
