"""The server-side guess at AI output for editors that do not report it: bulk insertions."""

from __future__ import annotations

from aidecay.core.anchoring import SpanMapper
from aidecay.core.regions import trim_blank_lines


def bulk_insertions(old: str, a: int, b: int, new: str, min_lines: int) -> list[tuple[int, int]]:
    """Spans (in the new document) of inserted text at least ``min_lines`` lines long.

    ``old[a:b]`` was replaced by ``new``. A whole-document re-send is judged by the hunks its
    diff inserted; any other change by its text. Blank lines at the edges do not count.
    """
    if new.count("\n") + new.count("\r") < min_lines - 1:
        return []
    if a == 0 and b == len(old):
        hunks, cursor = [], 0
        for run in SpanMapper(old, new).runs:
            if run.j > cursor:
                hunks.append((cursor, run.j))
            cursor = run.j + run.n
        if cursor < len(new):
            hunks.append((cursor, len(new)))
    else:
        hunks = [(0, len(new))]
    spans = []
    for start, end in hunks:
        start, end = trim_blank_lines(new, start, end)
        if end > start and new.count("\n", start, end) + 1 >= min_lines:
            spans.append((a + start, a + end))
    return spans
