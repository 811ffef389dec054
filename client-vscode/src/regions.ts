/**
 * Regions as the server reports them, cached per document and for the workspace, refreshed
 * on `aidecay/regionsChanged`. Thin adapter over the language client.
 */
import * as vscode from 'vscode';
import { ListRegionsRequest, type RegionInfo } from './protocol';
import type { ServerManager } from './server';
import { DIAGNOSTIC_SOURCE } from './protocol';
import type { DiagnosticLike, Severity } from './decay/tree';

export class RegionService implements vscode.Disposable {
  private readonly byUri = new Map<string, RegionInfo[]>();
  private all: RegionInfo[] = [];
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private dirtyUris = new Set<string>();
  private dirtyAll = false;

  /** Fires with a document URI (its regions changed) or undefined (everything may have). */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly server: ServerManager) {
    this.disposables.push(
      server.onRegionsChanged((uri) => this.invalidate(uri)),
      server.onStateChanged((state) => {
        if (state === 'running') this.invalidate(undefined);
        if (state === 'failed' || state === 'stopped') {
          this.byUri.clear();
          this.all = [];
          this.emitter.fire(undefined);
        }
      }),
    );
  }

  regionsOf(uri: string): RegionInfo[] {
    return this.byUri.get(uri) ?? [];
  }

  allRegions(): RegionInfo[] {
    return this.all;
  }

  findById(id: string): RegionInfo | undefined {
    return this.all.find((r) => r.id === id) ?? [...this.byUri.values()].flat().find((r) => r.id === id);
  }

  /** Refresh soon (coalesces bursts of regionsChanged notifications). */
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
    const uris = [...this.dirtyUris];
    const all = this.dirtyAll;
    this.dirtyUris.clear();
    this.dirtyAll = false;
    try {
      const everything = await client.sendRequest(ListRegionsRequest, {});
      this.all = everything.regions;
      const grouped = new Map<string, RegionInfo[]>();
      for (const r of this.all) {
        const list = grouped.get(r.uri);
        if (list) list.push(r);
        else grouped.set(r.uri, [r]);
      }
      const touched = new Set<string>([...uris, ...this.byUri.keys(), ...grouped.keys()]);
      this.byUri.clear();
      for (const [uri, list] of grouped) this.byUri.set(uri, list);
      if (all) this.emitter.fire(undefined);
      else for (const uri of touched) this.emitter.fire(uri);
    } catch (error) {
      this.server.output.warn(`aidecay/listRegions failed: ${String(error)}`);
    }
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
