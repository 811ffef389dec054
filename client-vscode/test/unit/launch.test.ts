import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PROBE_SCRIPT,
  bundledWheel,
  expandPath,
  installCommand,
  interpretProbe,
  planLaunch,
  probedVersion,
  serverArgs,
  withPythonVersion,
} from '../../src/launch';
import { readSettings } from '../../src/settings';
import { pickChatTool, pickInlineTool } from '../../src/capture/tools';

const settings = (values: Record<string, unknown>) => readSettings((k) => values[k]).settings;
const inputs = { home: '/home/u', workspaceFolder: '/ws', platform: 'linux' };

describe('launch plan', () => {
  it('server.path wins, then interpreter, then the Python extension, then python3', () => {
    expect(planLaunch({ ...inputs, settings: settings({ 'server.path': '~/bin/aidecay', interpreter: '/x' }), pythonExtensionInterpreter: '/py' })).toEqual({
      command: '/home/u/bin/aidecay',
      args: ['serve'],
      source: 'server.path',
      python: null,
    });
    expect(planLaunch({ ...inputs, settings: settings({ interpreter: '${workspaceFolder}/.venv/bin/python' }), pythonExtensionInterpreter: '/py' })).toMatchObject({
      command: '/ws/.venv/bin/python',
      args: serverArgs(null),
      source: 'interpreter',
    });
    expect(planLaunch({ ...inputs, settings: settings({}), pythonExtensionInterpreter: '/py' })).toMatchObject({
      command: '/py',
      source: 'python-extension',
      python: '/py',
    });
    expect(planLaunch({ ...inputs, settings: settings({}), pythonExtensionInterpreter: null })).toMatchObject({
      command: 'python3',
      source: 'default',
    });
    expect(planLaunch({ ...inputs, platform: 'win32', settings: settings({}), pythonExtensionInterpreter: null }).command).toBe('python');
    expect(expandPath('${userHome}/x', '/h', null)).toBe('/h/x');
  });

  it('tells a missing interpreter, a missing aidecay and a broken install apart', () => {
    expect(interpretProbe({ spawnError: 'ENOENT', exitCode: null, stdout: '', stderr: '' }).kind).toBe('python-missing');
    expect(interpretProbe({ exitCode: 0, stdout: '0.1.0', stderr: '' })).toEqual({ kind: 'ok', version: '0.1.0', python: null });
    expect(interpretProbe({ exitCode: 0, stdout: 'python 3.12\n0.2.0', stderr: '' })).toEqual({
      kind: 'ok',
      version: '0.2.0',
      python: { major: 3, minor: 12 },
    });
    expect(probedVersion({ exitCode: 3, stdout: 'python 3.10\n', stderr: 'aidecay-missing: aidecay' })).toEqual({ major: 3, minor: 10 });
    expect(interpretProbe({ exitCode: 3, stdout: '', stderr: 'aidecay-missing: aidecay' }).kind).toBe('not-installed');
    expect(interpretProbe({ exitCode: 3, stdout: '', stderr: 'aidecay-missing: aidecay.lsp' }).kind).toBe('not-installed');
    expect(interpretProbe({ exitCode: 3, stdout: '', stderr: 'aidecay-missing: pygls' })).toMatchObject({ kind: 'broken' });
    expect(interpretProbe({ exitCode: 1, stdout: '', stderr: 'Traceback\nSyntaxError: bad' })).toEqual({ kind: 'broken', detail: 'SyntaxError: bad' });
    expect(installCommand('/py')).toEqual({ command: '/py', args: ['-m', 'pip', 'install', '--upgrade', 'aidecay'] });
    expect(installCommand('/py', 'aidecay', { major: 3, minor: 11 }).args).toEqual(['-P', '-m', 'pip', 'install', '--upgrade', 'aidecay']);
  });


  it('installs the wheel bundled with the extension, the newest when there are several', () => {
    expect(bundledWheel(['README', 'aidecay-0.1.0-py3-none-any.whl', 'aidecay-0.10.2-py3-none-any.whl', 'aidecay-0.9.0-py3-none-any.whl'])).toBe(
      'aidecay-0.10.2-py3-none-any.whl',
    );
    expect(bundledWheel(['other-1.0-py3-none-any.whl'])).toBeNull();
    expect(installCommand('/py', '/ext/bundled/aidecay-0.1.0-py3-none-any.whl').args.at(-1)).toBe('/ext/bundled/aidecay-0.1.0-py3-none-any.whl');
  });
});

describe('launch safety', () => {
  it('uses -P on Python 3.11+, else -c code that drops the working directory', () => {
    expect(serverArgs({ major: 3, minor: 11 })).toEqual(['-P', '-m', 'aidecay', 'serve']);
    expect(serverArgs({ major: 3, minor: 13 })).toEqual(['-P', '-m', 'aidecay', 'serve']);
    const old = serverArgs({ major: 3, minor: 10 });
    expect(old[0]).toBe('-c');
    expect(old.at(-1)).toBe('serve');
    expect(serverArgs(null)).toEqual(old);
    const plan = planLaunch({ ...inputs, settings: settings({ interpreter: '/py' }), pythonExtensionInterpreter: null });
    expect(withPythonVersion(plan, { major: 3, minor: 12 }).args).toEqual(['-P', '-m', 'aidecay', 'serve']);
    const custom = planLaunch({ ...inputs, settings: settings({ 'server.path': '/bin/aidecay' }), pythonExtensionInterpreter: null });
    expect(withPythonVersion(custom, { major: 3, minor: 12 })).toEqual(custom);
  });

  // The real interpreter in a folder of planted modules: nothing planted is imported.
  const python = process.env.AIDECAY_PYTHON ?? ['/work/venv/bin/python', '/work/main/.venv/bin/python'].find((p) => existsSync(p));
  const hasAidecay = python !== undefined && spawnSync(python, ['-c', 'import aidecay.lsp.server']).status === 0;
  it.skipIf(!hasAidecay)('the probe and the 3.10 launch code import nothing from their working directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aidecay-planted-'));
    try {
      for (const name of ['json', 'types', 'aidecay', 'sitecustomize', 'runpy', 'logging']) {
        writeFileSync(join(dir, `${name}.py`), `open(${JSON.stringify(join(dir, `MARK-${name}`))}, "w").close()\n`);
      }
      const probe = spawnSync(python ?? '', ['-c', PROBE_SCRIPT], { cwd: dir, encoding: 'utf8' });
      const verdict = interpretProbe({ exitCode: probe.status, stdout: probe.stdout, stderr: probe.stderr });
      expect(verdict.kind).toBe('ok');
      expect(probedVersion({ exitCode: probe.status, stdout: probe.stdout, stderr: probe.stderr })).not.toBeNull();
      const help = spawnSync(python ?? '', [...serverArgs({ major: 3, minor: 10 }).slice(0, -1), '--help'], { cwd: dir, encoding: 'utf8' });
      expect(help.stdout).toContain('usage: aidecay');
      expect(readdirSync(dir).filter((f) => f.startsWith('MARK-'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tools', () => {
  const listed = ['github.copilot', 'github.copilot-chat', 'codeium.codeium', 'fixture.fake-copilot'];
  it('names the single active inline provider', () => {
    expect(pickInlineTool(['github.copilot', 'github.copilot-chat', 'ms-python.python'], listed)).toBe('github.copilot');
    expect(pickInlineTool(['github.copilot', 'codeium.codeium'], listed)).toBeNull();
    expect(pickInlineTool(['fixture.fake-copilot'], listed)).toBe('fixture.fake-copilot');
    expect(pickInlineTool(['ms-python.python'], listed)).toBeNull();
    expect(pickChatTool(['github.copilot', 'github.copilot-chat'], listed)).toBe('github.copilot-chat');
  });
});
