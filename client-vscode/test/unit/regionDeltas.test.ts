import { describe, expect, it } from 'vitest';
import { RegionView, hasDelta } from '../../src/regionDeltas';
import type { RegionInfo } from '../../src/protocol';
import { region } from './fixtures';

const URI = 'file:///w/app.py';
const at = (id: string, l1: number, c1: number, l2: number, c2: number, over: Partial<RegionInfo> = {}) =>
  region({ id, range: { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } }, ...over });
const lines = (view: RegionView) => view.regionsOf(URI).map((r) => [r.id, r.range.start.line, r.range.end.line]);

describe('RegionView', () => {
  it('tells deltas from the bare notifications of older servers', () => {
    expect(hasDelta({ uri: URI })).toBe(false);
    expect(hasDelta({ uri: URI, created: [], changed: [], removed: [] })).toBe(true);
    expect(new RegionView().apply({ uri: URI })).toBe(false);
  });

  it('applies shifts in order to the regions not listed, then stores the listed ones', () => {
    const view = new RegionView();
    view.replace(undefined, [at('a', 1, 0, 2, 5), at('b', 10, 0, 12, 3), at('c', 20, 4, 21, 0)], 3);
    expect(view.knows('file:///other.py')).toBe(true);
    view.apply({
      uri: URI,
      seq: 4,
      complete: false,
      created: [at('d', 5, 0, 6, 0)],
      changed: [at('b', 11, 2, 13, 3, { editCount: 1 })],
      removed: ['a'],
      shifts: [
        { line: 4, delta: 1 },
        { line: 15, delta: -2 },
      ],
    });
    expect(lines(view)).toEqual([
      ['d', 5, 6],
      ['b', 11, 13],
      ['c', 19, 20],
    ]);
    expect(view.regionsOf(URI)[1]?.editCount).toBe(1);
    expect(view.regionsOf(URI)[2]?.range.start.character).toBe(4);
  });

  it('keeps the name of a changed region whose row carries no symbol', () => {
    const view = new RegionView();
    view.replace(URI, [at('a', 1, 0, 2, 0, { symbol: 'parse_args' }), at('b', 5, 0, 6, 0, { symbol: 'old' })], 1);
    const bare = (id: string, l1: number, l2: number) => {
      const row: RegionInfo = at(id, l1, 0, l2, 0);
      delete row.symbol;
      return row;
    };
    view.apply({ uri: URI, seq: 2, complete: false, created: [], changed: [bare('a', 1, 3), at('b', 5, 0, 6, 0, { symbol: 'renamed' })], removed: [], shifts: [] });
    expect(view.regionsOf(URI).map((r) => r.symbol)).toEqual(['parse_args', 'renamed']);
  });

  it('replaces a document on a complete delta and drops deltas a listing already contains', () => {
    const view = new RegionView();
    view.replace(URI, [at('a', 1, 0, 2, 0)], 7);
    view.apply({ uri: URI, seq: 6, complete: false, created: [at('x', 0, 0, 1, 0)], changed: [], removed: [], shifts: [] });
    expect(lines(view)).toEqual([['a', 1, 2]]);
    view.apply({ uri: URI, seq: 8, complete: true, created: [at('b', 3, 0, 4, 0)], changed: [], removed: [], shifts: [] });
    expect(lines(view)).toEqual([['b', 3, 4]]);
    expect(view.knows('file:///other.py')).toBe(false);
    expect(view.all().map((r) => r.id)).toEqual(['b']);
  });

  it('keeps only live regions from a listing that includes deleted ones', () => {
    const view = new RegionView();
    view.replace(URI, [at('a', 1, 0, 2, 0), at('gone', 3, 0, 4, 0, { status: 'deleted' })], 1);
    expect(lines(view)).toEqual([['a', 1, 2]]);
  });
});
