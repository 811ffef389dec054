// End-to-end test in a real VS Code: code-server (VS Code 1.103) headless on loopback with the
// built .vsix installed, driven by Playwright in Debian's Chromium like a person would.
//
//   npm run e2e            (npm run e2e:setup installs code-server and Chromium first)
//
// Skips with a clear message (exit 0) only when code-server, Chromium, playwright-core or a
// Python with aidecay are missing; a check never skips because aidecay showed nothing.
// Screenshots go to test-artifacts/e2e/ (and, with --docs, to
// docs/screenshots/ for docs/vscode.md). The harness (harness.mjs) makes the profile,
// workspace and code-server; the checks live in checks/*.mjs, run here in order.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, buildVsix, driver, findTools, freshRun, openWorkbench, python, resultList, startCodeServer } from './harness.mjs';
import * as setup from './checks/setup.mjs';
import { captureChecks, reportAndLog } from './checks/capture.mjs';
import { churnChecks } from './checks/churn.mjs';
import { firstHourChecks } from './checks/firstHour.mjs';
import { mcpChecks } from './checks/mcp.mjs';
import { scorecardInReport } from './checks/scorecard.mjs';
import { triageChecks } from './checks/triage.mjs';

const updateDocs = process.argv.includes('--docs');
const headed = process.argv.includes('--headed');

const chromium = findTools();
const paths = freshRun(buildVsix());
const { userData, workspace, run, db, markers } = paths;
const server = await startCodeServer(paths);
const { results, check } = resultList();
let browser;
let h;

/** Runs a group of checks; one that throws counts as a failed check, and the run goes on. */
async function group(name, step) {
  try {
    await step(h);
  } catch (error) {
    await h.shot(`error-${name}`).catch(() => undefined);
    check(`${name} ran to the end`, false, String(error));
  }
}

async function main() {
  let page;
  ({ browser, page } = await openWorkbench(chromium, server.port, workspace, { headed }));
  h = { ...driver(page, { dumpFile: paths.dumpFile, updateDocs }), check };
  const state = await captureChecks(h);
  await triageChecks(h);
  await reportAndLog(h, state);

  await firstHourChecks({ ...h, python, workspace, run, db });
  await group('scorecard', scorecardInReport);
  await group('churn', (x) => churnChecks({ ...x, workspace }));
  await mcpChecks({ ...h, userData });

  const ctx = { ...h, userData, python, root: server.pid };
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
  if (h) await h.shot('error').catch(() => undefined);
} finally {
  await browser?.close().catch(() => undefined);
  server.stop();
}

const passed = results.filter((r) => r.status === 'passed').length;
const failures = results.filter((r) => r.status === 'failed').length;
writeFileSync(join(artifacts, 'results.json'), JSON.stringify(results, null, 2));
console.log(`\nScreenshots and logs: ${artifacts}`);
console.log(`${passed} passed, ${failures + (failed ? 1 : 0)} failed`);
process.exit(failures > 0 || failed ? 1 : 0);
