/** Pure helpers of the capture classifier: spans, text and expectation matching. */
import {
  type ContentChange,
  type Span,
  mapSpan,
  materialOverlap,
  squash,
} from './text';
import {
  type ChangeEvent,
  type VerdictKind,
  type Expectation,
  type Shadow,
  type ChangeFacts,
} from './types';
import type { Origin } from '../protocol';

const RECENT_LIMIT = 20;
const AUTO_CLOSE = new Set(['()', '[]', '{}', '""', "''", '``', '<>']);

export function finalSpans(facts: ChangeFacts[]): Span[] {
  const spans: Span[] = [];
  for (const f of facts) if (f.span) spans.push(f.span);
  return spans.sort((a, b) => a.start - b.start);
}

export function mapSpans(spans: Span[], changes: ContentChange[]): Span[] {
  let out = spans;
  for (const change of changes) {
    const next: Span[] = [];
    for (const s of out) {
      const m = mapSpan(s, change);
      if (m) next.push(m);
    }
    out = next;
  }
  return out;
}

/** Whether a change replaced text at one of the cursors (or inserted right there). */
export function touchesCursor(changes: ContentChange[], cursors: number[]): boolean {
  // Changes are applied in order; cursors are in the text before the first change.
  let moved = cursors.slice();
  for (const c of changes) {
    const start = c.rangeOffset;
    const end = c.rangeOffset + c.rangeLength;
    if (moved.some((p) => p >= start - 1 && p <= end + 1)) return true;
    moved = moved.map((p) => (p <= start ? p : p >= end ? p + c.text.length - c.rangeLength : start));
  }
  return false;
}

/** Keystroke-sized edits: one character (per cursor), an auto-closed pair, Enter with indentation. */
export function isTypingLike(changes: ContentChange[], facts: ChangeFacts[]): boolean {
  const first = changes[0];
  if (first === undefined) return false;
  const sameText = changes.every((c) => c.text === first.text);
  if (!sameText) return false;
  const t = first.text;
  if (t.length <= 1) return true;
  if (AUTO_CLOSE.has(t)) return true;
  if (/^\s+$/.test(t)) return true;
  // Enter between a pair / auto-indent may re-send the line's indentation.
  const freshLengths = facts.map((f) => squash(f.fresh).length);
  return freshLengths.every((n) => n <= 1) && changes.every((c) => /^(\r?\n)?[ \t]*.?[ \t]*(\r?\n)?[ \t]*$/.test(c.text));
}

export function textMatches(expected: string, inserted: string): boolean {
  const a = squash(expected);
  const b = squash(inserted);
  if (a.length === 0 || b.length === 0) return false;
  return b.includes(a) || (a.includes(b) && b.length * 2 >= a.length);
}

/** Indices of the content changes that carry the clipboard text, or null when none does. */
export function pasteMatches(clipboard: string, inserted: string[]): number[] | null {
  const clip = squash(clipboard);
  if (clip.length === 0) return null;
  const all = squash(inserted.join(''));
  const hits: number[] = [];
  inserted.forEach((t, i) => {
    const s = squash(t);
    if (s.length > 0 && (s.includes(clip) || clip.includes(s))) hits.push(i);
  });
  if (hits.length > 0 && (all.includes(clip) || hits.map((i) => squash(inserted[i] ?? '')).join('') === clip)) {
    return hits;
  }
  // Multi-cursor paste distributes the clipboard's lines over the cursors.
  if (all === clip || [...inserted].reverse().map(squash).join('') === clip) {
    return inserted.map((_, i) => i).filter((i) => squash(inserted[i] ?? '').length > 0);
  }
  return null;
}

/** Returns the AI spans when the event fits the expectation, else null. */
export function matchExpectation(
  e: Expectation,
  event: ChangeEvent,
  facts: ChangeFacts[],
  spans: Span[],
  typingLike: boolean,
  nearCursor: boolean,
): Span[] | null {
  if (event.version - e.baseVersion > (e.maxVersions ?? 8)) return null;
  const immediate = event.version === e.baseVersion + 1;
  const fresh = facts.map((f) => f.fresh).join('');
  switch (e.kind) {
    case 'inline': {
      if (spans.length === 0) return null;
      // The very next version is the accept (the wrapper ran the command itself); a later one
      // must look like one: more than a keystroke, at the cursor.
      // A lone keystroke typed between Tab and the accept is not the completion.
      if (immediate && !(typingLike && e.partial === undefined)) return spans;
      if (!typingLike && (nearCursor || e.cursor === undefined) && squash(fresh).length > 0) return spans;
      return null;
    }
    case 'paste': {
      const which = pasteMatches(
        e.text,
        facts.map((f) => f.fresh),
      );
      if (which === null) return null;
      const out: Span[] = [];
      which.forEach((i) => {
        const s = facts[i]?.span;
        if (s) out.push(s);
      });
      return out.sort((a, b) => a.start - b.start);
    }
    case 'edit': {
      if (spans.length === 0) return null;
      if (e.text !== undefined) return textMatches(e.text, fresh) ? spans : null;
      return typingLike && !immediate ? null : spans;
    }
  }
}

export function originKind(origin: Origin): VerdictKind {
  switch (origin) {
    case 'inline-completion':
    case 'agent':
    case 'chat':
    case 'paste':
    case 'manual':
    case 'heuristic':
      return origin;
    case 'import':
      return 'agent';
  }
}

export function rememberDeleted(shadow: Shadow, removed: string): void {
  const sq = squash(removed);
  if (sq.length >= 8) pushLimited(shadow.deleted, sq);
}

export function pushLimited<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > RECENT_LIMIT) list.shift();
}

/** New code (not only imports) inserted where nothing was removed: no save participant's edit. */
export function insertsNewCode(fresh: string, removed: string): boolean {
  if (squash(removed).length > 0) return false;
  const lines = fresh
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return lines.length >= 2 && lines.some((line) => !/^(import|from)\s/.test(line));
}

/**
 * A change that is plainly the person's, and why: a deletion, whitespace, typing, text that
 * only moved, or text deleted a moment ago coming back; null when it needs a closer look.
 */
export function plainEdit(
  inserted: string,
  removed: string,
  fresh: string,
  typingLike: boolean,
  deleted: readonly string[],
): { kind: VerdictKind; reason: string } | null {
  if (squash(inserted).length === 0) {
    if (inserted.length === 0 || squash(removed).length > 0) return { kind: 'delete', reason: 'deletion' };
    return typingLike ? { kind: 'typing', reason: 'whitespace typed' } : { kind: 'format', reason: 'only whitespace changed' };
  }
  if (squash(removed).length > 0 && squash(inserted) === squash(removed)) return { kind: 'format', reason: 'only whitespace changed' };
  if (typingLike) return { kind: 'typing', reason: 'typing' };
  const freshSquashed = squash(fresh);
  if (freshSquashed.length === 0) return { kind: 'format', reason: 'no new text' };
  if (squash(removed).length > 0 && materialOverlap(fresh, removed) >= 0.6) {
    return { kind: 'refactor', reason: 'text moved or reordered (mostly the removed text)' };
  }
  if (freshSquashed.length >= 8 && deleted.some((d) => d.includes(freshSquashed))) {
    return { kind: 'restore', reason: 'text that was deleted a moment ago came back' };
  }
  return null;
}
