import { describe, expect, it } from 'vitest';
import { bundledWheel, expandPath, installCommand, interpretProbe, planLaunch } from '../../src/launch';
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
      args: ['-m', 'aidecay', 'serve'],
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
    expect(interpretProbe({ exitCode: 0, stdout: '0.1.0', stderr: '' })).toEqual({ kind: 'ok', version: '0.1.0' });
    expect(interpretProbe({ exitCode: 3, stdout: '', stderr: 'aidecay-missing: aidecay' }).kind).toBe('not-installed');
    expect(interpretProbe({ exitCode: 3, stdout: '', stderr: 'aidecay-missing: aidecay.lsp' }).kind).toBe('not-installed');
    expect(interpretProbe({ exitCode: 3, stdout: '', stderr: 'aidecay-missing: pygls' })).toMatchObject({ kind: 'broken' });
    expect(interpretProbe({ exitCode: 1, stdout: '', stderr: 'Traceback\nSyntaxError: bad' })).toEqual({ kind: 'broken', detail: 'SyntaxError: bad' });
    expect(installCommand('/py')).toEqual({ command: '/py', args: ['-m', 'pip', 'install', '--upgrade', 'aidecay'] });
  });

  it('installs the wheel bundled with the extension, the newest when there are several', () => {
    expect(bundledWheel(['README', 'aidecay-0.1.0-py3-none-any.whl', 'aidecay-0.10.2-py3-none-any.whl', 'aidecay-0.9.0-py3-none-any.whl'])).toBe(
      'aidecay-0.10.2-py3-none-any.whl',
    );
    expect(bundledWheel(['other-1.0-py3-none-any.whl'])).toBeNull();
    expect(installCommand('/py', '/ext/bundled/aidecay-0.1.0-py3-none-any.whl').args.at(-1)).toBe('/ext/bundled/aidecay-0.1.0-py3-none-any.whl');
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
