"""``aidecay export``: regions, edit events, metrics and findings as JSON, JSONL or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aidecay.cli.common import add_scope, db_path, guarded, progress, scope, write_streamed
from aidecay.stats import export, query


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "export",
        help="export regions, edit events and metrics (schemaVersion 1)",
        description="Export the history in a stable, versioned schema (see docs/cli.md). "
        "Paths are relative to --workspace, or to the current folder, unless --absolute-paths.",
    )
    parser.add_argument("--format", choices=export.FORMATS, default="json", help="default json")
    parser.add_argument("--out", metavar="FILE", help="write here (atomically) instead of stdout")
    parser.add_argument(
        "--absolute-paths", action="store_true", help="absolute file paths instead of relative"
    )
    add_scope(parser)
    parser.set_defaults(run=guarded(run))


def run(args: argparse.Namespace) -> int:
    window = scope(args)
    with progress("exporting") as advance:
        data = query.load(db_path(args))
        advance()
        document = export.build(data, window, absolute=args.absolute_paths, root=Path.cwd())
        if args.out and args.out != "-":
            write_streamed(args.out, lambda out: export.write(document, args.format, out))
        else:
            export.write(document, args.format, sys.stdout)
    return 0
