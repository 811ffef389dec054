"""``aidecay blame`` and ``aidecay doctor``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from aidecay.cli.common import CliError, add_db, db_path, guarded
from aidecay.interop.marking import read_text_file
from aidecay.stats import blame, doctor, query
from aidecay.stats.scope import parse_now
from aidecay.store.database import StoreError


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "blame",
        help="show a file's lines with their AI regions (origin, age, edits)",
        description="Print FILE with, for each line inside a live AI region: the region's "
        "origin/tool, age and number of edits since it was written.",
    )
    parser.add_argument("file", metavar="FILE")
    add_db(parser)
    parser.add_argument("--now", help=argparse.SUPPRESS)
    parser.set_defaults(run=guarded(run_blame))

    check = commands.add_parser(
        "doctor",
        help="check the database: path, schema, integrity, counts, advice",
        description="Report the database path, schema version, integrity check and counts, "
        "and what to do about any problem. Exits 1 when there is a problem.",
    )
    add_db(check)
    check.add_argument(
        "--compact",
        action="store_true",
        help="drop keystroke-level detail older than --retention, trim old history "
        "snapshots, then VACUUM (migrates the database first)",
    )
    check.add_argument(
        "--retention", default="30d", metavar="AGE", help="with --compact: 30d (default), 12h, 2w"
    )
    check.set_defaults(run=guarded(run_doctor))


def run_blame(args: argparse.Namespace) -> int:
    path = Path(args.file).resolve()
    text = read_text_file(path)
    data = query.load(db_path(args))
    now = parse_now(args.now)
    console = Console(highlight=False)
    width = len(str(text.count("\n") + 1))
    for line in blame.blame(data, path, text):
        region = line.region
        if region is None:
            note = ""
        else:
            who = region["origin"] + (f"/{region['tool']}" if region["tool"] else "")
            note = f"{who} {blame.age(region['created_at'], now)} {region['edit_count']}e"
        style = "cyan" if region else "dim"
        console.print(
            f"[{style}]{note:<28.28}[/] {line.number:>{width}} │ {escape(line.text)}",
            soft_wrap=True,
        )
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    if args.compact:
        try:
            done = doctor.compact(db_path(args), args.retention)
        except (ValueError, StoreError) as exc:
            raise CliError(str(exc)) from exc
        removed = ", ".join(f"{n} {what}" for what, n in done.removed.items())
        print(
            f"aidecay: compacted: removed {removed}; {done.size_before} → {done.size_after} bytes",
            file=sys.stderr,
        )
    check = doctor.examine(db_path(args))
    console = Console(highlight=False)
    table = Table(show_header=False, title="aidecay doctor", title_justify="left")
    table.add_column("what")
    table.add_column("value")
    table.add_row("database", str(check.path))
    table.add_row("exists", f"yes, {check.size} bytes" if check.exists else "no")
    if check.schema_version is not None:
        table.add_row(
            "schema version",
            f"{check.schema_version} (this aidecay reads up to {check.supported_version})",
        )
    if check.integrity is not None:
        table.add_row("integrity check", check.integrity[:200])
    for name, count in check.counts.items():
        table.add_row(name, str(count))
    console.print(table)
    if check.healthy:
        console.print("[green]no problems found[/]")
        return 0
    for problem, fix in zip(check.problems, check.advice):
        console.print(f"[red]problem:[/] {escape(problem)}\n  [bold]fix:[/] {escape(fix)}")
    return 1
