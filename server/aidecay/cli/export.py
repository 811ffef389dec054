"""``aidecay export``: regions, edit events, metrics and findings as JSON, JSONL or CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aidecay.cli.common import (
    CliError,
    add_scope,
    db_path,
    guarded,
    progress,
    scope,
    write_streamed,
)
from aidecay.stats import export, query

PARQUET = "parquet"


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "export",
        help="export regions, edit events and metrics (schemaVersion 1)",
        description="Export the history in a stable, versioned schema (see docs/cli.md). "
        "Paths are relative to --workspace, or to the current folder, unless --absolute-paths.",
    )
    parser.add_argument(
        "--format",
        choices=(*export.FORMATS, PARQUET),
        default="json",
        help="default json; parquet writes a folder (--out DIR) in the layout of "
        "`aidecay org replay`, figures only (needs the org extra)",
    )
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="write here (atomically) instead of stdout; a folder for parquet",
    )
    parser.add_argument(
        "--absolute-paths", action="store_true", help="absolute file paths instead of relative"
    )
    parser.add_argument(
        "--keep-paths",
        action="store_true",
        help="parquet: keep file paths (by default they are replaced by a hash)",
    )
    add_scope(parser)
    parser.set_defaults(run=guarded(run))


def run(args: argparse.Namespace) -> int:
    window = scope(args)
    if args.format == PARQUET:
        return _parquet(args, window)
    if args.keep_paths:
        raise CliError("--keep-paths is for --format parquet (other formats keep paths)")
    with progress("exporting") as advance:
        data = query.load(db_path(args))
        advance()
        document = export.build(data, window, absolute=args.absolute_paths, root=Path.cwd())
        if args.out and args.out != "-":
            write_streamed(args.out, lambda out: export.write(document, args.format, out))
        else:
            export.write(document, args.format, sys.stdout)
    return 0


def _parquet(args: argparse.Namespace, window) -> int:
    """The live history (not replayed regions) as an org dataset in the folder ``--out``."""
    from aidecay.org.extra import OrgError, require

    if not args.out or args.out == "-":
        raise CliError("--format parquet writes a folder: give it with --out DIR")
    try:
        require("pyarrow", what="--format parquet")
    except OrgError as exc:
        raise CliError(str(exc)) from None
    from aidecay.org import live

    out = Path(args.out).expanduser()
    if out.exists() and not out.is_dir():
        raise CliError(f"{out} is a file; --format parquet writes a folder")
    with progress("exporting") as advance:
        data = query.load(db_path(args))
        advance()
        document = export.build(data, window, absolute=args.absolute_paths, root=Path.cwd())
        try:
            name, regions = live.write(document, out, keep_paths=args.keep_paths)
        except OrgError as exc:
            raise CliError(str(exc)) from None
    hidden = "kept" if args.keep_paths else "hashed"
    print(
        f"aidecay: exported {regions} regions as {name!r} to {out} (paths {hidden})",
        file=sys.stderr,
    )
    return 0
