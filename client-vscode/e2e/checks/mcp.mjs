// The MCP server the extension registers (VS Code 1.101+ server-definition provider API):
// the provider is registered under its contributed id, and VS Code lists the server it provides.
import { extensionLog } from './setup.mjs';

export async function mcpChecks({ page, palette, check, shot, sleep, userData }) {
  const log = extensionLog(userData);
  check(
    'the MCP server-definition provider aidecay.mcp is registered',
    log.includes('Registered the MCP server-definition provider aidecay.mcp.'),
    log.split('\n').filter((l) => /MCP/.test(l)).join(' | ') || 'no MCP line in the extension log',
  );
  try {
    await palette('MCP: List Servers');
  } catch (error) {
    check('VS Code lists the aidecay MCP server', false, `no "MCP: List Servers" command: ${String(error)}`);
    return;
  }
  await sleep(1500);
  const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
  await shot('08-mcp-servers');
  check('VS Code lists the aidecay MCP server', rows.some((t) => /\baidecay\b/.test(t)), rows.join(' | '));
  await page.keyboard.press('Escape');
}
