/**
 * Marks waiting to be sent as `aidecay/markRegion`. A mark is sent only once the server has
 * been sent the document version its range refers to, and its spans follow every later
 * change until then, so the range is always right for the version named in the request.
 *
 * Pure module: must not import `vscode`.
 */
import type { MarkRegionParams, Origin } from '../protocol';
import { type ContentChange, type Span, lineStarts, mapSpan, spanToRange } from './text';

export interface QueuedMark {
  uri: string;
  /** Document version the span refers to. */
  version: number;
  span: Span;
  origin: Origin;
  tool: string | null;
  model: string | null;
}

export class MarkQueue {
  private readonly queue: QueuedMark[] = [];
  private readonly sentVersions = new Map<string, number>();

  add(mark: QueuedMark): void {
    this.queue.push({ ...mark, span: { ...mark.span } });
  }

  get size(): number {
    return this.queue.length;
  }

  /** A change event reached the shadow copy: move queued spans to the new version. */
  onChange(uri: string, version: number, changes: ContentChange[]): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const m = this.queue[i];
      if (m === undefined || m.uri !== uri || m.version >= version) continue;
      let span: Span | null = m.span;
      for (const change of changes) {
        if (span === null) break;
        span = mapSpan(span, change);
      }
      if (span === null) this.queue.splice(i, 1);
      else {
        m.span = span;
        m.version = version;
      }
    }
  }

  /** The didChange (or didOpen) for `version` has been handed to the connection. */
  markSent(uri: string, version: number): void {
    const prev = this.sentVersions.get(uri) ?? -1;
    if (version > prev) this.sentVersions.set(uri, version);
  }

  forget(uri: string): void {
    this.sentVersions.delete(uri);
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]?.uri === uri) this.queue.splice(i, 1);
  }

  /**
   * Removes and returns the requests that can go now. `textOf(uri, version)` gives the
   * document text at that version (the shadow copy), or undefined when it moved on.
   */
  drain(textOf: (uri: string, version: number) => string | undefined): MarkRegionParams[] {
    const out: MarkRegionParams[] = [];
    for (let i = 0; i < this.queue.length; ) {
      const m = this.queue[i];
      if (m === undefined) break;
      const sent = this.sentVersions.get(m.uri);
      if (sent === undefined || sent < m.version) {
        i++;
        continue;
      }
      const text = textOf(m.uri, m.version);
      if (text === undefined) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      const params: MarkRegionParams = {
        textDocument: { uri: m.uri, version: m.version },
        range: spanToRange(text, m.span, lineStarts(text)),
        origin: m.origin,
      };
      if (m.tool !== null) params.tool = m.tool;
      if (m.model !== null) params.model = m.model;
      out.push(params);
    }
    return out;
  }
}
