/**
 * Protocol test: drives the real Python server (`python -m aidecay serve`) over stdio with
 * vscode-jsonrpc, using the extension's own protocol, settings and capture modules, so the
 * TypeScript types and the server agree.
 *
 * Interpreter: $AIDECAY_PYTHON, else /work/venv/bin/python, else python3. Skipped (with the
 * reason printed) when that interpreter cannot import aidecay.lsp.server.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type MessageConnection,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
} from 'vscode-jsonrpc/node';
import { CaptureClassifier } from '../../src/capture/classifier';
import { MarkQueue } from '../../src/capture/markQueue';
import { applyChange, lineStarts, positionToOffset } from '../../src/capture/text';
import {
  ExportRequest,
  ListRegionsRequest,
  MarkRegionRequest,
  Methods,
  ORIGINS,
  type Range,
  RegionHistoryRequest,
  type RegionEvent,
  type RegionInfo,
  RegionsChangedNotification,
  ServerCommands,
  StatsRequest,
  UnmarkRegionRequest,
  isMethodNotFound,
  serverCommandArguments,
} from '../../src/protocol';
import { readSettings, toServerSettings } from '../../src/settings';

function pickPython(): string {
  if (process.env.AIDECAY_PYTHON) return process.env.AIDECAY_PYTHON;
  if (existsSync('/work/venv/bin/python')) return '/work/venv/bin/python';
  return 'python3';
}

const PYTHON = pickPython();
const probe = spawnSync(PYTHON, ['-c', 'import aidecay.lsp.server'], { encoding: 'utf8' });
const available = probe.status === 0;
const skipReason = available
  ? ''
  : `protocol test skipped: "${PYTHON} -c 'import aidecay.lsp.server'" failed (${(probe.error?.message ?? probe.stderr ?? '').trim().split('\n').pop() ?? ''}). Set AIDECAY_PYTHON to an interpreter with aidecay installed.`;
if (!available) console.warn(skipReason);

const settings = toServerSettings(readSettings(() => undefined).settings);

class Harness {
  proc!: ChildProcessWithoutNullStreams;
  conn!: MessageConnection;
  stderr = '';
  regionsChanged: string[] = [];
  configurationRequests = 0;
  logs: string[] = [];
  docs = new Map<string, { text: string; version: number }>();

  async start(db: string, cwd: string): Promise<Record<string, unknown>> {
    this.proc = spawn(PYTHON, ['-m', 'aidecay', 'serve'], {
      cwd,
      env: { ...process.env, AIDECAY_DB: db },
    });
    this.proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.conn.onNotification(RegionsChangedNotification, (p) => this.regionsChanged.push(p.uri));
    this.conn.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      this.configurationRequests++;
      return p.items.map((i) => (i.section === 'aidecay' ? settings : null));
    });
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('client/unregisterCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
    const result = await this.conn.sendRequest<Record<string, unknown>>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(cwd).toString(),
      workspaceFolders: [{ uri: pathToFileURL(cwd).toString(), name: 'ws' }],
      capabilities: {
        general: { positionEncodings: ['utf-16'] },
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: { synchronization: { didSave: true, dynamicRegistration: false }, publishDiagnostics: {} },
        window: { workDoneProgress: true },
      },
      initializationOptions: settings,
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  async open(uri: string, text: string): Promise<void> {
    this.docs.set(uri, { text, version: 1 });
    await this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'python', version: 1, text },
    });
  }

  /** Sends one change event as VS Code would (offset-based changes converted to LSP ranges). */
  async change(uri: string, changes: { rangeOffset: number; rangeLength: number; text: string }[]): Promise<number> {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error('not open');
    const contentChanges: { range: Range; text: string }[] = [];
    for (const c of changes) {
      const starts = lineStarts(doc.text);
      const toPos = (offset: number) => {
        let line = 0;
        while (line + 1 < starts.length && (starts[line + 1] ?? 0) <= offset) line++;
        return { line, character: offset - (starts[line] ?? 0) };
      };
      contentChanges.push({ range: { start: toPos(c.rangeOffset), end: toPos(c.rangeOffset + c.rangeLength) }, text: c.text });
      doc.text = applyChange(doc.text, c);
    }
    doc.version++;
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: doc.version },
      contentChanges,
    });
    return doc.version;
  }

  textOf(uri: string, range: Range): string {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error('not open');
    const starts = lineStarts(doc.text);
    return doc.text.slice(positionToOffset(doc.text, starts, range.start), positionToOffset(doc.text, starts, range.end));
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      const t = setTimeout(() => {
        this.proc.kill('SIGKILL');
        resolve();
      }, 5000);
      this.proc.on('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
    this.conn.dispose();
  }
}

function assertRegionInfo(r: RegionInfo): void {
  expect(typeof r.id).toBe('string');
  expect(typeof r.uri).toBe('string');
  for (const p of [r.range.start, r.range.end]) {
    expect(Number.isInteger(p.line)).toBe(true);
    expect(Number.isInteger(p.character)).toBe(true);
  }
  expect(ORIGINS as readonly string[]).toContain(r.origin);
  expect(r.tool === null || typeof r.tool === 'string').toBe(true);
  expect(r.model === null || typeof r.model === 'string').toBe(true);
  expect(['live', 'deleted', 'unmarked']).toContain(r.status);
  expect(Number.isNaN(Date.parse(r.createdAt))).toBe(false);
  expect(r.createdAt).toMatch(/(Z|\+00:00)$/);
  for (const n of [r.editCount, r.charsInserted, r.charsDeleted, r.length, r.originalLength]) {
    expect(Number.isInteger(n)).toBe(true);
  }
  expect(r.lastEditedAt === null || typeof r.lastEditedAt === 'string').toBe(true);
  expect(r.deletedAt === null || typeof r.deletedAt === 'string').toBe(true);
}

function assertRegionEvent(e: RegionEvent): void {
  expect(['string', 'number']).toContain(typeof e.id);
  expect(typeof e.regionId).toBe('string');
  expect(Number.isNaN(Date.parse(e.at))).toBe(false);
  expect(e.version === null || Number.isInteger(e.version)).toBe(true);
  expect(['created', 'edit', 'deleted', 'unmarked', 'reviewed']).toContain(e.kind);
  expect(typeof e.author).toBe('string');
  expect(Number.isInteger(e.inserted)).toBe(true);
  expect(Number.isInteger(e.deleted)).toBe(true);
  expect(e.rule === null || typeof e.rule === 'string').toBe(true);
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!available)('protocol: the real aidecay server over stdio', () => {
  const h = new Harness();
  let dir = '';
  let init: Record<string, unknown> = {};
  const uri = () => pathToFileURL(join(dir, 'app.py')).toString();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aidecay-protocol-'));
    init = await h.start(join(dir, 'aidecay.db'), dir);
  });

  afterAll(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('initializes, syncs incrementally and pulls the aidecay settings', async () => {
    const caps = init.capabilities as { textDocumentSync?: unknown; positionEncoding?: string };
    const sync = caps.textDocumentSync;
    const kind = typeof sync === 'number' ? sync : (sync as { change?: number }).change;
    expect(kind).toBe(2);
    expect(caps.positionEncoding ?? 'utf-16').toBe('utf-16');
    expect((init.serverInfo as { name?: string } | undefined)?.name).toBe('aidecay');
    await waitFor(() => h.configurationRequests > 0);
  });

  it('markRegion → RegionInfo; edits inside → editCount; regionsChanged; history', async () => {
    const text = 'import os\n\n\ndef main():\n    pass\n';
    await h.open(uri(), text);
    const body = 'def helper(path):\n    return os.path.basename(path)\n';
    const version = await h.change(uri(), [{ rangeOffset: text.length, rangeLength: 0, text: body }]);
    const mark = await h.conn.sendRequest(MarkRegionRequest, {
      textDocument: { uri: uri(), version },
      range: { start: { line: 5, character: 0 }, end: { line: 7, character: 0 } },
      origin: 'inline-completion',
      tool: 'github.copilot',
      model: 'gpt-test',
    });
    expect(mark.created).toHaveLength(1);
    const region = mark.created[0] as RegionInfo;
    assertRegionInfo(region);
    expect(region.origin).toBe('inline-completion');
    expect(region.tool).toBe('github.copilot');
    expect(region.model).toBe('gpt-test');
    expect(region.status).toBe('live');
    expect(region.uri).toBe(uri());
    expect(h.textOf(uri(), region.range).trim()).toBe(body.trim());
    await waitFor(() => h.regionsChanged.includes(uri()));

    // The person edits inside the region.
    const at = (h.docs.get(uri())?.text ?? '').indexOf('basename');
    await h.change(uri(), [{ rangeOffset: at, rangeLength: 8, text: 'dirname' }]);
    const listed = await h.conn.sendRequest(ListRegionsRequest, { textDocument: { uri: uri() } });
    expect(listed.regions).toHaveLength(1);
    const after = listed.regions[0] as RegionInfo;
    assertRegionInfo(after);
    expect(after.editCount).toBe(1);
    expect(after.charsInserted).toBe(7);
    expect(after.charsDeleted).toBe(8);
    expect(after.lastEditedAt).not.toBeNull();

    const history = await h.conn.sendRequest(RegionHistoryRequest, { id: region.id });
    assertRegionInfo(history.region);
    expect(history.events.map((e) => e.kind)).toEqual(['created', 'edit']);
    history.events.forEach(assertRegionEvent);
    expect(history.events[1]?.author).toBe('human');
  });

  it('the bulk-insert heuristic is off for this client', async () => {
    const before = (await h.conn.sendRequest(ListRegionsRequest, { textDocument: { uri: uri() } })).regions.length;
    const doc = h.docs.get(uri());
    await h.change(uri(), [
      { rangeOffset: doc?.text.length ?? 0, rangeLength: 0, text: '\n\ndef a():\n    x = 1\n    y = 2\n    return x + y\n' },
    ]);
    const after = (await h.conn.sendRequest(ListRegionsRequest, { textDocument: { uri: uri() } })).regions.length;
    expect(after).toBe(before);
  });

  it('a capture verdict from the classifier lands on exactly the accepted text', async () => {
    const u = pathToFileURL(join(dir, 'capture.py')).toString();
    const text = 's = "😀 é"\r\ndef fib(n):\r\n';
    await h.open(u, text);
    const classifier = new CaptureClassifier();
    const queue = new MarkQueue();
    classifier.openDocument(u, 1, text);
    queue.markSent(u, 1);
    // Tab accept: the wrapper registers the expectation, then the change arrives.
    classifier.expect({ kind: 'inline', uri: u, baseVersion: 1, tool: 'fixture.fake-copilot' });
    const completion = '    if n < 2:\r\n        return n\r\n    return fib(n - 1) + fib(n - 2)\r\n';
    const change = { rangeOffset: text.length, rangeLength: 0, text: completion };
    const { verdicts } = classifier.onChange({ uri: u, version: 2, changes: [change] }, { cursors: [text.length] });
    expect(verdicts.map((v) => v.origin)).toEqual(['inline-completion']);
    for (const v of verdicts) {
      for (const span of v.spans) {
        queue.add({ uri: u, version: v.version, span, origin: v.origin ?? 'manual', tool: v.tool, model: v.model });
      }
    }
    const version = await h.change(u, [change]);
    queue.markSent(u, version);
    const ready = queue.drain((doc) => classifier.documentText(doc));
    expect(ready).toHaveLength(1);
    const created = (await h.conn.sendRequest(MarkRegionRequest, ready[0]!)).created;
    expect(created).toHaveLength(1);
    const r = created[0] as RegionInfo;
    expect(r.origin).toBe('inline-completion');
    expect(r.tool).toBe('fixture.fake-copilot');
    expect(h.textOf(u, r.range).trim()).toBe(completion.trim());
    expect(r.range.start).toEqual({ line: 2, character: 0 });
  });

  it('unmarkRegion, includeDeleted and every origin the client sends', async () => {
    const u = pathToFileURL(join(dir, 'origins.py')).toString();
    const lines = ORIGINS.map((o, i) => `v${i} = "${o}"\n`);
    await h.open(u, lines.join(''));
    const ids: string[] = [];
    for (const [i, origin] of ORIGINS.entries()) {
      const res = await h.conn.sendRequest(MarkRegionRequest, {
        textDocument: { uri: u },
        range: { start: { line: i, character: 0 }, end: { line: i, character: (lines[i] ?? '').length - 1 } },
        origin,
      });
      expect(res.created[0]?.origin).toBe(origin);
      ids.push(res.created[0]!.id);
    }
    const gone = await h.conn.sendRequest(UnmarkRegionRequest, { id: ids[0]! });
    expect(gone.region?.status).toBe('unmarked');
    const missing = await h.conn.sendRequest(UnmarkRegionRequest, { id: 'no-such-region' });
    expect(missing.region).toBeNull();
    const live = await h.conn.sendRequest(ListRegionsRequest, { textDocument: { uri: u } });
    expect(live.regions.map((r) => r.id)).not.toContain(ids[0]);
    const all = await h.conn.sendRequest(ListRegionsRequest, { textDocument: { uri: u }, includeDeleted: true });
    expect(all.regions.map((r) => r.id)).toContain(ids[0]);
    const everything = await h.conn.sendRequest(ListRegionsRequest, {});
    expect(everything.regions.length).toBeGreaterThanOrEqual(ORIGINS.length);
  });

  it('every server setting the extension sends is one the server knows (no warnings)', async () => {
    const all: Record<string, unknown> = {
      databasePath: join(dir, 'aidecay.db'),
      'heuristic.minLines': 4,
      'analysis.enabled': true,
      'analysis.debounceMs': 200,
      'thresholds.complexityGrowth': 5,
      'thresholds.complexityMax': 12,
      'thresholds.maintainabilityDrop': 20,
      'thresholds.churnSittings': 6,
      'thresholds.churnFactor': 0.7,
      'thresholds.sittingGapMinutes': 45,
      'diagnostics.disabled': ['churn'],
      'diagnostics.severity': { 'naming-divergence': 'hint' },
    };
    const { settings: full, warnings } = readSettings((k) => all[k]);
    expect(warnings).toEqual([]);
    const sent = toServerSettings(full);
    expect(Object.keys(sent).sort()).toEqual(['analysis', 'codeLens', 'databasePath', 'diagnostics', 'heuristic', 'thresholds']);
    h.logs.length = 0;
    await h.conn.sendNotification('workspace/didChangeConfiguration', { settings: { aidecay: sent } });
    await h.conn.sendRequest(ListRegionsRequest, {});
    await new Promise((r) => setTimeout(r, 300));
    const complaints = h.logs.filter((m) => /setting/i.test(m));
    expect(complaints).toEqual([]);
    // an ill-typed value is named in a warning (so the check above would have seen one)
    await h.conn.sendNotification('workspace/didChangeConfiguration', { settings: { aidecay: { heuristic: { minLines: 'x' } } } });
    await h.conn.sendRequest(ListRegionsRequest, {});
    await waitFor(() => h.logs.some((m) => m.includes('heuristic.minLines')));
    await h.conn.sendNotification('workspace/didChangeConfiguration', { settings: { aidecay: settings } });
  });

  it('bad params are JSON-RPC errors, not crashes', async () => {
    await expect(h.conn.sendRequest(RegionHistoryRequest, { id: 'nope' })).rejects.toBeInstanceOf(ResponseError);
    await expect(
      h.conn.sendRequest(MarkRegionRequest, {
        textDocument: { uri: uri() },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
        origin: 'bogus' as never,
      }),
    ).rejects.toBeInstanceOf(ResponseError);
    const still = await h.conn.sendRequest(ListRegionsRequest, {});
    expect(Array.isArray(still.regions)).toBe(true);
  });

  it('later methods (stats, export, executeCommand) answer or say MethodNotFound', async () => {
    const notes: string[] = [];
    const tryCall = async <T>(name: string, call: () => Promise<T>, check: (v: T) => void): Promise<void> => {
      try {
        check(await call());
      } catch (error) {
        if (isMethodNotFound(error)) notes.push(`${name}: not provided by this server yet`);
        else throw error;
      }
    };
    await tryCall(Methods.stats, () => h.conn.sendRequest(StatsRequest, {}), (v) => expect(typeof v).toBe('object'));
    for (const format of ['json', 'csv'] as const) {
      await tryCall(Methods.export, () => h.conn.sendRequest(ExportRequest, { format }), (v) => expect(typeof v.content).toBe('string'));
    }
    const regions = (await h.conn.sendRequest(ListRegionsRequest, {})).regions;
    const provider = (init.capabilities as { executeCommandProvider?: { commands?: string[] } }).executeCommandProvider;
    const commands = provider?.commands ?? [];
    for (const command of [ServerCommands.markReviewed, ServerCommands.showHistory]) {
      if (!commands.includes(command)) {
        notes.push(`${command}: not advertised by this server yet`);
        continue;
      }
      const live = regions.find((r) => r.status === 'live')!;
      const answer = await h.conn.sendRequest<Record<string, unknown> | null>('workspace/executeCommand', {
        command,
        arguments: serverCommandArguments(live.id),
      });
      if (command === ServerCommands.showHistory) expect(answer).toHaveProperty('events');
      if (command === ServerCommands.markReviewed) expect(answer).toMatchObject({ id: live.id });
    }
    if (notes.length > 0) console.warn(`protocol: ${notes.join('; ')}`);
  });
});

if (!available) {
  describe('protocol (skipped)', () => {
    it.skip(skipReason, () => undefined);
  });
}
