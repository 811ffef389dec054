/**
 * Capture classifier: decides, for every change of a document, who made it — the person
 * typing, undo/redo, a paste, a formatter, a refactoring, an inline completion accepted
 * with Tab (or partially), or a chat/agent edit — and which spans of the new text are AI's.
 *
 * Pure module: must not import `vscode`. The adapter (./adapter.ts) feeds it
 * `onDidChangeTextDocument` events and "expectations" registered by the command wrappers
 * (inline-completion accept, paste), by save (format-on-save window), by chat-editing
 * sessions and by other extensions (`aidecay.api.expectEdit`).
 *
 * Attribution is keyed on document version and inserted text, never on timing alone:
 * an expectation records the document version when it was made and claims the first later
 * change that fits it, whether that change arrives after the expectation (the usual order)
 * or before it (the change is then held as "pending" and claimed retroactively). Time is
 * used only to retire pending changes and stale expectations.
 */
import type { Origin } from '../protocol';
import { fitsPending, retiredVerdict, verdictForExpectation } from './pending';
import { applyToShadow, rememberAi, toRanges } from './shadow';
import { type Span, contentLines, squash } from './text';

import {
  type ChangeEvent,
  type ChangeContext,
  type VerdictKind,
  type Verdict,
  type Expectation,
  type ClassifierOptions,
  type PendingChange,
  type StoredExpectation,
  type Shadow,
  type AgentSession,
  DEFAULT_CLASSIFIER_OPTIONS,
} from './types';
import {
  finalSpans,
  mapSpans,
  touchesCursor,
  isTypingLike,
  pasteMatches,
  matchExpectation,
  rememberDeleted,
  pushLimited,
  insertsNewCode,
  plainEdit,
} from './matching';

export * from './types';


export class CaptureClassifier {
  private readonly options: ClassifierOptions;
  private readonly shadows = new Map<string, Shadow>();
  private readonly expectations: StoredExpectation[] = [];
  private readonly pending: PendingChange[] = [];
  private readonly formatWindows = new Map<string, number>();
  private readonly agentSessions = new Map<string, AgentSession>();
  private nextId = 1;

  constructor(options: Partial<ClassifierOptions> = {}) {
    this.options = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
  }

  setOptions(options: Partial<ClassifierOptions>): void {
    Object.assign(this.options, options);
  }

  // ---- documents ------------------------------------------------------------------------

  openDocument(uri: string, version: number, text: string): void {
    this.shadows.set(uri, { text, version, deleted: [], aiTexts: [], undoneAi: [] });
    this.dropPending(uri);
  }

  closeDocument(uri: string): void {
    this.shadows.delete(uri);
    this.dropPending(uri);
    this.formatWindows.delete(uri);
    for (let i = this.expectations.length - 1; i >= 0; i--) {
      if (this.expectations[i]?.expectation.uri === uri) this.expectations.splice(i, 1);
    }
  }

  hasDocument(uri: string): boolean {
    return this.shadows.has(uri);
  }

  /** The classifier's copy of a document (for tests and range conversion). */
  documentText(uri: string): string | undefined {
    return this.shadows.get(uri)?.text;
  }

  documentVersion(uri: string): number | undefined {
    return this.shadows.get(uri)?.version;
  }

  // ---- windows ------------------------------------------------------------------------

  /** `onWillSaveTextDocument`: changes after `version` until the save are the save's (format, organize imports). */
  beginSave(uri: string, version: number): void {
    this.formatWindows.set(uri, version);
  }

  /** `onDidSaveTextDocument`. */
  endSave(uri: string): void {
    this.formatWindows.delete(uri);
  }

  /** A chat/agent editing session started or ended for a document (chat-editing companion documents). */
  setAgentSession(uri: string, session: { tool: string | null; origin?: Origin } | null): void {
    if (session === null) this.agentSessions.delete(uri);
    else this.agentSessions.set(uri, { tool: session.tool, origin: session.origin ?? 'agent' });
  }

  hasAgentSession(uri: string): boolean {
    return this.agentSessions.has(uri);
  }

  // ---- expectations ---------------------------------------------------------------------

  /**
   * Registers an expectation. Returns its id and any verdicts for changes that already
   * arrived (the change came before the bookkeeping).
   */
  expect(expectation: Expectation): { id: number; verdicts: Verdict[] } {
    const stored: StoredExpectation = { id: this.nextId++, expectation, createdAt: this.options.now() };
    for (let i = 0; i < this.pending.length; i++) {
      const p = this.pending[i];
      if (p === undefined || !fitsPending(expectation, p)) continue;
      this.pending.splice(i, 1);
      return { id: stored.id, verdicts: [this.claimPending(expectation, p)] };
    }
    this.expectations.push(stored);
    return { id: stored.id, verdicts: [] };
  }

  /**
   * The wrapper's command finished. Its edit (if any) reached the extension host before the
   * command's reply, so an expectation still unclaimed now has nothing left to claim: drop it,
   * so it cannot claim an unrelated later change.
   */
  settle(id: number): void {
    this.cancel(id);
  }

  cancel(id: number): void {
    const i = this.expectations.findIndex((e) => e.id === id);
    if (i >= 0) this.expectations.splice(i, 1);
  }

  pendingCount(uri?: string): number {
    return this.pending.filter((p) => uri === undefined || p.uri === uri).length;
  }

  expectationCount(uri?: string): number {
    return this.expectations.filter((e) => uri === undefined || e.expectation.uri === uri).length;
  }

  // ---- changes ---------------------------------------------------------------------------

  /**
   * Classifies a change event. Returns the verdicts decided now; a change that may still be
   * claimed (e.g. a paste made without the paste command) is held, and reported in
   * `pending` so the adapter can look for evidence (the clipboard).
   */
  onChange(event: ChangeEvent, context: ChangeContext): { verdicts: Verdict[]; pending: boolean } {
    const shadow = this.shadows.get(event.uri);
    if (shadow === undefined) return { verdicts: [], pending: false };
    if (event.changes.length === 0) {
      shadow.version = event.version;
      return { verdicts: [], pending: false };
    }

    const cursorsBefore = context.cursors;
    const facts = applyToShadow(shadow, event);
    const inserted = event.changes.map((c) => c.text).join('');
    const removed = facts.map((f) => f.removed).join('');
    const fresh = facts.map((f) => f.fresh).join('');
    const spans = finalSpans(facts);
    const nearCursor = cursorsBefore !== null && touchesCursor(event.changes, cursorsBefore);

    // Move pending spans of this document along.
    for (const p of this.pending) {
      if (p.uri !== event.uri) continue;
      p.spans = mapSpans(p.spans, event.changes);
    }

    const verdicts: Verdict[] = [];
    const base = { uri: event.uri, sourceVersion: event.version, version: event.version, text: inserted };
    const human = (kind: VerdictKind, reason: string): Verdict => ({
      ...base,
      kind,
      origin: null,
      tool: null,
      model: null,
      spans: [],
      ranges: [],
      reason,
    });
    const ai = (
      kind: VerdictKind,
      origin: Origin,
      tool: string | null,
      model: string | null,
      aiSpans: Span[],
      reason: string,
    ): Verdict => {
      const verdict: Verdict = {
        ...base,
        kind,
        origin,
        tool,
        model,
        spans: aiSpans,
        ranges: toRanges(shadow, aiSpans),
        reason,
      };
      rememberAi(shadow, verdict);
      return verdict;
    };

    // 1. Undo / redo: never a new AI insertion, except a redo that brings back AI text.
    if (event.reason === 'undo' || event.reason === 'redo') {
      if (event.reason === 'undo') {
        const sq = squash(removed);
        const hit = sq.length > 0 ? shadow.aiTexts.find((a) => a.squashed === sq) : undefined;
        if (hit) pushLimited(shadow.undoneAi, hit);
        rememberDeleted(shadow, removed);
        verdicts.push(human('undo', 'undo'));
        return { verdicts, pending: false };
      }
      const sq = squash(fresh);
      const back = sq.length > 0 ? shadow.undoneAi.find((a) => a.squashed === sq) : undefined;
      if (back && spans.length > 0) {
        verdicts.push(ai('redo', back.origin, back.tool, back.model, spans, 'redo of an AI insertion'));
      } else {
        verdicts.push(human('redo', 'redo'));
      }
      return { verdicts, pending: false };
    }

    rememberDeleted(shadow, removed);
    this.expire(event.uri, event.version);

    // 2. Expectations keyed on version and text.
    const typingLike = isTypingLike(event.changes, facts);
    for (let i = 0; i < this.expectations.length; i++) {
      const stored = this.expectations[i];
      if (stored === undefined) continue;
      const e = stored.expectation;
      if (e.uri !== event.uri || event.version <= e.baseVersion) continue;
      const matched = matchExpectation(e, event, facts, spans, typingLike, nearCursor);
      if (matched === null) continue;
      this.expectations.splice(i, 1);
      const v = verdictForExpectation(e, this.options.pasteAsAI, (kind, origin, reason) =>
        origin === null ? human(kind, reason) : ai(kind, origin, e.tool ?? null, e.model ?? null, matched, reason),
      );
      verdicts.push(v);
      return { verdicts, pending: false };
    }

    // 3. Format-on-save window and other save participants (which never write new code from
    //    nothing: an agent's edit that lands while a save is in flight is judged below).
    const saveBase = this.formatWindows.get(event.uri);
    if (saveBase !== undefined && event.version > saveBase && !insertsNewCode(fresh, removed)) {
      verdicts.push(human('format', 'edit made while saving (format on save, code actions on save)'));
      return { verdicts, pending: false };
    }

    const agent = this.agentSessions.get(event.uri);

    // 4. Reloaded from disk (the document is clean after a non-undo change).
    if (context.reloadedFromDisk === true) {
      if (agent && spans.length > 0) {
        verdicts.push(ai('agent', agent.origin, agent.tool, null, spans, 'file written by an agent while open'));
      } else {
        verdicts.push(human('external', 'document reloaded from disk'));
      }
      return { verdicts, pending: false };
    }

    // 5. Deletions, formatting, typing, moves, restores: the person's.
    const plain = plainEdit(inserted, removed, fresh, typingLike, shadow.deleted);
    if (plain !== null) {
      verdicts.push(human(plain.kind, plain.reason));
      return { verdicts, pending: false };
    }

    // 6. A chat/agent editing session is open on this document.
    if (agent) {
      verdicts.push(ai('agent', agent.origin, agent.tool, null, spans, 'chat editing session on this document'));
      return { verdicts, pending: false };
    }

    // 7. New multi-line text written away from every cursor: a WorkspaceEdit by an agent.
    if (!nearCursor && contentLines(fresh) >= 2) {
      verdicts.push(
        ai('agent', 'agent', null, null, spans, cursorsBefore === null ? 'multi-line edit of a background document' : 'multi-line edit away from the cursor'),
      );
      return { verdicts, pending: false };
    }

    // 8. New text at the cursor without an expectation: wait for evidence (clipboard, late wrapper).
    if (nearCursor && spans.length > 0) {
      this.pending.push({
        uri: event.uri,
        version: event.version,
        arrivedAt: this.options.now(),
        spans,
        inserted: facts.map((f) => f.fresh),
        text: inserted,
        removed,
        nearCursor,
      });
      return { verdicts, pending: true };
    }

    verdicts.push(human('other', 'single-line edit away from the cursor'));
    return { verdicts, pending: false };
  }

  /** Applies a change to the shadow copy without classifying it (capture switched off). */
  track(event: ChangeEvent): void {
    const shadow = this.shadows.get(event.uri);
    if (shadow === undefined) return;
    applyToShadow(shadow, event);
    for (const p of this.pending) if (p.uri === event.uri) p.spans = mapSpans(p.spans, event.changes);
  }

  /**
   * Retires pending changes older than settleMs (they were the person's: IntelliSense,
   * snippets, ...) and stale expectations. Returns verdicts for the retired changes.
   */
  flush(force = false): Verdict[] {
    const now = this.options.now();
    const out: Verdict[] = [];
    for (let i = 0; i < this.pending.length; ) {
      const p = this.pending[i];
      if (p === undefined) break;
      if (!force && now - p.arrivedAt < this.options.settleMs) {
        i++;
        continue;
      }
      this.pending.splice(i, 1);
      out.push(retiredVerdict(p, this.shadows.get(p.uri), this.options));
    }
    for (let i = this.expectations.length - 1; i >= 0; i--) {
      const s = this.expectations[i];
      if (s === undefined) continue;
      if (force || now - s.createdAt > this.options.expectationTtlMs) this.expectations.splice(i, 1);
    }
    return out;
  }

  // ---- internals -------------------------------------------------------------------------

  private claimPending(e: Expectation, p: PendingChange): Verdict {
    const shadow = this.shadows.get(p.uri);
    let spans = p.spans;
    if (e.kind === 'paste') {
      const which = pasteMatches(e.text, p.inserted);
      if (which !== null && which.length < p.spans.length) spans = p.spans.filter((_, i) => which.includes(i));
    }
    const text = p.text;
    const make = (kind: VerdictKind, origin: Origin | null, reason: string): Verdict => {
      const verdict: Verdict = {
        uri: p.uri,
        kind,
        origin,
        tool: origin === null ? null : (e.tool ?? null),
        model: origin === null ? null : (e.model ?? null),
        sourceVersion: p.version,
        version: shadow?.version ?? p.version,
        spans: origin === null ? [] : spans,
        ranges: origin === null || shadow === undefined ? [] : toRanges(shadow, spans),
        text,
        reason: `${reason} (claimed after the change arrived)`,
      };
      if (shadow && origin !== null) rememberAi(shadow, verdict);
      return verdict;
    };
    return verdictForExpectation(e, this.options.pasteAsAI, make);
  }

  private expire(uri: string, version: number): void {
    for (let i = this.expectations.length - 1; i >= 0; i--) {
      const e = this.expectations[i]?.expectation;
      if (e === undefined || e.uri !== uri) continue;
      if (version - e.baseVersion > (e.maxVersions ?? 8)) this.expectations.splice(i, 1);
    }
  }

  private dropPending(uri: string): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.pending[i]?.uri === uri) this.pending.splice(i, 1);
    }
  }
}
