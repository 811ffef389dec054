"""Moved and copied blocks, found as ``git blame -M -C -C`` finds them, walking forward.

The lines a commit adds to a file come in runs (the added lines of one hunk). A run is first
searched in the parent's version of the same file (``-M``: a block moved or copied within the
file), what is left of it in the parent's versions of the other files the commit changed, or
of every file when the commit creates or renames this one (``-C -C``). The best-scoring block
is taken first, the rest of the run searched again, as git does.

The minimum size is git's own, counted as git counts it: the letters and digits (ASCII) of
the block's lines, at least ``MOVE_CHARS`` = 20 within a file and ``COPY_CHARS`` = 40 from
another file (``git blame``'s defaults for ``-M`` and ``-C``). So a block needs a few lines of
real code: a lone ``return None``, ``else:``, a closing bracket or blank lines never carry
their author to a new place, and replay agrees with ``git blame -M -C -C``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

MOVE_CHARS = 20
COPY_CHARS = 40


@dataclass(frozen=True)
class MoveSizes:
    """The minimum letters and digits of a block moved within a file (``-M<n>``) and from
    another file (``-C<n>``); aider's ``scripts/blame.py`` uses 100 and 100."""

    within: int = MOVE_CHARS
    across: int = COPY_CHARS


GIT_SIZES = MoveSizes()


@dataclass(frozen=True)
class Block:
    """``length`` lines of a run from ``start`` equal ``source[at:at + length]``."""

    start: int
    length: int
    source: Sequence[int]
    at: int
    score: int
    parent: int  # which parent's version the source is (0: the first parent)
    path: str  # the source's path


#: One line of the run equal to one line of a source: (index in the run, the source's line
#: ids, index in the source, which parent, the source's path).
Anchor = tuple[int, Sequence[int], int, int, str]


def best_blocks(
    hashes: Sequence[int],
    scores: Sequence[int],
    anchors: Iterable[Anchor],
    hash_of: Callable[[int], int],
    min_chars: int,
) -> list[Block]:
    """Non-overlapping blocks of the run (``hashes`` and letter-and-digit ``scores`` of its
    lines) scoring at least ``min_chars``, best first; ``anchors`` are single equal lines."""
    prefix = [0, *accumulate(scores)]
    found: list[Block] = []
    seen: set[tuple[int, int, int, int]] = set()  # (source, shift, parent, run index) covered
    for index, source, at, parent, path in anchors:
        shift = at - index  # source index = run index + shift
        if (id(source), shift, parent, index) in seen:
            continue
        lo, hi, n = index, index + 1, len(hashes)
        while lo > 0 and lo + shift > 0 and hash_of(source[lo + shift - 1]) == hashes[lo - 1]:
            lo -= 1
        while hi < n and hi + shift < len(source) and hash_of(source[hi + shift]) == hashes[hi]:
            hi += 1
        seen.update((id(source), shift, parent, k) for k in range(lo, hi))
        score = prefix[hi] - prefix[lo]
        found.append(Block(lo, hi - lo, source, lo + shift, score, parent, path))
    taken: list[Block] = []
    while found:
        best = max(found, key=lambda b: (b.score, -b.parent, -b.start))
        if best.score < min_chars:
            break
        taken.append(best)
        found = [piece for b in found if b is not best for piece in _outside(b, best, prefix)]
    return taken


def _outside(block: Block, taken: Block, prefix: list[int]) -> list[Block]:
    """The parts of ``block`` that do not overlap ``taken`` (on the run's side)."""
    end, taken_end = block.start + block.length, taken.start + taken.length
    if end <= taken.start or block.start >= taken_end:
        return [block]
    pieces = []
    for lo, hi in ((block.start, taken.start), (taken_end, end)):
        lo, hi = max(lo, block.start), min(hi, end)
        if hi > lo:
            at = block.at + (lo - block.start)
            score = prefix[hi] - prefix[lo]
            pieces.append(Block(lo, hi - lo, block.source, at, score, block.parent, block.path))
    return pieces


def leftovers(length: int, blocks: Iterable[Block]) -> list[tuple[int, int]]:
    """The (start, end) spans of a run of ``length`` lines that no block covers."""
    spans, at = [], 0
    for block in sorted(blocks, key=lambda b: b.start):
        if block.start > at:
            spans.append((at, block.start))
        at = max(at, block.start + block.length)
    if at < length:
        spans.append((at, length))
    return spans
