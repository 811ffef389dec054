"""Record AI-written line ranges of a file on disk (agent hooks, ``aidecay mark``).

Goes through ``Tracker.mark``, which reads the file from disk, re-anchors its known regions
and flushes at once; safe while servers use the same database (WAL, busy timeout).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from aidecay.core.regions import Region
from aidecay.core.text import UTF32, Position, TextDocument
from aidecay.core.uris import path_to_uri
from aidecay.stats.scope import is_under
from aidecay.store.database import Store
from aidecay.tracking.tracker import ORIGINS, Tracker

_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


class MarkError(ValueError):
    """The file or the ranges cannot be marked; nothing was written."""


@dataclass(frozen=True)
class MarkRequest:
    path: Path
    ranges: list[tuple[int, int]]  # 1-based, inclusive
    origin: str = "agent"
    tool: str | None = None
    model: str | None = None


def parse_lines(text: str) -> list[tuple[int, int]]:
    """``3-9`` or ``4`` or ``1-2,7-9`` into 1-based inclusive ranges."""
    ranges = []
    for part in text.split(","):
        match = _RANGE.match(part)
        if not match:
            raise MarkError(f"--lines expects A-B (1-based, inclusive), got {text!r}")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 1 or last < first:
            raise MarkError(f"line range {part.strip()!r} must satisfy 1 <= A <= B")
        ranges.append((first, last))
    return ranges


def read_text_file(path: Path) -> str:
    """The file's text; MarkError when it is missing, a folder or not UTF-8 text."""
    if not path.exists():
        raise MarkError(f"{path} does not exist")
    if not path.is_file():
        raise MarkError(f"{path} is not a regular file")
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        raise MarkError(f"{path} is a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MarkError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def check_inside(path: Path, workspace: Path | None) -> None:
    if workspace is not None and not is_under(path, workspace):
        raise MarkError(
            f"{path} is outside the workspace {workspace}; run from the project folder or "
            "pass --workspace"
        )


def validate(request: MarkRequest, workspace: Path | None) -> str:
    """Check everything before the database is touched; returns the file's text."""
    if request.origin not in ORIGINS:
        raise MarkError(f"unknown origin {request.origin!r}; expected one of {', '.join(ORIGINS)}")
    check_inside(request.path, workspace)
    text = read_text_file(request.path)
    lines = TextDocument(text, None, UTF32).line_count
    for first, last in request.ranges:
        if last > lines:
            raise MarkError(
                f"lines {first}-{last} go past the end of {request.path} ({lines} lines)"
            )
    return text


def mark(db: Path, request: MarkRequest, workspace: Path | None = None) -> list[Region]:
    """Mark the ranges; returns the regions created (already written to the database)."""
    text = validate(request, workspace)
    doc = TextDocument(text, None, UTF32)
    store = Store(db)
    try:
        tracker = Tracker(store, encoding=UTF32)
        uri = path_to_uri(request.path)
        created: list[Region] = []
        for first, last in request.ranges:
            end = Position(last - 1, len(doc.line_text(last - 1)))
            created += tracker.mark(
                uri, Position(first - 1, 0), end, request.origin, request.tool, request.model
            )
        return created
    finally:
        store.close()
