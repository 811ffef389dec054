/**
 * An aidecay diagnostic as the pure models read it (the adapter converts VS Code's).
 *
 * Pure module: must not import `vscode`.
 */
import type { Range } from '../protocol';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface DiagnosticLike {
  range: Range;
  code: string | null;
  severity: Severity;
  message: string;
}
