// The scorecard in the VS Code report view (issue 13 via issue 16 item 1), in the code-server
// run after live AI regions exist and `aidecay replay` ran: a column per AI tool and one for
// human-written code, every cell a figure with its interval or "not enough data", and never two
// figures for one question (each figure once, each tool once, and where the scorecard and the
// replayed section both count the same code, the same count).

/** The report's webview frame. */
const reportFrame = (h) => h.page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');

/** The cells of a table's rows, as the webview shows them. */
async function cells(table) {
  return table.locator('tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.innerText.trim())));
}

/** The first number in a cell ("80 (22)" → 80), or null. */
const count = (cell) => {
  const m = /^([\d,]+)/.exec(cell ?? '');
  return m ? Number(m[1].replace(/,/g, '')) : null;
};

export async function scorecardInReport(h) {
  await h.palette('aidecay: Open Decay Report');
  const frame = reportFrame(h);
  let grid = [];
  let replayGrids = [];
  let text = '';
  let live = '';
  try {
    await frame.locator('#scorecard table').waitFor({ timeout: 30000 });
    grid = await cells(frame.locator('#scorecard table'));
    replayGrids = await Promise.all((await frame.locator('#replay table').all()).map(cells));
    text = await frame.locator('#scorecard').innerText();
    live = await frame.locator('#live').innerText();
    await frame.locator('#scorecard').scrollIntoViewIfNeeded();
  } catch {
    /* reported below */
  }
  await h.shot('16-report-scorecard');
  const [headers = [], ...rows] = grid;
  const detail = JSON.stringify(grid);
  h.check(
    'report: the scorecard section has a column per AI tool and one for human-written code',
    /Scorecard/.test(text) && headers[0] === 'figure' && headers.includes('human') && headers.includes('claude') && headers.length >= 4,
    detail,
  );
  const cellsOk = rows.length > 0 && rows.every((r) => r.length === headers.length && r.slice(1).every((c) => c !== '' && c !== 'undefined' && c !== 'null' && c !== 'NaN'));
  h.check(
    'report: every scorecard cell is a figure, "not enough data", "not yet" or a dash, never blank',
    cellsOk && rows.some((r) => r.slice(1).includes('not enough data')),
    detail,
  );
  const figures = rows.map((r) => r[0]);
  const unique = (list) => new Set(list).size === list.length;
  // Where the replayed section counts the same code, it must say the same.
  const comparison = replayGrids.find((g) => g[0]?.join('|') === '|AI|human') ?? [];
  const models = replayGrids.find((g) => g[0]?.[0] === 'tool') ?? [];
  const col = (name) => headers.indexOf(name);
  const row = (name) => rows.find((r) => r[0] === name) ?? [];
  const agree = [
    ['human lines added', count(row('lines added (regions)')[col('human')]), count(comparison.find((r) => r[0] === 'lines added')?.[2])],
    ['human lines left', count(row('lines left at the end')[col('human')]), count(comparison.find((r) => r[0] === 'lines still at HEAD')?.[2])],
    ['claude lines added', count(row('lines added (regions)')[col('claude')]), count(models.find((r) => r[0] === 'claude')?.[3])],
  ];
  // The AI lines of every source: the personal stats' (live) and the replayed section's.
  const aiColumns = headers.slice(1).filter((name) => name !== 'human' && name !== 'bot');
  agree.push([
    'AI lines added, live + replayed',
    aiColumns.reduce((sum, name) => sum + (count(row('lines added (regions)')[col(name)]) ?? NaN), 0),
    count(/AI-written code\s+([\d,]+) lines?/.exec(live)?.[1]) + count(comparison.find((r) => r[0] === 'lines added')?.[1]),
  ]);
  h.check(
    'report: never two figures for one question (each figure and tool once; the scorecard and the replayed section agree on the lines they both count)',
    figures.length > 0 && unique(figures) && unique(headers) && agree.every(([, a, b]) => a !== null && a === b),
    `${JSON.stringify(agree)} | ${detail} | replayed: ${JSON.stringify(replayGrids)}`,
  );
  await h.page.keyboard.press('Control+W');
  await h.sleep(300);
}
