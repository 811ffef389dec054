/**
 * Starts and restarts the aidecay language server (a thin adapter over vscode-languageclient).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  type LanguageClientOptions,
  type Middleware,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from 'vscode-languageclient/node';
import {
  type LaunchPlan,
  type ProbeVerdict,
  bundledWheel,
  type PythonVersion,
  describeSource,
  installCommand,
  planLaunch,
  withPythonVersion,
} from './launch';
import { RegionsChangedNotification, type RegionsChangedParams, ServerCommands } from './protocol';
import { type RestartDecision, RestartPolicy, describeWindow } from './restartPolicy';
import { type ClientSettings, configuredValue, needsRestart, readSettings, toServerSettings } from './settings';
import { probeInterpreter, pythonExtensionInterpreter } from './setup/probe';

/** The docs shipped in the extension (copied from the repository's docs/ by scripts/build.mjs). */
export const BUNDLED_DOCS = ['dist', 'docs', 'vscode.md'];

/** `restarting`: it stopped on its own and is started again after a back-off. */
export type ServerState = 'stopped' | 'starting' | 'running' | 'restarting' | 'failed';

/** The interpreter the server last ran in (offered by Select Interpreter even after a bad setting). */
export const LAST_WORKING_INTERPRETER = 'aidecay.lastWorkingInterpreter';

/** Hooks the capture adapter installs into the client's document synchronisation. */
export interface SyncHooks {
  didOpen(document: vscode.TextDocument): void;
  /** Called before the didChange is sent; the returned callback runs once it has been sent. */
  didChange(event: vscode.TextDocumentChangeEvent): (() => void) | undefined;
  didClose(document: vscode.TextDocument): void;
  reset(): void;
}

export function readConfiguration(scope?: vscode.ConfigurationScope): { settings: ClientSettings; warnings: string[] } {
  const config = vscode.workspace.getConfiguration('aidecay', scope);
  const trusted = vscode.workspace.isTrusted;
  return readSettings((key) => configuredValue(key, config.inspect(key), trusted));
}

export class ServerManager implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private state: ServerState = 'stopped';
  private settings: ClientSettings;
  private plan: LaunchPlan | undefined;
  private lastProbe: ProbeVerdict | undefined;
  private lastPythonVersion: PythonVersion | null = null;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly clientDisposables: vscode.Disposable[] = [];
  private readonly onRegionsChangedEmitter = new vscode.EventEmitter<RegionsChangedParams>();
  private readonly onStateEmitter = new vscode.EventEmitter<ServerState>();
  private lastSentConfig = '';
  private starting: Promise<void> | undefined;
  private readonly restarts = new RestartPolicy();
  private restartTimer: NodeJS.Timeout | undefined;

  /** `aidecay/regionsChanged` from the server (the document URI and, from newer servers, the delta). */
  readonly onRegionsChanged = this.onRegionsChangedEmitter.event;
  readonly onStateChanged = this.onStateEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
    private readonly hooks: SyncHooks,
  ) {
    const { settings, warnings } = readConfiguration();
    this.settings = settings;
    for (const w of warnings) output.warn(w);
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('aidecay')) void this.configurationChanged();
      }),
      // Trust lets the workspace's own interpreter and server settings apply: start again.
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.output.info('Workspace trusted: restarting with its settings.');
        void this.restart();
      }),
    );
    void vscode.commands.executeCommand('setContext', 'aidecay.serverState', this.state);
  }

  get languageClient(): LanguageClient | undefined {
    return this.client && this.state === 'running' ? this.client : undefined;
  }

  get currentState(): ServerState {
    return this.state;
  }

  get currentSettings(): ClientSettings {
    return this.settings;
  }

  get launchPlan(): LaunchPlan | undefined {
    return this.plan;
  }

  /** The interpreter the server last ran in (any window), if it still exists. */
  get lastWorkingInterpreter(): string | undefined {
    const python = this.context.globalState.get<string>(LAST_WORKING_INTERPRETER);
    return python !== undefined && fs.existsSync(python) ? python : undefined;
  }

  get probe(): ProbeVerdict | undefined {
    return this.lastProbe;
  }

  private setState(state: ServerState): void {
    this.state = state;
    // For `when` clauses: the panel's welcome text says "not running" instead of "no regions".
    void vscode.commands.executeCommand('setContext', 'aidecay.serverState', state);
    this.onStateEmitter.fire(state);
  }

  /**
   * The folder every process we start runs in: the extension's global storage, never the
   * workspace (Python puts the working directory on `sys.path`) nor a shared temp folder.
   */
  async neutralDirectory(): Promise<string> {
    const dir = this.context.globalStorageUri.fsPath;
    try {
      await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
      return dir;
    } catch (error) {
      const fallback = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'aidecay-'));
      this.output.warn(`Cannot create ${dir} (${String(error)}); starting in the private folder ${fallback}`);
      return fallback;
    }
  }

  async start(): Promise<void> {
    if (this.starting) return this.starting;
    this.starting = this.doStart().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    if (this.client) return;
    this.setState('starting');
    const { settings, warnings } = readConfiguration();
    this.settings = settings;
    for (const w of warnings) this.output.warn(w);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? null;
    const cwd = await this.neutralDirectory();
    // An untrusted workspace may have chosen the Python extension's interpreter: do not run it.
    const askPythonExtension = settings.interpreter === null && settings.server.path === null && vscode.workspace.isTrusted;
    let plan = planLaunch({
      settings,
      pythonExtensionInterpreter: askPythonExtension ? await pythonExtensionInterpreter() : null,
      platform: process.platform,
      home: os.homedir(),
      workspaceFolder: folder,
    });
    this.output.info(`Using ${plan.python ?? plan.command} (from ${describeSource(plan)}); working directory ${cwd}`);

    if (plan.python !== null) {
      const { verdict, version } = await probeInterpreter(plan.python, cwd);
      this.lastProbe = verdict;
      this.lastPythonVersion = version;
      plan = withPythonVersion(plan, version);
      this.plan = plan;
      if (verdict.kind !== 'ok') {
        this.setState('failed');
        this.explainProbeFailure(plan, verdict);
        return;
      }
      this.output.info(`aidecay ${verdict.version} found in ${plan.python}${version ? ` (Python ${version.major}.${version.minor})` : ''}`);
    }
    this.plan = plan;
    this.output.info(`Starting the aidecay server: ${plan.command} ${plan.args.map(showArg).join(' ')}`);

    const serverOptions: ServerOptions = {
      command: plan.command,
      args: plan.args,
      // No `transport`: stdio without the `--stdio` argument languageclient would append.
      // A neutral working directory: never the workspace (see neutralDirectory).
      options: { cwd, env: { ...process.env } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', language: 'python' }],
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: toServerSettings(settings),
      diagnosticCollectionName: 'aidecay',
      // Pull diagnostics (when the server offers them) for every open tab, on change and save.
      diagnosticPullOptions: { onChange: true, onSave: true, onTabs: true },
      middleware: this.middleware(),
      errorHandler: {
        error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
        // Restarted here (with back-off), not by languageclient: see `crashed`.
        closed: () => {
          this.crashed(client);
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
      initializationFailedHandler: (error) => {
        this.output.error(`The aidecay server failed to initialize: ${String(error)}`);
        return false;
      },
    };
    const client = new LanguageClient('aidecay', 'aidecay', serverOptions, clientOptions);
    this.client = client;
    this.hooks.reset();
    this.clientDisposables.push(
      client.onNotification(RegionsChangedNotification, (params) => this.onRegionsChangedEmitter.fire(params)),
      client.onDidChangeState((e) => {
        if (e.newState === State.Stopped && this.state === 'running') this.crashed(client);
      }),
    );
    try {
      await client.start();
      if (!client.isRunning()) throw new Error('the server exited during initialization (see the log above)');
      this.lastSentConfig = JSON.stringify(toServerSettings(settings));
      this.setState('running');
      if (plan.python !== null) void this.context.globalState.update(LAST_WORKING_INTERPRETER, plan.python);
      this.output.info('The aidecay server is running.');
    } catch (error) {
      this.setState('failed');
      this.output.error(`Could not start the aidecay server: ${String(error)}`);
      void vscode.window
        .showErrorMessage(`aidecay: could not start the server (${plan.command}). ${firstLine(String(error))}`, 'Show Log', 'Open Settings')
        .then((choice) => this.handleChoice(choice, plan.python ?? plan.command, plan.source === 'server.path' ? 'aidecay.server.path' : undefined));
    }
  }

  /**
   * The server stopped on its own (crashed, killed): restart it after a back-off, with a
   * notification that lasts exactly as long as the restart; give up (and say so) when it keeps
   * stopping. Runs once per client.
   */
  private crashed(client: LanguageClient): void {
    if (this.client !== client) return; // stopped on purpose, or already handled
    this.client = undefined;
    for (const d of this.clientDisposables.splice(0)) d.dispose();
    this.hooks.reset();
    void client.dispose(2000).catch(() => undefined);
    const decision = this.restarts.crashed(Date.now());
    if (!decision.restart) {
      this.giveUp(decision);
      return;
    }
    const seconds = Math.round(decision.delayMs / 1000);
    this.output.error(`The aidecay server stopped unexpectedly; restarting it in ${seconds} s (attempt ${decision.attempt} of ${decision.of}).`);
    this.setState('restarting');
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'aidecay' }, (progress) => {
      progress.report({ message: `the server stopped unexpectedly; restarting it (attempt ${decision.attempt} of ${decision.of})…` });
      return new Promise<void>((resolve) => {
        const sub = this.onStateChanged((state) => {
          if (state === 'restarting' || state === 'starting') return;
          sub.dispose();
          resolve();
        });
      });
    });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void this.start();
    }, decision.delayMs);
  }

  private giveUp(decision: Extract<RestartDecision, { restart: false }>): void {
    const why = `it stopped ${decision.crashes} times within ${describeWindow(decision.windowMs)}, so it is not restarted automatically`;
    this.output.error(`The aidecay server is not running: ${why}.`);
    this.setState('failed');
    void vscode.window
      .showErrorMessage(`aidecay server is not running: ${why}. Its log says why.`, 'Show Log', 'Restart')
      .then((choice) => this.handleChoice(choice, this.plan?.python ?? this.plan?.command ?? 'python3'));
  }

  async stop(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const client = this.client;
    this.client = undefined;
    for (const d of this.clientDisposables.splice(0)) d.dispose();
    if (client) {
      try {
        if (client.isRunning()) await client.stop(5000);
        else await client.dispose(2000);
      } catch (error) {
        this.output.warn(`Stopping the server: ${String(error)}`);
      }
    }
    this.hooks.reset();
    this.setState('stopped');
  }

  async restart(): Promise<void> {
    this.output.info('Restarting the aidecay server.');
    this.restarts.reset();
    await this.stop();
    await this.start();
  }

  private middleware(): Middleware {
    return {
      didOpen: async (document, next) => {
        this.hooks.didOpen(document);
        await next(document);
      },
      didChange: async (event, next) => {
        const after = this.hooks.didChange(event);
        await next(event);
        after?.();
      },
      didClose: async (document, next) => {
        this.hooks.didClose(document);
        await next(document);
      },
      executeCommand: async (command, args, next) => {
        // The server's "Show region history" returns data: show it in an editor instead.
        if (command === ServerCommands.showHistory && typeof args[0] === 'string') {
          await vscode.commands.executeCommand('aidecay.showRegionHistory', args[0]);
          return undefined;
        }
        // "Turn off <code> in this workspace": written to the workspace settings (vsui).
        if (command === ServerCommands.turnOffCode && typeof args[0] === 'string') {
          await vscode.commands.executeCommand('aidecay.turnOffDiagnostic', args[0]);
          return undefined;
        }
        return (await next(command, args)) as unknown;
      },
      workspace: {
        configuration: (params, token, next) => {
          const answer: unknown[] = [];
          let forward = false;
          for (const item of params.items) {
            if (item.section === 'aidecay') {
              const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              answer.push(toServerSettings(readConfiguration(scope).settings));
            } else {
              forward = true;
              answer.push(null);
            }
          }
          if (!forward) return answer;
          return Promise.resolve(next(params, token)).then((result: unknown) => {
            if (!Array.isArray(result)) return result as unknown[];
            const forwarded: unknown[] = result;
            return params.items.map((item, i): unknown => (item.section === 'aidecay' ? answer[i] : forwarded[i]));
          });
        },
      },
    };
  }

  private async configurationChanged(): Promise<void> {
    const { settings, warnings } = readConfiguration();
    for (const w of warnings) this.output.warn(w);
    const before = this.settings;
    this.settings = settings;
    if (needsRestart(before, settings)) {
      this.output.info(
        `Settings changed (interpreter ${before.interpreter ?? 'unset'} → ${settings.interpreter ?? 'unset'}, server path ${before.server.path ?? 'unset'} → ${settings.server.path ?? 'unset'}): restarting.`,
      );
      await this.restart();
      return;
    }
    const client = this.languageClient;
    const serverSettings = toServerSettings(settings);
    const serialized = JSON.stringify(serverSettings);
    if (client && serialized !== this.lastSentConfig) {
      this.lastSentConfig = serialized;
      await client.sendNotification('workspace/didChangeConfiguration', { settings: { aidecay: serverSettings } });
    }
  }

  private explainProbeFailure(plan: LaunchPlan, verdict: ProbeVerdict): void {
    const python = plan.python ?? plan.command;
    let message: string;
    const actions: string[] = [];
    switch (verdict.kind) {
      case 'python-missing':
        message = `aidecay: the Python interpreter "${python}" (${describeSource(plan)}) was not found (${verdict.detail}). Select an interpreter that has aidecay.`;
        actions.push('Select Interpreter', 'Open Settings', 'Open Docs');
        break;
      case 'not-installed':
        message = `aidecay is not installed in ${python} (${describeSource(plan)}). Install it there, or select an interpreter that has it?`;
        actions.push('Install aidecay', 'Select Interpreter', 'Open Settings', 'Open Docs');
        break;
      case 'broken':
        message = `aidecay in ${python} cannot start: ${verdict.detail}`;
        actions.push('Install aidecay', 'Show Log', 'Open Docs');
        break;
      default:
        return;
    }
    this.output.error(message);
    void vscode.window.showErrorMessage(message, ...actions).then((choice) => this.handleChoice(choice, python));
  }

  private handleChoice(choice: string | undefined, python: string, setting = 'aidecay.interpreter'): void {
    if (choice === 'Install aidecay') void this.install(python);
    else if (choice === 'Select Interpreter') void vscode.commands.executeCommand('aidecay.selectInterpreter');
    else if (choice === 'Restart') void this.restart();
    else if (choice === 'Open Docs') void this.openDocs();
    else if (choice === 'Open Settings') void this.openSettings(setting);
    else if (choice === 'Show Log') this.output.show();
  }

  /** The Settings editor filtered to one setting (or to all of this extension's settings). */
  async openSettings(setting?: string): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.openSettings', setting ?? `@ext:${this.context.extension.id}`);
  }

  /** The docs shipped in the extension (docs/vscode.md of the repository), as a Markdown preview. */
  async openDocs(): Promise<void> {
    const file = vscode.Uri.joinPath(this.context.extensionUri, ...BUNDLED_DOCS);
    try {
      await vscode.workspace.fs.stat(file);
    } catch {
      void vscode.window.showWarningMessage(`aidecay: this build has no bundled docs (${file.fsPath}); see docs/vscode.md in the aidecay repository.`);
      return;
    }
    try {
      await vscode.commands.executeCommand('markdown.showPreview', file);
    } catch {
      await vscode.window.showTextDocument(file, { preview: true });
    }
  }

  /** Installs aidecay into the interpreter with pip, logging to the output channel, then restarts. */
  async install(python?: string): Promise<boolean> {
    const target = python ?? this.plan?.python;
    if (!target) {
      void vscode.window.showWarningMessage('aidecay: the server is started by "aidecay.server.path"; install it there yourself.');
      return false;
    }
    const version = target === this.plan?.python ? this.lastPythonVersion : null;
    const { command, args } = installCommand(target, this.installSpec(), version);
    const cwd = await this.neutralDirectory();
    this.output.info(`Installing: ${command} ${args.join(' ')}`);
    this.output.show(true);
    const ok = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Installing aidecay into ${target}…` },
      () =>
        new Promise<boolean>((resolve) => {
          execFile(command, args, { cwd, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
            if (stdout) this.output.info(stdout.trimEnd());
            if (stderr) this.output.warn(stderr.trimEnd());
            resolve(error === null);
          });
        }),
    );
    if (ok) {
      void vscode.window.showInformationMessage('aidecay: installed. Starting the server.');
      await this.restart();
    } else {
      void vscode.window
        .showErrorMessage(
          `aidecay: pip could not install aidecay into ${target}. An "externally managed" system Python needs a virtual environment: select one in the Python extension or set "aidecay.interpreter".`,
          'Show Log',
          'Open Docs',
        )
        .then((choice) => this.handleChoice(choice, target));
    }
    return ok;
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables) d.dispose();
    this.onRegionsChangedEmitter.dispose();
    this.onStateEmitter.dispose();
  }

  /** Used by the extension to avoid an unused-field warning and for diagnostics of activation. */
  /** The wheel this extension ships (bundled/), else the package name on the registry. */
  private installSpec(): string {
    const folder = path.join(this.context.extensionPath, 'bundled');
    let files: string[] = [];
    try {
      files = fs.readdirSync(folder);
    } catch {
      /* a development build without a bundled wheel */
    }
    const wheel = bundledWheel(files);
    return wheel ? path.join(folder, wheel) : 'aidecay';
  }

  get extensionPath(): string {
    return this.context.extensionPath;
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** Long `-c` code shown as `-c …` in the log. */
function showArg(arg: string): string {
  return arg.includes('\n') ? '"…"' : arg;
}
