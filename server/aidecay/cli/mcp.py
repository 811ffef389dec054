"""``aidecay mcp``: the MCP server for coding agents, on stdio (needs ``aidecay[mcp]``)."""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import sys
from pathlib import Path

from aidecay import safety
from aidecay.cli.common import add_db, db_path

INSTALL_HINT = (
    "aidecay mcp needs the MCP SDK (mcp 2.x), an optional extra: install it with\n"
    "    pip install 'aidecay[mcp]'\n"
    "into the environment aidecay runs from (e.g. `pipx inject aidecay 'mcp>=2.3,<3'`)."
)


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "mcp",
        help="run the MCP server for coding agents (stdio; needs aidecay[mcp])",
        description="Serve conventions, existing helpers, checks of new code, decayed regions "
        "and region history to coding agents over the Model Context Protocol (stdio), from "
        "the language server's database and workspace index. Every path is confined to the "
        "roots. See docs/mcp.md.",
    )
    parser.add_argument(
        "--root",
        action="append",
        metavar="DIR",
        help="a workspace folder the tools may read (repeatable; default: the current folder)",
    )
    add_db(parser)
    parser.add_argument(
        "--log-level",
        default="WARNING",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="log level on stderr (default WARNING)",
    )
    parser.set_defaults(run=run_mcp)


def sdk_missing() -> bool:
    """Whether the MCP SDK (2.x, with ``MCPServer``) cannot be imported."""
    if importlib.util.find_spec("mcp") is None:
        return True
    try:
        from mcp.server import MCPServer  # noqa: F401
    except ImportError:
        return True
    return False


def run_mcp(args: argparse.Namespace) -> int:
    if sdk_missing():
        print(f"aidecay: {INSTALL_HINT}", file=sys.stderr)
        return 2
    shadowed = safety.shadowed_modules(sys.modules, safety.trusted_directories())
    if shadowed:
        print(safety.shadowing_message(shadowed), file=sys.stderr)
        return 3
    roots = [str(Path(r).expanduser().absolute()) for r in args.root or [os.getcwd()]]
    database = db_path(args).expanduser().absolute()
    logging.basicConfig(
        level=args.log_level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        os.chdir(safety.neutral_directory())  # no process we start begins in a workspace
    except OSError as exc:
        print(f"aidecay: could not move to its data folder ({exc})", file=sys.stderr)
    from aidecay.mcp.roots import Refused, Roots
    from aidecay.mcp.server import create_server
    from aidecay.mcp.workspace import Workspace
    from aidecay.store import StoreError

    try:
        workspace = Workspace(Roots(roots), database)
    except (Refused, StoreError) as exc:
        print(f"aidecay: error: {exc}", file=sys.stderr)
        return 1
    try:
        workspace.start()
        create_server(workspace).run("stdio")
    finally:
        workspace.close()
    return 0
