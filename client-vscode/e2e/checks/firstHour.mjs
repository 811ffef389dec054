// What a new user sees in the first hour (issue 16 items 1-6), in the code-server run:
// replayed regions in the panel without opening their file, the report's live and replayed
// sections apart, findings on the lines they are about with no frozen ages, the history view
// as a timeline that refreshes by itself, the panel's review menus with Undo Review, and the
// status item without a Python file in front. Each function takes the run's helpers.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPLAYED = `"""Report helpers."""


def format_report(rows):
    """One line per row."""
    lines = []
    for name, value in rows:
        lines.append(f"{name}: {value}")
    return "\\n".join(lines)
`;

/** A person's helper, in the workspace from the start (big enough to be a clone candidate). */
export const TEXTUTIL = `"""Text helpers."""


def strip_margin(text, margin="|"):
    """Remove a leading margin from every line."""
    lines = text.splitlines()
    out = []
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(margin):
            stripped = stripped[len(margin):]
        out.append(stripped)
    return "\\n".join(out)
`;

/** Pasted later into helpers.py: a camelCase near-copy of strip_margin (a duplicate and a
 * naming finding: on its body, and on its name). */
export const NEAR_COPY = `def trimBars(source, bar="|"):
    if not source:
        return ""
    rows = source.splitlines()
    result = []
    for row in rows:
        s = row.lstrip()
        if s.startswith(bar):
            s = s[len(bar):]
        result.append(s)
    return "\\n".join(result)
`;

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Dev',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
};

/**
 * Makes the workspace a git repository: the files so far by a person, then `replayed.py` in a
 * commit an agent co-authored (what `aidecay replay` will find).
 */
export function gitWorkspace(workspace, writeFile) {
  const git = (...args) => {
    const r = spawnSync('git', args, { cwd: workspace, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  writeFile('textutil.py', TEXTUTIL);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'Start');
  writeFile('replayed.py', REPLAYED);
  git('add', 'replayed.py');
  git('commit', '-q', '-m', 'Add report helpers\n\nCo-Authored-By: Claude <noreply@anthropic.com>');
}

const panelRows = (h) => h.page.locator('.pane', { hasText: 'AI Regions' }).first().locator('.monaco-list-row');

async function rowsUntil(h, until, tries = 60) {
  let texts = [];
  for (let i = 0; i < tries; i++) {
    texts = (await panelRows(h).allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    if (until(texts.join(' | '))) break;
    await h.sleep(250);
  }
  return texts;
}

/** Item 4: `aidecay replay` run while the editor is open lists its regions in the panel. */
export async function replayedRegionsInThePanel(h) {
  await h.palette('aidecay: Focus on AI Regions View');
  // -P and a neutral working directory: never import the workspace's planted modules.
  const r = spawnSync(h.python, ['-P', '-m', 'aidecay', 'replay', h.workspace], { cwd: h.run, encoding: 'utf8', env: { ...process.env, AIDECAY_DB: h.db } });
  h.check('aidecay replay runs in the workspace', r.status === 0, `${r.stdout}\n${r.stderr}`.slice(-400));
  const rows = await rowsUntil(h, (j) => j.includes('replayed.py') && j.includes('format_report'));
  const joined = rows.join(' | ');
  const tabs = await h.page.locator('.tabs-container .tab').allInnerTexts();
  h.check(
    'replayed regions are listed in the panel without opening their file',
    joined.includes('replayed.py') && /format_report\s*agent · claude/.test(joined) && !tabs.some((t) => t.includes('replayed.py')),
    `${joined} || tabs: ${tabs.join(', ')}`,
  );
  await h.shot('12-panel-replayed');
}

/** Item 1: the report keeps live and replayed history apart, with the AI-vs-human section. */
export async function reportLiveAndReplayed(h) {
  await h.palette('aidecay: Open Decay Report');
  const frame = h.page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
  let live = '';
  let replayed = '';
  try {
    await frame.locator('#replay h3').first().waitFor({ timeout: 20000 });
    live = await frame.locator('#live').innerText();
    replayed = await frame.locator('#replay').innerText();
  } catch {
    /* reported below */
  }
  h.check(
    'report: personal stats come from live tracking only',
    /Personal stats \(live, in the editor\)/.test(live) && !/human|format_report|replayed\.py/.test(live),
    live.slice(0, 400),
  );
  h.check(
    'report: the replayed history has its own AI-vs-human section',
    /AI vs human \(git history\)/.test(replayed) && /survival after 7 days/.test(replayed) && /claude/.test(replayed),
    replayed.slice(0, 400),
  );
  await h.shot('06-report');
  await h.page.keyboard.press('Control+W');
  await h.sleep(300);
}

/** Item 5: each finding on what it is about; no message carries an age that would freeze. */
export async function findingsWhereTheyBelong(h) {
  await h.openFile('helpers.py');
  await h.focusEditor();
  await h.page.keyboard.press('Control+End');
  await h.page.keyboard.press('Enter');
  await h.page.keyboard.press('Enter');
  await h.page.evaluate((t) => navigator.clipboard.writeText(t), NEAR_COPY);
  await h.page.keyboard.press('Control+V');
  await h.page.keyboard.press('Control+S');
  let state = null;
  let dup = null;
  for (let i = 0; i < 40 && !dup; i++) {
    await h.sleep(750);
    state = await h.dump();
    dup = state.diagnostics.find((d) => d.code === 'duplicate-helper' && d.uri.endsWith('/helpers.py'));
    if (dup && !state.diagnostics.some((d) => d.code === 'naming-divergence' && d.message.includes("'trimBars'"))) dup = null;
  }
  const defLine = readFileSync(join(h.workspace, 'helpers.py'), 'utf8').split('\n').findIndex((l) => l.startsWith('def trimBars('));
  await h.shot('13-findings');
  h.check(
    'duplicate-helper sits on the body it repeats, not on the def line',
    dup !== undefined && dup !== null && dup.range[0] === defLine + 1 && dup.range[2] === defLine + 10,
    JSON.stringify({ dup, defLine, diagnostics: state?.diagnostics.map((d) => [d.code, d.uri.split('/').pop(), d.range]) }),
  );
  const naming = (state?.diagnostics ?? []).find((d) => d.code === 'naming-divergence' && d.message.includes("'trimBars'"));
  h.check(
    'a naming finding sits on the name',
    naming !== undefined && naming.range[0] === defLine && naming.range[2] === defLine && naming.range[1] === 4 && naming.range[3] === 4 + 'trimBars'.length,
    JSON.stringify(naming),
  );
  const aged = (state?.diagnostics ?? []).filter((d) => / ago\b/.test(d.message));
  h.check('no diagnostic message carries an age that would freeze ("… ago")', state !== null && state.diagnostics.length > 0 && aged.length === 0, JSON.stringify(aged));
  const lensLocator = h.page.locator('.editor-instance .codelens-decoration', { hasText: 'AI · paste' }).first();
  await lensLocator.waitFor({ timeout: 15000 }).catch(() => undefined);
  const lens = await lensLocator.innerText().catch(() => '');
  h.check('… while the CodeLens says the age as it is now', /(just now|ago)/.test(lens), lens);
}

/** Item 5: the reviewed region offers Undo Review, not Mark as Reviewed; undo works. */
export async function reviewMenus(h) {
  await h.page.keyboard.press('Escape');
  await h.palette('aidecay: Focus on AI Regions View');
  const row = panelRows(h).filter({ hasText: 'getFileSize' }).first();
  const menu = async () => {
    await row.click({ button: 'right' });
    const items = h.page.locator('.monaco-menu .action-item .action-label');
    await items.first().waitFor({ timeout: 5000 }).catch(() => undefined);
    return (await items.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  };
  /** Chooses a menu item with the keyboard, as VS Code's menus expect. */
  const choose = async (labels, label) => {
    const index = labels.indexOf(label);
    if (index < 0) {
      await h.page.keyboard.press('Escape');
      return;
    }
    for (let i = 0; i <= index; i++) await h.page.keyboard.press('ArrowDown');
    await h.page.keyboard.press('Enter');
  };
  let labels = await menu();
  h.check(
    'a reviewed region offers Undo Review and not Mark Region as Reviewed',
    labels.includes('Undo Review') && !labels.includes('Mark Region as Reviewed'),
    labels.join(', '),
  );
  await choose(labels, 'Undo Review');
  const rows = await rowsUntil(h, (j) => /getFileSize(?![^|]*reviewed)/.test(j));
  const text = rows.find((t) => t.includes('getFileSize')) ?? '';
  h.check('Undo Review from the panel: the row is no longer reviewed', text !== '' && !text.includes('reviewed'), text);
  labels = await menu();
  h.check('… and offers Mark Region as Reviewed again', labels.includes('Mark Region as Reviewed') && !labels.includes('Undo Review'), labels.join(', '));
  await choose(labels, 'Mark Region as Reviewed');
  await rowsUntil(h, (j) => /getFileSize[^|]*reviewed/.test(j));
}

/** Item 5: the history view is a timeline with the review in it, and follows new edits. */
export async function historyTimeline(h) {
  await h.page.keyboard.press('Escape');
  await h.palette('Notifications: Clear All Notifications');
  await h.openFile('helpers.py'); // quick open leaves the focus in the editor
  await h.page.keyboard.press('Control+G');
  await h.page.locator('.quick-input-widget input').fill(':10');
  await h.page.keyboard.press('Enter');
  await h.sleep(300);
  await h.palette('aidecay: Show Region History');
  const view = h.page.locator('.pane', { hasText: 'History: getFileSize' }).first();
  const rowsOf = async () => (await view.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
  let rows = [];
  for (let i = 0; i < 40; i++) {
    rows = await rowsOf().catch(() => []);
    if (rows.some((t) => /reviewed by/.test(t))) break;
    await h.sleep(250);
  }
  h.check(
    'history reads as a timeline: the review and the writing among the edits',
    rows.some((t) => /reviewed by/.test(t)) && rows.some((t) => /review undone/.test(t)) && rows.some((t) => /written by agent/.test(t)) && rows.findIndex((t) => /reviewed by/.test(t)) < rows.findIndex((t) => /written by agent/.test(t)),
    rows.join(' | '),
  );
  // A new edit inside the region: the open view follows without asking again.
  await h.openFile('helpers.py');
  await h.page.keyboard.press('Control+G');
  await h.page.locator('.quick-input-widget input').fill(':12'); // inside the region: its print line
  await h.page.keyboard.press('Enter');
  await h.page.keyboard.press('End');
  await h.page.keyboard.type('  # size unknown');
  let after = rows;
  for (let i = 0; i < 40; i++) {
    after = await rowsOf().catch(() => []);
    if (after.some((t) => /you · \+16 −0/.test(t))) break;
    await h.sleep(250);
  }
  h.check('the history view refreshes after a new edit', after.some((t) => /you · \+16 −0/.test(t)), after.join(' | '));
  h.check('no "+0 −0" edit in the history', !after.some((t) => /\+0 −0/.test(t)), after.join(' | '));
  await h.shot('08-history-timeline');
  await h.page.keyboard.press('Control+S');
}

/** Item 6: the status item shows the workspace's AI regions with no Python file in front. */
export async function statusWithoutPythonFile(h) {
  await h.palette('View: Close All Editors');
  await h.sleep(1500);
  const text = await h.statusBarText();
  h.check('the status item counts the workspace\'s AI regions with no file open', text !== null && /\d+ AI in workspace/.test(text), String(text));
  await h.openFile('app.py');
}

export async function firstHourChecks(h) {
  for (const step of [replayedRegionsInThePanel, reportLiveAndReplayed, findingsWhereTheyBelong, reviewMenus, historyTimeline, statusWithoutPythonFile]) {
    try {
      await step(h);
    } catch (error) {
      await h.shot(`error-${step.name}`).catch(() => undefined);
      h.check(`first hour: ${step.name} ran to the end`, false, String(error));
    }
  }
}
