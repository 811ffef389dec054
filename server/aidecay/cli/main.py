"""The ``aidecay`` command."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from aidecay import __version__, safety
from aidecay.cli import blame, export, gitai, mark, mcp, org, replay, report, scorecard, stats


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aidecay",
        description="Follow AI-written code through later edits and flag when it decays.",
    )
    parser.add_argument("--version", action="version", version=f"aidecay {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the language server (stdio by default)")
    serve.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio")
    serve.add_argument(
        "--stdio",
        action="store_true",
        help="use stdio (the default; accepted for clients that pass it)",
    )
    serve.add_argument("--db", metavar="PATH", help="database file (overrides databasePath)")
    serve.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="log level on stderr and in the client's log (default INFO)",
    )
    serve.set_defaults(run=run_serve)

    demo = commands.add_parser(
        "demo", help="replay a realistic session through the real server and show the record"
    )
    demo.add_argument("--db", metavar="PATH", help="keep the demo's database here")
    demo.set_defaults(run=run_demo)

    for command in (stats, export, report, scorecard, mark, blame, gitai, replay, org, mcp):
        command.add_parser(commands)
    return parser


def run_serve(args: argparse.Namespace) -> int:
    from aidecay.lsp.server import create_server

    shadowed = safety.shadowed_modules(sys.modules, safety.trusted_directories())
    if shadowed:
        print(safety.shadowing_message(shadowed), file=sys.stderr)
        return 3
    _leave_working_directory(args)
    logging.basicConfig(
        level=args.log_level,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("aidecay").setLevel(args.log_level)
    if args.log_level != "DEBUG":  # pygls logs every message at INFO
        logging.getLogger("pygls").setLevel(logging.WARNING)
    if args.tcp and args.stdio:
        print("aidecay: choose --tcp or --stdio, not both", file=sys.stderr)
        return 2
    server = create_server(db_override=args.db)
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not host or not port.isdigit():
            print(f"aidecay: --tcp expects HOST:PORT, got {args.tcp!r}", file=sys.stderr)
            return 2
        server.start_tcp(host, int(port))
    else:
        server.start_io()
    return 0


def _leave_working_directory(args: argparse.Namespace) -> None:
    """Run from aidecay's private folder, so no process we start begins in the workspace.

    Paths given relative to where the server was started are made absolute first.
    """
    if args.db:
        args.db = str(Path(args.db).expanduser().absolute())
    env_db = os.environ.get("AIDECAY_DB")
    if env_db:
        os.environ["AIDECAY_DB"] = str(Path(env_db).expanduser().absolute())
    try:
        os.chdir(safety.neutral_directory())
    except OSError as exc:  # a read-only home: stay, the sys.path hardening still holds
        print(f"aidecay: could not move to its data folder ({exc})", file=sys.stderr)


def run_demo(args: argparse.Namespace) -> int:
    from aidecay.demo.replay import run

    return run(args.db)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    return args.run(args)
