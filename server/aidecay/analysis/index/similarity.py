"""Near-miss clone search: an inverted index from winnowed shingle hashes to functions, and
the similarity of two functions' shingle sets.

Postings are kept compact (8 bytes each) as sorted ``array('Q')`` segments of
``mark << 32 | def_id``, merged log-structured as files are added; removed functions are
dropped at the next merge (callers skip ids they no longer know meanwhile).
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable

from .fingerprint import Features

#: A mark shared by more functions than this is boilerplate (a "stop mark"): not used to
#: find candidates.
MAX_POSTINGS = 400
#: At most this many candidates (those sharing the most marks) are compared exactly.
MAX_VERIFIED = 300
_PENDING = 8192


def shingle_set(features: Features) -> set[int]:
    return set(array("I", features.shingles))


def shingle_count(features: Features) -> int:
    return len(features.shingles) // 4


def similarity(query: set[int], other: Features) -> float:
    """Dice coefficient of the shingle sets: twice the shared shingles over both sizes (1.0
    for the same normalised body; a statement added to a ten-statement function keeps
    about 0.9)."""
    size = len(query) + shingle_count(other)
    if not size:
        return 0.0
    return 2 * len(query.intersection(array("I", other.shingles))) / size


def size_compatible(a: int, b: int, threshold: float) -> bool:
    """Whether sets of ``a`` and ``b`` shingles can reach ``threshold`` at all."""
    small, large = min(a, b), max(a, b)
    return 2 * small >= threshold * (small + large)


class PostingIndex:
    """mark -> ids of the functions whose winnowed marks contain it."""

    def __init__(self) -> None:
        self._segments: list[array] = []
        self._pending: list[int] = []

    def add(self, def_id: int, marks: bytes) -> None:
        self._pending.extend((mark << 32) | def_id for mark in array("I", marks))
        if len(self._pending) >= _PENDING:
            self._flush()

    def compact(self, alive: Callable[[int], bool]) -> None:
        """Merge everything into one segment, dropping ids that are no longer alive."""
        self._flush()
        merged = sorted(p for segment in self._segments for p in segment if alive(p & 0xFFFFFFFF))
        self._segments = [array("Q", merged)] if merged else []

    def __len__(self) -> int:
        return sum(map(len, self._segments)) + len(self._pending)

    def _flush(self) -> None:
        if not self._pending:
            return
        self._segments.append(array("Q", sorted(self._pending)))
        self._pending = []
        while len(self._segments) > 1 and len(self._segments[-2]) <= 2 * len(self._segments[-1]):
            last = self._segments.pop()
            previous = self._segments.pop()
            self._segments.append(array("Q", sorted([*previous, *last])))

    def candidates(self, marks: Iterable[int]) -> Counter[int]:
        """ids -> number of shared marks (stop marks skipped)."""
        self._flush()
        counts: Counter[int] = Counter()
        for mark in marks:
            low, high = mark << 32, (mark + 1) << 32
            ranges = []
            total = 0
            for segment in self._segments:
                start = bisect_left(segment, low)
                end = bisect_left(segment, high, start)
                if end > start:
                    ranges.append((segment, start, end))
                    total += end - start
            if total > MAX_POSTINGS:
                continue
            for segment, start, end in ranges:
                counts.update(p & 0xFFFFFFFF for p in segment[start:end])
        return counts


def min_shared_marks(marks: int, threshold: float) -> int:
    """Shared marks a candidate needs before it is compared exactly (a loose filter)."""
    return max(1, math.floor(marks * threshold * 0.3))
