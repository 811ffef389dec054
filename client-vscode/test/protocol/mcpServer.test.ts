/**
 * The MCP server the extension registers, started exactly as planned (same interpreter as the
 * language server, `mcp` instead of `serve`): it answers an MCP initialize over stdio.
 * Interpreter: $AIDECAY_PYTHON; skipped when it lacks the aidecay[mcp] extra.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverArgs, withPythonVersion } from '../../src/launch';
import { MCP_PROBE_SCRIPT, mcpLaunch } from '../../src/mcp/plan';

const python = process.env.AIDECAY_PYTHON;
const hasExtra = python !== undefined && spawnSync(python, ['-c', MCP_PROBE_SCRIPT]).status === 0;

describe.skipIf(!hasExtra)('the planned command starts a real aidecay MCP server', () => {
  it('answers initialize over stdio as aidecay', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aidecay-mcp-'));
    const launch = mcpLaunch(
      withPythonVersion({ command: python as string, args: serverArgs(null), source: 'interpreter', python: python as string }, { major: 3, minor: 11 }),
      [folder],
      join(folder, 'a.db'),
      folder,
    );
    const child = spawn(launch!.command, launch!.args, { cwd: tmpdir() });
    const reply = new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += String(chunk);
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      child.on('error', reject);
      setTimeout(() => reject(new Error('no answer in 30 s')), 30_000);
    });
    child.stdin.write(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'vitest', version: '1' } },
      }) + '\n',
    );
    try {
      const answer = JSON.parse(await reply);
      expect(answer.id).toBe(1);
      expect(answer.result.serverInfo.name).toBe('aidecay');
      expect(answer.result.capabilities.tools).toBeDefined();
    } finally {
      child.kill();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 40_000);
});
