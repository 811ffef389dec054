// Churn measured on what happened to the AI's text (issue 16 item 2, docs/diagnostics.md
// "churn"), in the code-server run: a function marked as AI-written in orders.py; text typed
// into it and deleted again after a pause leaves no `churn` in Problems (the function ends
// exactly as the AI wrote it), while rewriting most of its lines in later sittings raises it.
// Sittings are `thresholds.sittingGapMinutes` apart: the check sets 0.1 (6 s) in the Settings
// editor for its own run (VS Code in code-server does not read settings.json again from disk)
// and the default back afterwards.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A person's module with the function the check marks as AI-written (lines 4-10). */
export const ORDERS = `"""Orders."""


def total_price(items):
    """The total price of the items, without the free ones."""
    total = 0
    for item in items:
        if item.price > 0:
            total += item.price * item.quantity
    return total
`;

/** What the later sittings make of it: most of the AI's characters replaced. */
const REWRITTEN = `"""Orders."""


def total_price(items):
    """Sum of what the entries cost."""
    # what each entry costs, free ones left out
    owed = [entry.price * entry.quantity for entry in items if entry.price > 0]
    return sum(owed)
`;

const TYPED = Array.from({ length: 30 }, (_, k) => `step ${k} of a long note`).join(' then '); // about 600 characters
const SITTING_GAP_S = 6;
const PAUSE_MS = (SITTING_GAP_S + 3) * 1000;

/** Places the cursor at a 1-based line and column with Go to Line. */
async function goTo(h, line, column = 1) {
  await h.page.keyboard.press('Control+G');
  await h.page.locator('.quick-input-widget input').fill(`:${line}:${column}`);
  await h.page.keyboard.press('Enter');
  await h.sleep(300);
}

/** Replaces the text of a line after its indentation with `text`, typed as a person would. */
async function retype(h, line, text) {
  await goTo(h, line);
  await h.page.keyboard.press('Home'); // the first non-blank character
  await h.page.keyboard.press('Shift+End');
  await h.page.keyboard.type(text);
}

/** The Problems rows of orders.py once the server has had time to analyse the last edit. */
async function problemsOfOrders(h) {
  await h.page.keyboard.press('Control+S');
  await h.sleep(3000);
  await h.palette('Problems: Focus on Problems View');
  const filter = h.page.locator('.markers-panel-container .viewpane-filter input, .panel .viewpane-filter input').first();
  await filter.fill('orders.py');
  await h.sleep(1500);
  const rows = (await h.page.locator('.markers-panel .monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
  await filter.fill('');
  return rows;
}

/** The CodeLens over the marked function, once it counts at least `edits` edits. */
async function lensWithEdits(h, edits) {
  let text = '';
  for (let i = 0; i < 40; i++) {
    text = await h.page
      .locator('.editor-instance .codelens-decoration', { hasText: 'AI · manual' })
      .first()
      .innerText()
      .catch(() => '');
    const m = /(\d+) edits?/.exec(text);
    if (m && Number(m[1]) >= edits) break;
    await h.sleep(250);
  }
  return text;
}

/** Sets `aidecay.thresholds.sittingGapMinutes` in the Settings editor, as a person would. */
async function setSittingGap(h, minutes) {
  await h.palette('aidecay: Open Settings');
  await h.sleep(1500);
  await h.page.locator('.settings-editor .settings-header .suggest-input-container').first().click();
  await h.page.keyboard.press('Control+A');
  await h.page.keyboard.type('aidecay.thresholds.sittingGapMinutes');
  const input = h.page.locator('.settings-editor .setting-item', { hasText: 'Sitting Gap Minutes' }).first().locator('input').first();
  await input.waitFor({ timeout: 15000 });
  await input.fill(String(minutes));
  await h.page.keyboard.press('Tab');
  await h.sleep(1500);
  await h.page.keyboard.press('Control+W');
  await h.sleep(1000);
}

export async function churnChecks(h) {
  await h.openFile('orders.py'); // a Python file: aidecay is active
  await setSittingGap(h, SITTING_GAP_S / 60);
  try {
    await h.openFile('orders.py');
    await h.focusEditor();
    // Select the function (lines 4-10) and mark it as AI-generated.
    await goTo(h, 4);
    for (let i = 0; i < 6; i++) await h.page.keyboard.press('Shift+ArrowDown');
    await h.page.keyboard.press('Shift+End');
    await h.palette('aidecay: Mark Selection as AI-generated');
    const marked = await lensWithEdits(h, 0);
    h.check('churn: the selection is marked as an AI region (CodeLens "AI · manual")', /AI · manual/.test(marked), marked);

    // Typed at the end of "total = 0", then, after a pause (another sitting), selected and deleted.
    await goTo(h, 6, '    total = 0'.length + 1);
    await h.page.keyboard.type(`  # ${TYPED}`);
    await h.sleep(PAUSE_MS);
    await goTo(h, 6, '    total = 0'.length + 1);
    await h.page.keyboard.press('Shift+End');
    await h.page.keyboard.press('Delete');
    const lens = await lensWithEdits(h, 2);
    let rows = await problemsOfOrders(h); // saves the file
    const intact = readFileSync(join(h.workspace, 'orders.py'), 'utf8') === ORDERS;
    await h.shot('14-churn-typed-and-deleted');
    h.check(
      'churn: text typed into an AI function and deleted after a pause raises no churn (the function is as the AI wrote it)',
      /\b([2-9]|\d\d+) edits\b/.test(lens) && intact && !rows.some((t) => /churn|reworked heavily/.test(t)),
      `lens: ${lens} | file as the AI wrote it: ${intact} | Problems: ${rows.join(' | ')}`,
    );

    // Later sittings rewrite most of the AI's lines.
    await h.sleep(PAUSE_MS);
    await h.focusEditor();
    await goTo(h, 7);
    await h.page.keyboard.press('Home');
    for (let i = 0; i < 2; i++) await h.page.keyboard.press('Shift+ArrowDown');
    await h.page.keyboard.press('Shift+End');
    await h.page.keyboard.type('owed = [entry.price * entry.quantity for entry in items if entry.price > 0]');
    await h.sleep(PAUSE_MS);
    await retype(h, 6, '# what each entry costs, free ones left out');
    await retype(h, 8, 'return sum(owed)');
    await h.sleep(PAUSE_MS);
    // The docstring's words, between its quotes (typed quotes would be auto-closed).
    await goTo(h, 5, '    """'.length + 1);
    await h.page.keyboard.press('Shift+End');
    for (let i = 0; i < '."""'.length; i++) await h.page.keyboard.press('Shift+ArrowLeft');
    await h.page.keyboard.type('Sum of what the entries cost');
    await lensWithEdits(h, 5);
    rows = await problemsOfOrders(h);
    const rewritten = readFileSync(join(h.workspace, 'orders.py'), 'utf8') === REWRITTEN;
    await h.shot('15-churn-rewritten');
    const churn = rows.find((t) => /reworked heavily: (\d+) of its (\d+) AI-written characters replaced or deleted \((\d+) ?%\)/.test(t)) ?? '';
    const share = Number(/\((\d+) ?%\)/.exec(churn)?.[1] ?? 0);
    const sittings = Number(/edited in (\d+) sittings/.exec(churn)?.[1] ?? 0);
    h.check(
      'churn: rewriting most of the AI\'s lines in later sittings raises churn in Problems (over half its characters, in 5 sittings)',
      rewritten && /churn/.test(churn) && share > 50 && sittings >= 5,
      `file rewritten as planned: ${rewritten} | Problems: ${rows.join(' | ')}`,
    );
  } finally {
    await setSittingGap(h, 30);
  }
}
