/**
 * Thin VS Code adapter around the capture classifier: wraps the inline-completion accept
 * commands and paste, watches saves and chat-editing documents, feeds every change of a
 * synchronised document to the classifier, and sends `aidecay/markRegion` for AI verdicts.
 */
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { type MarkRegionParams, type Origin, isOrigin } from '../protocol';
import type { ClientSettings } from '../settings';
import type { SyncHooks } from '../middleware';
import { CaptureClassifier, type ChangeReason, type Verdict } from './classifier';
import { MarkQueue } from './markQueue';
import { RecordingClassifier } from './recording';
import { type ContentChange, mapOffset } from './text';
import { isChatEditingScheme, pickChatTool, pickInlineTool } from './tools';

export interface CaptureHost {
  readonly output: vscode.LogOutputChannel;
  settings(): ClientSettings;
  /** Sends a request when the server runs; undefined otherwise. */
  send(params: MarkRegionParams): Promise<unknown> | undefined;
}

export class CaptureAdapter implements SyncHooks, vscode.Disposable {
  readonly classifier: CaptureClassifier;
  private readonly queue = new MarkQueue();
  private readonly disposables: vscode.Disposable[] = [];
  /** Cursor offsets per document, in the text before the next change. */
  private readonly cursors = new Map<string, number[]>();
  /** chat-editing companion documents by the file URI they belong to. */
  private readonly companions = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  /** Recent verdicts, newest last (for the log and `aidecay.api.captureLog`). */
  readonly recent: Verdict[] = [];

  constructor(private readonly host: CaptureHost) {
    const s = host.settings();
    const options = {
      pasteAsAI: s.capture.pasteAsAI,
      unexplainedAsHeuristic: s.capture.unexplainedAsHeuristic,
      heuristicMinLines: s.heuristic.minLines ?? 3,
    };
    // AIDECAY_CAPTURE_RECORD=1 records every classifier input (for replay fixtures).
    this.classifier =
      process.env.AIDECAY_CAPTURE_RECORD === '1' ? new RecordingClassifier(options) : new CaptureClassifier(options);
  }

  register(): vscode.Disposable[] {
    const d = this.disposables;
    d.push(
      vscode.commands.registerCommand('aidecay.inlineSuggest.commit', () =>
        this.wrapAccept('editor.action.inlineSuggest.commit', undefined),
      ),
      vscode.commands.registerCommand('aidecay.inlineSuggest.acceptNextWord', () =>
        this.wrapAccept('editor.action.inlineSuggest.acceptNextWord', 'word'),
      ),
      vscode.commands.registerCommand('aidecay.inlineSuggest.acceptNextLine', () =>
        this.wrapAccept('editor.action.inlineSuggest.acceptNextLine', 'line'),
      ),
      vscode.commands.registerCommand('aidecay.paste', () => this.wrapPaste()),
      vscode.commands.registerCommand('aidecay.api.expectEdit', (args: unknown) => this.expectEdit(args)),
      vscode.commands.registerCommand('aidecay.api.captureLog', () => ({
        verdicts: this.recent.map((v) => ({ ...v })),
        inputs: this.classifier instanceof RecordingClassifier ? this.classifier.inputs : null,
      })),
      vscode.window.onDidChangeTextEditorSelection((e) => this.rememberSelections(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e) this.rememberSelections(e);
      }),
      vscode.workspace.onWillSaveTextDocument((e) => {
        if (this.classifier.hasDocument(key(e.document.uri))) this.classifier.beginSave(key(e.document.uri), e.document.version);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => this.classifier.endSave(key(doc.uri))),
      vscode.workspace.onDidOpenTextDocument((doc) => this.companionOpened(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.companionClosed(doc)),
    );
    for (const doc of vscode.workspace.textDocuments) this.companionOpened(doc);
    if (vscode.window.activeTextEditor) this.rememberSelections(vscode.window.activeTextEditor);
    return d;
  }

  settingsChanged(settings: ClientSettings): void {
    this.classifier.setOptions({
      pasteAsAI: settings.capture.pasteAsAI,
      unexplainedAsHeuristic: settings.capture.unexplainedAsHeuristic,
      heuristicMinLines: settings.heuristic.minLines ?? 3,
    });
  }

  private get enabled(): boolean {
    return this.host.settings().capture.enabled;
  }

  // ---- SyncHooks (called from the language client's middleware) ------------------------------

  reset(): void {
    // A new client re-opens every document: shadows are rebuilt from didOpen.
  }

  didOpen(document: vscode.TextDocument): void {
    const uri = key(document.uri);
    this.classifier.openDocument(uri, document.version, document.getText());
    this.queue.forget(uri);
    this.queue.markSent(uri, document.version);
    this.syncAgentSession(uri);
  }

  didClose(document: vscode.TextDocument): void {
    const uri = key(document.uri);
    this.classifier.closeDocument(uri);
    this.queue.forget(uri);
    this.cursors.delete(uri);
  }

  didChange(event: vscode.TextDocumentChangeEvent): (() => void) | undefined {
    const uri = key(event.document.uri);
    const version = event.document.version;
    if (!this.classifier.hasDocument(uri)) return undefined;
    const changes: ContentChange[] = event.contentChanges.map((c) => ({
      rangeOffset: c.rangeOffset,
      rangeLength: c.rangeLength,
      text: c.text,
    }));
    const reason: ChangeReason | undefined =
      event.reason === vscode.TextDocumentChangeReason.Undo
        ? 'undo'
        : event.reason === vscode.TextDocumentChangeReason.Redo
          ? 'redo'
          : undefined;
    const active = vscode.window.activeTextEditor;
    const focused = active !== undefined && active.document === event.document;
    const cursors = focused ? (this.cursors.get(uri) ?? null) : null;
    // Keep stored cursors in step with the text until the next selection event replaces them.
    const stored = this.cursors.get(uri);
    if (stored) this.cursors.set(uri, stored.map((p) => changes.reduce((acc, c) => mapOffset(acc, c), p)));

    this.queue.onChange(uri, version, changes);
    let verdicts: Verdict[] = [];
    let pending = false;
    if (this.enabled) {
      const result = this.classifier.onChange(
        { uri, version, changes, reason },
        { cursors, reloadedFromDisk: reason === undefined && reloadedFromDisk(event.document) },
      );
      verdicts = result.verdicts;
      pending = result.pending;
    } else {
      // Keep the shadow copy current even while capture is off.
      this.classifier.track({ uri, version, changes });
    }
    this.accept(verdicts);
    if (pending) void this.checkClipboard(uri, version);
    this.schedule();
    return () => {
      this.queue.markSent(uri, version);
      this.drain();
    };
  }

  // ---- wrappers ---------------------------------------------------------------------------------

  private async wrapAccept(command: string, partial: 'word' | 'line' | undefined): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    let id: number | undefined;
    if (editor && this.enabled) {
      const uri = key(editor.document.uri);
      if (this.classifier.hasDocument(uri)) {
        const tool = pickInlineTool(activeExtensionIds(), this.host.settings().capture.aiExtensions);
        const result = this.classifier.expect({
          kind: 'inline',
          uri,
          baseVersion: editor.document.version,
          cursor: editor.document.offsetAt(editor.selection.active),
          partial,
          tool,
        });
        id = result.id;
        this.accept(result.verdicts);
      }
    }
    try {
      await vscode.commands.executeCommand(command);
    } finally {
      if (id !== undefined) this.classifier.settle(id);
      this.schedule();
    }
  }

  private async wrapPaste(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    let id: number | undefined;
    if (editor && this.enabled) {
      const uri = key(editor.document.uri);
      const baseVersion = editor.document.version;
      if (this.classifier.hasDocument(uri)) {
        const text = await vscode.env.clipboard.readText();
        const result = this.classifier.expect({ kind: 'paste', uri, baseVersion, text });
        id = result.id;
        this.accept(result.verdicts);
      }
    }
    try {
      await vscode.commands.executeCommand('editor.action.clipboardPasteAction');
    } finally {
      if (id !== undefined) this.classifier.settle(id);
      this.schedule();
    }
  }

  /**
   * For other extensions (agents, chat tools) that know they are about to edit:
   * `executeCommand('aidecay.api.expectEdit', {uri, origin?, tool?, model?, text?})`.
   */
  private expectEdit(args: unknown): boolean {
    if (typeof args !== 'object' || args === null) return false;
    const a = args as Record<string, unknown>;
    const uriValue = a.uri instanceof vscode.Uri ? a.uri : typeof a.uri === 'string' ? vscode.Uri.parse(a.uri) : null;
    if (uriValue === null) return false;
    const uri = key(uriValue);
    const doc = vscode.workspace.textDocuments.find((d) => key(d.uri) === uri);
    if (!doc || !this.classifier.hasDocument(uri)) return false;
    const origin: Origin = isOrigin(a.origin) ? a.origin : 'agent';
    const result = this.classifier.expect({
      kind: 'edit',
      uri,
      baseVersion: doc.version,
      origin,
      text: typeof a.text === 'string' ? a.text : undefined,
      tool: typeof a.tool === 'string' ? a.tool : null,
      model: typeof a.model === 'string' ? a.model : null,
      maxVersions: 50,
    });
    this.accept(result.verdicts);
    this.schedule();
    return true;
  }

  // ---- evidence -----------------------------------------------------------------------------

  private async checkClipboard(uri: string, version: number): Promise<void> {
    let text: string;
    try {
      text = await vscode.env.clipboard.readText();
    } catch {
      return;
    }
    if (!text) return;
    const result = this.classifier.expect({ kind: 'paste', uri, baseVersion: version - 1, text, maxVersions: 1 });
    if (result.verdicts.length === 0) this.classifier.cancel(result.id);
    this.accept(result.verdicts);
    this.drain();
  }

  private rememberSelections(editor: vscode.TextEditor): void {
    const uri = key(editor.document.uri);
    this.cursors.set(
      uri,
      editor.selections.map((s) => editor.document.offsetAt(s.active)),
    );
  }

  private companionOpened(doc: vscode.TextDocument): void {
    if (!isChatEditingScheme(doc.uri.scheme)) return;
    const file = key(doc.uri.with({ scheme: 'file', query: '', fragment: '' }));
    let set = this.companions.get(file);
    if (!set) this.companions.set(file, (set = new Set()));
    set.add(doc.uri.toString());
    this.host.output.debug(`capture: chat editing session on ${file} (${doc.uri.scheme})`);
    this.syncAgentSession(file);
  }

  private companionClosed(doc: vscode.TextDocument): void {
    if (!isChatEditingScheme(doc.uri.scheme)) return;
    const file = key(doc.uri.with({ scheme: 'file', query: '', fragment: '' }));
    const set = this.companions.get(file);
    set?.delete(doc.uri.toString());
    if (set && set.size === 0) this.companions.delete(file);
    this.syncAgentSession(file);
  }

  private syncAgentSession(uri: string): void {
    if (!this.classifier.hasDocument(uri)) return;
    if (this.companions.has(uri)) {
      const tool = pickChatTool(activeExtensionIds(), this.host.settings().capture.aiExtensions);
      this.classifier.setAgentSession(uri, { tool });
    } else {
      this.classifier.setAgentSession(uri, null);
    }
  }

  // ---- output -----------------------------------------------------------------------------

  private accept(verdicts: Verdict[]): void {
    for (const v of verdicts) {
      this.recent.push(v);
      if (this.recent.length > 200) this.recent.shift();
      const where = v.ranges.map((r) => `${r.start.line + 1}:${r.start.character}-${r.end.line + 1}:${r.end.character}`).join(', ');
      if (v.origin !== null) {
        this.host.output.info(
          `capture: ${v.origin}${v.tool ? ` (${v.tool})` : ''} ${shortUri(v.uri)} v${v.sourceVersion} [${where}] — ${v.reason}`,
        );
        for (const span of v.spans) {
          this.queue.add({ uri: v.uri, version: v.version, span, origin: v.origin, tool: v.tool, model: v.model });
        }
      } else {
        this.host.output.trace(`capture: ${v.kind} ${shortUri(v.uri)} v${v.sourceVersion} — ${v.reason}`);
      }
    }
    this.drain();
  }

  private drain(): void {
    const ready = this.queue.drain((uri, version) =>
      this.classifier.documentVersion(uri) === version ? this.classifier.documentText(uri) : undefined,
    );
    for (const params of ready) {
      const sent = this.host.send(params);
      if (sent === undefined) {
        this.host.output.warn('capture: the server is not running; an AI region was not recorded.');
        continue;
      }
      sent.then(
        (result) => this.host.output.debug(`markRegion → ${JSON.stringify(result)}`),
        (error: unknown) => this.host.output.error(`aidecay/markRegion failed: ${String(error)}`),
      );
    }
  }

  private schedule(): void {
    if (this.timer) return;
    if (this.classifier.pendingCount() === 0 && this.classifier.expectationCount() === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.accept(this.classifier.flush());
      this.schedule();
    }, 500);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

export function key(uri: vscode.Uri): string {
  return uri.toString();
}

function shortUri(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i >= 0 ? uri.slice(i + 1) : uri;
}

function activeExtensionIds(): string[] {
  return vscode.extensions.all.filter((e) => e.isActive).map((e) => e.id);
}

/**
 * Whether a change made a clean document equal to its file on disk: VS Code reloaded it.
 * `isDirty` at event time still holds the state before the change (the dirty flag is updated
 * after the content), so a clean document is the only candidate; the text decides.
 * An edit that is then auto-saved (e.g. a WorkspaceEdit with `files.refactoring.autoSave`)
 * differs from the disk at event time: the save happens later.
 */
function reloadedFromDisk(document: vscode.TextDocument): boolean {
  if (document.isDirty || document.uri.scheme !== 'file') return false;
  try {
    const disk = readFileSync(document.uri.fsPath, 'utf8');
    return disk.replace(/^\uFEFF/, '') === document.getText();
  } catch {
    return false;
  }
}
