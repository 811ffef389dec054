"""``aidecay git-ai import|export``: attribution that travels with the repository."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from aidecay.cli.common import add_db, db_path, guarded, progress
from aidecay.interop import gitsync
from aidecay.vcs.git import GitError
from aidecay.vcs.gitai import NoteError


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "git-ai",
        help="read or write git-ai authorship notes (refs/notes/ai, authorship/3.0.0)",
        description="Exchange AI attribution with git-ai notes. Push and fetch them with "
        "`git push origin refs/notes/ai` / `git fetch origin refs/notes/ai:refs/notes/ai`.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text, run in (
        ("export", "write notes for commits from the live AI regions in the database", run_export),
        ("import", "create regions (origin import) from the notes of commits", run_import),
    ):
        action = actions.add_parser(name, help=text, description=text)
        action.add_argument(
            "--rev", default="HEAD", metavar="RANGE", help="a commit or a range A..B (default HEAD)"
        )
        action.add_argument(
            "--repo", default=".", metavar="PATH", help="the repository (default: current folder)"
        )
        add_db(action)
        action.set_defaults(run=guarded(run))


def _errors(run):
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except (GitError, NoteError) as exc:
            print(f"aidecay: error: {exc}", file=sys.stderr)
            return 1

    return wrapper


@_errors
def run_export(args: argparse.Namespace) -> int:
    with progress("git-ai export") as advance:
        written = gitsync.export_notes(db_path(args), Path(args.repo), args.rev, advance)
    print(f"aidecay: wrote {written} git-ai note(s) on refs/notes/ai", file=sys.stderr)
    return 0


@_errors
def run_import(args: argparse.Namespace) -> int:
    warnings: list[str] = []
    with progress("git-ai import") as advance:
        created = gitsync.import_notes(
            db_path(args), Path(args.repo), args.rev, advance, warnings.append
        )
    for warning in warnings:
        print(f"aidecay: warning: {warning}", file=sys.stderr)
    print(f"aidecay: imported {created} region(s) from git-ai notes", file=sys.stderr)
    return 0
