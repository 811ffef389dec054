// Test fixture for aidecay's end-to-end run. Not shipped.
// - An InlineCompletionItemProvider for Python (stands in for Copilot).
// - "Fake AI: Apply Agent Edit": a multi-file, multi-line WorkspaceEdit (stands in for an agent).
// - "Fake AI: Dump aidecay State": writes aidecay's regions, their texts, the capture log and
//   every change event this extension saw to $AIDECAY_E2E_OUT (JSON).
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

const FIB_BODY = '    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)';
const SQUARE_TAIL = ' x * x  # squared';

const AGENT_APP = 'def base_name_of(file_path):\n    """Return the last part of a path."""\n    return os.path.basename(file_path)\n\n\n';
const AGENT_HELPERS =
  'def getFileSize(filePath):\n    try:\n        return os.path.getsize(filePath)\n    except:\n        print("cannot stat", filePath)\n        return -1\n\n\n';

const events = [];

function activate(context) {
  context.subscriptions.push(
    vscode.languages.registerInlineCompletionItemProvider({ language: 'python' }, {
      provideInlineCompletionItems(document, position) {
        const line = document.lineAt(position.line).text.slice(0, position.character);
        const previous = position.line > 0 ? document.lineAt(position.line - 1).text : '';
        if (/^\s*if$/.test(line) && previous.trim() === 'def fib(n):') {
          const range = new vscode.Range(position.line, 0, position.line, position.character);
          return [new vscode.InlineCompletionItem(FIB_BODY, range)];
        }
        if (/^\s*return$/.test(line) && previous.trim() === 'def square(x):') {
          return [new vscode.InlineCompletionItem(line + SQUARE_TAIL, new vscode.Range(position.line, 0, position.line, position.character))];
        }
        return [];
      },
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.scheme !== 'file') return;
      events.push({
        uri: e.document.uri.toString(),
        version: e.document.version,
        reason: e.reason === 1 ? 'undo' : e.reason === 2 ? 'redo' : undefined,
        dirtyAfter: e.document.isDirty,
        changes: e.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text })),
      });
    }),
    vscode.commands.registerCommand('fakeAi.agentEdit', async () => {
      const folder = vscode.workspace.workspaceFolders[0].uri;
      const app = vscode.Uri.joinPath(folder, 'app.py');
      const helpers = vscode.Uri.joinPath(folder, 'helpers.py');
      const appDoc = await vscode.workspace.openTextDocument(app);
      const helpersDoc = await vscode.workspace.openTextDocument(helpers);
      // Before main() in app.py (away from the cursor), and before the first function of helpers.py.
      const mainLine = appDoc.getText().split('\n').findIndex((l) => l.startsWith('def main'));
      const edit = new vscode.WorkspaceEdit();
      edit.insert(app, new vscode.Position(mainLine, 0), AGENT_APP);
      const helpersInsertAt = helpersDoc.getText().split('\n').findIndex((l) => l.startsWith('def '));
      edit.insert(helpers, new vscode.Position(Math.max(0, helpersInsertAt), 0), AGENT_HELPERS);
      const ok = await vscode.workspace.applyEdit(edit);
      return ok;
    }),
    vscode.commands.registerCommand('fakeAi.dump', async () => {
      const out = process.env.AIDECAY_E2E_OUT || path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, '.aidecay-e2e.json');
      const regions = (await vscode.commands.executeCommand('aidecay.api.listRegions')) || [];
      const texts = {};
      for (const r of regions) {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(r.uri));
        const range = new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character);
        texts[r.id] = doc.getText(range);
      }
      const captureLog = (await vscode.commands.executeCommand('aidecay.api.captureLog')) || [];
      const diagnostics = [];
      for (const [uri, diags] of vscode.languages.getDiagnostics()) {
        for (const d of diags) {
          if (d.source === 'aidecay') diagnostics.push({ uri: uri.toString(), message: d.message, code: typeof d.code === 'object' ? d.code.value : d.code, line: d.range.start.line, range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character] });
        }
      }
      fs.writeFileSync(out, JSON.stringify({ regions, texts, captureLog, diagnostics, events }, null, 2));
      return out;
    }),
  );
}

module.exports = { activate, deactivate() {} };
