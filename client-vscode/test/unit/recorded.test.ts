/**
 * Replays a session recorded in a real VS Code (code-server 1.100, the end-to-end run with
 * AIDECAY_CAPTURE_RECORD=1) through a fresh classifier: every change event and expectation as
 * VS Code delivered them, with their timing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RecordedInput, replay } from '../../src/capture/recording';
import type { Range } from '../../src/protocol';

interface Fixture {
  inputs: RecordedInput[];
  verdicts: { kind: string; origin: string | null; tool: string | null; sourceVersion: number; text: string; ranges: Range[] }[];
}

const fixture = JSON.parse(readFileSync(join(__dirname, '../fixtures/code-server-1.100-session.json'), 'utf8')) as Fixture;

describe('recorded code-server session', () => {
  const verdicts = replay(fixture.inputs, { pasteAsAI: true });

  it('replays to the verdicts VS Code got', () => {
    const summary = (v: { kind: string; origin: string | null; sourceVersion: number; ranges: Range[] }) =>
      `${v.sourceVersion}:${v.kind}:${v.origin ?? '-'}:${JSON.stringify(v.ranges)}`;
    expect(verdicts.map(summary)).toEqual(fixture.verdicts.map(summary));
  });

  it('finds each AI edit of the session, and nothing else', () => {
    const ai = verdicts.filter((v) => v.origin !== null);
    const byOrigin = (o: string) => ai.filter((v) => v.origin === o);
    expect(byOrigin('inline-completion').some((v) => v.text.includes('return fib(n - 1) + fib(n - 2)'))).toBe(true);
    expect(byOrigin('inline-completion').some((v) => v.text.trim() === 'x' && v.sourceVersion > 0)).toBe(true);
    expect(byOrigin('agent').map((v) => v.uri.split('/').pop())).toEqual(['app.py', 'helpers.py']);
    expect(byOrigin('paste')).toHaveLength(1);
    expect(ai).toHaveLength(5);
  });

  it('typing, undo and the reloads around the auto-save are not AI', () => {
    const kinds = new Set(verdicts.filter((v) => v.origin === null).map((v) => v.kind));
    expect(kinds.has('typing')).toBe(true);
    expect(kinds.has('undo')).toBe(true);
    expect(verdicts.filter((v) => v.kind === 'typing').every((v) => v.origin === null)).toBe(true);
  });
});
