import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LaunchPlan, planLaunch, serverArgs, withPythonVersion } from '../../src/launch';
import { MCP_PROVIDER_ID, mcpInstallSpec, mcpLaunch } from '../../src/mcp/plan';
import { readSettings } from '../../src/settings';

const pythonPlan = (python: string, version = { major: 3, minor: 12 }): LaunchPlan =>
  withPythonVersion({ command: python, args: serverArgs(null), source: 'interpreter', python }, version);

describe('the MCP server is launched like the language server', () => {
  it('replaces serve by mcp, adds a root per folder and the configured database', () => {
    const launch = mcpLaunch(pythonPlan('/venv/bin/python'), ['/w/a', '/w/b'], '~/data/ai.db', '/home/u');
    expect(launch).toEqual({
      command: '/venv/bin/python',
      args: ['-P', '-m', 'aidecay', 'mcp', '--root', '/w/a', '--root', '/w/b', '--db', '/home/u/data/ai.db'],
    });
  });

  it('keeps the safe -c form on Python 3.10 and leaves the database to the environment', () => {
    const launch = mcpLaunch(pythonPlan('python3', { major: 3, minor: 10 }), ['/w'], null, '/home/u');
    expect(launch?.args[0]).toBe('-c');
    expect(launch?.args.slice(2)).toEqual(['mcp', '--root', '/w']);
  });

  it('turns a custom server command into mcp only when it says serve', () => {
    const settings = (path: string, args: string[]) => readSettings((k) => ({ 'server.path': path, 'server.args': args })[k]).settings;
    const inputs = { pythonExtensionInterpreter: null, platform: 'linux', home: '/h', workspaceFolder: '/w' };
    const wrapper = planLaunch({ ...inputs, settings: settings('/opt/aidecay', ['serve', '--log-level', 'DEBUG']) });
    expect(mcpLaunch(wrapper, ['/w'], null, '/h')?.args).toEqual(['mcp', '--log-level', 'DEBUG', '--root', '/w']);
    const opaque = planLaunch({ ...inputs, settings: settings('/opt/start-server', []) });
    expect(mcpLaunch(opaque, ['/w'], null, '/h')).toBeNull();
  });

  it('installs the extra from the bundled wheel when there is one', () => {
    expect(mcpInstallSpec(['aidecay-0.1.0-py3-none-any.whl'], '/ext/bundled')).toBe('/ext/bundled/aidecay-0.1.0-py3-none-any.whl[mcp]');
    expect(mcpInstallSpec([], '/ext/bundled')).toBe('aidecay[mcp]');
  });

  it('contributes the provider id it registers', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      contributes: { mcpServerDefinitionProviders: { id: string }[] };
      engines: { vscode: string };
    };
    expect(manifest.contributes.mcpServerDefinitionProviders.map((p) => p.id)).toEqual([MCP_PROVIDER_ID]);
    expect(manifest.engines.vscode).toBe('^1.101.0');
  });
});
