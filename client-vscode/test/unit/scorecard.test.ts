import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/html';
import { ratio, scorecardHtml, scorecardTable, share } from '../../src/report/scorecard';

// `aidecay scorecard --json` (schemaVersion 1), shortened.
const E = (value: number | null, low: number | null, high: number | null, n: number, reason?: string) => ({ value, low, high, n, ...(reason ? { reason } : {}) });
const CARD = {
  schemaVersion: 1,
  repo: '/w',
  source: 'all',
  range: null,
  rows: [
    {
      group: 'ai', tool: 'claude', model: null, linesAdded: 78, regions: 13, linesAtEnd: 50,
      survival: { '7d': E(0.7179, 0.6, 0.8, 78), '30d': E(0.641, 0.52, 0.74, 78), '90d': E(null, null, null, 78, 'no line followed 90 days yet') },
      revisions: { median: 1, p90: 1, neverAccepted: 0.2308, n: 13 },
      rework14d: E(0.2821, 0.06, 0.51, 78), complexityGrowth: E(0.2, 0.06, 0.51, 10), findingsPer1k: {},
      hazardRatioVsHuman: E(4.8, 2.13, 10.8, 167), verdictVsHuman: 'human lasts longer',
      reasons: { findingsPer1k: 'replay does not run the diagnostics (aidecay replay --validate does)' },
    },
    {
      group: 'human', tool: null, model: null, linesAdded: 89, regions: 15, linesAtEnd: 81,
      survival: { '7d': E(1, 1, 1, 89), '30d': E(0.909, 0.83, 0.95, 89), '90d': E(0.909, 0.83, 0.95, 89) },
      revisions: { median: null, p90: null, neverAccepted: null, n: 3, reason: 'not enough data (3 regions decided; at least 10)' },
      rework14d: E(0.0455, 0.01, 0.09, 88), complexityGrowth: E(null, null, null, 4, 'not enough data (4 regions; at least 10)'), findingsPer1k: {},
      hazardRatioVsHuman: null,
    },
  ],
  trend: [],
};

describe('scorecard in the report view', () => {
  it('one column per row of the scorecard, every cell with its interval', () => {
    const table = scorecardTable(CARD);
    expect(table?.headers).toEqual(['figure', 'claude', 'human']);
    const row = (name: string) => table?.rows.find((r) => r[0] === name);
    expect(row('survival at 7 days')).toEqual(['survival at 7 days', '71.8 % (60–80)', '100.0 % (100–100)']);
    expect(row('survival at 90 days')?.[1]).toBe('not yet'); // the personal stats' words
    expect(row('complexity grew')?.[2]).toBe('not enough data');
    expect(row('revisions: median / p90 / never accepted')).toEqual(['revisions: median / p90 / never accepted', '1 / 1 / 23 %', 'not enough data']);
    expect(row('hazard ratio vs human')).toEqual(['hazard ratio vs human', '4.80 (2.13–10.80) — human lasts longer', 'reference']);
    expect(table?.notes).toContain('Findings: replay does not run the diagnostics (aidecay replay --validate does)');
  });
  it('formats estimates and says when there is not enough data', () => {
    expect(share(E(0.5, 0.4, 0.6, 10))).toBe('50.0 % (40–60)');
    expect(share(E(null, null, null, 3, 'not enough data (3 regions; at least 10)'))).toBe('not enough data');
    expect(ratio(E(1.2, 0.9, 1.6, 30))).toBe('1.20 (0.90–1.60)');
    expect(scorecardTable(null)).toBeNull();
  });
  it('is a section of the report page, and an error reads as a sentence', () => {
    const base = {
      cspSource: 'S', nonce: 'N', styleUri: 's', scriptUri: 'j', survival: [], rework: [], complexity: [],
      regions: [], selectedRegionId: null, statsNote: null, workspaceFolders: [], generatedAt: new Date(), serverRunning: true, recordedRegions: 1,
    };
    const html = renderReport({ ...base, stats: { totals: { regions: 1 }, scorecard: CARD } });
    expect(html).toContain('id="scorecard"');
    expect(html).toContain('human lasts longer');
    expect(scorecardHtml({ error: 'no <database>' })).toContain('no &lt;database&gt;');
    expect(scorecardHtml(undefined)).toBe('');
  });
});
