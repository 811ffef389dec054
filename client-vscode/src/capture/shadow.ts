/**
 * The classifier's copy of each document ("shadow"): changes applied to it, spans turned into
 * ranges, and the AI texts it saw (so a redo of AI text is recognised). Pure: no `vscode`.
 */
import type { Range } from '../protocol';
import { type ContentChange, type Span, applyChange, clamp, commonAffixes, lineStarts, mapSpan, spanToRange, squash } from './text';
import { pushLimited } from './matching';
import type { ChangeEvent, ChangeFacts, Shadow, Verdict } from './types';

export function applyToShadow(shadow: Shadow, event: ChangeEvent): ChangeFacts[] {
  const facts: ChangeFacts[] = [];
  for (const change of event.changes) {
    const start = clamp(change.rangeOffset, 0, shadow.text.length);
    const end = clamp(change.rangeOffset + change.rangeLength, start, shadow.text.length);
    const normalized: ContentChange = { rangeOffset: start, rangeLength: end - start, text: change.text };
    const removedText = shadow.text.slice(start, end);
    // Earlier spans move with this change.
    for (const f of facts) {
      if (f.span) f.span = mapSpan(f.span, normalized);
    }
    shadow.text = applyChange(shadow.text, normalized);
    const { prefix, suffix } = commonAffixes(removedText, change.text);
    const freshStart = start + prefix;
    const freshEnd = start + change.text.length - suffix;
    const freshText = change.text.slice(prefix, change.text.length - suffix);
    facts.push({
      change: normalized,
      removed: removedText,
      span: freshEnd > freshStart && squash(freshText).length > 0 ? { start: freshStart, end: freshEnd } : null,
      fresh: freshEnd > freshStart ? freshText : '',
    });
  }
  shadow.version = event.version;
  return facts;
}


export function toRanges(shadow: Shadow, spans: Span[]): Range[] {
  if (spans.length === 0) return [];
  const starts = lineStarts(shadow.text);
  return spans.map((s) => spanToRange(shadow.text, s, starts));
}


export function rememberAi(shadow: Shadow, verdict: Verdict): void {
  if (verdict.origin === null) return;
  const text = verdict.spans.map((s) => shadow.text.slice(s.start, s.end)).join('');
  const squashed = squash(text);
  if (squashed.length === 0) return;
  pushLimited(shadow.aiTexts, { squashed, origin: verdict.origin, tool: verdict.tool, model: verdict.model });
}
