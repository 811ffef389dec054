/**
 * Starts and restarts the aidecay language server (a thin adapter over vscode-languageclient).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from 'vscode-languageclient/node';
import {
  type LaunchPlan,
  type ProbeVerdict,
  type PythonVersion,
  describeSource,
  planLaunch,
  withPythonVersion,
} from './launch';
import { clientMiddleware, readConfiguration, type SyncHooks } from './middleware';
import { RegionsChangedNotification, type RegionsChangedParams } from './protocol';
import { type RestartDecision, RestartPolicy, describeWindow } from './restartPolicy';
import { type ClientSettings, needsRestart, toServerSettings } from './settings';
import { SetupGuide } from './setup/guide';
import { probeInterpreter, pythonExtensionInterpreter } from './setup/probe';

/** `restarting`: it stopped on its own and is started again after a back-off. */
export type ServerState = 'stopped' | 'starting' | 'running' | 'restarting' | 'failed';

/** The interpreter the server last ran in (offered by Select Interpreter even after a bad setting). */
export const LAST_WORKING_INTERPRETER = 'aidecay.lastWorkingInterpreter';

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
  private readonly guide: SetupGuide;

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
    this.guide = new SetupGuide({
      context,
      output,
      current: () => ({ plan: this.plan, version: this.lastPythonVersion }),
      restart: () => this.restart(),
      neutralDirectory: () => this.neutralDirectory(),
    });
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
        this.guide.explainProbeFailure(plan, verdict);
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
      middleware: clientMiddleware(this.hooks),
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
        .then((choice) => this.guide.handleChoice(choice, plan.python ?? plan.command, plan.source === 'server.path' ? 'aidecay.server.path' : undefined));
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
      .then((choice) => this.guide.handleChoice(choice, this.plan?.python ?? this.plan?.command ?? 'python3'));
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

  /** Installs aidecay into the interpreter with pip, logging to the output channel, then restarts. */
  install(python?: string): Promise<boolean> {
    return this.guide.install(python);
  }

  openSettings(setting?: string): Promise<void> {
    return this.guide.openSettings(setting);
  }

  openDocs(): Promise<void> {
    return this.guide.openDocs();
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables) d.dispose();
    this.onRegionsChangedEmitter.dispose();
    this.onStateEmitter.dispose();
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
