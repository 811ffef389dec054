/**
 * Setup guidance when the server cannot start: what to tell the user, the actions offered
 * (install, select an interpreter, settings, docs, log), and installing aidecay with pip.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type LaunchPlan, type ProbeVerdict, type PythonVersion, bundledWheel, describeSource, installCommand } from '../launch';

/** The docs shipped in the extension (copied from the repository's docs/ by scripts/build.mjs). */
export const BUNDLED_DOCS = ['dist', 'docs', 'vscode.md'];

/** What the guide needs from the server manager. */
export interface GuideDeps {
  readonly context: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  /** The launch plan in force and the Python version probed for it. */
  current(): { plan: LaunchPlan | undefined; version: PythonVersion | null };
  restart(): Promise<void>;
  neutralDirectory(): Promise<string>;
}

export class SetupGuide {
  constructor(private readonly deps: GuideDeps) {}

  explainProbeFailure(plan: LaunchPlan, verdict: ProbeVerdict): void {
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
    this.deps.output.error(message);
    void vscode.window.showErrorMessage(message, ...actions).then((choice) => this.handleChoice(choice, python));
  }

  handleChoice(choice: string | undefined, python: string, setting = 'aidecay.interpreter'): void {
    if (choice === 'Install aidecay') void this.install(python);
    else if (choice === 'Select Interpreter') void vscode.commands.executeCommand('aidecay.selectInterpreter');
    else if (choice === 'Restart') void this.deps.restart();
    else if (choice === 'Open Docs') void this.openDocs();
    else if (choice === 'Open Settings') void this.openSettings(setting);
    else if (choice === 'Show Log') this.deps.output.show();
  }

  /** The Settings editor filtered to one setting (or to all of this extension's settings). */
  async openSettings(setting?: string): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.openSettings', setting ?? `@ext:${this.deps.context.extension.id}`);
  }

  /** The docs shipped in the extension (docs/vscode.md of the repository), as a Markdown preview. */
  async openDocs(): Promise<void> {
    const file = vscode.Uri.joinPath(this.deps.context.extensionUri, ...BUNDLED_DOCS);
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
    const { plan, version: planVersion } = this.deps.current();
    const target = python ?? plan?.python;
    if (!target) {
      void vscode.window.showWarningMessage('aidecay: the server is started by "aidecay.server.path"; install it there yourself.');
      return false;
    }
    const version = target === plan?.python ? planVersion : null;
    const { command, args } = installCommand(target, this.installSpec(), version);
    const cwd = await this.deps.neutralDirectory();
    this.deps.output.info(`Installing: ${command} ${args.join(' ')}`);
    this.deps.output.show(true);
    const ok = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Installing aidecay into ${target}…` },
      () =>
        new Promise<boolean>((resolve) => {
          execFile(command, args, { cwd, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
            if (stdout) this.deps.output.info(stdout.trimEnd());
            if (stderr) this.deps.output.warn(stderr.trimEnd());
            resolve(error === null);
          });
        }),
    );
    if (ok) {
      void vscode.window.showInformationMessage('aidecay: installed. Starting the server.');
      await this.deps.restart();
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

  /** The wheel this extension ships (bundled/), else the package name on the registry. */
  private installSpec(): string {
    const folder = path.join(this.deps.context.extensionPath, 'bundled');
    let files: string[] = [];
    try {
      files = fs.readdirSync(folder);
    } catch {
      /* a development build without a bundled wheel */
    }
    const wheel = bundledWheel(files);
    return wheel ? path.join(folder, wheel) : 'aidecay';
  }
}
