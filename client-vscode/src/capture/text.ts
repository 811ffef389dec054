/**
 * Text helpers for capture: a shadow copy of each document, span mapping through edits,
 * and offset ↔ LSP position conversion (UTF-16, as JavaScript strings are).
 *
 * Pure module: must not import `vscode`.
 */
import type { Position, Range } from '../protocol';

/** One content change, as `vscode.TextDocumentContentChangeEvent` reports it. */
export interface ContentChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** Half-open character span [start, end) in a document. */
export interface Span {
  start: number;
  end: number;
}

/** Applies one change to a text. Offsets are clamped to the text. */
export function applyChange(text: string, change: ContentChange): string {
  const start = clamp(change.rangeOffset, 0, text.length);
  const end = clamp(change.rangeOffset + change.rangeLength, start, text.length);
  return text.slice(0, start) + change.text + text.slice(end);
}

export function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

/**
 * Maps a span through a change that replaced [o, o+l) with t. Text inserted exactly at the
 * span's start counts as before it, exactly at its end as after it; text replacing part of
 * the span joins it. Returns null when nothing of the span is left.
 */
export function mapSpan(span: Span, change: ContentChange): Span | null {
  const o = change.rangeOffset;
  const l = change.rangeLength;
  const d = change.text.length - l;
  const start = span.start < o ? span.start : span.start >= o + l ? span.start + d : o;
  const end = span.end <= o ? span.end : span.end >= o + l ? span.end + d : o + change.text.length;
  return end > start ? { start, end } : null;
}

export function mapOffset(offset: number, change: ContentChange): number {
  const o = change.rangeOffset;
  const l = change.rangeLength;
  if (offset <= o) return offset;
  if (offset >= o + l) return offset + change.text.length - l;
  return o + change.text.length;
}

/** Line start offsets of a text (0 first); CRLF, LF and CR end lines. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

export function offsetToPosition(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - (starts[low] ?? 0) };
}

export function positionToOffset(text: string, starts: readonly number[], position: Position): number {
  if (position.line >= starts.length) return text.length;
  const lineStart = starts[position.line] ?? 0;
  const nextStart = position.line + 1 < starts.length ? (starts[position.line + 1] ?? text.length) : text.length;
  return clamp(lineStart + position.character, lineStart, nextStart);
}

export function spanToRange(text: string, span: Span, starts: readonly number[] = lineStarts(text)): Range {
  return { start: offsetToPosition(starts, span.start), end: offsetToPosition(starts, span.end) };
}

/** Text with all whitespace removed: compares texts regardless of indentation and line endings. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/** Number of lines of `text` that hold something other than whitespace. */
export function contentLines(text: string): number {
  let n = 0;
  for (const line of text.split(/\r\n|\r|\n/)) if (line.trim().length > 0) n++;
  return n;
}

/** Length of the common prefix and suffix of two strings (not overlapping). */
export function commonAffixes(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)
  ) {
    suffix++;
  }
  return { prefix, suffix };
}

/**
 * Share of `inserted`'s non-whitespace characters that also occur in `removed` (as a
 * multiset): near 1 when an edit moves or reorders text, near 0 when it writes new text.
 */
export function materialOverlap(inserted: string, removed: string): number {
  const a = squash(inserted);
  if (a.length === 0) return 1;
  const counts = new Map<number, number>();
  const b = squash(removed);
  for (let i = 0; i < b.length; i++) {
    const c = b.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let shared = 0;
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    const left = counts.get(c) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(c, left - 1);
    }
  }
  return shared / a.length;
}
