/**
 * The aidecay custom protocol, as the client sees it: method names and the shapes of
 * params and results. This is the single source of truth for the extension; the protocol
 * test (test/protocol) drives the real Python server with these same definitions.
 *
 * Pure module: must not import `vscode`.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';

/** LSP position: zero-based line and UTF-16 character offset. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export const ORIGINS = ['inline-completion', 'agent', 'chat', 'paste', 'manual', 'heuristic', 'import'] as const;
export type Origin = (typeof ORIGINS)[number];

export type RegionStatus = 'live' | 'deleted' | 'unmarked';

export interface RegionInfo {
  id: string;
  uri: string;
  range: Range;
  /** One of ORIGINS (kept open: a newer server may add origins). */
  origin: string;
  tool: string | null;
  model: string | null;
  status: RegionStatus;
  /** ISO 8601, UTC. */
  createdAt: string;
  editCount: number;
  charsInserted: number;
  charsDeleted: number;
  lastEditedAt: string | null;
  deletedAt: string | null;
  length: number;
  originalLength: number;
  /** Optional decay metrics some server versions attach (issue 3). */
  metrics?: RegionMetrics | null;
  reviewedAt?: string | null;
  reviewedBy?: string | null;
  /** The function or class the region covers or sits in (null: module-level code). */
  symbol?: string | null;
}

export interface RegionMetrics {
  complexityBaseline?: number | null;
  complexityCurrent?: number | null;
  maintainabilityBaseline?: number | null;
  maintainabilityCurrent?: number | null;
}

export type RegionEventKind = 'created' | 'edit' | 'deleted' | 'unmarked' | 'reviewed';

export interface RegionEvent {
  id: string | number;
  regionId: string;
  at: string;
  version: number | null;
  /** One of RegionEventKind (kept open for newer servers). */
  kind: string;
  /** "human", "external", or an origin. */
  author: string;
  inserted: number;
  deleted: number;
  rule: string | null;
}

export interface TextDocumentRef {
  uri: string;
  version?: number;
}

// ---- requests -------------------------------------------------------------------------

export interface MarkRegionParams {
  textDocument: TextDocumentRef;
  range: Range;
  origin: Origin;
  tool?: string;
  model?: string;
}
export interface MarkRegionResult {
  created: RegionInfo[];
}

export interface UnmarkRegionParams {
  id: string;
}
export interface UnmarkRegionResult {
  region: RegionInfo | null;
}

export interface ListRegionsParams {
  textDocument?: { uri: string };
  includeDeleted?: boolean;
}
export interface ListRegionsResult {
  regions: RegionInfo[];
  /** The `seq` of the latest regionsChanged sent before this answer (newer servers). */
  seq?: number;
}

export interface RegionHistoryParams {
  id: string;
}
export interface RegionHistoryResult {
  region: RegionInfo;
  events: RegionEvent[];
}

/** Issue 4; may be missing on older servers (MethodNotFound). */
export interface StatsParams {
  since?: string;
  /** `live` (the editor's history), `replay` (what `aidecay replay` stored) or `all` (default). */
  source?: 'live' | 'replay' | 'all';
  /** Add the scorecard (`aidecay scorecard --json`, of every source) under `scorecard`. */
  scorecard?: boolean;
}
/** The stats payload is loosely typed on purpose: the report reads what it knows and ignores the rest. */
export type StatsResult = Record<string, unknown>;

export type ExportFormat = 'json' | 'csv';
export interface ExportParams {
  format: ExportFormat;
  since?: string;
}
export interface ExportResult {
  content: string;
}

/** Line shift of a `regionsChanged` delta: unlisted regions starting after `line` move by `delta` lines. */
export interface LineShift {
  line: number;
  delta: number;
}
/** `aidecay/regionsChanged`; the delta fields are missing from older servers. */
export interface RegionsChangedParams {
  uri: string;
  seq?: number;
  complete?: boolean;
  created?: RegionInfo[];
  changed?: RegionInfo[];
  removed?: string[];
  shifts?: LineShift[];
}

export const Methods = {
  markRegion: 'aidecay/markRegion',
  unmarkRegion: 'aidecay/unmarkRegion',
  listRegions: 'aidecay/listRegions',
  regionHistory: 'aidecay/regionHistory',
  stats: 'aidecay/stats',
  export: 'aidecay/export',
  regionsChanged: 'aidecay/regionsChanged',
} as const;

export const MarkRegionRequest = new RequestType<MarkRegionParams, MarkRegionResult, void>(Methods.markRegion);
export const UnmarkRegionRequest = new RequestType<UnmarkRegionParams, UnmarkRegionResult, void>(Methods.unmarkRegion);
export const ListRegionsRequest = new RequestType<ListRegionsParams, ListRegionsResult, void>(Methods.listRegions);
export const RegionHistoryRequest = new RequestType<RegionHistoryParams, RegionHistoryResult, void>(
  Methods.regionHistory,
);
export const StatsRequest = new RequestType<StatsParams, StatsResult, void>(Methods.stats);
export const ExportRequest = new RequestType<ExportParams, ExportResult, void>(Methods.export);
export const RegionsChangedNotification = new NotificationType<RegionsChangedParams>(Methods.regionsChanged);

/** Server-side commands, run through `workspace/executeCommand` (issue 3). */
export const ServerCommands = {
  markReviewed: 'aidecay.markReviewed',
  /** Undoes the region's last review (its metrics and findings as before it). */
  undoReview: 'aidecay.undoReview',
  unmarkRegion: 'aidecay.unmarkRegion',
  showHistory: 'aidecay.showHistory',
  turnOffCode: 'aidecay.turnOffCode',
} as const;

/** Arguments for the server commands: the region id first. */
export function serverCommandArguments(regionId: string, uri?: string): unknown[] {
  return uri === undefined ? [regionId] : [regionId, uri];
}

/** Diagnostics published by the server carry this source. */
export const DIAGNOSTIC_SOURCE = 'aidecay';

/** JSON-RPC error code for an unknown method (LSP / JSON-RPC). */
export const METHOD_NOT_FOUND = -32601;

export function isMethodNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (code === METHOD_NOT_FOUND) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && /method not found|unhandled method|no handler/i.test(message);
}

export function isOrigin(value: unknown): value is Origin {
  return typeof value === 'string' && (ORIGINS as readonly string[]).includes(value);
}
