/**
 * Protocol test: the extension's RegionView, fed only the deltas of `aidecay/regionsChanged`
 * from the real Python server, matches `aidecay/listRegions` through random typing, new lines,
 * deletions across regions, marks and unmarks. Interpreter as in server.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import {
  ListRegionsRequest,
  MarkRegionRequest,
  type RegionInfo,
  type RegionsChangedParams,
  RegionsChangedNotification,
  UnmarkRegionRequest,
} from '../../src/protocol';
import { RegionView } from '../../src/regionDeltas';

const PYTHON =
  process.env.AIDECAY_PYTHON ?? (existsSync('/work/venv/bin/python') ? '/work/venv/bin/python' : 'python3');
const available = spawnSync(PYTHON, ['-c', 'import aidecay.lsp.server']).status === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe.skipIf(!available)('regionsChanged deltas from the real server', () => {
  it('keep a RegionView equal to listRegions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aidecay-deltas-'));
    const proc = spawn(PYTHON, ['-m', 'aidecay', 'serve', '--db', join(dir, 'a.db')], {
      cwd: dir,
      env: { ...process.env, AIDECAY_DB: join(dir, 'env.db') },
    });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const view = new RegionView();
    const deltas: RegionsChangedParams[] = [];
    conn.onNotification(RegionsChangedNotification, (p) => deltas.push(p));
    conn.onRequest(() => null);
    conn.listen();
    try {
      await conn.sendRequest('initialize', {
        processId: null,
        rootUri: null,
        capabilities: {},
        initializationOptions: { heuristic: { enabled: false }, analysis: { enabled: false } },
      });
      await conn.sendNotification('initialized', {});
      const uri = pathToFileURL(join(dir, 'app.py')).toString();
      let lines = Array.from({ length: 80 }, (_, k) => `    value_${k} = compute(${k}, 'abc')`);
      let version = 1;
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'python', version, text: lines.join('\n') + '\n' },
      });
      const range = (l1: number, c1: number, l2: number, c2: number) => ({
        start: { line: l1, character: c1 },
        end: { line: l2, character: c2 },
      });
      for (let start = 0; start < 80; start += 5) {
        await conn.sendRequest(MarkRegionRequest, { textDocument: { uri }, range: range(start, 0, start + 3, 0), origin: 'agent' });
      }
      const settle = async () => {
        await sleep(200);
        for (const d of deltas.splice(0)) view.apply(d);
      };
      const truth = async (): Promise<RegionInfo[]> =>
        (await conn.sendRequest(ListRegionsRequest, { textDocument: { uri } })).regions;
      await settle();
      expect(view.regionsOf(uri)).toEqual(await truth());
      const random = rng(5);
      for (let step = 0; step < 40; step++) {
        const line = Math.floor(random() * lines.length);
        const body = lines[line] ?? '';
        const col = Math.floor(random() * (body.length + 1));
        const kind = random();
        let text = 'x';
        let end: [number, number] = [line, col];
        if (kind > 0.45 && kind < 0.7) text = '\n    ';
        else if (kind >= 0.7 && line + 2 < lines.length) [text, end] = ['', [line + 2, 0]];
        else if (kind >= 0.7) [text, end] = ['', [line, Math.min(body.length, col + 3)]];
        version++;
        await conn.sendNotification('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [{ range: range(line, col, end[0], end[1]), text }],
        });
        const joined = lines.slice(0, line).concat([body.slice(0, col) + text + (lines[end[0]] ?? '').slice(end[1])]);
        lines = joined.join('\n').split('\n').concat(lines.slice(end[0] + 1));
        if (step % 13 === 6) {
          await settle();
          const first = view.regionsOf(uri)[0];
          if (first) await conn.sendRequest(UnmarkRegionRequest, { id: first.id });
          await conn.sendRequest(MarkRegionRequest, { textDocument: { uri }, range: range(line, 0, line + 1, 0), origin: 'paste' });
        }
        if (step % 4 === 3) {
          await settle();
          expect(view.regionsOf(uri)).toEqual(await truth());
        }
      }
    } finally {
      await conn.sendRequest('shutdown').catch(() => undefined);
      await conn.sendNotification('exit').catch(() => undefined);
      conn.dispose();
      proc.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});
