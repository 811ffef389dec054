/**
 * Model of the decay panel: AI regions grouped by file, sorted by how much they decayed
 * (diagnostics, complexity change, edits), with origin and age.
 *
 * Pure module: must not import `vscode`.
 */
import type { Range, RegionInfo } from '../protocol';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** An aidecay diagnostic, as the adapter reads it from VS Code. */
export interface DiagnosticLike {
  range: Range;
  code: string | null;
  severity: Severity;
  message: string;
}

export interface RegionNode {
  kind: 'region';
  region: RegionInfo;
  label: string;
  description: string;
  tooltip: string;
  score: number;
  decaying: boolean;
  diagnostics: DiagnosticLike[];
  /** `region.live`, `region.decaying` (menus match /^region/). */
  contextValue: string;
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
}

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

export function regionNode(region: RegionInfo, fileDiagnostics: readonly DiagnosticLike[], now: Date): RegionNode {
  const diags = diagnosticsFor(region, fileDiagnostics);
  const score = decayScore(region, diags);
  const decaying = diags.length > 0;
  const age = formatAge(region.createdAt, now);
  const delta = complexityDelta(region);
  const parts = [region.origin + (region.tool ? ` · ${region.tool}` : ''), age];
  if (region.editCount > 0) parts.push(plural(region.editCount, 'edit'));
  if (decaying) parts.push(plural(diags.length, 'problem'));
  const tooltip = [
    `${lineSpan(region.range)} — AI region (${region.origin})`,
    region.tool ? `Tool: ${region.tool}` : null,
    region.model ? `Model: ${region.model}` : null,
    `Created: ${region.createdAt} (${age} ago)`,
    `Edits: ${region.editCount} (+${region.charsInserted} / −${region.charsDeleted} chars)`,
    `Size: ${region.length} chars (originally ${region.originalLength})`,
    delta !== null && region.metrics
      ? `Complexity: ${String(region.metrics.complexityBaseline)} → ${String(region.metrics.complexityCurrent)}`
      : null,
    ...diags.map((d) => `${d.code ?? 'aidecay'}: ${d.message}`),
    `Decay score: ${score}`,
  ]
    .filter((x): x is string => x !== null)
    .join('\n');
  return {
    kind: 'region',
    region,
    label: lineSpan(region.range),
    description: parts.join(' · '),
    tooltip,
    score,
    decaying,
    diagnostics: diags,
    contextValue: decaying ? 'region.decaying' : 'region.live',
  };
}

/**
 * Live regions grouped by file; files sorted by their worst region, regions by score (ties:
 * position in the file).
 */
export function buildTree(
  regions: readonly RegionInfo[],
  diagnostics: ReadonlyMap<string, readonly DiagnosticLike[]>,
  options: TreeOptions,
): FileNode[] {
  const byFile = new Map<string, RegionNode[]>();
  for (const region of regions) {
    if (region.status !== 'live') continue;
    if (!inWorkspace(region.uri, options.workspaceFolders)) continue;
    const node = regionNode(region, diagnostics.get(region.uri) ?? [], options.now);
    const list = byFile.get(region.uri);
    if (list) list.push(node);
    else byFile.set(region.uri, [node]);
  }
  const files: FileNode[] = [];
  for (const [uri, children] of byFile) {
    children.sort(
      (a, b) =>
        b.score - a.score ||
        a.region.range.start.line - b.region.range.start.line ||
        a.region.range.start.character - b.region.range.start.character,
    );
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
  files.sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));
  return files;
}

export interface FileSummary {
  live: number;
  decaying: number;
}

/** For the status bar: live AI regions of a file and how many of them carry diagnostics. */
export function summarizeFile(regions: readonly RegionInfo[], diagnostics: readonly DiagnosticLike[]): FileSummary {
  let live = 0;
  let decaying = 0;
  for (const r of regions) {
    if (r.status !== 'live') continue;
    live++;
    if (diagnosticsFor(r, diagnostics).length > 0) decaying++;
  }
  return { live, decaying };
}

export function statusText(summary: FileSummary | null): string {
  if (summary === null) return '$(circle-slash) aidecay';
  if (summary.live === 0) return '$(sparkle) 0 AI';
  return summary.decaying > 0 ? `$(sparkle) ${summary.live} AI · $(warning) ${summary.decaying}` : `$(sparkle) ${summary.live} AI`;
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
