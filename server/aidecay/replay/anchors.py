"""Where replayed AI regions go in the file the server will open.

A region still at HEAD is placed on the lines of the file's ``documents`` snapshot: the HEAD
text itself when the file has none (it is then stored as the snapshot, so the server
re-anchors the region to the working copy on open), else the live snapshot, onto which the
HEAD lines are mapped. Lines that live regions already cover are left to them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aidecay.core.regions import trim_blank_lines
from aidecay.core.uris import path_to_uri
from aidecay.store.database import Store
from aidecay.vcs.linemap import line_map


def _line_offsets(text: str) -> list[int]:
    starts = [0]
    for k, ch in enumerate(text):
        if ch == "\n":
            starts.append(k + 1)
    return starts


def _span(text: str, starts: list[int], first: int, last: int) -> tuple[int, int]:
    """Offsets of 1-based lines first..last, the end before the last line's newline."""
    start = starts[first - 1]
    end = starts[last] - 1 if last < len(starts) else len(text)
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, max(start, end)


class Anchors:
    """Per file at HEAD: its text, where the live snapshot's lines are, and live coverage."""

    def __init__(self, store: Store, root: Path, read_head: Callable[[str], str | None]):
        self.store, self.root, self.read_head = store, root, read_head
        self.cache: dict[str, tuple | None] = {}
        self.snapshots: dict[str, str] = {}

    def place(self, path: str, first: int, last: int) -> tuple[str, int, int] | None:
        """(uri, start, end) for HEAD lines first..last, or None when live regions have them."""
        if path not in self.cache:
            self.cache[path] = self._load(path)
        found = self.cache[path]
        if found is None:
            return None
        uri, text, starts, mapping, covered = found
        lines = [mapping[n] for n in range(first, last + 1) if n in mapping]
        lines = [n for n in lines if n not in covered]
        if not lines:
            return None
        start, end = trim_blank_lines(text, *_span(text, starts, min(lines), max(lines)))
        covered.update(range(min(lines), max(lines) + 1))
        return (uri, start, end) if end > start else None

    def _load(self, path: str):
        head = self.read_head(path)
        if head is None:
            return None
        uri = path_to_uri(self.root / path)
        snapshot = self.store.load_snapshot(uri)
        if snapshot is None:
            self.snapshots[uri] = head
            text, mapping = head, {n: n for n in range(1, head.count("\n") + 2)}
        else:
            text, mapping = snapshot.text, line_map(head, snapshot.text)
        starts = _line_offsets(text)
        covered: set[int] = set()
        for region in self.store.load_regions(uri):
            first = text.count("\n", 0, region.start) + 1
            last = text.count("\n", 0, max(region.start, region.end - 1)) + 1
            covered.update(range(first, last + 1))
        return uri, text, starts, mapping, covered
