"""Which function or class an AI region is about, for panel rows, hovers and CodeLenses.

Pure: works on the :class:`~aidecay.analysis.units.CodeUnit` list of a text (parso, error
tolerant). Offsets are ``str`` indices, regions are ``[start, end)``.

- A region that covers whole units is named by the outermost of them (``parse_args``;
  ``parse_args +2`` when it covers three side by side).
- Otherwise it is named by the innermost unit that contains it (a completion inside a method:
  ``Parser.parse_args``).
- Otherwise (it straddles unit boundaries) by the first unit it overlaps; module-level code
  has no symbol.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from aidecay.analysis.rules.complexity_growth import match_functions
from aidecay.analysis.rules.model import Measurement
from aidecay.analysis.units import CodeUnit, UnitFinder

#: A unit counts as the region's own when the region covers at least this share of it.
MOSTLY = 0.5


def _covered(units: list[CodeUnit], start: int, end: int) -> list[CodeUnit]:
    """Outermost units lying entirely inside ``[start, end)``, in text order."""
    inside = [u for u in units if start <= u.start and u.end <= end]
    names = {u.qualname for u in inside}
    return [u for u in inside if u.parent is None or u.parent not in names]


def _containing(units: list[CodeUnit], start: int, end: int) -> CodeUnit | None:
    """The innermost unit that contains ``[start, end)``."""
    best: CodeUnit | None = None
    for u in units:
        if u.start <= start and end <= u.end and (best is None or u.start >= best.start):
            best = u
    return best


def symbol_of(units: list[CodeUnit], start: int, end: int) -> str | None:
    """The name shown for the region ``[start, end)``; None for module-level code."""
    covered = _covered(units, start, end)
    if covered:
        more = len(covered) - 1
        return covered[0].qualname + (f" +{more}" if more else "")
    inner = _containing(units, start, end)
    if inner is not None:
        return inner.qualname
    overlapping = [u for u in units if u.start < end and start < u.end]
    return min(overlapping, key=lambda u: (u.depth, u.start)).qualname if overlapping else None


@dataclass(frozen=True)
class LensTarget:
    """Where a CodeLens of a region goes: the unit it is about, or the region's own start."""

    offset: int
    unit: CodeUnit | None


def lens_targets(units: list[CodeUnit], start: int, end: int) -> list[LensTarget]:
    """One target per AI function/class of the region: each covered unit, else the unit the
    region mostly fills, else the region's start."""
    covered = _covered(units, start, end)
    if covered:
        return [LensTarget(u.start, u) for u in covered]
    inner = _containing(units, start, end)
    if inner is not None and (end - start) >= MOSTLY * (inner.end - inner.start):
        return [LensTarget(inner.start, inner)]
    return [LensTarget(start, None)]


def complexity_change(
    unit: CodeUnit | None, baseline: Measurement | None, current: Measurement | None
) -> tuple[int, int] | None:
    """(then, now) cyclomatic complexity of ``unit``'s function (a class: its worst method;
    None: the region's worst function); None when not measured."""
    if current is None or not current.functions:
        return None
    now_map = current.function_map
    then_map = match_functions(baseline.function_map, now_map) if baseline else {}
    names = _function_names(unit, now_map)
    if not names:
        return None
    worst = max(names, key=lambda n: now_map[n])
    return then_map.get(worst, now_map[worst]), now_map[worst]


def _function_names(unit: CodeUnit | None, functions: dict[str, int]) -> list[str]:
    if unit is None:
        return list(functions)
    if unit.kind == "class":
        return [n for n in functions if n.startswith(f"{unit.qualname}.")]
    return [n for n in functions if n == unit.qualname or n.startswith(f"{unit.qualname}@")]


class SymbolIndex:
    """Units per document, reparsed (incrementally) only when its text changed.

    Parse trees are kept for ``max_trees`` documents (for incremental reparsing); the small
    unit lists for up to ``max_documents``, keyed by the text's length and hash. Thread-safe:
    a large request may name its regions in a worker thread.
    """

    def __init__(self, max_trees: int = 64, max_documents: int = 4096) -> None:
        self._finder = UnitFinder(max_trees)
        self._max = max_documents
        self._units: OrderedDict[str, tuple[tuple[int, int], list[CodeUnit]]] = OrderedDict()
        self._lock = threading.RLock()

    def units(self, key: str, text: str) -> list[CodeUnit]:
        with self._lock:
            return self._units_locked(key, text)

    def _units_locked(self, key: str, text: str) -> list[CodeUnit]:
        stamp = (len(text), hash(text))
        cached = self._units.get(key)
        if cached is not None and cached[0] == stamp:
            self._units.move_to_end(key)
            return cached[1]
        try:
            units = self._finder.find(text, key)
        except Exception:  # noqa: BLE001 - a name is never worth a failed request
            units = []
        self._units[key] = (stamp, units)
        self._units.move_to_end(key)
        while len(self._units) > self._max:
            self._units.popitem(last=False)
        return units

    def symbol(self, key: str, text: str, start: int, end: int) -> str | None:
        return symbol_of(self.units(key, text), start, end)

    def symbols(self, jobs: Iterable[tuple[str, str, int, int] | None]) -> list[str | None]:
        """``symbol`` of each (key, text, start, end); None stays None."""
        return [None if job is None else self.symbol(*job) for job in jobs]

    def forget(self, key: str) -> None:
        with self._lock:
            self._units.pop(key, None)
            self._finder.forget(key)
