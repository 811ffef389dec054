import { describe, expect, it } from 'vitest';
import {
  applyChange,
  commonAffixes,
  contentLines,
  lineStarts,
  mapSpan,
  materialOverlap,
  offsetToPosition,
  positionToOffset,
  spanToRange,
} from '../../src/capture/text';

describe('text helpers', () => {
  it('maps spans like the server does (insertion at start is before, at end is after)', () => {
    const span = { start: 10, end: 20 };
    expect(mapSpan(span, { rangeOffset: 10, rangeLength: 0, text: 'xx' })).toEqual({ start: 12, end: 22 });
    expect(mapSpan(span, { rangeOffset: 20, rangeLength: 0, text: 'xx' })).toEqual({ start: 10, end: 20 });
    expect(mapSpan(span, { rangeOffset: 15, rangeLength: 2, text: 'abcd' })).toEqual({ start: 10, end: 22 });
    expect(mapSpan(span, { rangeOffset: 5, rangeLength: 10, text: 'Z' })).toEqual({ start: 5, end: 11 });
    expect(mapSpan(span, { rangeOffset: 18, rangeLength: 10, text: 'Z' })).toEqual({ start: 10, end: 19 });
    expect(mapSpan(span, { rangeOffset: 0, rangeLength: 30, text: '' })).toBeNull();
  });

  it('positions are UTF-16 and accept CRLF and CR line ends', () => {
    const text = 'a😀b\r\ncd\re\n';
    const starts = lineStarts(text);
    expect(starts).toEqual([0, 6, 9, 11]);
    expect(offsetToPosition(starts, 4)).toEqual({ line: 0, character: 4 });
    expect(offsetToPosition(starts, 7)).toEqual({ line: 1, character: 1 });
    expect(positionToOffset(text, starts, { line: 2, character: 1 })).toBe(10);
    expect(positionToOffset(text, starts, { line: 9, character: 0 })).toBe(text.length);
    expect(spanToRange(text, { start: 1, end: 9 })).toEqual({
      start: { line: 0, character: 1 },
      end: { line: 2, character: 0 },
    });
  });

  it('applies, compares and measures', () => {
    expect(applyChange('hello', { rangeOffset: 1, rangeLength: 3, text: 'EY' })).toBe('hEYo');
    expect(applyChange('hi', { rangeOffset: 9, rangeLength: 3, text: '!' })).toBe('hi!');
    expect(commonAffixes('pri', 'print(x)')).toEqual({ prefix: 3, suffix: 0 });
    expect(commonAffixes('abcXdef', 'abcYYdef')).toEqual({ prefix: 3, suffix: 3 });
    expect(contentLines('a\n\n  \nb\r\nc')).toBe(3);
    expect(materialOverlap('return a', 'return a')).toBe(1);
    expect(materialOverlap('xyz', 'abc')).toBe(0);
  });
});
