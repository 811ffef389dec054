/**
 * The client's view of every document's regions, kept from `aidecay/regionsChanged` deltas
 * (docs/protocol.md): created / changed / removed regions and line shifts. A listing replaces
 * the listed documents; deltas the listing already contains (by `seq`) are dropped.
 * Pure: no `vscode` import, unit-tested in Node.
 */
import type { RegionInfo, RegionsChangedParams } from './protocol';

/** True when the notification carries a delta (servers before it only sent `uri`). */
export function hasDelta(params: RegionsChangedParams): boolean {
  return Array.isArray(params.created) && Array.isArray(params.changed) && Array.isArray(params.removed);
}

export class RegionView {
  private readonly byUri = new Map<string, RegionInfo[]>();
  /** Every document is known (a listing of all documents was applied). */
  private everything = false;
  private listedSeq = -1;

  regionsOf(uri: string): RegionInfo[] {
    return this.byUri.get(uri) ?? [];
  }

  all(): RegionInfo[] {
    return [...this.byUri.values()].flat();
  }

  uris(): string[] {
    return [...this.byUri.keys()];
  }

  /** Whether the view has state for `uri` (else ask `aidecay/listRegions` for it). */
  knows(uri: string): boolean {
    return this.everything || this.byUri.has(uri);
  }

  clear(): void {
    this.byUri.clear();
    this.everything = false;
    this.listedSeq = -1;
  }

  /** A listing answer: of `uri`, or of every document when `uri` is undefined. */
  replace(uri: string | undefined, regions: RegionInfo[], seq: number | undefined): void {
    if (uri === undefined) {
      this.byUri.clear();
      this.everything = true;
    } else {
      this.byUri.set(uri, []);
    }
    for (const r of regions) {
      if (r.status !== 'live') continue;
      const list = this.byUri.get(r.uri);
      if (list) list.push(r);
      else this.byUri.set(r.uri, [r]);
    }
    for (const list of this.byUri.values()) list.sort(byPosition);
    if (seq !== undefined) this.listedSeq = Math.max(this.listedSeq, seq);
  }

  /** Apply one notification; false when it carries no delta (or is already contained). */
  apply(params: RegionsChangedParams): boolean {
    if (!hasDelta(params)) return false;
    if (params.seq !== undefined && params.seq <= this.listedSeq) return true;
    const created = params.created ?? [];
    const changed = params.changed ?? [];
    const listed = new Set([...created, ...changed].map((r) => r.id));
    const removed = new Set(params.removed ?? []);
    const known = new Map(this.regionsOf(params.uri).map((r) => [r.id, r] as const));
    let regions = params.complete ? [] : this.regionsOf(params.uri);
    regions = regions.filter((r) => !removed.has(r.id) && !listed.has(r.id));
    for (const shift of params.shifts ?? []) {
      regions = regions.map((r) => shifted(r, shift.line, shift.delta));
    }
    // A changed row without `symbol` keeps the name it had (the server does not re-parse).
    const named = changed.map((r) => (r.symbol === undefined ? { ...r, symbol: known.get(r.id)?.symbol } : r));
    regions.push(...created, ...named);
    regions.sort(byPosition);
    this.byUri.set(params.uri, regions);
    return true;
  }
}

function shifted(r: RegionInfo, line: number, delta: number): RegionInfo {
  if (r.range.start.line <= line) return r;
  return {
    ...r,
    range: {
      start: { line: r.range.start.line + delta, character: r.range.start.character },
      end: { line: r.range.end.line + delta, character: r.range.end.character },
    },
  };
}

function byPosition(a: RegionInfo, b: RegionInfo): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
