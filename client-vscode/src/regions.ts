/**
 * Regions as the server reports them, per document and for the workspace. The view is kept
 * from the deltas `aidecay/regionsChanged` carries (see `regionDeltas`); `aidecay/listRegions`
 * is asked once at start and then only for documents without state (or from older servers
 * whose notifications carry no delta). Thin adapter over the language client.
 */
import * as vscode from 'vscode';
import { ListRegionsRequest, RegionHistoryRequest, type RegionHistoryResult, type RegionInfo, type RegionsChangedParams } from './protocol';
import type { ServerManager } from './server';
import { DIAGNOSTIC_SOURCE } from './protocol';
import type { DiagnosticLike, Severity } from './decay/diagnostic';
import { hasDelta, RegionView } from './regionDeltas';

export class RegionService implements vscode.Disposable {
  private readonly view = new RegionView();
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private dirtyUris = new Set<string>();
  private dirtyAll = false;
  /** Deltas that arrive while a listing is in flight, applied after it (by `seq`). */
  private held: RegionsChangedParams[] | undefined;

  /** Fires with a document URI (its regions changed) or undefined (everything may have). */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly server: ServerManager) {
    this.disposables.push(
      server.onRegionsChanged((params) => this.onRegionsChanged(params)),
      server.onStateChanged((state) => {
        if (state === 'running') this.invalidate(undefined);
        else {
          this.view.clear();
          this.setListed(false);
          this.emitter.fire(undefined);
        }
      }),
    );
    this.setListed(false);
  }

  private everyRegionListed = false;

  /** The running server has answered a listing of every region (else: not asked yet). */
  get listed(): boolean {
    return this.everyRegionListed;
  }

  /** `aidecay.regionsListed` (the panel's "Asking the server…" while false). */
  private setListed(listed: boolean): void {
    this.everyRegionListed = listed;
    void vscode.commands.executeCommand('setContext', 'aidecay.regionsListed', listed);
  }

  regionsOf(uri: string): RegionInfo[] {
    return this.view.regionsOf(uri);
  }

  allRegions(): RegionInfo[] {
    return this.view.all();
  }

  findById(id: string): RegionInfo | undefined {
    return this.view.all().find((r) => r.id === id);
  }

  /** A region's history from the server (undefined while it is not running). */
  async history(id: string): Promise<RegionHistoryResult | undefined> {
    return this.server.languageClient?.sendRequest(RegionHistoryRequest, { id });
  }

  private onRegionsChanged(params: RegionsChangedParams): void {
    if (!hasDelta(params) || (!params.complete && !this.view.knows(params.uri) && !this.held)) {
      this.invalidate(params.uri);
      return;
    }
    if (this.held) {
      this.held.push(params);
      return;
    }
    this.view.apply(params);
    this.emitter.fire(params.uri);
  }

  /** Ask the server soon (coalesces bursts): for `uri`, or for every document. */
  invalidate(uri: string | undefined): void {
    if (uri === undefined) this.dirtyAll = true;
    else this.dirtyUris.add(uri);
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.flush();
    }, 150);
  }

  async refreshNow(): Promise<void> {
    this.dirtyAll = true;
    await this.flush();
  }

  private async flush(): Promise<void> {
    const client = this.server.languageClient;
    if (!client) return;
    const uris = this.dirtyAll ? [undefined] : [...this.dirtyUris];
    const all = this.dirtyAll;
    this.dirtyUris.clear();
    this.dirtyAll = false;
    this.held = this.held ?? [];
    try {
      for (const uri of uris) {
        const params = uri === undefined ? {} : { textDocument: { uri } };
        const listed = await client.sendRequest(ListRegionsRequest, params);
        this.view.replace(uri, listed.regions, listed.seq);
      }
      if (all && this.server.languageClient === client) this.setListed(true);
    } catch (error) {
      this.server.output.warn(`aidecay/listRegions failed: ${String(error)}`);
    } finally {
      const held = this.held;
      this.held = undefined;
      for (const params of held) this.onRegionsChanged(params);
    }
    if (all) this.emitter.fire(undefined);
    else for (const uri of uris) if (uri !== undefined) this.emitter.fire(uri);
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables) d.dispose();
    this.emitter.dispose();
  }
}

/** aidecay diagnostics of a document, in the pure tree model's shape. */
export function aidecayDiagnostics(uri: vscode.Uri): DiagnosticLike[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === DIAGNOSTIC_SOURCE)
    .map(toDiagnosticLike);
}

export function allAidecayDiagnostics(): Map<string, DiagnosticLike[]> {
  const out = new Map<string, DiagnosticLike[]>();
  for (const [uri, diags] of vscode.languages.getDiagnostics()) {
    const mine = diags.filter((d) => d.source === DIAGNOSTIC_SOURCE).map(toDiagnosticLike);
    if (mine.length > 0) out.set(uri.toString(), mine);
  }
  return out;
}

function toDiagnosticLike(d: vscode.Diagnostic): DiagnosticLike {
  const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
  return {
    range: {
      start: { line: d.range.start.line, character: d.range.start.character },
      end: { line: d.range.end.line, character: d.range.end.character },
    },
    code: code === undefined ? null : String(code),
    severity: severityName(d.severity),
    message: d.message,
  };
}

function severityName(s: vscode.DiagnosticSeverity): Severity {
  switch (s) {
    case vscode.DiagnosticSeverity.Error:
      return 'error';
    case vscode.DiagnosticSeverity.Warning:
      return 'warning';
    case vscode.DiagnosticSeverity.Information:
      return 'information';
    default:
      return 'hint';
  }
}
