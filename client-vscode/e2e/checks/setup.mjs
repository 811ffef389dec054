// Setup and launch-safety checks of the code-server suite (called from e2e/run.mjs main()):
// planted workspace modules are never imported, the chosen interpreter survives a change of
// unrelated settings, and the panel says the truth while the server is down.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Module names a server, probe or pip run would import if the workspace were on sys.path. */
export const PLANTED = ['json', 'types', 'queue', 'logging', 'signal', 'select', 'aidecay', 'sitecustomize', 'setup', 'conftest'];

/** Writes the planted modules into the workspace; each leaves a marker file when imported. */
export function plantModules(workspace, markers) {
  mkdirSync(markers, { recursive: true });
  for (const name of PLANTED) {
    // No imports in the planted code: it must leave its marker even as a shadowed `types`.
    const marker = JSON.stringify(join(markers, name));
    writeFileSync(join(workspace, `${name}.py`), `open(${marker}, "w").close()  # planted by the aidecay e2e suite\n`);
  }
}

/** After the whole session: no planted module was imported by anything aidecay started. */
export function checkNoMarkers(markers, check) {
  const found = existsSync(markers) ? readdirSync(markers) : [];
  check('no planted workspace module was imported (json.py, types.py, aidecay.py, sitecustomize.py, …)', found.length === 0, found.join(', '));
}

/** The text of the extension's "aidecay" log channel, as VS Code writes it to disk. */
export function extensionLog(userData) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/aidecay\.log$/.test(entry.name)) files.push(p);
    }
  };
  if (existsSync(join(userData, 'logs'))) walk(join(userData, 'logs'));
  files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files.length > 0 ? readFileSync(files[0], 'utf8') : '';
}

/** Processes below `root` (by pid) whose command line runs `aidecay serve`. */
export function serverProcesses(root) {
  const parent = new Map();
  const cmd = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      cmd.set(Number(name), readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean));
    } catch {
      /* exited */
    }
  }
  const below = (pid) => {
    for (let p = pid, i = 0; p > 1 && i < 64; p = parent.get(p) ?? 0, i++) if (p === root) return true;
    return false;
  };
  return [...cmd.entries()]
    .filter(([pid, argv]) => below(pid) && argv.includes('serve') && argv.some((a) => a === 'aidecay' || a.includes('run_module("aidecay"')))
    .map(([pid, argv]) => ({ pid, argv }));
}

/**
 * The interpreter loss: with `aidecay.interpreter` in User settings, a change to any User
 * setting used to restart the server under plain python3 ("aidecay is not installed").
 */
export async function checkInterpreterSurvives({ palette, sleep, check, userData, python, root, statusBarText }) {
  const before = serverProcesses(root);
  const settingsFile = join(userData, 'User', 'settings.json');
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
  // An unrelated User setting changes on disk, then an aidecay one through the UI command.
  writeFileSync(settingsFile, JSON.stringify({ ...settings, 'editor.renderWhitespace': 'boundary' }, null, 2));
  await sleep(2500);
  await palette('aidecay: Toggle AI Region Marks');
  await sleep(1500);
  await palette('aidecay: Toggle AI Region Marks');
  await sleep(3000);
  const after = serverProcesses(root);
  const log = extensionLog(userData);
  const starts = log.split('\n').filter((l) => l.includes('Starting the aidecay server:'));
  check(
    'the server still runs under the chosen interpreter after unrelated settings change',
    after.length === 1 && after[0].argv[0] === python && starts.every((l) => l.includes(python)) && !/is not installed in/.test(log),
    JSON.stringify({ before: before.map((p) => p.argv.slice(0, 4)), after: after.map((p) => p.argv.slice(0, 4)), starts }),
  );
  check(
    'it was not restarted by them (same process)',
    before.length === 1 && after.length === 1 && before[0].pid === after[0].pid,
    JSON.stringify({ before: before.map((p) => p.pid), after: after.map((p) => p.pid) }),
  );
  check('the server runs in safe-path mode (-P) from a neutral folder', (after[0]?.argv ?? []).includes('-P') && /working directory .*globalStorage/.test(log), log.split('\n').filter((l) => /Using|working directory/.test(l)).join(' | '));
  const status = await statusBarText();
  check('the status bar does not report a stopped server', status === null || !/circle-slash|not running/.test(status), String(status));
}

const regionsPane = (page) => page.locator('.pane', { hasText: 'AI Regions' }).first();

/** What the user sees now: the panel's welcome text, its rows, the notification toasts. */
async function screen(page) {
  const pane = regionsPane(page);
  const welcome = (await pane.locator('.welcome-view-content').allInnerTexts().catch(() => [])).join(' ');
  const rows = await pane.locator('.monaco-list-row').allInnerTexts().catch(() => []);
  const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts().catch(() => []);
  return { welcome, rows, toasts: toasts.map((t) => t.replace(/\s+/g, ' ')) };
}

/** Waits until a server process other than `old` runs and the panel lists app.py again. */
async function waitForServer({ page, sleep, root }, old, seconds, seen = []) {
  for (let i = 0; i < seconds * 4; i++) {
    const now = await screen(page);
    seen.push(now);
    const servers = serverProcesses(root);
    if (servers.length === 1 && servers[0].pid !== old && now.rows.some((t) => t.includes('app.py'))) return servers[0];
    await sleep(250);
  }
  return null;
}

/**
 * A killed server comes back by itself; while it restarts a notification says so and the
 * panel says it is restarting (never "No AI-written regions recorded"); once it runs again no
 * notification claims it is stopped.
 */
export async function checkRestartAfterKill(ctx) {
  const { page, palette, sleep, check, root, shot } = ctx;
  await palette('Notifications: Clear All Notifications');
  await palette('aidecay: Focus on AI Regions View');
  const servers = serverProcesses(root);
  if (servers.length !== 1) {
    check('restart: one server process to kill', false, JSON.stringify(servers));
    return;
  }
  process.kill(servers[0].pid, 'SIGKILL');
  const seen = [];
  const back = await waitForServer(ctx, servers[0].pid, 40, seen);
  await shot('setup-server-restarted');
  check('a killed server is restarted automatically (no click)', back !== null, JSON.stringify(seen.at(-1)));
  check('while it restarts a notification says so', seen.some((s) => s.toasts.some((t) => /restarting/.test(t))), JSON.stringify(seen.map((s) => s.toasts).flat().slice(0, 5)));
  check(
    'the panel never says "No AI-written regions recorded" around the restart',
    !seen.some((s) => s.welcome.includes('No AI-written regions recorded')),
    [...new Set(seen.map((s) => s.welcome))].join(' / '),
  );
  await sleep(2000);
  const after = await screen(page);
  check('once it runs again no notification says it is stopped or restarting', !after.toasts.some((t) => /restarting|not running|stopped/.test(t)), after.toasts.join(' | '));
}

/** A server that keeps crashing is not restarted for ever: the panel and a notification say so. */
export async function checkGivesUp(ctx) {
  const { page, sleep, check, shot } = ctx;
  let gaveUp = null;
  let old = null;
  for (let i = 0; i < 8 && gaveUp === null; i++) {
    const server = await waitForServer(ctx, old, 45);
    if (server === null) break;
    old = server.pid;
    process.kill(server.pid, 'SIGKILL');
    for (let j = 0; j < 12; j++) {
      const now = await screen(page);
      if (now.welcome.includes('not running')) {
        gaveUp = now;
        break;
      }
      await sleep(250);
    }
  }
  await shot('setup-server-down');
  check('a server that keeps crashing is left stopped: the panel says "aidecay server is not running"', gaveUp !== null, JSON.stringify(await screen(page)));
  check('… a notification says why it is not restarted', gaveUp !== null && gaveUp.toasts.some((t) => /stopped \d+ times within 3 minutes/.test(t)), JSON.stringify(gaveUp?.toasts));
  check('… and not that no AI-written regions were recorded', gaveUp !== null && !gaveUp.welcome.includes('No AI-written regions recorded'), gaveUp?.welcome ?? '');
  const restart = regionsPane(page).locator('.welcome-view-content a, .welcome-view-content .monaco-button', { hasText: 'Restart' }).first();
  if ((await restart.count()) === 0) {
    check('the panel offers Restart', false, gaveUp?.welcome ?? '');
    return;
  }
  await restart.click();
  const back = await waitForServer(ctx, old, 40);
  check('Restart brings the server and the regions back', back !== null, JSON.stringify(await screen(page)));
}

/**
 * settings.json written on disk by another program: the window either takes it in or (VS Code
 * server, code-server) a notification says it has not and offers Reload Window. Then a bad
 * interpreter typed in the Settings editor: Select Interpreter still offers the Python that
 * ran the server, once per interpreter (/bin and /usr/bin are one folder here).
 */
export async function checkBadInterpreterOnDisk(ctx) {
  const { page, palette, sleep, check, userData, python, shot } = ctx;
  await palette('Notifications: Clear All Notifications');
  const settingsFile = join(userData, 'User', 'settings.json');
  const original = readFileSync(settingsFile, 'utf8');
  const bad = '/nonexistent/aidecay-e2e/bin/python3';
  writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(original), 'aidecay.interpreter': bad }, null, 2));
  let log = '';
  let toasts = [];
  for (let i = 0; i < 60; i++) {
    await sleep(250);
    log = extensionLog(userData);
    toasts = (await screen(page)).toasts;
    if (log.includes(`aidecay.interpreter`) && (toasts.some((t) => t.includes('Reload Window')) || log.includes(`"${bad}"`))) break;
  }
  const reread = log.includes(`"${bad}"`);
  check(
    'settings.json changed on disk: applied, or a notification says the window has not read it and offers Reload Window',
    reread || toasts.some((t) => /settings\.json changed on disk \(aidecay\.interpreter\)/.test(t) && t.includes('Reload Window')),
    JSON.stringify({ reread, toasts }),
  );
  writeFileSync(settingsFile, original);
  await palette('Notifications: Clear All Notifications');
  // The user types a bad path into the Settings editor.
  await palette('Preferences: Open User Settings');
  await sleep(1500);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('aidecay.interpreter');
  const input = page.locator('.settings-editor .setting-item', { hasText: 'Interpreter' }).first().locator('input').first();
  await input.waitFor({ timeout: 15000 });
  await input.fill(bad);
  await page.keyboard.press('Tab');
  for (let i = 0; i < 60 && !extensionLog(userData).includes(`"${bad}"`); i++) await sleep(250);
  await page.keyboard.press('Control+W');
  const { rows, texts } = await interpreterPick(ctx);
  await shot('setup-select-interpreter-bad');
  check('Select Interpreter still lists the Python that worked when the setting holds a bad path', texts.some((t) => t.includes(python) && /aidecay \d/.test(t)), texts.join(' | '));
  const paths = texts.map((t) => t.split(' ')[0]);
  const twice = paths.filter((p) => p.startsWith('/bin/') && paths.includes(`/usr${p}`));
  check('… and lists a /bin and /usr/bin Python once', twice.length === 0, paths.join(', '));
  const good = rows.filter({ hasText: python }).first();
  if ((await good.count()) > 0) await good.click();
  else await page.keyboard.press('Escape');
  await palette('aidecay: Focus on AI Regions View');
  const back = await waitForServer(ctx, null, 40);
  check('choosing it starts the server again', back !== null && back.argv[0] === python, JSON.stringify(back?.argv.slice(0, 3)));
}

/** Opens Select Interpreter and waits until `python` is listed, checked for aidecay. */
async function interpreterPick({ page, palette, sleep, python }) {
  await palette('aidecay: Select Interpreter');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  let texts = [];
  for (let i = 0; i < 40; i++) {
    texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    if (texts.some((t) => t.includes(python) && /aidecay \d/.test(t))) break;
    await sleep(250);
  }
  return { rows, texts };
}

/** Select Interpreter lists the chosen Python with its aidecay version; Open Docs is local. */
export async function checkSetupCommands({ page, palette, sleep, check, python, shot }) {
  const { rows, texts } = await interpreterPick({ page, palette, sleep, python });
  await shot('setup-select-interpreter');
  check('Select Interpreter lists the chosen Python, checked for aidecay', texts.some((t) => t.includes(python) && /Python 3\.\d+ · aidecay \d/.test(t)), texts.join(' | '));
  await page.locator('.quick-input-widget input').fill('Browse');
  await sleep(300);
  const browse = (await rows.allInnerTexts()).some((t) => t.includes('Browse'));
  check('… and offers Browse…', browse);
  await page.keyboard.press('Escape');
  await sleep(300);

  await palette('aidecay: Open Documentation');
  const tab = page.locator('.tabs-container .tab[aria-label*="vscode.md"]');
  let found = false;
  for (let i = 0; i < 40 && !found; i++) {
    found = (await tab.count()) > 0;
    if (!found) await sleep(250);
  }
  check('Open Documentation opens the docs shipped in the extension', found, String(await page.locator('.tabs-container .tab').allInnerTexts()));
  if (found) {
    await page.keyboard.press('Control+W');
    await sleep(300);
  }
}

/** aidecay: Open Settings shows the extension's settings, each with a control. */
export async function checkSettingsEditor({ page, palette, sleep, check, shot }) {
  // Focus the workbench (not a webview, which keeps F1 to itself).
  await page.locator('.tabs-container .tab[aria-label^="app.py"]').first().click();
  await sleep(300);
  await palette('aidecay: Open Settings');
  await sleep(1500);
  const editInJson = await page.locator('.settings-editor .setting-item', { hasText: 'Edit in settings.json' }).allInnerTexts();
  await shot('setup-settings');
  // Narrow the list (it is virtual) to the setting that used to show only "Edit in settings.json".
  await page.keyboard.press('Control+A');
  await page.keyboard.type('aidecay.interpreter');
  const item = page.locator('.settings-editor .setting-item', { hasText: 'Interpreter' }).first();
  try {
    await item.waitFor({ timeout: 15000 });
  } catch {
    /* reported below */
  }
  await sleep(500);
  const text = (await item.innerText().catch(() => '')).replace(/\s+/g, ' ');
  const inputs = await item.locator('input, textarea').count().catch(() => 0);
  check('aidecay.interpreter has a text box in the Settings editor', inputs > 0 && !text.includes('Edit in settings.json'), text);
  check('no aidecay setting shown shows only "Edit in settings.json"', editInJson.length === 0, editInJson.map((t) => t.split('\n').slice(0, 2).join(' ')).join(' | '));
  await page.keyboard.press('Control+W');
  await sleep(300);
}
