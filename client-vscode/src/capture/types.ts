/** Types of the capture classifier (pure: no `vscode`). */
import type { Origin, Range } from '../protocol';
import type { ContentChange, Span } from './text';

export type ChangeReason = 'undo' | 'redo';

/** One `onDidChangeTextDocument` event. */
export interface ChangeEvent {
  uri: string;
  /** Document version after the change. */
  version: number;
  changes: ContentChange[];
  reason?: ChangeReason;
}

/** What the adapter knows about the editor when the change arrived. */
export interface ChangeContext {
  /**
   * Offsets of the cursors (selection active ends) in the text before the change, when the
   * document is shown in the focused editor; null when it is not (a background document).
   */
  cursors: number[] | null;
  /**
   * True when the change made the document equal to the file on disk while it was clean
   * before: VS Code reloaded it because the file changed on disk (a git checkout, a formatter
   * run in a terminal, an agent writing the file). Checked by text, at the time of the event.
   */
  reloadedFromDisk?: boolean;
}

export type VerdictKind =
  | 'typing'
  | 'delete'
  | 'undo'
  | 'redo'
  | 'paste'
  | 'format'
  | 'refactor'
  | 'restore'
  | 'external'
  | 'other'
  | 'inline-completion'
  | 'agent'
  | 'chat'
  | 'manual'
  | 'heuristic';

export interface Verdict {
  uri: string;
  kind: VerdictKind;
  /** Origin to record with `aidecay/markRegion`, or null when the change is not AI's. */
  origin: Origin | null;
  tool: string | null;
  model: string | null;
  /** Version of the change that was classified. */
  sourceVersion: number;
  /** Version the spans and ranges below refer to (later than sourceVersion for late claims). */
  version: number;
  /** The AI-written spans (empty when origin is null). */
  spans: Span[];
  ranges: Range[];
  /** The inserted text of the classified change (all its content changes joined). */
  text: string;
  /** Why, in a few words (for the log and the tests). */
  reason: string;
}

export interface ExpectationBase {
  uri: string;
  /** Document version when the expectation was made: the change must be later. */
  baseVersion: number;
  tool?: string | null;
  model?: string | null;
  /** Give up when no fitting change arrived within this many versions (default 8). */
  maxVersions?: number;
}

/** Tab (or a partial accept) on an inline completion. */
export interface InlineExpectation extends ExpectationBase {
  kind: 'inline';
  /** Cursor offset at the time of the accept, in the text of `baseVersion`. */
  cursor?: number;
  partial?: 'word' | 'line';
}

/** A paste; `text` is the clipboard. */
export interface PasteExpectation extends ExpectationBase {
  kind: 'paste';
  text: string;
}

/** An edit announced by someone who knows its origin (an agent, a chat apply, the API). */
export interface EditExpectation extends ExpectationBase {
  kind: 'edit';
  origin: Origin;
  /** The text it will insert, when known. */
  text?: string;
}

export type Expectation = InlineExpectation | PasteExpectation | EditExpectation;

export interface ClassifierOptions {
  /** Record pastes as AI (origin `paste`). */
  pasteAsAI: boolean;
  /** Record unexplained multi-line insertions at the cursor as origin `heuristic`. */
  unexplainedAsHeuristic: boolean;
  /** Minimum content lines for the heuristic above. */
  heuristicMinLines: number;
  /** How long an unexplained change waits for a late expectation (ms). */
  settleMs: number;
  /** How long an expectation waits for its change (ms). */
  expectationTtlMs: number;
  now: () => number;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  pasteAsAI: false,
  unexplainedAsHeuristic: false,
  heuristicMinLines: 3,
  settleMs: 1500,
  expectationTtlMs: 5000,
  now: () => Date.now(),
};

/** A change whose author is not known yet: it may still be claimed by a late expectation. */
export interface PendingChange {
  uri: string;
  version: number;
  arrivedAt: number;
  /** AI candidate spans, kept mapped to the shadow's current version. */
  spans: Span[];
  /** Inserted text of each content change with its span index (for text matching). */
  inserted: string[];
  text: string;
  removed: string;
  nearCursor: boolean;
}

export interface StoredExpectation {
  id: number;
  expectation: Expectation;
  createdAt: number;
}

export interface Shadow {
  text: string;
  version: number;
  /** Recently deleted texts (for "restore" detection), newest last. */
  deleted: string[];
  /** Recent AI insertions (squashed text → attribution), for redo after undo. */
  aiTexts: { squashed: string; origin: Origin; tool: string | null; model: string | null }[];
  /** Texts of AI insertions removed by undo, which a redo may bring back. */
  undoneAi: { squashed: string; origin: Origin; tool: string | null; model: string | null }[];
}

export interface AgentSession {
  tool: string | null;
  origin: Origin;
}

/** What a single content change did, measured against the text before it. */
export interface ChangeFacts {
  change: ContentChange;
  removed: string;
  /** AI candidate span of this change, in the text right after this change. */
  span: Span | null;
  /** The candidate text (inserted text without the part it shares with the removed text). */
  fresh: string;
}
