/**
 * When to restart a server that stopped on its own: after a back-off that doubles with each
 * crash in the window (1 s, 2 s, 4 s, …), and not at all once it crashed `maxCrashes` times
 * within `windowMs` (it would only crash again; the user is told and can restart it).
 *
 * Pure module: must not import `vscode`.
 */
export interface RestartOptions {
  maxCrashes: number;
  windowMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RESTART: RestartOptions = { maxCrashes: 5, windowMs: 3 * 60_000, firstDelayMs: 1000, maxDelayMs: 30_000 };

export type RestartDecision =
  | { restart: true; delayMs: number; attempt: number; of: number }
  | { restart: false; crashes: number; windowMs: number };

export class RestartPolicy {
  private crashes: number[] = [];

  constructor(private readonly options: RestartOptions = DEFAULT_RESTART) {}

  /** The server stopped on its own at `now` (ms): restart it, and when? */
  crashed(now: number): RestartDecision {
    const { maxCrashes, windowMs, firstDelayMs, maxDelayMs } = this.options;
    this.crashes = [...this.crashes.filter((t) => now - t < windowMs), now];
    const n = this.crashes.length;
    if (n > maxCrashes) return { restart: false, crashes: n, windowMs };
    return { restart: true, delayMs: Math.min(maxDelayMs, firstDelayMs * 2 ** (n - 1)), attempt: n, of: maxCrashes };
  }

  /** A restart the user asked for starts afresh. */
  reset(): void {
    this.crashes = [];
  }
}

/** `3 minutes`, `45 seconds`. */
export function describeWindow(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} seconds`;
  return `${Math.round(seconds / 60)} minutes`;
}
