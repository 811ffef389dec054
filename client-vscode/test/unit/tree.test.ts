import { describe, expect, it } from 'vitest';
import {
  buildTree,
  decayScore,
  type DiagnosticLike,
  formatAge,
  lineSpan,
  rangesOverlap,
  regionAt,
  relativeLabel,
  statusText,
  summarizeFile,
} from '../../src/decay/tree';
import type { FileNode } from '../../src/decay/tree';
import { region } from './fixtures';

const now = new Date('2025-01-05T00:00:00Z');
const r = (l1: number, c1: number, l2: number, c2: number) => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});
const diag = (range: ReturnType<typeof r>, severity: DiagnosticLike['severity'] = 'warning'): DiagnosticLike => ({
  range,
  code: 'complexity-growth',
  severity,
  message: 'cyclomatic complexity 3 → 11',
});

describe('decay tree', () => {
  it('groups live regions by file and sorts files and regions by decay', () => {
    const calm = region({ uri: 'file:///w/a.py', range: r(0, 0, 5, 0) });
    const edited = region({ uri: 'file:///w/a.py', range: r(10, 0, 20, 0), editCount: 12, charsInserted: 90, charsDeleted: 30 });
    const decayed = region({ uri: 'file:///w/pkg/b.py', range: r(3, 0, 9, 0), editCount: 2 });
    const gone = region({ uri: 'file:///w/c.py', status: 'deleted' });
    const outside = region({ uri: 'file:///elsewhere/d.py' });
    const diagnostics = new Map([['file:///w/pkg/b.py', [diag(r(4, 4, 4, 10))]]]);
    const tree = buildTree([calm, edited, decayed, gone, outside], diagnostics, { now, workspaceFolders: ['file:///w'] }) as FileNode[];
    expect(tree.map((f) => f.label)).toEqual(['pkg/b.py', 'a.py']);
    expect(tree[0]?.decaying).toBe(1);
    expect(tree[0]?.description).toBe('1 region · 1 decaying');
    expect(tree[0]?.children[0]?.contextValue).toBe('region.decaying');
    expect(tree[1]?.children.map((c) => c.region.id)).toEqual([edited.id, calm.id]);
    expect(tree[1]?.children[1]?.contextValue).toBe('region.live');
    const node = tree[1]?.children[0];
    expect(node?.label).toBe('L11–20');
    expect(node?.description).toBe('inline-completion · 4d · 12 edits');
    expect(tree[0]?.children[0]?.description).toBe('inline-completion · 4d · 2 edits · 1 problem');
    expect(node?.tooltip).toContain('+90 / −30 chars');
  });

  it('scores diagnostics above complexity growth above edits', () => {
    const base = region({ editCount: 4, charsInserted: 20 });
    const complex = region({ metrics: { complexityBaseline: 3, complexityCurrent: 9 } });
    expect(decayScore(base, [diag(r(0, 0, 0, 1), 'error')])).toBeGreaterThan(decayScore(complex, []));
    expect(decayScore(complex, [])).toBeGreaterThan(decayScore(base, []));
    expect(decayScore(region(), [])).toBe(0);
  });

  it('overlap, ages, labels, status and region at a position', () => {
    expect(rangesOverlap(r(1, 0, 3, 0), r(2, 0, 2, 5))).toBe(true);
    expect(rangesOverlap(r(1, 0, 3, 0), r(3, 0, 4, 0))).toBe(false);
    expect(rangesOverlap(r(1, 0, 3, 0), r(2, 3, 2, 3))).toBe(true);
    expect(formatAge('2025-01-04T23:59:30Z', now)).toBe('just now');
    expect(formatAge('2025-01-04T23:00:00Z', now)).toBe('1h');
    expect(formatAge('2024-10-01T00:00:00Z', now)).toBe('3mo');
    expect(formatAge('garbage', now)).toBe('?');
    expect(lineSpan(r(4, 2, 4, 9))).toBe('L5');
    expect(lineSpan(r(4, 0, 7, 0))).toBe('L5–7');
    expect(relativeLabel('file:///w/my%20dir/x.py', ['file:///w'])).toBe('my dir/x.py');
    const regions = [region({ range: r(0, 0, 10, 0), length: 100 }), region({ range: r(2, 0, 4, 0), length: 20 }), region({ status: 'unmarked' })];
    expect(regionAt(regions, 3, 1)?.length).toBe(20);
    expect(regionAt(regions, 20, 0)).toBeNull();
    const summary = summarizeFile(regions, [diag(r(3, 0, 3, 4))]);
    expect(summary).toEqual({ live: 2, decaying: 2, worst: 'warning' });
    expect(statusText(summary)).toBe('$(sparkle) 2 AI · $(warning) 2');
    expect(statusText({ live: 1, decaying: 0, worst: null })).toBe('$(sparkle) 1 AI');
    expect(statusText(null)).toContain('aidecay');
  });
});
