/**
 * The region history view's model: edits grouped by sitting, relative times, author and size,
 * and for each edit the region's text before and after it (when the server kept them).
 * Reads the `aidecay/regionHistory` shape of docs/protocol.md; an older server (events only,
 * no sittings or texts) gets its edits grouped here and no diff.
 *
 * Pure module: must not import `vscode`.
 */
import type { RegionEvent, RegionHistoryResult } from '../protocol';

export interface EditRow {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  author: string;
  at: string;
  /** Region text before and after the edit; both present or the edit has no diff. */
  before: string | null;
  after: string | null;
}

export interface SittingRow {
  label: string;
  description: string;
  edits: EditRow[];
  /** When its first edit began (ISO), for placing it in the timeline. */
  startedAt: string;
}

/** A moment of the region's life that is not an edit: written, reviewed, deleted… */
export interface MomentRow {
  kind: 'created' | 'reviewed' | 'deleted' | 'unmarked' | 'relabeled' | 'unreviewed';
  label: string;
  description: string;
  at: string;
}

/** The history view's rows, newest first: sittings (with their edits) and moments. */
export type TimelineEntry = { kind: 'sitting'; index: number } | { kind: 'moment'; row: MomentRow };

export interface HistoryModel {
  regionId: string;
  /** The file the region is in (to refresh the view when its regions change). */
  uri: string;
  title: string;
  description: string;
  sittings: SittingRow[];
  timeline: TimelineEntry[];
  /** Whether the server sent texts at all (false: an older server, no diff links). */
  hasTexts: boolean;
}

/** Sittings of an older server: edits less than this far apart form one sitting. */
export const FALLBACK_SITTING_GAP_MS = 30 * 60 * 1000;

/** `just now`, `3 min ago`, `2 h ago`, `yesterday`, `5 days ago`, `3 months ago`. */
export function relativeTime(at: string, now: Date): string {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return 'some time ago';
  const seconds = Math.max(0, Math.floor((now.getTime() - t) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 45) return `${days} days ago`;
  const months = Math.round(days / 30);
  return months < 12 ? `${months} month${months === 1 ? '' : 's'} ago` : `${Math.round(months / 12)} y ago`;
}

export function sizeLabel(inserted: number, deleted: number): string {
  return `+${inserted} −${deleted}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function authorLabel(author: string): string {
  if (author === 'human') return 'you';
  if (author === 'external') return 'outside the editor';
  return author;
}

interface RawEdit {
  id?: unknown;
  at?: unknown;
  endedAt?: unknown;
  author?: unknown;
  inserted?: unknown;
  deleted?: unknown;
  changes?: unknown;
  open?: unknown;
  beforeTextId?: unknown;
  afterTextId?: unknown;
}

interface RawSitting {
  startedAt?: unknown;
  endedAt?: unknown;
  editCount?: unknown;
  inserted?: unknown;
  deleted?: unknown;
  edits?: unknown;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function key(v: unknown): string | null {
  return typeof v === 'number' || typeof v === 'string' ? String(v) : null;
}

function textOf(texts: Record<string, unknown>, id: unknown): string | null {
  const k = key(id);
  if (k === null) return null;
  const t = texts[k];
  return typeof t === 'string' ? t : null;
}

function editRow(raw: RawEdit, texts: Record<string, unknown>, current: string | null, now: Date): EditRow {
  const at = str(raw.at) ?? '';
  const author = str(raw.author) ?? 'unknown';
  const inserted = num(raw.inserted);
  const deleted = num(raw.deleted);
  const before = textOf(texts, raw.beforeTextId);
  let after = textOf(texts, raw.afterTextId);
  if (after === null && raw.open === true) after = current;
  const changes = typeof raw.changes === 'number' ? ` in ${plural(raw.changes, 'change')}` : '';
  const diff = before !== null && after !== null;
  return {
    id: key(raw.id) ?? at,
    label: `${authorLabel(author)} · ${sizeLabel(inserted, deleted)}`,
    description: relativeTime(at, now) + (raw.open === true ? ' · in progress' : ''),
    tooltip:
      `${at}: ${authorLabel(author)} inserted ${plural(inserted, 'character')} and deleted ${plural(deleted, 'character')}${changes}.` +
      (diff ? ' Click to compare the region before and after.' : ' No text snapshot kept for this edit.'),
    author,
    at,
    before: diff ? before : null,
    after: diff ? after : null,
  };
}

function sittingRow(edits: EditRow[], startedAt: string, endedAt: string, inserted: number, deleted: number, now: Date): SittingRow {
  const authors = [...new Set(edits.map((e) => authorLabel(e.author)))].join(', ');
  return {
    label: `${sittingWhen(startedAt, endedAt, now)} · ${plural(edits.length, 'edit')}`,
    description: `${authors} · ${sizeLabel(inserted, deleted)}`,
    edits,
    startedAt,
  };
}

/** An edit that changed no character (e.g. its text was re-attributed to a mark): not shown. */
function changedSomething(e: RawEdit): boolean {
  return num(e.inserted) > 0 || num(e.deleted) > 0;
}

const MOMENT_KINDS: readonly MomentRow['kind'][] = ['created', 'reviewed', 'unreviewed', 'deleted', 'unmarked', 'relabeled'];

function momentRow(e: RegionEvent, writer: string, now: Date): MomentRow | null {
  const kind = MOMENT_KINDS.find((k) => k === e.kind);
  if (!kind) return null;
  const when = relativeTime(e.at, now);
  const who = authorLabel(e.author);
  const label = {
    created: `written by ${writer}`,
    reviewed: `reviewed${e.author ? ` by ${e.author}` : ''}`,
    unreviewed: 'review undone',
    deleted: 'deleted',
    unmarked: 'unmarked (not AI-written)',
    relabeled: `relabeled as ${who}`,
  }[kind];
  return { kind, label, description: when, at: e.at };
}

/** Sittings and moments in one list, newest first (a moment after a sitting began sits above it). */
function timelineOf(sittings: readonly SittingRow[], moments: readonly MomentRow[]): TimelineEntry[] {
  const entries: { at: number; order: number; entry: TimelineEntry }[] = [
    ...sittings.map((s, index) => ({ at: Date.parse(s.startedAt), order: 0, entry: { kind: 'sitting' as const, index } })),
    ...moments.map((row) => ({ at: Date.parse(row.at), order: row.kind === 'created' ? -1 : 1, entry: { kind: 'moment' as const, row } })),
  ];
  return entries
    .sort((a, b) => (Number.isNaN(b.at) ? 0 : b.at) - (Number.isNaN(a.at) ? 0 : a.at) || b.order - a.order)
    .map((e) => e.entry);
}

function sittingWhen(startedAt: string, endedAt: string, now: Date): string {
  const start = relativeTime(startedAt, now);
  const minutes = Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 60000);
  return Number.isFinite(minutes) && minutes >= 1 ? `${start}, ${minutes} min` : start;
}

/** Group an older server's edit events into sittings (newest first, like the new shape). */
function sittingsFromEvents(events: readonly RegionEvent[], now: Date): SittingRow[] {
  const edits = events.filter((e) => e.kind === 'edit' && changedSomething(e)).sort((a, b) => a.at.localeCompare(b.at));
  const groups: RegionEvent[][] = [];
  for (const e of edits) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev && Date.parse(e.at) - Date.parse(prev.at) <= FALLBACK_SITTING_GAP_MS) last.push(e);
    else groups.push([e]);
  }
  return groups
    .map((group) => {
      const rows = group.map((e) => editRow({ ...e, id: e.id }, {}, null, now)).reverse();
      const inserted = group.reduce((s, e) => s + e.inserted, 0);
      const deleted = group.reduce((s, e) => s + e.deleted, 0);
      return sittingRow(rows, group[0]?.at ?? '', group[group.length - 1]?.at ?? '', inserted, deleted, now);
    })
    .reverse();
}

/** `texts` as `[{id, text}]` (docs/protocol.md) or as `{"<id>": text}`: one lookup table. */
function textTable(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) {
    const table: Record<string, unknown> = {};
    for (const entry of value as { id?: unknown; text?: unknown }[]) {
      const k = key(entry.id);
      if (k !== null && typeof entry.text === 'string') table[k] = entry.text;
    }
    return table;
  }
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The view model of a `regionHistory` answer; newest sitting and edit first. */
export function historyModel(result: RegionHistoryResult, now: Date, fileLabel: string): HistoryModel {
  const r = result.region;
  const raw = result as unknown as { sittings?: unknown; texts?: unknown; currentText?: unknown };
  const texts = textTable(raw.texts);
  const current = str(raw.currentText);
  let sittings: SittingRow[];
  if (Array.isArray(raw.sittings)) {
    sittings = (raw.sittings as RawSitting[])
      .map((s) => {
        const raws = (Array.isArray(s.edits) ? (s.edits as RawEdit[]) : []).filter(changedSomething);
        const edits = raws.map((e) => editRow(e, texts, current, now)).reverse();
        return sittingRow(edits, str(s.startedAt) ?? '', str(s.endedAt) ?? '', num(s.inserted), num(s.deleted), now);
      })
      .filter((s) => s.edits.length > 0)
      .reverse();
  } else {
    sittings = sittingsFromEvents(result.events, now);
  }
  const name = r.symbol ?? fileLabel;
  const created = result.events.find((e) => e.kind === 'created');
  const reviewed = r.reviewedAt ? ` · reviewed ${relativeTime(r.reviewedAt, now)}` : '';
  const moments = result.events.map((e) => momentRow(e, `${r.origin}${r.tool ? ` (${r.tool})` : ''}`, now)).filter((m): m is MomentRow => m !== null);
  return {
    regionId: r.id,
    uri: r.uri,
    title: name,
    description:
      `${r.origin}${r.tool ? ` · ${r.tool}` : ''} · written ${relativeTime(created?.at ?? r.createdAt, now)} · ` +
      `${plural(r.editCount, 'edit')}${reviewed}${r.status !== 'live' ? ` · ${r.status}` : ''}`,
    sittings,
    timeline: timelineOf(sittings, moments),
    hasTexts: Object.keys(texts).length > 0,
  };
}
