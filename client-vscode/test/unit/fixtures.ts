import type { RegionInfo } from '../../src/protocol';

let n = 0;
export function region(over: Partial<RegionInfo> = {}): RegionInfo {
  n++;
  return {
    id: `r${n}`,
    uri: 'file:///w/app.py',
    range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
    origin: 'inline-completion',
    tool: null,
    model: null,
    status: 'live',
    createdAt: '2025-01-01T00:00:00Z',
    editCount: 0,
    charsInserted: 0,
    charsDeleted: 0,
    lastEditedAt: null,
    deletedAt: null,
    length: 40,
    originalLength: 40,
    ...over,
  };
}
