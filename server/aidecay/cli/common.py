"""Shared pieces of the commands: database and scope options, errors, safe output files."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from aidecay.stats.query import QueryError
from aidecay.stats.scope import Scope, parse_now, parse_since
from aidecay.store.database import StoreError
from aidecay.store.paths import resolve_db_path
from aidecay.tracking.tracker import TrackingError


class CliError(Exception):
    """A problem with the command's input; printed as ``aidecay: error: ...``, exit 1."""


#: Errors that mean "cannot do this": a clear message and a non-zero exit, no traceback.
EXPECTED = (CliError, QueryError, StoreError, TrackingError, ValueError, OSError)


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="PATH", help="database file (default: $AIDECAY_DB, else the user data dir)"
    )


def add_scope(parser: argparse.ArgumentParser, *, workspace_help: str | None = None) -> None:
    add_db(parser)
    parser.add_argument(
        "--since",
        metavar="WHEN",
        help="only regions created since: a duration (30d, 12h, 2w) or an ISO date",
    )
    parser.add_argument(
        "--workspace",
        metavar="PATH",
        help=workspace_help or "only files under this folder (paths are shown relative to it)",
    )
    parser.add_argument("--now", help=argparse.SUPPRESS)  # fixed clock for tests


def db_path(args: argparse.Namespace) -> Path:
    return resolve_db_path(getattr(args, "db", None))


def scope(args: argparse.Namespace) -> Scope:
    now = parse_now(getattr(args, "now", None))
    workspace = Path(args.workspace).resolve() if getattr(args, "workspace", None) else None
    if workspace is not None and not workspace.is_dir():
        raise CliError(f"--workspace {args.workspace} is not a folder")
    return Scope(now, parse_since(getattr(args, "since", None), now), workspace)


def guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn expected failures into a message on stderr and exit code 1."""

    def wrapper(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except EXPECTED as exc:
            print(f"aidecay: error: {exc}", file=sys.stderr)
            return 1

    wrapper.__doc__ = run.__doc__
    return wrapper


def write_streamed(path: str | Path, write: Callable[[TextIO], None]) -> None:
    """Stream into a temporary file next to ``path``, then rename it into place."""
    target = Path(path)
    if target.is_dir():
        raise CliError(f"{target} is a folder; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise CliError(f"cannot write {target}: folder {folder} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            write(out)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomically(path: str | Path, content: str) -> None:
    """Write ``content`` to a temporary file next to ``path``, then rename it into place."""
    write_streamed(path, lambda out: out.write(content))


def emit(content: str, out: str | None) -> None:
    """To ``out`` (atomically) or to stdout."""
    if out and out != "-":
        write_atomically(out, content)
    else:
        sys.stdout.write(content)


def stderr_console() -> Console:
    return Console(stderr=True)


@contextmanager
def progress(description: str, total: int | None = None):
    """A transient progress bar on stderr; yields a function that advances it."""
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}" if total else ""),
        TimeElapsedColumn(),
        console=stderr_console(),
        transient=True,
    )
    with bar:
        task = bar.add_task(description, total=total)

        def advance(step: int = 1, text: str | None = None) -> None:
            bar.update(task, advance=step, description=text or description)

        yield advance
