import { beforeEach, describe, expect, it } from 'vitest';
import {
  CaptureClassifier,
  type ChangeContext,
  type ChangeReason,
  type Verdict,
} from '../../src/capture/classifier';
import type { ContentChange } from '../../src/capture/text';
import { applyChange } from '../../src/capture/text';

/** A document driven like VS Code drives one: versions go up by one per change event. */
class Doc {
  version = 1;
  cursor = 0;
  constructor(
    readonly c: CaptureClassifier,
    readonly uri: string,
    public text: string,
  ) {
    c.openDocument(uri, this.version, text);
  }

  change(
    changes: ContentChange[],
    opts: { reason?: ChangeReason; cursors?: number[] | null; reloadedFromDisk?: boolean } = {},
  ): { verdicts: Verdict[]; pending: boolean } {
    for (const ch of changes) this.text = applyChange(this.text, ch);
    this.version++;
    const ctx: ChangeContext = {
      cursors: opts.cursors === undefined ? [this.cursor] : opts.cursors,
      reloadedFromDisk: opts.reloadedFromDisk ?? false,
    };
    return this.c.onChange({ uri: this.uri, version: this.version, changes, reason: opts.reason }, ctx);
  }

  /** Types text one keystroke at a time at the cursor. */
  type(text: string): Verdict[] {
    const out: Verdict[] = [];
    for (const ch of text) {
      const r = this.change([{ rangeOffset: this.cursor, rangeLength: 0, text: ch }]);
      this.cursor += ch.length;
      out.push(...r.verdicts);
    }
    return out;
  }

  insertAtCursor(text: string, opts: { reason?: ChangeReason } = {}): { verdicts: Verdict[]; pending: boolean } {
    const r = this.change([{ rangeOffset: this.cursor, rangeLength: 0, text }], opts);
    this.cursor += text.length;
    return r;
  }

  slice(v: Verdict, i = 0): string {
    const s = v.spans[i];
    if (!s) throw new Error('no span');
    const text = this.c.documentText(this.uri) ?? '';
    expect(text).toBe(this.text);
    return text.slice(s.start, s.end);
  }
}

function only(r: { verdicts: Verdict[] }): Verdict {
  expect(r.verdicts).toHaveLength(1);
  const v = r.verdicts[0];
  if (!v) throw new Error('no verdict');
  return v;
}

let now = 0;
let c: CaptureClassifier;
beforeEach(() => {
  now = 1000;
  c = new CaptureClassifier({ now: () => now, settleMs: 1500, expectationTtlMs: 5000 });
});

const URI = 'file:///w/app.py';

describe('typing', () => {
  it('keystrokes, auto-closed pairs, Enter with indentation and backspace are typing', () => {
    const d = new Doc(c, URI, 'def f():\n');
    d.cursor = d.text.length;
    const verdicts = d.type('    x = 1');
    expect(verdicts.every((v) => v.kind === 'typing' && v.origin === null)).toBe(true);
    expect(only(d.insertAtCursor('()')).kind).toBe('typing');
    expect(only(d.insertAtCursor('\n    ')).kind).toBe('typing');
    const del = d.change([{ rangeOffset: d.cursor - 1, rangeLength: 1, text: '' }]);
    expect(only(del).kind).toBe('delete');
    expect(c.pendingCount()).toBe(0);
  });

  it('multi-cursor typing is typing', () => {
    const d = new Doc(c, URI, 'a\nb\nc\n');
    const r = d.change(
      [
        { rangeOffset: 5, rangeLength: 0, text: 'x' },
        { rangeOffset: 3, rangeLength: 0, text: 'x' },
        { rangeOffset: 1, rangeLength: 0, text: 'x' },
      ],
      { cursors: [1, 3, 5] },
    );
    expect(only(r).kind).toBe('typing');
  });
});

describe('inline completion accepted with Tab', () => {
  it('the change after the wrapper is the completion, keyed on version', () => {
    const d = new Doc(c, URI, 'def add(a, b):\n    ret');
    d.cursor = d.text.length;
    c.expect({ kind: 'inline', uri: URI, baseVersion: d.version, cursor: d.cursor, tool: 'github.copilot' });
    const v = only(d.insertAtCursor('urn a + b\n'));
    expect(v.kind).toBe('inline-completion');
    expect(v.origin).toBe('inline-completion');
    expect(v.tool).toBe('github.copilot');
    expect(d.slice(v)).toBe('urn a + b\n');
    expect(v.ranges[0]).toEqual({ start: { line: 1, character: 7 }, end: { line: 2, character: 0 } });
    expect(c.expectationCount()).toBe(0);
  });

  it('a replacement of the typed prefix only marks the new part', () => {
    const d = new Doc(c, URI, 'x = 1\nprint(x)\npri');
    d.cursor = d.text.length;
    c.expect({ kind: 'inline', uri: URI, baseVersion: d.version, cursor: d.cursor });
    // VS Code may re-send the whole line: "pri" → "print(x + 1)"
    const lineStart = d.text.lastIndexOf('\n') + 1;
    const v = only(d.change([{ rangeOffset: lineStart, rangeLength: 3, text: 'print(x + 1)' }]));
    expect(v.origin).toBe('inline-completion');
    expect(d.slice(v)).toBe('nt(x + 1)');
  });

  it('a multi-line completion spans every line', () => {
    const d = new Doc(c, URI, 'def fib(n):\n');
    d.cursor = d.text.length;
    c.expect({ kind: 'inline', uri: URI, baseVersion: d.version });
    const body = '    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n';
    const v = only(d.insertAtCursor(body));
    expect(v.ranges).toEqual([{ start: { line: 1, character: 0 }, end: { line: 4, character: 0 } }]);
  });

  it('race: the change arrives before the bookkeeping and is claimed retroactively', () => {
    const d = new Doc(c, URI, 'def f():\n    ');
    d.cursor = d.text.length;
    const base = d.version;
    const r = d.insertAtCursor('return 42');
    expect(r.verdicts).toHaveLength(0);
    expect(r.pending).toBe(true);
    // the user keeps typing before the wrapper's expectation lands
    d.type('\n');
    const late = c.expect({ kind: 'inline', uri: URI, baseVersion: base, tool: 'github.copilot' });
    expect(late.verdicts).toHaveLength(1);
    const v = late.verdicts[0] as Verdict;
    expect(v.origin).toBe('inline-completion');
    expect(v.sourceVersion).toBe(base + 1);
    expect(v.version).toBe(d.version);
    expect(d.slice(v)).toBe('return 42');
  });

  it('race: a keystroke between Tab and the accept is not taken for the completion', () => {
    const d = new Doc(c, URI, 'value = ');
    d.cursor = d.text.length;
    c.expect({ kind: 'inline', uri: URI, baseVersion: d.version });
    const typed = only(d.insertAtCursor('c'));
    expect(typed.kind).toBe('typing');
    const v = only(d.insertAtCursor('ompute_total(items)'));
    expect(v.origin).toBe('inline-completion');
    expect(d.slice(v)).toBe('ompute_total(items)');
  });

  it('no wrapper (accepted with the mouse): no evidence, not recorded as AI', () => {
    const d = new Doc(c, URI, 'def f():\n    ');
    d.cursor = d.text.length;
    const r = d.insertAtCursor('return compute(1, 2)');
    expect(r.pending).toBe(true);
    now += 2000;
    const retired = c.flush();
    expect(retired).toHaveLength(1);
    expect(retired[0]?.kind).toBe('other');
    expect(retired[0]?.origin).toBeNull();
  });

  it('an accept that changed nothing is dropped when its command returns; later edits are not claimed', () => {
    const d = new Doc(c, URI, 'x = ');
    d.cursor = d.text.length;
    const { id } = c.expect({ kind: 'inline', uri: URI, baseVersion: d.version });
    c.settle(id);
    expect(c.expectationCount()).toBe(0);
    expect(only(d.insertAtCursor('1')).kind).toBe('typing');
    expect(d.insertAtCursor('compute(2)').pending).toBe(true);
  });

  it('a partial accept of whitespace only records nothing and does not linger', () => {
    const d = new Doc(c, URI, 'def square(x):\n    return');
    d.cursor = d.text.length;
    const { id } = c.expect({ kind: 'inline', uri: URI, baseVersion: d.version, partial: 'word' });
    expect(only(d.insertAtCursor(' ')).kind).toBe('typing');
    c.settle(id);
    c.expect({ kind: 'inline', uri: URI, baseVersion: d.version, partial: 'word' });
    const v = only(d.insertAtCursor('x'));
    expect(v.origin).toBe('inline-completion');
  });

  it('the wrapper settles after the change: the claim already happened', () => {
    const d = new Doc(c, URI, 'y = ');
    d.cursor = d.text.length;
    const { id } = c.expect({ kind: 'inline', uri: URI, baseVersion: d.version });
    const v = only(d.insertAtCursor('compute(1)'));
    c.settle(id);
    expect(v.origin).toBe('inline-completion');
  });

  it('IntelliSense completions at the cursor retire as human after the settle time', () => {
    const d = new Doc(c, URI, 'import os\nos.');
    d.cursor = d.text.length;
    expect(d.insertAtCursor('path').pending).toBe(true);
    now += 100;
    expect(c.flush()).toHaveLength(0);
    now += 1500;
    expect(c.flush().map((v) => v.kind)).toEqual(['other']);
  });
});

describe('partial accepts', () => {
  it('next word and next line are each an inline completion', () => {
    const d = new Doc(c, URI, 'result = ');
    d.cursor = d.text.length;
    c.expect({ kind: 'inline', uri: URI, baseVersion: d.version, partial: 'word' });
    const w = only(d.insertAtCursor('compute'));
    expect(w.kind).toBe('inline-completion');
    expect(w.reason).toContain('next word');
    expect(d.slice(w)).toBe('compute');

    c.expect({ kind: 'inline', uri: URI, baseVersion: d.version, partial: 'word' });
    const single = only(d.insertAtCursor('('));
    expect(single.origin).toBe('inline-completion');

    c.expect({ kind: 'inline', uri: URI, baseVersion: d.version, partial: 'line' });
    const l = only(d.insertAtCursor('items, factor=2)\n'));
    expect(l.reason).toContain('next line');
    expect(d.slice(l)).toBe('items, factor=2)\n');
  });
});

describe('chat and agent edits', () => {
  it('a multi-file WorkspaceEdit away from the cursor is an agent edit; typing stays human', () => {
    const a = new Doc(c, 'file:///w/a.py', 'import os\n\n\ndef main():\n    pass\n');
    const b = new Doc(c, 'file:///w/b.py', '');
    a.cursor = 10;
    const newHelper = '\n\ndef helper(path):\n    return os.path.basename(path)\n';
    const va = only(a.change([{ rangeOffset: a.text.length, rangeLength: 0, text: newHelper }]));
    expect(va.kind).toBe('agent');
    expect(va.origin).toBe('agent');
    expect(a.slice(va)).toBe(newHelper);
    const vb = only(
      b.change([{ rangeOffset: 0, rangeLength: 0, text: 'def test_helper():\n    assert helper("a/b") == "b"\n' }], {
        cursors: null,
      }),
    );
    expect(vb.kind).toBe('agent');
    expect(vb.reason).toContain('background');
    expect(a.type('x').every((v) => v.kind === 'typing')).toBe(true);
  });

  it('an agent replacing a function body marks only the new text', () => {
    const d = new Doc(c, URI, 'def f(x):\n    return x\n\n\ndef g():\n    pass\n');
    d.cursor = d.text.length;
    const start = d.text.indexOf('    return x');
    const v = only(
      d.change([{ rangeOffset: start, rangeLength: '    return x'.length, text: '    if x is None:\n        return 0\n    return x * 2' }]),
    );
    expect(v.kind).toBe('agent');
    expect(d.slice(v)).toBe('if x is None:\n        return 0\n    return x * 2');
  });

  it('edits while a chat editing session is open on the document are the agent\'s', () => {
    const d = new Doc(c, URI, 'x = 1\n');
    d.cursor = 0;
    c.setAgentSession(URI, { tool: 'github.copilot-chat' });
    const v = only(d.change([{ rangeOffset: 0, rangeLength: 0, text: 'import sys\n' }]));
    expect(v.kind).toBe('agent');
    expect(v.tool).toBe('github.copilot-chat');
    // the person typing during the session is still typing
    expect(only(d.insertAtCursor('#')).kind).toBe('typing');
    c.setAgentSession(URI, null);
    expect(c.hasAgentSession(URI)).toBe(false);
  });

  it('a file written by an agent while open (reloaded from disk, clean) during a session', () => {
    const d = new Doc(c, URI, 'a = 1\n');
    c.setAgentSession(URI, { tool: 'anthropic.claude-code' });
    const v = only(d.change([{ rangeOffset: 6, rangeLength: 0, text: 'b = 2\nc = 3\n' }], { reloadedFromDisk: true }));
    expect(v.origin).toBe('agent');
    expect(v.tool).toBe('anthropic.claude-code');
  });

  it('an external reload without a session is external, not AI', () => {
    const d = new Doc(c, URI, 'a = 1\n');
    const v = only(d.change([{ rangeOffset: 6, rangeLength: 0, text: 'b = 2\nc = 3\n' }], { reloadedFromDisk: true }));
    expect(v.kind).toBe('external');
    expect(v.origin).toBeNull();
  });

  it('an announced edit (aidecay.api.expectEdit) is matched by its text', () => {
    const d = new Doc(c, URI, 'a = 1\n');
    d.cursor = 6;
    c.expect({ kind: 'edit', uri: URI, baseVersion: d.version, origin: 'chat', text: 'def g():\n    return 2\n', tool: 'x.y' });
    const v = only(d.insertAtCursor('def g():\n    return 2\n'));
    expect(v.kind).toBe('chat');
    expect(v.origin).toBe('chat');
    expect(v.tool).toBe('x.y');
  });
});

describe('paste', () => {
  it('a paste through the paste command is origin paste, not AI by default', () => {
    const d = new Doc(c, URI, 'x = 1\n');
    d.cursor = 6;
    c.expect({ kind: 'paste', uri: URI, baseVersion: d.version, text: 'def copied():\n    return 1\n' });
    const v = only(d.insertAtCursor('def copied():\n    return 1\n'));
    expect(v.kind).toBe('paste');
    expect(v.origin).toBeNull();
  });

  it('with pasteAsAI the paste is recorded with origin paste', () => {
    c.setOptions({ pasteAsAI: true });
    const d = new Doc(c, URI, 'x = 1\n');
    d.cursor = 6;
    c.expect({ kind: 'paste', uri: URI, baseVersion: d.version, text: 'y = 2' });
    const v = only(d.insertAtCursor('y = 2'));
    expect(v.origin).toBe('paste');
    expect(d.slice(v)).toBe('y = 2');
  });

  it('auto-indent on paste still matches the clipboard', () => {
    c.setOptions({ pasteAsAI: true });
    const d = new Doc(c, URI, 'def f():\n    ');
    d.cursor = d.text.length;
    c.expect({ kind: 'paste', uri: URI, baseVersion: d.version, text: 'if a:\n    b()\n' });
    const v = only(d.insertAtCursor('if a:\n        b()\n    '));
    expect(v.origin).toBe('paste');
  });

  it('a paste from the menu (no wrapper) is recognised by comparing with the clipboard', () => {
    const d = new Doc(c, URI, 'x = 1\n');
    d.cursor = 6;
    const r = d.insertAtCursor('value = compute(x)\n');
    expect(r.pending).toBe(true);
    const late = c.expect({ kind: 'paste', uri: URI, baseVersion: d.version - 1, text: 'value = compute(x)\n' });
    expect(late.verdicts.map((v) => v.kind)).toEqual(['paste']);
    expect(c.pendingCount()).toBe(0);
  });

  it('a clipboard that does not match leaves the change unexplained', () => {
    const d = new Doc(c, URI, 'x = 1\n');
    d.cursor = 6;
    d.insertAtCursor('value = compute(x)\n');
    const late = c.expect({ kind: 'paste', uri: URI, baseVersion: d.version - 1, text: 'something else' });
    expect(late.verdicts).toHaveLength(0);
    expect(c.pendingCount()).toBe(1);
  });

  it('paste that also adds an import (paste with imports) marks only the pasted text', () => {
    c.setOptions({ pasteAsAI: true });
    const d = new Doc(c, URI, 'x = 1\n');
    d.cursor = 6;
    c.expect({ kind: 'paste', uri: URI, baseVersion: d.version, text: 'print(os.getcwd())\n' });
    const v = only(
      d.change([
        { rangeOffset: 6, rangeLength: 0, text: 'print(os.getcwd())\n' },
        { rangeOffset: 0, rangeLength: 0, text: 'import os\n' },
      ]),
    );
    expect(v.origin).toBe('paste');
    expect(v.spans).toHaveLength(1);
    expect(d.slice(v)).toBe('print(os.getcwd())\n');
  });
});

describe('undo and redo', () => {
  it('undo removing an AI insertion is not AI; redo brings the AI origin back', () => {
    const d = new Doc(c, URI, 'def f():\n    ');
    d.cursor = d.text.length;
    c.expect({ kind: 'inline', uri: URI, baseVersion: d.version, tool: 't' });
    const ins = only(d.insertAtCursor('return [i * i for i in range(10)]'));
    expect(ins.origin).toBe('inline-completion');
    const start = d.cursor - 'return [i * i for i in range(10)]'.length;
    const undo = only(d.change([{ rangeOffset: start, rangeLength: d.cursor - start, text: '' }], { reason: 'undo' }));
    expect(undo.kind).toBe('undo');
    expect(undo.origin).toBeNull();
    const redo = only(
      d.change([{ rangeOffset: start, rangeLength: 0, text: 'return [i * i for i in range(10)]' }], { reason: 'redo' }),
    );
    expect(redo.kind).toBe('redo');
    expect(redo.origin).toBe('inline-completion');
    expect(redo.tool).toBe('t');
  });

  it('undo of typing and redo of typing are not AI', () => {
    const d = new Doc(c, URI, '');
    d.type('abc');
    const undo = only(d.change([{ rangeOffset: 0, rangeLength: 3, text: '' }], { reason: 'undo' }));
    expect(undo.kind).toBe('undo');
    const redo = only(d.change([{ rangeOffset: 0, rangeLength: 0, text: 'abc' }], { reason: 'redo' }));
    expect(redo.kind).toBe('redo');
    expect(redo.origin).toBeNull();
  });

  it('an undo does not consume a pending inline expectation', () => {
    const d = new Doc(c, URI, 'x = 1\n');
    d.cursor = 6;
    c.expect({ kind: 'inline', uri: URI, baseVersion: d.version });
    const undo = only(d.change([{ rangeOffset: 0, rangeLength: 6, text: '' }], { reason: 'undo' }));
    expect(undo.kind).toBe('undo');
    expect(c.expectationCount()).toBe(1);
  });
});

describe('format on save, formatting, refactoring', () => {
  it('edits between willSave and didSave are the save participants (format on save)', () => {
    const d = new Doc(c, URI, 'def f( a,b ):\n  return a+b\n');
    c.beginSave(URI, d.version);
    const v = only(d.change([{ rangeOffset: 0, rangeLength: d.text.length, text: 'def f(a, b):\n    return a + b\n' }]));
    expect(v.kind).toBe('format');
    // organize imports on save adds lines: still the save's
    const v2 = only(d.change([{ rangeOffset: 0, rangeLength: 0, text: 'import os\nimport sys\n\n' }], { cursors: null }));
    expect(v2.kind).toBe('format');
    c.endSave(URI);
    d.cursor = d.text.length;
    expect(only(d.insertAtCursor('x')).kind).toBe('typing');
  });

  it("an agent's WorkspaceEdit that lands while a save is in flight is still the agent's", () => {
    const d = new Doc(c, URI, 'import os\n\n\ndef main():\n    pass\n');
    d.cursor = d.text.length;
    c.beginSave(URI, d.version); // e.g. auto-save on focus change, as the agent command runs
    const added = 'def base_name_of(path):\n    """The last part of a path."""\n    return os.path.basename(path)\n\n\n';
    const v = only(d.change([{ rangeOffset: 11, rangeLength: 0, text: added }]));
    expect(v.kind).toBe('agent');
    expect(v.origin).toBe('agent');
    c.endSave(URI);
  });

  it('format document (whitespace only) is formatting wherever it happens', () => {
    const d = new Doc(c, URI, 'x=[1,\n2]\n');
    const v = only(d.change([{ rangeOffset: 0, rangeLength: 9, text: 'x = [\n    1,\n    2,\n]\n'.replace(',\n]', '\n]') }], { cursors: null }));
    expect(v.kind).toBe('format');
  });

  it('moving lines (Alt+Up) is a refactoring, not new text', () => {
    const d = new Doc(c, URI, 'def a():\n    return 1\n\ndef b():\n    return 2\n');
    const v = only(
      d.change([{ rangeOffset: 0, rangeLength: d.text.length, text: 'def b():\n    return 2\n\ndef a():\n    return 1\n' }], {
        cursors: [30],
      }),
    );
    expect(['refactor', 'format']).toContain(v.kind);
    expect(v.origin).toBeNull();
  });

  it('extract method (moves a block into a new function) is a refactoring', () => {
    const body = '    total = 0\n    for x in items:\n        total += x\n';
    const d = new Doc(c, URI, `def f(items):\n${body}    return total\n`);
    const after = `def f(items):\n    total = _sum(items)\n    return total\n\n\ndef _sum(items):\n${body}    return total\n`;
    const v = only(d.change([{ rangeOffset: 0, rangeLength: d.text.length, text: after }], { cursors: [20] }));
    expect(v.origin).toBeNull();
  });

  it('rename across files replaces words: not AI', () => {
    const a = new Doc(c, 'file:///w/a.py', 'def old_name():\n    pass\nold_name()\n');
    const v = only(
      a.change(
        [
          { rangeOffset: 25, rangeLength: 8, text: 'new_name' },
          { rangeOffset: 4, rangeLength: 8, text: 'new_name' },
        ],
        { cursors: null },
      ),
    );
    expect(v.origin).toBeNull();
  });

  it('text deleted a moment ago coming back (revert in the gutter) is a restore', () => {
    const d = new Doc(c, URI, 'def f():\n    x = compute_the_value()\n    return x\n');
    d.cursor = 0;
    const line = '    x = compute_the_value()\n    return x\n';
    only(d.change([{ rangeOffset: 9, rangeLength: line.length, text: '' }]));
    const v = only(d.change([{ rangeOffset: 9, rangeLength: 0, text: line }], { cursors: [0] }));
    expect(v.kind).toBe('restore');
  });
});

describe('ranges and encodings', () => {
  it('UTF-16 positions with astral characters and CRLF', () => {
    const d = new Doc(c, URI, 's = "😀"\r\nt = 1\r\n');
    d.cursor = d.text.length;
    c.expect({ kind: 'inline', uri: URI, baseVersion: d.version });
    const v = only(d.insertAtCursor('u = "é😀"\r\n'));
    expect(v.ranges[0]).toEqual({ start: { line: 2, character: 0 }, end: { line: 3, character: 0 } });
    expect(d.text.split('\r\n')[0]?.length).toBe(8);
  });

  it('late claims map spans through the edits that came after', () => {
    const d = new Doc(c, URI, 'a\n');
    d.cursor = 2;
    const base = d.version;
    d.insertAtCursor('print("hello")\n');
    // the person inserts a line above, shifting the pending text down
    d.change([{ rangeOffset: 0, rangeLength: 0, text: '# header\n' }], { cursors: [0] });
    c.setOptions({ pasteAsAI: true });
    const late = c.expect({ kind: 'paste', uri: URI, baseVersion: base, text: 'print("hello")\n' });
    expect(late.verdicts).toHaveLength(1);
    const v = late.verdicts[0] as Verdict;
    const text = c.documentText(URI) ?? '';
    const s = v.spans[0];
    expect(s && text.slice(s.start, s.end)).toBe('print("hello")\n');
    expect(v.version).toBe(d.version);
    expect(v.ranges[0]?.start).toEqual({ line: 2, character: 0 });
  });

  it('unknown documents are ignored', () => {
    const r = c.onChange({ uri: 'file:///nope.py', version: 2, changes: [{ rangeOffset: 0, rangeLength: 0, text: 'x' }] }, { cursors: [0] });
    expect(r.verdicts).toHaveLength(0);
  });

  it('closing a document drops its expectations and pending changes', () => {
    const d = new Doc(c, URI, '');
    c.expect({ kind: 'inline', uri: URI, baseVersion: d.version });
    c.closeDocument(URI);
    expect(c.expectationCount()).toBe(0);
    expect(c.hasDocument(URI)).toBe(false);
  });
});

describe('heuristic fallback (opt-in)', () => {
  it('marks unexplained multi-line insertions at the cursor as heuristic when enabled', () => {
    c.setOptions({ unexplainedAsHeuristic: true, heuristicMinLines: 3 });
    const d = new Doc(c, URI, '');
    d.insertAtCursor('def a():\n    x = 1\n    return x\n');
    now += 5000;
    const [v] = c.flush();
    expect(v?.origin).toBe('heuristic');
    expect(v?.ranges[0]?.start).toEqual({ line: 0, character: 0 });
  });
});
