import { describe, expect, it } from 'vitest';
import { historyModel, relativeTime } from '../../src/decay/history';
import { type FileNode, type RegionNode, type DiagnosticLike, buildTree, statusText, summarizeFile } from '../../src/decay/tree';
import { NO_FILTER, describeFilter, filterChoices, filterFromChoices, isFiltered } from '../../src/decay/triage';
import type { RegionHistoryResult } from '../../src/protocol';
import { region } from './fixtures';

const now = new Date('2025-01-05T00:00:00Z');
const r = (l1: number, l2: number) => ({ start: { line: l1, character: 0 }, end: { line: l2, character: 0 } });
const diag = (line: number, code: string, severity: DiagnosticLike['severity'] = 'warning'): DiagnosticLike => ({
  range: { start: { line, character: 4 }, end: { line, character: 8 } },
  code,
  severity,
  message: `${code} here`,
});

const parse = region({
  uri: 'file:///w/cli.py',
  range: r(30, 43),
  origin: 'agent',
  tool: 'claude',
  symbol: 'parse_args',
  editCount: 3,
  createdAt: '2025-01-04T00:00:00Z',
  metrics: { complexityBaseline: 2, complexityCurrent: 7 },
});
const helper = region({ uri: 'file:///w/util.py', range: r(0, 5), symbol: 'strip', editCount: 9, reviewedAt: '2025-01-04T12:00:00Z' });
const mod = region({ uri: 'file:///w/util.py', range: r(10, 12), createdAt: '2025-01-04T20:00:00Z', tool: 'github.copilot' });
const diagnostics = new Map([['file:///w/cli.py', [diag(35, 'complexity-growth')]]]);
const all = [parse, helper, mod];
const opts = { now, workspaceFolders: ['file:///w'] };

describe('panel rows', () => {
  it('are named by the function they cover, with origin, tool, edits and complexity change', () => {
    const tree = buildTree(all, diagnostics, opts) as FileNode[];
    const row = tree[0]?.children[0];
    expect(row?.label).toBe('parse_args');
    expect(row?.description).toBe('agent · claude · 24h · 3 edits · CC 2→7 · 1 problem');
    const reviewed = tree[1]?.children.find((c) => c.region.id === helper.id);
    expect(reviewed?.description).toContain('✓ reviewed');
    expect(reviewed?.contextValue).toBe('region.reviewed');
    expect(tree[1]?.children.find((c) => c.region.id === mod.id)?.label).toBe('L11–12');
  });

  it('sort by age or edits lists regions flat with their file', () => {
    const byAge = buildTree(all, diagnostics, { ...opts, sort: 'age' }) as RegionNode[];
    expect(byAge.map((n) => n.region.id)).toEqual([mod.id, parse.id, helper.id]);
    expect(byAge[0]?.description.endsWith('· util.py')).toBe(true);
    const byEdits = buildTree(all, diagnostics, { ...opts, sort: 'edits' }) as RegionNode[];
    expect(byEdits.map((n) => n.region.id)).toEqual([helper.id, parse.id, mod.id]);
    const byFile = buildTree(all, diagnostics, { ...opts, sort: 'file' }) as FileNode[];
    expect(byFile.map((f) => f.label)).toEqual(['cli.py', 'util.py']);
    expect(byFile[1]?.children.map((c) => c.region.id)).toEqual([helper.id, mod.id]);
  });

  it('filter by origin, tool, code and reviewed state', () => {
    const ids = (f: Parameters<typeof buildTree>[2]['filter']) =>
      (buildTree(all, diagnostics, { ...opts, sort: 'age', filter: f }) as RegionNode[]).map((n) => n.region.id).sort();
    expect(ids({ ...NO_FILTER, origins: ['agent'] })).toEqual([parse.id]);
    expect(ids({ ...NO_FILTER, tools: ['github.copilot', '(none)'] })).toEqual([helper.id, mod.id].sort());
    expect(ids({ ...NO_FILTER, codes: ['complexity-growth'] })).toEqual([parse.id]);
    expect(ids({ ...NO_FILTER, reviewed: 'reviewed' })).toEqual([helper.id]);
    expect(ids({ ...NO_FILTER, reviewed: 'unreviewed' })).toEqual([parse.id, mod.id].sort());
    expect(ids({ ...NO_FILTER, origins: ['agent'], reviewed: 'reviewed' })).toEqual([]);
  });

  it('filter quick pick: choices present in the workspace, and back to a filter', () => {
    const choices = filterChoices(all, diagnostics, { ...NO_FILTER, origins: ['agent'] });
    const agent = choices.find((c) => c.dimension === 'origin' && c.value === 'agent');
    expect(agent?.picked).toBe(true);
    expect(choices.filter((c) => c.dimension === 'code').map((c) => c.value)).toEqual(['complexity-growth']);
    const f = filterFromChoices([
      { dimension: 'origin', value: 'agent' },
      { dimension: 'reviewed', value: 'unreviewed' },
    ]);
    expect(f).toEqual({ origins: ['agent'], tools: [], codes: [], reviewed: 'unreviewed' });
    expect(describeFilter(f)).toBe('origin agent · unreviewed');
    expect(isFiltered(NO_FILTER)).toBe(false);
    const both = filterFromChoices([
      { dimension: 'reviewed', value: 'reviewed' },
      { dimension: 'reviewed', value: 'unreviewed' },
    ]);
    expect(both.reviewed).toBeNull();
  });
});

describe('status item', () => {
  it('is hidden without AI regions and shows the worst severity', () => {
    expect(statusText(summarizeFile([], []))).toBeNull();
    const regions = [region({ range: r(0, 10) }), region({ range: r(20, 30) })];
    const info = summarizeFile(regions, [diag(2, 'churn', 'information')]);
    expect(statusText(info)).toBe('$(sparkle) 2 AI · $(info) 1');
    const error = summarizeFile(regions, [diag(2, 'churn', 'information'), diag(25, 'complexity-growth', 'error')]);
    expect(error.worst).toBe('error');
    expect(statusText(error)).toBe('$(sparkle) 2 AI · $(error) 2');
    expect(statusText(summarizeFile(regions, [diag(2, 'churn', 'hint')]))).toBe('$(sparkle) 2 AI');
  });
});

describe('history view model', () => {
  const reg = region({ id: 'abc', symbol: 'parse_args', origin: 'agent', tool: 'claude', editCount: 3 });
  const events = [
    { id: 1, regionId: 'abc', at: '2025-01-04T22:00:00Z', version: 1, kind: 'created', author: 'agent', inserted: 40, deleted: 0, rule: 'mark' },
    { id: 2, regionId: 'abc', at: '2025-01-04T22:10:00Z', version: 5, kind: 'edit', author: 'human', inserted: 3, deleted: 1, rule: 'inside' },
    { id: 3, regionId: 'abc', at: '2025-01-04T22:20:00Z', version: 9, kind: 'edit', author: 'human', inserted: 7, deleted: 0, rule: 'inside' },
    { id: 4, regionId: 'abc', at: '2025-01-04T23:57:00Z', version: 12, kind: 'edit', author: 'agent', inserted: 20, deleted: 5, rule: 'inside' },
  ];

  it('relative times read like a person says them', () => {
    expect(relativeTime('2025-01-04T23:59:40Z', now)).toBe('just now');
    expect(relativeTime('2025-01-04T23:57:00Z', now)).toBe('3 min ago');
    expect(relativeTime('2025-01-04T21:00:00Z', now)).toBe('3 h ago');
    expect(relativeTime('2025-01-03T23:00:00Z', now)).toBe('yesterday');
    expect(relativeTime('2024-12-01T00:00:00Z', now)).toBe('35 days ago');
    expect(relativeTime('nonsense', now)).toBe('some time ago');
  });

  it('reads sittings, edits and before/after texts of the current server', () => {
    const result = {
      region: reg,
      events,
      sittings: [
        {
          startedAt: '2025-01-04T22:10:00Z',
          endedAt: '2025-01-04T22:20:00Z',
          editCount: 2,
          inserted: 10,
          deleted: 1,
          edits: [
            { id: 2, at: '2025-01-04T22:10:00Z', endedAt: '2025-01-04T22:10:05Z', author: 'human', inserted: 3, deleted: 1, changes: 4, open: false, beforeTextId: 1, afterTextId: 2 },
            { id: 3, at: '2025-01-04T22:20:00Z', endedAt: '2025-01-04T22:20:09Z', author: 'human', inserted: 7, deleted: 0, changes: 7, open: false, beforeTextId: 2, afterTextId: null },
          ],
        },
        {
          startedAt: '2025-01-04T23:57:00Z',
          endedAt: '2025-01-04T23:57:00Z',
          editCount: 1,
          inserted: 20,
          deleted: 5,
          edits: [{ id: 4, at: '2025-01-04T23:57:00Z', author: 'agent', inserted: 20, deleted: 5, open: true, beforeTextId: 3, afterTextId: null }],
        },
      ],
      texts: [
        { id: 1, text: 'def parse_args():\n    pass\n' },
        { id: 2, text: 'def parse_args():\n    return 1\n' },
        { id: 3, text: 'v3' },
      ],
      currentText: 'v4',
    } as unknown as RegionHistoryResult;
    const model = historyModel(result, now, 'cli.py');
    expect(model.title).toBe('parse_args');
    expect(model.description).toBe('agent · claude · written 2 h ago · 3 edits');
    expect(model.hasTexts).toBe(true);
    expect(model.sittings.map((s) => s.label)).toEqual(['3 min ago · 1 edit', '2 h ago, 10 min · 2 edits']);
    expect(model.sittings[1]?.description).toBe('you · +10 −1');
    const [latest, first] = model.sittings[1]?.edits ?? [];
    expect(first?.label).toBe('you · +3 −1');
    expect(first?.before).toContain('pass');
    expect(first?.after).toContain('return 1');
    expect(latest?.before).toBeNull(); // no after snapshot: no diff
    const open = model.sittings[0]?.edits[0];
    expect(open?.description).toBe('3 min ago · in progress');
    expect([open?.before, open?.after]).toEqual(['v3', 'v4']);
  });

  it('also reads texts sent as an object keyed by id', () => {
    const result = {
      region: reg,
      events,
      sittings: [{ startedAt: events[1]?.at, endedAt: events[1]?.at, edits: [{ id: 2, at: events[1]?.at, author: 'human', inserted: 3, deleted: 1, beforeTextId: 1, afterTextId: 2 }] }],
      texts: { '1': 'a', '2': 'b' },
    } as unknown as RegionHistoryResult;
    const edit = historyModel(result, now, 'cli.py').sittings[0]?.edits[0];
    expect([edit?.before, edit?.after]).toEqual(['a', 'b']);
  });

  it('groups an older server’s edit events into sittings, without diffs', () => {
    const model = historyModel({ region: reg, events }, now, 'cli.py');
    expect(model.hasTexts).toBe(false);
    expect(model.sittings.map((s) => s.edits.length)).toEqual([1, 2]);
    expect(model.sittings.flatMap((s) => s.edits).every((e) => e.before === null)).toBe(true);
    expect(model.sittings[0]?.edits[0]?.label).toBe('agent · +20 −5');
  });

  it('reads as a timeline: reviews and the writing among the sittings, newest first; no +0 −0 edits', () => {
    const withReview = [
      ...events,
      { id: 5, regionId: 'abc', at: '2025-01-04T23:00:00Z', version: 10, kind: 'reviewed', author: 'ada', inserted: 0, deleted: 0, rule: null },
      { id: 6, regionId: 'abc', at: '2025-01-04T23:58:00Z', version: 13, kind: 'edit', author: 'human', inserted: 0, deleted: 0, rule: null },
    ];
    const model = historyModel({ region: { ...reg, reviewedAt: '2025-01-04T23:00:00Z' }, events: withReview }, now, 'cli.py');
    const rows = model.timeline.map((e) => (e.kind === 'sitting' ? model.sittings[e.index]?.label : `${e.row.label} (${e.row.description})`));
    expect(rows).toEqual(['3 min ago · 1 edit', 'reviewed by ada (1 h ago)', '2 h ago, 10 min · 2 edits', 'written by agent (claude) (2 h ago)']);
    expect(model.sittings.flatMap((s) => s.edits).some((e) => e.label.includes('+0 −0'))).toBe(false);
    expect(model.uri).toBe(reg.uri);
  });
});
