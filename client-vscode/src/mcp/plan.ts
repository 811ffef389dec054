/**
 * How VS Code starts aidecay's MCP server: the language server's own interpreter and database,
 * `mcp` instead of `serve`, every workspace folder as a root. Pure module: must not import `vscode`.
 */
import { type LaunchPlan, bundledWheel, expandPath } from '../launch';

/** The id of `contributes.mcpServerDefinitionProviders` (the provider is registered with it). */
export const MCP_PROVIDER_ID = 'aidecay.mcp';

export interface McpLaunch {
  command: string;
  args: string[];
}

/**
 * The language server's launch with `mcp` in place of `serve`, one `--root` per folder and
 * `--db` when a database path is configured (otherwise both find the same one through
 * AIDECAY_DB or the user data folder). Null when the launch has no `serve` to replace (a custom
 * `aidecay.server.path` wrapper).
 */
export function mcpLaunch(plan: LaunchPlan, roots: readonly string[], databasePath: string | null, home: string): McpLaunch | null {
  const at = plan.args.lastIndexOf('serve');
  if (at < 0) return null;
  const args = [...plan.args.slice(0, at), 'mcp', ...plan.args.slice(at + 1)];
  for (const root of roots) args.push('--root', root);
  if (databasePath !== null) args.push('--db', expandPath(databasePath, home, roots[0] ?? null));
  return { command: plan.command, args };
}

/** Checks, in the server's interpreter, that the MCP SDK (the `aidecay[mcp]` extra) imports. */
export const MCP_PROBE_SCRIPT =
  'import sys\nif sys.path and sys.path[0] in ("", "."):\n    del sys.path[0]\n' + 'from mcp.server import MCPServer\n';

/** What pip installs for the MCP server: the bundled wheel's `[mcp]` extra, else the registry's. */
export function mcpInstallSpec(bundledFiles: readonly string[], bundledFolder: string, separator = '/'): string {
  const wheel = bundledWheel(bundledFiles);
  return wheel ? `${bundledFolder}${separator}${wheel}[mcp]` : 'aidecay[mcp]';
}
