import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, renderReport } from '../../src/report/html';
import { complexitySeries, regionChoices, reworkPerDay, statsSummary, survivalSeries } from '../../src/report/model';
import { barChart, escapeHtml, lineChart } from '../../src/report/svg';
import { region } from './fixtures';

const now = new Date('2025-01-05T12:00:00Z');

describe('report model', () => {
  it('survival: inserted vs still present per day', () => {
    const regions = [
      region({ createdAt: '2025-01-03T10:00:00Z', originalLength: 100, length: 100 }),
      region({ createdAt: '2025-01-03T11:00:00Z', originalLength: 50, status: 'deleted', deletedAt: '2025-01-04T09:00:00Z' }),
      region({ createdAt: '2025-01-04T11:00:00Z', originalLength: 30, status: 'unmarked' }),
    ];
    const [inserted, surviving] = survivalSeries(regions, now);
    expect(inserted?.points.map((p) => p.y)).toEqual([0, 0, 0, 0, 150, 150, 150]);
    expect(surviving?.points.map((p) => p.y)).toEqual([0, 0, 0, 0, 150, 100, 100]);
    expect(survivalSeries([], now)).toEqual([]);
  });

  it('rework per day sums edit events only', () => {
    const bars = reworkPerDay(
      [
        [
          { id: 1, regionId: 'a', at: '2025-01-03T01:00:00Z', version: 1, kind: 'created', author: 'agent', inserted: 500, deleted: 0, rule: null },
          { id: 2, regionId: 'a', at: '2025-01-03T02:00:00Z', version: 2, kind: 'edit', author: 'human', inserted: 5, deleted: 2, rule: 'inside' },
        ],
        [{ id: 3, regionId: 'b', at: '2025-01-05T02:00:00Z', version: 2, kind: 'edit', author: 'human', inserted: 1, deleted: 1, rule: 'inside' }],
      ],
      now,
    );
    expect(bars).toEqual([
      { label: '2025-01-03', value: 7 },
      { label: '2025-01-04', value: 0 },
      { label: '2025-01-05', value: 2 },
    ]);
  });

  it('complexity from stats when reported, else from metrics', () => {
    const r = region({ id: 'x', createdAt: '2025-01-01T00:00:00Z', lastEditedAt: '2025-01-04T00:00:00Z', metrics: { complexityBaseline: 2, complexityCurrent: 7 } });
    expect(complexitySeries(r, null, now).map((p) => p.y)).toEqual([2, 7]);
    const stats = { regions: [{ id: 'x', complexity: [{ at: '2025-01-02T00:00:00Z', value: 3 }, { at: '2025-01-01T00:00:00Z', value: 2 }] }] };
    expect(complexitySeries(r, stats, now).map((p) => p.y)).toEqual([2, 3]);
    expect(complexitySeries(region(), null, now)).toEqual([]);
    expect(regionChoices([region({ editCount: 1 }), r, region({ status: 'deleted' })])[0]?.id).toBe('x');
    expect(statsSummary({ a: 1, b: { c: 0.5, d: [1] }, e: 'x' })).toEqual([
      ['a', '1'],
      ['b.c', '0.500'],
      ['e', 'x'],
    ]);
  });
});

describe('report rendering', () => {
  it('charts are SVG with escaped text', () => {
    const svg = lineChart([{ name: '<b>', points: [{ x: 0, y: 1 }, { x: 86_400_000, y: 3 }] }], { title: 'T & U', unit: 'chars' });
    expect(svg).toContain('<svg');
    expect(svg).toContain('T &amp; U');
    expect(svg).not.toContain('<b>');
    expect(barChart([], { title: 'x', unit: 'y' })).toContain('No edits');
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });

  it('the page has a strict CSP, local assets only and a nonce on its only script', () => {
    const html = renderReport({
      cspSource: 'vscode-webview://abc',
      nonce: 'N0NCE',
      styleUri: 'vscode-webview://abc/media/report.css',
      scriptUri: 'vscode-webview://abc/media/report.js',
      survival: [],
      rework: [],
      complexity: [],
      regions: [region({ id: 'r"1' })],
      selectedRegionId: null,
      stats: null,
      statsNote: 'no stats <yet>',
      workspaceFolders: ['file:///w'],
      generatedAt: now,
    });
    expect(contentSecurityPolicy('S', 'N')).toContain("default-src 'none'");
    expect(html.replace(/&#39;/g, "'")).toContain("script-src 'nonce-N0NCE'");
    expect(html).not.toMatch(/https?:\/\//);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain('nonce="N0NCE"');
    expect(html).not.toMatch(/\son\w+=/); // no inline event handlers
    expect(html).toContain('no stats &lt;yet&gt;');
    expect(html).toContain('value="r&quot;1"');
  });
});

describe('report from the server stats (issue 4 shape)', () => {
  const stats = {
    statsVersion: 1,
    totals: { regions: 2, aiChars: 300 },
    survival: { d1: { chars: 0.9 } },
    series: {
      survival: [
        { at: '2025-01-03T23:59:59Z', insertedChars: 100, survivingChars: 100 },
        { at: '2025-01-04T23:59:59Z', insertedChars: 300, survivingChars: 250 },
      ],
      complexityTrends: [{ regionId: 'r-worst', path: 'a.py', maxCcDelta: 5, points: [{ at: '2025-01-03T00:00:00Z', maxCc: 3, mi: 70 }, { at: '2025-01-04T00:00:00Z', maxCc: 8, mi: 55 }] }],
    },
  };
  it('uses the server series and puts trend regions first', async () => {
    const { survivalFromStats, trendRegionIds } = await import('../../src/report/model');
    const s = survivalFromStats(stats);
    expect(s[1]?.points.map((p) => p.y)).toEqual([100, 250]);
    expect(trendRegionIds(stats)).toEqual(['r-worst']);
    const worst = region({ id: 'r-worst' });
    expect(regionChoices([region({ editCount: 9 }), worst], ['r-worst'])[0]?.id).toBe('r-worst');
    expect(complexitySeries(worst, stats, now).map((p) => p.y)).toEqual([3, 8]);
    expect(statsSummary(stats).map(([k]) => k)).toEqual(['totals.regions', 'totals.aiChars', 'survival.d1.chars']);
  });
});
