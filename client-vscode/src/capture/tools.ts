/**
 * Which AI extension made an edit, when it can be told. Pure module: no `vscode` import.
 */

/** Extensions known to offer inline completions (ghost text). */
export const INLINE_PROVIDER_IDS: readonly string[] = [
  'github.copilot',
  'codeium.codeium',
  'windsurf.windsurf',
  'tabnine.tabnine-vscode',
  'supermaven.supermaven',
  'continue.continue',
  'sourcegraph.cody-ai',
  'amazonwebservices.amazon-q-vscode',
  'google.geminicodeassist',
];

/** Extensions known to edit through chat / agent sessions. */
export const CHAT_PROVIDER_IDS: readonly string[] = [
  'github.copilot-chat',
  'continue.continue',
  'sourcegraph.cody-ai',
  'saoudrizwan.claude-dev',
  'rooveterinaryinc.roo-cline',
  'anthropic.claude-code',
  'openai.chatgpt',
  'google.geminicodeassist',
  'amazonwebservices.amazon-q-vscode',
];

const INLINE_PROVIDERS = new Set(INLINE_PROVIDER_IDS);
const CHAT_PROVIDERS = new Set(CHAT_PROVIDER_IDS);

/**
 * The tool to record for an inline completion: the one active AI extension that offers
 * inline completions. Extensions the user lists in `aidecay.capture.aiExtensions` that are
 * not known to be chat-only count as inline providers. Ambiguous (several) or none: null.
 */
export function pickInlineTool(activeExtensionIds: readonly string[], configured: readonly string[]): string | null {
  const listed = new Set(configured.map((id) => id.toLowerCase()));
  const candidates = activeExtensionIds
    .map((id) => id.toLowerCase())
    .filter((id) => listed.has(id) && (INLINE_PROVIDERS.has(id) || !CHAT_PROVIDERS.has(id)));
  const unique = [...new Set(candidates)];
  return unique.length === 1 ? (unique[0] ?? null) : null;
}

/** The tool to record for a chat-editing session: the one active chat-capable AI extension. */
export function pickChatTool(activeExtensionIds: readonly string[], configured: readonly string[]): string | null {
  const listed = new Set(configured.map((id) => id.toLowerCase()));
  const candidates = activeExtensionIds
    .map((id) => id.toLowerCase())
    .filter((id) => listed.has(id) && (CHAT_PROVIDERS.has(id) || !INLINE_PROVIDERS.has(id)));
  const unique = [...new Set(candidates)];
  return unique.length === 1 ? (unique[0] ?? null) : null;
}

/** URI schemes of VS Code's chat editing documents (copies kept while a chat/agent edit awaits review). */
export const CHAT_EDITING_SCHEMES: readonly string[] = ['chat-editing-text-model', 'chat-editing-snapshot-text-model'];

export function isChatEditingScheme(scheme: string): boolean {
  return CHAT_EDITING_SCHEMES.includes(scheme);
}
