/**
 * Changes held while evidence may still come (a paste without the paste command, a late
 * completion wrapper): whether an expectation fits one, the verdict an expectation gives, and
 * the verdict of a change retired unclaimed. Pure: no `vscode`.
 */
import type { Origin } from '../protocol';
import { originKind, pasteMatches, textMatches } from './matching';
import { toRanges } from './shadow';
import { contentLines, squash } from './text';
import type { ClassifierOptions, Expectation, PendingChange, Shadow, Verdict, VerdictKind } from './types';

export function retiredVerdict(p: PendingChange, shadow: Shadow | undefined, options: ClassifierOptions): Verdict {
  const text = p.inserted.join('');
  const heuristic =
    options.unexplainedAsHeuristic &&
    contentLines(text) >= options.heuristicMinLines &&
    shadow !== undefined &&
    p.spans.length > 0;
  if (heuristic && shadow) {
    return {
      uri: p.uri,
      kind: 'heuristic',
      origin: 'heuristic',
      tool: null,
      model: null,
      sourceVersion: p.version,
      version: shadow.version,
      spans: p.spans,
      ranges: toRanges(shadow, p.spans),
      text: p.text,
      reason: 'unexplained multi-line insertion at the cursor',
    };
  }
  return {
    uri: p.uri,
    kind: 'other',
    origin: null,
    tool: null,
    model: null,
    sourceVersion: p.version,
    version: shadow?.version ?? p.version,
    spans: [],
    ranges: [],
    text: p.text,
    reason: 'insertion at the cursor with no AI evidence (completion list, snippet, ...)',
  };
}

export function fitsPending(e: Expectation, p: PendingChange): boolean {
  if (e.uri !== p.uri || p.version <= e.baseVersion) return false;
  const limit = e.maxVersions ?? 8;
  if (p.version - e.baseVersion > limit) return false;
  const text = p.inserted.join('');
  switch (e.kind) {
    case 'inline':
      return squash(text).length > 0;
    case 'paste':
      return pasteMatches(e.text, p.inserted) !== null;
    case 'edit':
      return e.text === undefined || textMatches(e.text, text);
  }
}

export function verdictForExpectation(
  e: Expectation,
  pasteAsAI: boolean,
  make: (kind: VerdictKind, origin: Origin | null, reason: string) => Verdict,
): Verdict {
  switch (e.kind) {
    case 'inline':
      return make(
        'inline-completion',
        'inline-completion',
        e.partial ? `inline completion, partial accept (next ${e.partial})` : 'inline completion accepted',
      );
    case 'paste':
      return pasteAsAI
        ? make('paste', 'paste', 'paste (recorded as AI: aidecay.capture.pasteAsAI)')
        : make('paste', null, 'paste');
    case 'edit':
      return make(originKind(e.origin), e.origin, `edit announced as ${e.origin}`);
  }
}
