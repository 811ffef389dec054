import { describe, expect, it } from 'vitest';
import { MarkQueue } from '../../src/capture/markQueue';
import { applyChange } from '../../src/capture/text';

describe('MarkQueue', () => {
  it('holds a mark until its version was sent, then converts it to a range', () => {
    const q = new MarkQueue();
    const text = 'a = 1\nb = 2\n';
    q.add({ uri: 'u', version: 2, span: { start: 6, end: 12 }, origin: 'agent', tool: null, model: null });
    q.markSent('u', 1);
    expect(q.drain(() => text)).toEqual([]);
    q.markSent('u', 2);
    expect(q.drain(() => text)).toEqual([
      {
        textDocument: { uri: 'u', version: 2 },
        range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } },
        origin: 'agent',
      },
    ]);
    expect(q.size).toBe(0);
  });

  it('follows later changes before it is sent', () => {
    const q = new MarkQueue();
    let text = 'def f():\n    return 1\n';
    q.add({ uri: 'u', version: 5, span: { start: 9, end: 21 }, origin: 'inline-completion', tool: 't', model: 'm' });
    const change = { rangeOffset: 0, rangeLength: 0, text: '# c\n' };
    text = applyChange(text, change);
    q.onChange('u', 6, [change]);
    q.markSent('u', 5);
    expect(q.drain(() => text)).toEqual([]);
    q.markSent('u', 6);
    const [params] = q.drain(() => text);
    expect(params?.textDocument.version).toBe(6);
    expect(params?.range).toEqual({ start: { line: 2, character: 0 }, end: { line: 2, character: 12 } });
    expect(params?.tool).toBe('t');
    expect(params?.model).toBe('m');
  });

  it('drops a mark whose text was deleted before it could be sent', () => {
    const q = new MarkQueue();
    q.add({ uri: 'u', version: 1, span: { start: 2, end: 4 }, origin: 'agent', tool: null, model: null });
    q.onChange('u', 2, [{ rangeOffset: 0, rangeLength: 10, text: '' }]);
    expect(q.size).toBe(0);
  });
});
