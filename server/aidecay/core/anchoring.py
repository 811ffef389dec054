"""Diff-based remapping of spans from an old text to a new one.

Used when a change covers whole regions (a formatter, a whole-document re-send) and when a
file changed while nobody watched (re-anchoring against the stored snapshot). The diff is
line-based, refined to characters inside changed hunks with whitespace ignored, so that
re-indentation or re-spacing keeps text "surviving" while rewritten code does not.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

#: Replaced hunks larger than this (characters, either side) are not refined to characters.
REFINE_LIMIT = 20_000
#: Character matches shorter than this inside a rewritten hunk are coincidence, not survival.
MIN_CHAR_MATCH = 3


@dataclass(frozen=True)
class Run:
    """``old[i:i+n] == new[j:j+n]``: text that survived unchanged."""

    i: int
    j: int
    n: int


@dataclass(frozen=True)
class MappedSpan:
    """Where a span landed, and how much of its (non-blank) text survived."""

    start: int
    end: int
    survived: int
    total: int

    @property
    def alive(self) -> bool:
        """Most of the span's text survived and it still covers something."""
        return self.end > self.start and 2 * self.survived > self.total


def _nonblank(text: str) -> int:
    return len("".join(text.split()))


def common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix (by halving: slice compares run in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # binary search on C-level slice comparisons
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the longest common suffix that leaves the first ``limit`` characters alone."""
    lo, hi = 0, min(len(a), len(b)) - limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _refine(old: str, new: str, i0: int, j0: int) -> list[Run]:
    """Character runs surviving between two rewritten hunks, whitespace ignored."""
    if not old or not new or len(old) > REFINE_LIMIT or len(new) > REFINE_LIMIT:
        return []
    old_idx = [k for k, c in enumerate(old) if not c.isspace()]
    new_idx = [k for k, c in enumerate(new) if not c.isspace()]
    old_s = "".join(old[k] for k in old_idx)
    new_s = "".join(new[k] for k in new_idx)
    runs: list[Run] = []
    matcher = SequenceMatcher(None, old_s, new_s, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        if size < MIN_CHAR_MATCH:
            continue
        # Split the block where whitespace interrupted either side.
        start = 0
        for k in range(1, size + 1):
            if (
                k == size
                or old_idx[a + k] != old_idx[a + k - 1] + 1
                or new_idx[b + k] != new_idx[b + k - 1] + 1
            ):
                runs.append(Run(i0 + old_idx[a + start], j0 + new_idx[b + start], k - start))
                start = k
    return runs


def change_size(old: str, new: str) -> tuple[int, int]:
    """(characters inserted, characters deleted) from ``old`` to ``new``."""
    prefix = common_prefix(old, new)
    suffix = common_suffix(old, new, prefix)
    old_mid, new_mid = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
    if not old_mid or not new_mid or max(len(old_mid), len(new_mid)) > REFINE_LIMIT // 10:
        return len(new_mid), len(old_mid)
    matcher = SequenceMatcher(None, old_mid, new_mid, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    return len(new_mid) - kept, len(old_mid) - kept


def _line_offsets(lines: list[str], base: int) -> list[int]:
    offsets = [base]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    return offsets


def diff_runs(old: str, new: str) -> list[Run]:
    """Surviving runs from ``old`` to ``new``, sorted and non-overlapping on both sides."""
    if old == new:
        return [Run(0, 0, len(old))] if old else []
    prefix = common_prefix(old, new)
    suffix = common_suffix(old, new, prefix)
    runs: list[Run] = [Run(0, 0, prefix)] if prefix else []
    old_mid, new_mid = old[prefix : len(old) - suffix], new[prefix : len(new) - suffix]
    old_lines, new_lines = old_mid.splitlines(True), new_mid.splitlines(True)
    old_at, new_at = _line_offsets(old_lines, prefix), _line_offsets(new_lines, prefix)
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(Run(old_at[i1], new_at[j1], old_at[i2] - old_at[i1]))
        elif tag == "replace":
            runs.extend(
                _refine(
                    old[old_at[i1] : old_at[i2]],
                    new[new_at[j1] : new_at[j2]],
                    old_at[i1],
                    new_at[j1],
                )
            )
    if suffix:
        runs.append(Run(len(old) - suffix, len(new) - suffix, suffix))
    return _merge(runs)


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if run.n <= 0:
            continue
        if merged:
            last = merged[-1]
            if last.i + last.n == run.i and last.j + last.n == run.j:
                merged[-1] = Run(last.i, last.j, last.n + run.n)
                continue
        merged.append(run)
    return merged


class SpanMapper:
    """Maps spans of ``old`` into ``new`` through the surviving runs."""

    def __init__(self, old: str, new: str, runs: list[Run] | None = None) -> None:
        self.old = old
        self.new = new
        self.runs = diff_runs(old, new) if runs is None else runs
        self._ends = [r.i + r.n for r in self.runs]
        self._starts = [r.i for r in self.runs]

    def map_start(self, s: int) -> int:
        """New offset of a span start: text inserted right before it stays outside."""
        k = bisect_right(self._ends, s)  # first run ending after s
        if k < len(self.runs) and self.runs[k].i <= s:
            run = self.runs[k]
            return run.j + (s - run.i)
        # s lies in a rewritten gap: the gap's replacement belongs to the span.
        return self.runs[k - 1].j + self.runs[k - 1].n if k > 0 else 0

    def map_end(self, e: int) -> int:
        """New offset of a span end: text inserted right after it stays outside."""
        k = bisect_left(self._starts, e) - 1  # last run starting before e
        if k >= 0 and self.runs[k].i + self.runs[k].n >= e:
            run = self.runs[k]
            return run.j + (e - run.i)
        return self.runs[k + 1].j if k + 1 < len(self.runs) else len(self.new)

    def survived(self, s: int, e: int) -> tuple[int, int]:
        """(non-blank characters of ``old[s:e]`` that survived, non-blank characters in all)."""
        text = self.old[s:e]
        total = _nonblank(text)
        blank_only = total == 0
        if blank_only:
            total = len(text)
        kept = 0
        k = bisect_right(self._ends, s)
        while k < len(self.runs) and self.runs[k].i < e:
            run = self.runs[k]
            lo, hi = max(s, run.i), min(e, run.i + run.n)
            piece = self.old[lo:hi]
            kept += len(piece) if blank_only else _nonblank(piece)
            k += 1
        return kept, total

    def map_span(self, s: int, e: int) -> MappedSpan:
        kept, total = self.survived(s, e)
        return MappedSpan(self.map_start(s), self.map_end(e), kept, total)
