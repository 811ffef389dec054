"""Indexed lookups over spans and positioned records, so a pass costs O(n log n), not O(n²).

``SpanIndex``: is an offset inside any of many spans (the AI regions)? ``starting_in``: the
records of a file whose ``start`` lies in one region, in their original order; its index is
built once per (immutable) sequence and remembered while that sequence lives, so callers
keep their simple signatures; ``per_object`` does the same for any value derived from one
immutable object (a learned convention model, a parsed module's inventory).
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class SpanIndex:
    """Merged, sorted half-open spans; ``offset in index`` in O(log n)."""

    __slots__ = ("_starts", "_ends")

    def __init__(self, spans: Iterable[Sequence[int]]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted((int(s[0]), int(s[1])) for s in spans):
            if end <= start:
                continue
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        self._starts, self._ends = starts, ends

    def __contains__(self, offset: int) -> bool:
        k = bisect_right(self._starts, offset) - 1
        return k >= 0 and offset < self._ends[k]

    def __len__(self) -> int:
        return len(self._starts)


class _StartIndex:
    """Records sorted by ``start`` (ties and the original order kept by position)."""

    __slots__ = ("_keys", "_items")

    def __init__(self, items: Sequence[Any]) -> None:
        order = sorted(range(len(items)), key=lambda k: (_start(items[k]), k))
        self._keys = [_start(items[k]) for k in order]
        self._items = [(k, items[k]) for k in order]

    def inside(self, span: Sequence[int]) -> list[Any]:
        lo = bisect_left(self._keys, span[0])
        hi = bisect_left(self._keys, span[1], lo)
        return [item for _, item in sorted(self._items[lo:hi], key=lambda p: p[0])]


def _start(item: Any) -> int:
    return item if isinstance(item, int) else item[0] if isinstance(item, tuple) else item.start


#: Indexes of sequences still alive, by ``id`` (dropped with their sequence).
_start_indexes: dict[int, tuple[Any, _StartIndex]] = {}


def _remember(table: dict, key_obj: Any, build: Callable[[], Any]) -> Any:
    found = table.get(id(key_obj))
    if found is not None and found[0] is key_obj:
        return found[1]
    value = build()
    if len(table) > 64:  # sequences that cannot be tracked (tuples): keep the table small
        table.clear()
    table[id(key_obj)] = (key_obj, value)
    return value


def starting_in(items: Sequence[T], span: Sequence[int]) -> list[T]:
    """The ``items`` (records with ``start``, ``(start, end)`` tuples or offsets) whose start
    lies in ``[span[0], span[1])``, in their original order."""
    if len(items) < 16:
        return [item for item in items if span[0] <= _start(item) < span[1]]
    return _remember(_start_indexes, items, lambda: _StartIndex(items)).inside(span)


def per_object(fn: Callable[..., R]) -> Callable[..., R]:
    """Remember ``fn(obj, *args)`` for as long as ``obj`` lives (``args`` must be hashable)."""
    cache: dict[int, dict[tuple, R]] = {}

    @wraps(fn)
    def wrapper(obj: Any, *args: Any) -> R:
        key = id(obj)
        results = cache.get(key)
        if results is None:
            results = cache[key] = {}
            weakref.finalize(obj, cache.pop, key, None)
        if args not in results:
            results[args] = fn(obj, *args)
        return results[args]

    return wrapper


class NestedIndex:
    """Properly nested intervals (code units: classes, functions, methods) sorted by
    ``(start, -end)``; ``overlapping`` answers like a linear scan in O(depth + hits · log n).
    Falls back to the linear scan when the intervals do not nest."""

    __slots__ = ("_items", "_starts", "_parents", "_nested")

    def __init__(self, items: Sequence[Any]) -> None:
        self._items = items
        self._starts = [item.start for item in items]
        self._parents: list[int] = []
        self._nested = all(a.start <= b.start for a, b in zip(items, items[1:], strict=False))
        stack: list[int] = []
        for k, item in enumerate(items):
            while stack and items[stack[-1]].end <= item.start:
                stack.pop()
            if stack and item.end > items[stack[-1]].end:
                self._nested = False
            self._parents.append(stack[-1] if stack else -1)
            stack.append(k)

    def overlapping(self, start: int, end: int) -> list[Any]:
        """Items intersecting ``[start, end)``; an empty range selects the items containing
        ``start`` or starting at it."""
        items = self._items
        if not self._nested:
            if end <= start:
                return [u for u in items if u.start <= start < u.end or u.start == start]
            return [u for u in items if u.start < end and start < u.end]
        found: set[int] = set()
        k = bisect_right(self._starts, start) - 1
        while k >= 0:  # the item starting last at or before ``start``, and its ancestors
            found.add(k)
            k = self._parents[k]
        lo = bisect_left(self._starts, start)
        hi = bisect_left(self._starts, end) if end > start else bisect_right(self._starts, start)
        found.update(range(lo, hi))
        if end > start:
            found = {k for k in found if items[k].start < end and start < items[k].end}
        else:
            found = {
                k
                for k in found
                if items[k].start <= start < items[k].end or items[k].start == start
            }
        return [items[k] for k in sorted(found)]
