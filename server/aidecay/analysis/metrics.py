"""Radon metrics (cyclomatic complexity, maintainability index, Halstead, SLOC) for units
and arbitrary regions of a possibly broken source text.

The maintainability index is radon's formula on radon's components, with two changes
(docs/diagnostics.md, "maintainability-drop"): it is not clamped to 0..100, and only ``#``
comments make its comment share (docstrings are not comments).

Everything here is defensive: bad code, radon internal errors, ``RecursionError`` on deeply
nested expressions and oversized inputs all yield ``None``/``measured=False``, never raise.

Incrementality comes from :class:`MetricsCache`: results are keyed by a hash of the exact
(dedented) text measured, so after an edit only the touched function is re-measured.
"""

from __future__ import annotations

import ast
import hashlib
import math
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from radon.complexity import cc_visit_ast
from radon.metrics import h_visit_ast
from radon.raw import analyze
from radon.visitors import ComplexityVisitor

from .units import CodeUnit, find_units, units_overlapping

T = TypeVar("T")
_MISSING = object()


@dataclass(frozen=True)
class MetricsLimits:
    """Input caps.  Radon's MI (dominated by its raw token analysis) costs seconds on
    10,000+ lines, so MI and SLOC are skipped above ``max_mi_lines``; nothing at all is
    measured above ``max_chars``."""

    max_chars: int = 400_000
    max_mi_lines: int = 2_000


@dataclass(frozen=True)
class RegionMetrics:
    """Metrics of a region.  ``span`` is the ``[start, end)`` actually measured (the region
    widened to whole lines, or to enclosing units if the region alone does not parse)."""

    functions: dict[str, int] = field(default_factory=dict)
    mi: float | None = None
    halstead_volume: float | None = None
    sloc: int | None = None
    measured: bool = False
    span: tuple[int, int] | None = None


class MetricsCache:
    """Bounded, thread-safe LRU of measurement results keyed by a hash of the text."""

    def __init__(self, maxsize: int = 4096) -> None:
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0
        self._data: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._data)

    def get_or_compute(self, kind: str, text: str, compute: Callable[[], T]) -> T:
        """Return the cached ``kind`` result for ``text``, computing it on a miss."""
        key = (
            kind,
            hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest(),
        )
        with self._lock:
            value = self._data.get(key, _MISSING)
            if value is not _MISSING:
                self._data.move_to_end(key)
                self.hits += 1
                return value  # type: ignore[return-value]
            self.misses += 1
        value = compute()
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def _line_start(source: str, offset: int) -> int:
    return max(source.rfind("\n", 0, offset), source.rfind("\r", 0, offset)) + 1


def _line_end(source: str, offset: int) -> int:
    """Offset of the terminator of the line containing ``offset`` (or len(source))."""
    ends = [i for i in (source.find("\n", offset), source.find("\r", offset)) if i != -1]
    return min(ends) if ends else len(source)


def dedent_code(text: str) -> str:
    """Normalise newlines and dedent with :func:`textwrap.dedent`; if the first line stays
    indented (e.g. a docstring line at column 0 pins the margin), strip the first line's
    indentation from every line that carries it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    dedented = textwrap.dedent(text)
    first = dedented.lstrip("\n").split("\n", 1)[0]
    indent = first[: len(first) - len(first.lstrip(" \t"))]
    if not indent:
        return dedented
    return "\n".join(
        line[len(indent) :] if line.startswith(indent) else line for line in dedented.split("\n")
    )


def _lines_text(source: str, start: int, end: int) -> str:
    """``source[start:end]`` widened to start at its line start (indentation kept)."""
    line_start = _line_start(source, start)
    prefix = source[line_start:start]
    if prefix.strip():
        prefix = " " * len(prefix)
    return prefix + source[start:end]


def _parse(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None


def _safe(fn: Callable[[], T]) -> T | None:
    try:
        return fn()
    except Exception:  # radon internals, RecursionError, MemoryError...
        return None


def _block_complexity(code: str, name: str) -> int | None:
    tree = _parse(code)
    if tree is None:
        return None
    blocks = _safe(lambda: cc_visit_ast(tree))
    if not blocks:
        return None
    for block in blocks:
        if block.name == name:
            return int(block.complexity)
    return None


def function_complexity(
    source: str,
    unit: CodeUnit,
    *,
    cache: MetricsCache | None = None,
    limits: MetricsLimits | None = None,
) -> int | None:
    """Radon cyclomatic complexity of ``unit`` measured on its own dedented text.

    Decorators are included in the text (radon ignores them, but it keeps the cache key
    equal to the unit's exact text).  Nested closures do not add to the result (radon's
    rule).  For a class, radon's class complexity is returned.  ``None`` when the unit does
    not parse on its own or exceeds ``limits.max_chars``.
    """
    limits = limits or MetricsLimits()
    if unit.end - unit.start > limits.max_chars:
        return None
    code = dedent_code(_lines_text(source, unit.start, unit.end))
    compute = lambda: _block_complexity(code, unit.name)  # noqa: E731
    return cache.get_or_compute("cc", code, compute) if cache is not None else compute()


_Measured = tuple[float | None, float | None, int | None]


def maintainability_index(volume: float, complexity: int, lloc: int, comment_share: float) -> float:
    """radon's maintainability index (``radon.metrics.mi_compute``) without its clamp to
    0..100: small functions score above 100, so a fall from there is seen in full. Volume and
    logical lines count from 1 (radon returns 100 when either is 0, so one operator added to a
    function without any moved it from 100 to its real value). ``comment_share`` in percent."""
    comments = 50 * math.sin(math.sqrt(2.46 * math.radians(comment_share)))
    raw = 171 - 5.2 * math.log(max(volume, 1.0)) - 0.23 * complexity
    return (raw - 16.2 * math.log(max(lloc, 1)) + comments) * 100 / 171


def _measure_text(code: str, limits: MetricsLimits) -> _Measured:
    """(mi, halstead volume, sloc) of parseable ``code``; raises ValueError if unparseable.

    MI and SLOC (radon's raw token analysis, the slow part) are skipped above
    ``limits.max_mi_lines``.
    """
    tree = _parse(code)
    if tree is None:
        raise ValueError("unparseable")
    halstead = _safe(lambda: h_visit_ast(tree))
    volume = float(halstead.total.volume) if halstead is not None else None
    if code.count("\n") + 1 > limits.max_mi_lines:
        return None, volume, None
    raw = _safe(lambda: analyze(code))
    sloc = int(raw.sloc) if raw is not None else None
    mi: float | None = None
    if raw is not None and volume is not None:
        # radon's components, reusing the parsed tree; the comment share is radon's with
        # multi=False: ``#`` comment lines over source lines, docstrings left out.
        def compute_mi() -> float:
            complexity = ComplexityVisitor.from_ast(tree).total_complexity
            share = raw.comments * 100.0 / raw.sloc if raw.sloc else 0.0
            return maintainability_index(volume, complexity, raw.lloc, share)

        mi = _safe(compute_mi)
    return mi, volume, sloc


def _candidate_spans(
    source: str, start: int, end: int, overlapping: Sequence[CodeUnit]
) -> list[tuple[int, int]]:
    """Region widened to whole lines, then to overlapping units, deepest level first."""
    spans: list[tuple[int, int]] = []

    def add(lo: int, hi: int) -> None:
        span = (_line_start(source, lo), _line_end(source, max(lo, hi - 1)))
        if span not in spans:
            spans.append(span)

    add(start, end)
    for depth in sorted({u.depth for u in overlapping}, reverse=True):
        chosen = [u for u in overlapping if u.depth >= depth]
        add(min([start, *(u.start for u in chosen)]), max([end, *(u.end for u in chosen)]))
    return spans


def region_metrics(
    source: str,
    start: int,
    end: int,
    *,
    units: Sequence[CodeUnit] | None = None,
    cache: MetricsCache | None = None,
    limits: MetricsLimits | None = None,
) -> RegionMetrics:
    """Metrics for ``source[start:end]`` measured on the smallest parseable text around it.

    Tries the region's whole lines (dedented), then the overlapping units from the deepest
    nesting level outwards.  ``functions`` maps the qualname of every function/method
    overlapping the region to its own CC (units that do not parse alone are omitted;
    a repeated qualname gets ``@<start_line>``).  Pass ``units`` (e.g. from
    :class:`~aidecay.analysis.units.UnitFinder`) to avoid re-parsing the whole file.
    """
    limits = limits or MetricsLimits()
    start = max(0, min(start, len(source)))
    end = max(start, min(end, len(source)))
    try:
        all_units = list(units) if units is not None else find_units(source)
    except Exception:  # parso is error tolerant, but never let analysis raise
        all_units = []
    overlapping = units_overlapping(all_units, start, end)

    functions: dict[str, int] = {}
    for unit in overlapping:
        if unit.kind == "class":
            continue
        complexity = function_complexity(source, unit, cache=cache, limits=limits)
        if complexity is not None:
            name = unit.qualname
            functions[name if name not in functions else f"{name}@{unit.start_line}"] = complexity

    for lo, hi in _candidate_spans(source, start, end, overlapping):
        if hi - lo > limits.max_chars:
            break
        text = source[lo:hi]

        def compute(text: str = text) -> _Measured | None:
            try:
                return _measure_text(dedent_code(text), limits)
            except ValueError:
                return None

        # Keyed by the text as it is (dedenting is the costly part of a hit on a long span).
        key = f"region-text:{limits.max_mi_lines}"
        result = cache.get_or_compute(key, text, compute) if cache is not None else compute()
        if result is not None:
            mi, volume, sloc = result
            return RegionMetrics(functions, mi, volume, sloc, True, (lo, hi))
    return RegionMetrics(functions=functions)
