/**
 * Plain-text rendering of a region's history (for the "Show Region History" document).
 * Pure module: must not import `vscode`.
 */
import type { RegionHistoryResult } from '../protocol';
import { lineSpan } from './tree';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function formatHistory(result: RegionHistoryResult, fileLabel: string): string {
  const r = result.region;
  const lines = [
    `# AI region ${r.id}`,
    '',
    `File:      ${fileLabel} ${lineSpan(r.range)}`,
    `Origin:    ${r.origin}${r.tool ? ` (${r.tool})` : ''}${r.model ? `, model ${r.model}` : ''}`,
    `Status:    ${r.status}${r.deletedAt ? ` since ${r.deletedAt}` : ''}`,
    `Created:   ${r.createdAt}`,
    `Edits:     ${r.editCount}  (+${r.charsInserted} / -${r.charsDeleted} characters)`,
    `Size:      ${r.length} characters (originally ${r.originalLength})`,
    '',
    `${pad('When (UTC)', 25)}${pad('Version', 9)}${pad('Kind', 10)}${pad('Author', 20)}${pad('+chars', 8)}${pad('-chars', 8)}Rule`,
  ];
  const events = [...result.events].sort((a, b) => a.at.localeCompare(b.at));
  for (const e of events) {
    lines.push(
      `${pad(e.at, 25)}${pad(e.version === null ? '-' : String(e.version), 9)}${pad(e.kind, 10)}${pad(e.author, 20)}` +
        `${pad(String(e.inserted), 8)}${pad(String(e.deleted), 8)}${e.rule ?? ''}`,
    );
  }
  if (events.length === 0) lines.push('(no events)');
  return `${lines.join('\n')}\n`;
}
