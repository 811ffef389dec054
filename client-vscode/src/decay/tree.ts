/**
 * Model of the decay panel: AI regions grouped by file, sorted by how much they decayed
 * (diagnostics, complexity change, edits), with origin and age.
 *
 * Pure module: must not import `vscode`.
 */
import type { Range, RegionInfo } from '../protocol';
import type { DiagnosticLike, Severity } from './diagnostic';
import { NO_FILTER, type SortKey, type TriageFilter, compareRows, isReviewed, matches, reviewedAsIs } from './triage';

export type { DiagnosticLike, Severity } from './diagnostic';

export interface RegionNode {
  kind: 'region';
  region: RegionInfo;
  label: string;
  description: string;
  tooltip: string;
  score: number;
  decaying: boolean;
  diagnostics: DiagnosticLike[];
  /**
   * `region.reviewed` (reviewed, not edited since: nothing to review), else `region.live` or
   * `region.decaying`, with `.wasReviewed` when an older review can be undone (menus match
   * /^region/).
   */
  contextValue: string;
  reviewed: boolean;
  /** The file, relative to its workspace folder (shown in flat sort orders). */
  fileLabel: string;
}

export interface FileNode {
  kind: 'file';
  uri: string;
  label: string;
  description: string;
  score: number;
  decaying: number;
  children: RegionNode[];
}

export interface TreeOptions {
  now: Date;
  /** Workspace folder URIs; regions outside all of them are left out (empty: keep all). */
  workspaceFolders: string[];
  /** `decay` (default) and `file` group by file; `age` and `edits` list regions flat. */
  sort?: SortKey;
  filter?: TriageFilter;
}

export type TreeRoot = FileNode | RegionNode;

const SEVERITY_WEIGHT: Record<Severity, number> = { error: 20, warning: 12, information: 6, hint: 2 };

export function rangesOverlap(a: Range, b: Range): boolean {
  // an empty diagnostic range inside the region counts too
  if (comparePos(b.start, b.end) === 0) return comparePos(a.start, b.start) <= 0 && comparePos(b.start, a.end) <= 0;
  return comparePos(a.start, b.end) < 0 && comparePos(b.start, a.end) < 0;
}

function comparePos(a: { line: number; character: number }, b: { line: number; character: number }): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

/** Diagnostics of a file that fall on a region. */
export function diagnosticsFor(region: RegionInfo, diagnostics: readonly DiagnosticLike[]): DiagnosticLike[] {
  return diagnostics.filter((d) => rangesOverlap(region.range, d.range));
}

export function complexityDelta(region: RegionInfo): number | null {
  const m = region.metrics;
  if (!m || typeof m.complexityBaseline !== 'number' || typeof m.complexityCurrent !== 'number') return null;
  return m.complexityCurrent - m.complexityBaseline;
}

/** Share of the original text that was rewritten: edited characters / original length. */
export function reworkRatio(region: RegionInfo): number {
  const base = Math.max(1, region.originalLength);
  return (region.charsInserted + region.charsDeleted) / base;
}

/** Higher is worse. Diagnostics dominate, then complexity growth, then edits. */
export function decayScore(region: RegionInfo, diagnostics: readonly DiagnosticLike[]): number {
  let score = 0;
  for (const d of diagnostics) score += SEVERITY_WEIGHT[d.severity];
  const delta = complexityDelta(region);
  if (delta !== null && delta > 0) score += 2 * delta;
  score += Math.min(region.editCount, 50) * 0.25;
  score += Math.min(reworkRatio(region), 10) * 0.5;
  return Math.round(score * 100) / 100;
}

export function formatAge(createdAt: string, now: Date): string {
  const t = Date.parse(createdAt);
  if (Number.isNaN(t)) return '?';
  const seconds = Math.max(0, Math.floor((now.getTime() - t) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 60) return `${days}d`;
  return `${Math.floor(days / 30)}mo`;
}

export function lineSpan(range: Range): string {
  const start = range.start.line + 1;
  // an end at column 0 closes the previous line
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  return start === endLine ? `L${start}` : `L${start}–${endLine}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Path of a file URI relative to the workspace folder that holds it. */
export function relativeLabel(uri: string, folders: readonly string[]): string {
  for (const folder of folders) {
    const base = folder.endsWith('/') ? folder : `${folder}/`;
    if (uri.startsWith(base)) return decodeURIComponent(uri.slice(base.length));
  }
  const path = uri.replace(/^[a-z]+:\/\//i, '');
  return decodeURIComponent(path);
}

export function inWorkspace(uri: string, folders: readonly string[]): boolean {
  if (folders.length === 0) return true;
  return folders.some((f) => uri === f || uri.startsWith(f.endsWith('/') ? f : `${f}/`));
}

/** `CC 2→7`, or null when the server sent no metrics. */
export function complexityLabel(region: RegionInfo): string | null {
  const m = region.metrics;
  if (!m || typeof m.complexityBaseline !== 'number' || typeof m.complexityCurrent !== 'number') return null;
  return m.complexityBaseline === m.complexityCurrent ? `CC ${m.complexityCurrent}` : `CC ${m.complexityBaseline}→${m.complexityCurrent}`;
}

export function regionNode(region: RegionInfo, fileDiagnostics: readonly DiagnosticLike[], now: Date, fileLabel = ''): RegionNode {
  const diags = diagnosticsFor(region, fileDiagnostics);
  const score = decayScore(region, diags);
  const decaying = diags.length > 0;
  const reviewed = isReviewed(region);
  const age = formatAge(region.createdAt, now);
  const cc = complexityLabel(region);
  const parts = [region.origin];
  if (region.tool) parts.push(region.tool);
  parts.push(age);
  parts.push(plural(region.editCount, 'edit'));
  if (cc !== null) parts.push(cc);
  if (decaying) parts.push(plural(diags.length, 'problem'));
  if (reviewed) parts.push('✓ reviewed');
  const tooltip = [
    `${region.symbol ?? 'AI region'} — ${fileLabel ? `${fileLabel} ` : ''}${lineSpan(region.range)}`,
    `Origin: ${region.origin}${region.tool ? ` (${region.tool})` : ''}`,
    region.model ? `Model: ${region.model}` : null,
    `Created: ${region.createdAt} (${age} ago)`,
    `Edits: ${region.editCount} (+${region.charsInserted} / −${region.charsDeleted} chars)`,
    `Size: ${region.length} chars (originally ${region.originalLength})`,
    cc !== null ? `Complexity: ${cc.replace('CC ', '')}` : null,
    reviewed ? `Reviewed: ${region.reviewedAt ?? ''}${region.reviewedBy ? ` by ${region.reviewedBy}` : ''}` : 'Not reviewed yet',
    ...diags.map((d) => `${d.code ?? 'aidecay'}: ${d.message}`),
    `Decay score: ${score}`,
  ]
    .filter((x): x is string => x !== null)
    .join('\n');
  return {
    kind: 'region',
    region,
    label: region.symbol ?? lineSpan(region.range),
    description: parts.join(' · '),
    tooltip,
    score,
    decaying,
    diagnostics: diags,
    contextValue: reviewedAsIs(region)
      ? 'region.reviewed'
      : `${decaying ? 'region.decaying' : 'region.live'}${reviewed ? '.wasReviewed' : ''}`,
    reviewed,
    fileLabel,
  };
}

/**
 * Live regions that pass the filter. Sorted by decay (default) or file: grouped by file,
 * files by their worst region; by age or edits: one flat list.
 */
export function buildTree(
  regions: readonly RegionInfo[],
  diagnostics: ReadonlyMap<string, readonly DiagnosticLike[]>,
  options: TreeOptions,
): TreeRoot[] {
  const sort = options.sort ?? 'decay';
  const filter = options.filter ?? NO_FILTER;
  const byFile = new Map<string, RegionNode[]>();
  const all: RegionNode[] = [];
  for (const region of regions) {
    if (region.status !== 'live') continue;
    if (!inWorkspace(region.uri, options.workspaceFolders)) continue;
    const fileDiagnostics = diagnostics.get(region.uri) ?? [];
    if (!matches(region, diagnosticsFor(region, fileDiagnostics), filter)) continue;
    const node = regionNode(region, fileDiagnostics, options.now, relativeLabel(region.uri, options.workspaceFolders));
    all.push(node);
    const list = byFile.get(region.uri);
    if (list) list.push(node);
    else byFile.set(region.uri, [node]);
  }
  const compare = compareRows(sort);
  if (sort === 'age' || sort === 'edits') {
    return all
      .sort(compare)
      .map((n) => ({ ...n, description: `${n.description} · ${n.fileLabel}` }));
  }
  const files: FileNode[] = [];
  for (const [uri, children] of byFile) {
    children.sort(compare);
    const decaying = children.filter((c) => c.decaying).length;
    const score = children.reduce((m, c) => Math.max(m, c.score), 0);
    files.push({
      kind: 'file',
      uri,
      label: relativeLabel(uri, options.workspaceFolders),
      description: decaying > 0 ? `${plural(children.length, 'region')} · ${decaying} decaying` : plural(children.length, 'region'),
      score,
      decaying,
      children,
    });
  }
  files.sort(sort === 'file' ? (a, b) => a.label.localeCompare(b.label) : (a, b) => b.score - a.score || a.label.localeCompare(b.label));
  return files;
}

export interface FileSummary {
  live: number;
  decaying: number;
  /** The worst severity among the regions' diagnostics (null: none). */
  worst?: Severity | null;
}

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'information', 'hint'];

/** For the status bar: live AI regions of a file, how many carry diagnostics, the worst one. */
export function summarizeFile(regions: readonly RegionInfo[], diagnostics: readonly DiagnosticLike[]): FileSummary {
  let live = 0;
  let decaying = 0;
  let worst: Severity | null = null;
  for (const r of regions) {
    if (r.status !== 'live') continue;
    live++;
    const found = diagnosticsFor(r, diagnostics);
    if (found.length > 0) decaying++;
    for (const d of found) {
      if (worst === null || SEVERITY_ORDER.indexOf(d.severity) < SEVERITY_ORDER.indexOf(worst)) worst = d.severity;
    }
  }
  return { live, decaying, worst };
}

const SEVERITY_ICON: Record<Severity, string | null> = { error: '$(error)', warning: '$(warning)', information: '$(info)', hint: null };

/**
 * Status bar text: `$(sparkle) 4 AI`, plus the worst severity's icon and the number of regions
 * with problems (`$(sparkle) 4 AI · $(error) 2`). Null: hide it (no AI regions in the file).
 * A server that is not running: `$(circle-slash) aidecay`.
 */
export function statusText(summary: FileSummary | null): string | null {
  if (summary === null) return '$(circle-slash) aidecay';
  if (summary.live === 0) return null;
  const icon = summary.worst ? SEVERITY_ICON[summary.worst] : summary.decaying > 0 && summary.worst === undefined ? '$(warning)' : null;
  return icon && summary.decaying > 0 ? `$(sparkle) ${summary.live} AI · ${icon} ${summary.decaying}` : `$(sparkle) ${summary.live} AI`;
}

/** The region under a position (the smallest containing one), for commands run from the editor. */
export function regionAt(regions: readonly RegionInfo[], line: number, character: number): RegionInfo | null {
  const pos = { line, character };
  let best: RegionInfo | null = null;
  for (const r of regions) {
    if (r.status !== 'live') continue;
    if (comparePos(r.range.start, pos) <= 0 && comparePos(pos, r.range.end) <= 0) {
      if (best === null || r.length < best.length) best = r;
    }
  }
  return best;
}
