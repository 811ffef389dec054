import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, renderReport } from '../../src/report/html';
import { timeAxis } from '../../src/report/axis';
import { humanize, statsView } from '../../src/report/labels';
import { complexitySeries, regionChoices, reworkPerDay, survivalSeries } from '../../src/report/model';
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
    // From the first region's day on: no zeros for the days before aidecay saw any AI code.
    expect(inserted?.points.map((p) => new Date(p.x).toISOString().slice(0, 10))).toEqual(['2025-01-03', '2025-01-04', '2025-01-05']);
    expect(inserted?.points.map((p) => p.y)).toEqual([150, 150, 150]);
    expect(surviving?.points.map((p) => p.y)).toEqual([150, 100, 100]);
    expect(survivalSeries([], now)).toEqual([]);
  });

  it('survival of a young history: a point at each insertion and deletion, none before the first', () => {
    const young = [
      region({ createdAt: '2025-01-05T09:00:00Z', originalLength: 100, length: 100 }),
      region({ createdAt: '2025-01-05T10:00:00Z', originalLength: 40, status: 'deleted', deletedAt: '2025-01-05T11:00:00Z' }),
    ];
    const [inserted, surviving] = survivalSeries(young, now);
    expect(inserted?.points.map((p) => new Date(p.x).toISOString().slice(11, 16))).toEqual(['09:00', '10:00', '11:00', '12:00']);
    expect(inserted?.points.map((p) => p.y)).toEqual([100, 140, 140, 140]);
    expect(surviving?.points.map((p) => p.y)).toEqual([100, 140, 100, 100]);
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
        { at: '2025-01-03T23:59:59Z', insertedLines: 100, survivingLines: 100 },
        { at: '2025-01-04T23:59:59Z', insertedLines: 300, survivingLines: 250 },
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
  });
});

// `aidecay stats --json` (statsVersion 2, docs/stats.md shape).
const DEMO_STATS = {
  statsVersion: 2,
  generatedAt: '2026-12-02T18:42:12.854Z',
  since: null,
  source: 'all',
  totals: { regions: 2, live: 2, deleted: 0, files: 1, aiLines: 9, aiLinesAtEnd: 7, aiChars: 375 },
  inserted: [
    { origin: 'agent', tool: 'demo-agent', regions: 1, lines: 7, chars: 285 },
    { origin: 'inline-completion', tool: null, regions: 1, lines: 2, chars: 90 },
  ],
  survival: {
    '7d': { rate: 0.75, low: 0.6, high: 0.85, lines: 120, regions: 4, followedRegions: 4, survivingLines: 90, followedLines: 120, chars: null },
    '30d': { rate: null, low: null, high: null, lines: 120, regions: 4, followedRegions: 0, survivingLines: 0, followedLines: 0, chars: null, reason: 'no line followed 30 days yet' },
  },
  churn14d: { days: 14, rate: 0.351, low: 0.2, high: 0.5, lines: 37, churnedLines: 13, regions: 2, churnedRegions: 1, youngRegions: 0, chars: { eligible: 375, churned: 120, rate: 0.32 } },
  rework: { aiLines: 9, changedLines: 2, ratio: 0.2222, edits: 14, chars: { ai: 375, changed: 60, ratio: 0.16 }, byAuthor: { external: 1, human: 1 } },
  diagnostics: { available: true, regions: 2, codes: [{ code: 'complexity-growth', regions: 1, activeRegions: 1, share: 0.5, activeShare: 0.5 }] },
  complexity: { available: true, regions: 2, buckets: [], medianMaxCcDelta: 2.5, medianMiDelta: -2.715 },
  topFiles: [{ path: 'inventory.py', uri: 'file:///w/inventory.py', regions: 2, aiLines: 9, linesAtEnd: 7, changedLines: 2, changedShare: 0.2222, churn14d: 0.351, activeFindings: 2 }],
  newerMetric: { acceptedEdits: 3 },
};

describe('stats as a person reads them', () => {
  const view = statsView(DEMO_STATS, ['file:///w']);
  const text = JSON.stringify(view);
  it('labels every number in words with its unit, never as a raw key path', () => {
    const card = (label: string) => view.cards.find((c) => c.label === label);
    expect(card('Churn within 14 days')).toMatchObject({ value: '35 %' });
    expect(card('Churn within 14 days')?.detail).toContain('13 of 37 AI lines changed or deleted within 14 days');
    expect(card('Survival after 30 days')).toMatchObject({ value: 'not yet', detail: 'no AI line followed 30 days yet' });
    expect(card('Survival after 7 days')).toMatchObject({ value: '75 %' });
    expect(card('Survival after 7 days')?.detail).toContain('60 %–85 %');
    expect(card('Reworked so far')).toMatchObject({ value: '22 %' });
    expect(card('Reworked so far')?.detail).toContain('1 by you');
    expect(card('Reworked so far')?.detail).toContain('60 of 375 AI characters replaced or deleted');
    expect(card('AI-written code')).toMatchObject({ value: '9 lines' });
    expect(card('Complexity change')).toMatchObject({ value: '+2.5' });
    expect(card('Maintainability change')).toMatchObject({ value: '−2.7' });
    for (const raw of ['churn14d', 'churnedLines', 'survival.7d', '0.351', 'rate', 'medianMaxCcDelta']) expect(text).not.toContain(raw);
    expect(humanize('acceptedEdits')).toBe('Accepted edits');
    expect(text).toContain('Newer metric');
  });
  it('tables with headers, paths relative to the workspace', () => {
    const files = view.tables.find((t) => t.title === 'Files with the most decay');
    expect(files?.rows[0]?.[0]).toBe('inventory.py');
    const inserted = view.tables.find((t) => t.title === 'AI code by origin and tool');
    expect(inserted?.rows[1]).toEqual(['inline-completion', '–', '1', '2', '90']);
    expect(statsView(null)).toEqual({ cards: [], tables: [] });
  });
});

describe('time axes', () => {
  it('a single day reads as times, the date said once', () => {
    const axis = timeAxis(Date.parse('2026-12-02T09:00:00Z'), Date.parse('2026-12-02T17:00:00Z'));
    expect(axis.ticks.map(axis.label)).toEqual(['09:00', '11:00', '13:00', '15:00', '17:00']);
    expect(axis.caption).toBe('2 Dec 2026 (UTC)');
    const svg = lineChart([{ name: 'x', points: [{ x: Date.parse('2026-12-02T09:00:00Z'), y: 1 }, { x: Date.parse('2026-12-02T17:00:00Z'), y: 3 }] }], { title: 't', unit: 'u' });
    expect(svg).toContain('>13:00<');
    expect(svg.match(/2026-12-02|2 Dec 2026/g)?.length ?? 0).toBeLessThanOrEqual(3); // caption + tooltips, no repeated tick
  });
  it('several days read as distinct short dates', () => {
    const axis = timeAxis(Date.parse('2026-11-30T00:00:00Z'), Date.parse('2026-12-02T00:00:00Z'));
    const labels = axis.ticks.map(axis.label);
    expect(labels).toEqual(['30 Nov', '1 Dec', '2 Dec']);
    expect(new Set(labels).size).toBe(labels.length);
  });
  it('a week or two is labelled day by day; longer spans by whole weeks, on midnights', () => {
    const day = 86_400_000;
    const start = Date.parse('2026-11-20T00:00:00Z');
    const week = timeAxis(start, start + 9 * day);
    expect(week.ticks.map(week.label)).toEqual(['20 Nov', '21 Nov', '22 Nov', '23 Nov', '24 Nov', '25 Nov', '26 Nov', '27 Nov', '28 Nov', '29 Nov']);
    const long = timeAxis(start + 5 * 3_600_000, start + 40 * day);
    const steps = long.ticks.slice(1).map((t, i) => (t - (long.ticks[i] ?? 0)) / day);
    expect(new Set(steps)).toEqual(new Set([7]));
    expect(long.ticks.every((t) => t % day === 0)).toBe(true);
  });
  it('day bars read as short dates', () => {
    const svg = barChart([{ label: '2026-12-01', value: 3 }, { label: '2026-12-02', value: 5 }], { title: 't', unit: 'characters per day' });
    expect(svg).toContain('>1 Dec<');
    expect(svg).toContain('>2 Dec<');
    expect(svg).not.toContain('2026-12-01');
  });
});

describe('report states', () => {
  const base = {
    cspSource: 'S', nonce: 'N', styleUri: 's', scriptUri: 'j', survival: [], rework: [], complexity: [],
    regions: [], selectedRegionId: null, stats: null, statsNote: null, workspaceFolders: [], generatedAt: now,
  };
  it('server down: says so and offers the log and a restart, no empty charts', () => {
    const html = renderReport({ ...base, serverRunning: false });
    expect(html).toContain('aidecay server is not running');
    expect(html).toContain('data-command="aidecay.showServerLog"');
    expect(html).toContain('data-command="aidecay.restartServer"');
    expect(html).not.toContain('svg');
  });
  it('nothing recorded: the first steps, not "No data yet"', () => {
    const html = renderReport({ ...base, serverRunning: true, recordedRegions: 0 });
    expect(html).toContain('No AI-written code recorded yet');
    expect(html).toContain('Mark Selection as AI-generated');
    expect(html).not.toContain('No data yet');
  });
  it('with regions: cards and charts', () => {
    const html = renderReport({ ...base, stats: DEMO_STATS, regions: [region({ id: 'a' })], serverRunning: true, recordedRegions: 1 });
    expect(html).toContain('Churn within 14 days');
    expect(html).toContain('<svg');
  });
});

describe('export target', () => {
  it('proposes Documents when it exists, else home; never the workspace', async () => {
    const { defaultExportPath } = await import('../../src/report/exportTarget');
    const at = new Date('2026-12-02T10:00:00Z');
    expect(defaultExportPath('/home/u', (p) => p === '/home/u/Documents', 'json', at)).toBe('/home/u/Documents/aidecay-stats-2026-12-02.json');
    expect(defaultExportPath('/home/u', () => false, 'csv', at)).toBe('/home/u/aidecay-stats-2026-12-02.csv');
  });
});

describe('report details', () => {
  it('Edits and Sittings each say what they count', () => {
    const view = statsView({ rework: { ratio: 0.5, editedChars: 10, aiChars: 20, edits: 4, sittings: 2 } });
    const edits = view.cards.find((c) => c.label === 'Edits');
    const sittings = view.cards.find((c) => c.label === 'Sittings');
    expect(edits?.detail).toMatch(/pause over 5 seconds/);
    expect(sittings?.detail).toMatch(/30 minutes apart/);
    expect(edits?.detail).not.toBe(sittings?.detail);
  });

  it('the complexity picker names regions by function, then file and lines', () => {
    const html = renderReport({
      cspSource: 'S', nonce: 'N', styleUri: 's', scriptUri: 'j', survival: [], rework: [], complexity: [],
      regions: [region({ id: 'r1', symbol: 'parse_args', uri: 'file:///w/cli.py' }), region({ id: 'r2', symbol: null, uri: 'file:///w/cli.py' })],
      selectedRegionId: 'r1', stats: null, statsNote: null, workspaceFolders: ['file:///w'], generatedAt: now, recordedRegions: 2,
    });
    expect(html).toMatch(/<option value="r1" selected>parse_args — cli\.py L\d+/);
    expect(html).toMatch(/<option value="r2">L\d+(–\d+)? — cli\.py · /);
  });
});

describe('replayed history in the report', () => {
  const replay = [
    {
      repo: '/home/me/shop',
      head: '6831a60d7982b781f97c',
      commits: 120,
      aiCommits: 14,
      replayedAt: '2026-12-06T10:00:00Z',
      ai: { linesAdded: 400, linesAtHead: 300, churn14d: 0.25, regions: 20, complexityGrowthRegions: 3 },
      human: { linesAdded: 900, linesAtHead: 800, churn14d: 0.1, regions: 50, complexityGrowthRegions: 4 },
      curves: { ai: { '0d': 1, '1d': 0.97, '7d': 0.93, '21d': 0.899, '30d': 0.85, '90d': 0.8 }, human: { '0d': 1, '1d': 0.99, '7d': 0.97, '30d': 0.95, '90d': 0.9 } },
      models: [{ tool: 'claude', model: 'opus', regions: 20, linesAdded: 400, linesAtHead: 300 }],
    },
  ];

  it('compares AI and human from the replay\'s own curves, apart from the live stats', async () => {
    const { replayRepos } = await import('../../src/report/replay');
    const [repo] = replayRepos(replay);
    expect(repo?.title).toBe('shop');
    expect(repo?.comparison.rows.find((r) => r[0] === 'survival after 7 days')).toEqual(['survival after 7 days', '93 %', '97 %']);
    expect(repo?.comparison.rows.find((r) => r[0] === 'survival after 90 days')).toEqual(['survival after 90 days', '80 %', '90 %']);
    expect(repo?.comparison.rows.find((r) => r[0] === 'survival after 1 day')).toBeUndefined(); // one set of windows: 7, 30, 90
    expect(repo?.models.rows).toEqual([['claude', 'opus', '20', '400', '300']]);
    const html = renderReport({
      cspSource: 'S', nonce: 'N', styleUri: 's', scriptUri: 'j', survival: [], rework: [], complexity: [], regions: [],
      selectedRegionId: null, stats: { survival: { '30d': { rate: 1, lines: 10, followedRegions: 1, survivingLines: 10, followedLines: 10 } } },
      statsNote: null, workspaceFolders: [], generatedAt: now, recordedRegions: 1, replay: replayRepos(replay),
    });
    const live = html.slice(html.indexOf('<section id="live">'), html.indexOf('<section id="replay">'));
    const replayed = html.slice(html.indexOf('<section id="replay">'));
    expect(live).toContain('Survival after 30 days');
    expect(live).not.toContain('human');
    expect(replayed).toContain('AI vs human (git history)');
    expect(replayed).toContain('85 %');
  });

  it('says how to get a replay when there is none; a replay alone is not "nothing recorded"', async () => {
    const { replayRepos } = await import('../../src/report/replay');
    const base = { cspSource: 'S', nonce: 'N', styleUri: 's', scriptUri: 'j', survival: [], rework: [], complexity: [], regions: [], selectedRegionId: null, stats: null, statsNote: null, workspaceFolders: [], generatedAt: now, recordedRegions: 0 };
    expect(renderReport({ ...base, replay: [] })).toContain('No AI-written code recorded yet');
    const withReplay = renderReport({ ...base, replay: replayRepos(replay) });
    expect(withReplay).not.toContain('No AI-written code recorded yet');
    expect(withReplay).toContain('<section id="replay">');
    expect(renderReport({ ...base, recordedRegions: 2, replay: [] })).toContain('No replayed history yet');
  });
});
