/**
 * Recording and replay of everything the capture classifier is told, with the time it was
 * told. A session recorded in a real VS Code (the end-to-end run) becomes a unit-test
 * fixture: replaying it through a fresh classifier must give the same verdicts.
 *
 * Pure module: must not import `vscode`.
 */
import {
  CaptureClassifier,
  type ChangeContext,
  type ChangeEvent,
  type ClassifierOptions,
  type Expectation,
  type Verdict,
} from './classifier';
import type { Origin } from '../protocol';

export type RecordedInput =
  | { t: number; op: 'open'; uri: string; version: number; text: string }
  | { t: number; op: 'close'; uri: string }
  | { t: number; op: 'beginSave'; uri: string; version: number }
  | { t: number; op: 'endSave'; uri: string }
  | { t: number; op: 'agentSession'; uri: string; session: { tool: string | null; origin?: Origin } | null }
  | { t: number; op: 'expect'; id: number; expectation: Expectation }
  | { t: number; op: 'settle'; id: number }
  | { t: number; op: 'cancel'; id: number }
  | { t: number; op: 'change'; event: ChangeEvent; context: ChangeContext }
  | { t: number; op: 'track'; event: ChangeEvent }
  | { t: number; op: 'flush'; force: boolean }
  | { t: number; op: 'options'; options: Partial<Omit<ClassifierOptions, 'now'>> };

/** A classifier that records its inputs. */
export class RecordingClassifier extends CaptureClassifier {
  readonly inputs: RecordedInput[] = [];
  private readonly clock: () => number;

  constructor(options: Partial<ClassifierOptions> = {}) {
    super(options);
    this.clock = options.now ?? (() => Date.now());
  }

  override setOptions(options: Partial<ClassifierOptions>): void {
    const { now: _now, ...rest } = options;
    this.inputs.push({ t: this.clock(), op: 'options', options: rest });
    super.setOptions(options);
  }
  override openDocument(uri: string, version: number, text: string): void {
    this.inputs.push({ t: this.clock(), op: 'open', uri, version, text });
    super.openDocument(uri, version, text);
  }
  override closeDocument(uri: string): void {
    this.inputs.push({ t: this.clock(), op: 'close', uri });
    super.closeDocument(uri);
  }
  override beginSave(uri: string, version: number): void {
    this.inputs.push({ t: this.clock(), op: 'beginSave', uri, version });
    super.beginSave(uri, version);
  }
  override endSave(uri: string): void {
    this.inputs.push({ t: this.clock(), op: 'endSave', uri });
    super.endSave(uri);
  }
  override setAgentSession(uri: string, session: { tool: string | null; origin?: Origin } | null): void {
    this.inputs.push({ t: this.clock(), op: 'agentSession', uri, session });
    super.setAgentSession(uri, session);
  }
  override expect(expectation: Expectation): { id: number; verdicts: Verdict[] } {
    const result = super.expect(expectation);
    this.inputs.push({ t: this.clock(), op: 'expect', id: result.id, expectation });
    return result;
  }
  override settle(id: number): void {
    this.inputs.push({ t: this.clock(), op: 'settle', id });
    super.settle(id);
  }
  override cancel(id: number): void {
    this.inputs.push({ t: this.clock(), op: 'cancel', id });
    super.cancel(id);
  }
  override onChange(event: ChangeEvent, context: ChangeContext): { verdicts: Verdict[]; pending: boolean } {
    this.inputs.push({ t: this.clock(), op: 'change', event, context });
    return super.onChange(event, context);
  }
  override track(event: ChangeEvent): void {
    this.inputs.push({ t: this.clock(), op: 'track', event });
    super.track(event);
  }
  override flush(force = false): Verdict[] {
    const out = super.flush(force);
    // Only flushes that decided something matter for a replay.
    if (out.length > 0 || force) this.inputs.push({ t: this.clock(), op: 'flush', force });
    return out;
  }
}

/** Replays recorded inputs through a fresh classifier; returns every verdict in order. */
export function replay(inputs: readonly RecordedInput[], options: Partial<ClassifierOptions> = {}): Verdict[] {
  let now = inputs[0]?.t ?? 0;
  const c = new CaptureClassifier({ ...options, now: () => now });
  const ids = new Map<number, number>();
  const out: Verdict[] = [];
  for (const input of inputs) {
    now = input.t;
    switch (input.op) {
      case 'open':
        c.openDocument(input.uri, input.version, input.text);
        break;
      case 'close':
        c.closeDocument(input.uri);
        break;
      case 'beginSave':
        c.beginSave(input.uri, input.version);
        break;
      case 'endSave':
        c.endSave(input.uri);
        break;
      case 'agentSession':
        c.setAgentSession(input.uri, input.session);
        break;
      case 'expect': {
        const r = c.expect(input.expectation);
        ids.set(input.id, r.id);
        out.push(...r.verdicts);
        break;
      }
      case 'settle':
        c.settle(ids.get(input.id) ?? -1);
        break;
      case 'cancel':
        c.cancel(ids.get(input.id) ?? -1);
        break;
      case 'change':
        out.push(...c.onChange(input.event, input.context).verdicts);
        break;
      case 'track':
        c.track(input.event);
        break;
      case 'flush':
        out.push(...c.flush(input.force));
        break;
      case 'options':
        c.setOptions(input.options);
        break;
    }
  }
  out.push(...c.flush(true));
  return out;
}
