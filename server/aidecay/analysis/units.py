"""Find functions, methods and classes ("code units") with parso's error-tolerant parser.

Offsets are Python ``str`` indices (code points) into the exact ``source`` given, so CRLF
line endings, a leading BOM and non-ASCII text are all accounted for.

Qualnames are plain dotted paths of enclosing units: ``Class.method``, ``outer.inner``,
``Outer.Inner.method`` (no ``<locals>`` marker).  A function directly inside a class is a
``"method"``; a function nested in a function (or in a method) is a ``"function"``.

A unit spans from its first decorator (or the ``async``/``def``/``class`` keyword) to the
end of the last line of its body; the end excludes that line's terminator but includes a
trailing comment on it.  When a ``def``/``class`` header is itself broken (``def f(:``),
parso leaves an error node; such units are recovered by indentation and flagged with
``has_error=True``.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Literal

import parso
from parso.tree import BaseNode, Leaf, NodeOrLeaf
from parso.utils import split_lines

UnitKind = Literal["function", "method", "class"]

_BOM = "\ufeff"
# Node types that can (transitively) contain a def/class statement.
_CONTAINERS = frozenset(
    {
        "file_input",
        "suite",
        "if_stmt",
        "for_stmt",
        "while_stmt",
        "try_stmt",
        "with_stmt",
        "async_stmt",
        "async_funcdef",
        "decorated",
        "classdef",
        "funcdef",
        "error_node",
        "match_stmt",
        "case_block",
    }
)


@dataclass(frozen=True)
class CodeUnit:
    """A function, method or class found in a source text."""

    name: str
    qualname: str
    kind: UnitKind
    start: int
    end: int
    start_line: int
    end_line: int
    parent: str | None
    has_error: bool = False

    @property
    def depth(self) -> int:
        """Number of enclosing units."""
        return self.qualname.count(".")

    def text(self, source: str) -> str:
        """The unit's own text (``source[start:end]``)."""
        return source[self.start : self.end]


class _Positions:
    """Convert parso (1-based line, column) positions to ``str`` offsets."""

    def __init__(self, source: str, bom: int) -> None:
        self._bom = bom
        starts = [0]
        total = 0
        for line in split_lines(source[bom:], keepends=True):
            total += len(line)
            starts.append(total)
        self._starts = starts

    def offset(self, pos: tuple[int, int]) -> int:
        line, column = pos
        return self._bom + self._starts[line - 1] + column

    def line_of(self, offset: int) -> int:
        """0-based line index of a str offset."""
        return max(0, bisect_right(self._starts, offset - self._bom) - 1)


def _content_end(node: NodeOrLeaf) -> tuple[int, int]:
    """End position of ``node`` excluding its final line terminator."""
    leaf = node.get_last_leaf()
    while leaf is not None and leaf.type in ("newline", "endmarker") and leaf.value == "":
        leaf = leaf.get_previous_leaf()
    if leaf is None:
        return node.end_pos
    return leaf.start_pos if leaf.type == "newline" else leaf.end_pos


def _header_keyword(node: BaseNode) -> Leaf | None:
    """The ``def``/``class`` leaf of an error node that starts like a definition."""
    for child in node.children:
        if isinstance(child, Leaf):
            if child.value in ("def", "class"):
                return child
            if child.value not in ("@", "async"):
                return None
        elif child.type not in ("decorator", "decorators"):
            return None
    return None


class _Collector:
    """One pass over statement-level nodes only (expressions are never visited).

    parso attaches error nodes/leaves to the enclosing suite or module, so seeing one while
    scanning a unit's statements is enough to mark that unit (and its ancestors) as broken.
    """

    def __init__(self, source: str, module: BaseNode, bom: int) -> None:
        self._pos = _Positions(source, bom)
        self._module = module
        self._units: list[CodeUnit] = []
        self._parents: list[int | None] = []
        self._broken: set[int] = set()

    def run(self) -> list[CodeUnit]:
        # Explicit stack of (sibling list, parent unit index): no recursion on deep trees.
        stack: list[tuple[list[NodeOrLeaf], int | None]] = [(self._module.children, None)]
        while stack:
            children, parent = stack.pop()
            self._scan(children, parent, stack)
        for index in list(self._broken):
            parent = self._parents[index]
            while parent is not None and parent not in self._broken:
                self._broken.add(parent)
                parent = self._parents[parent]
        units = [
            replace(unit, has_error=True) if i in self._broken else unit
            for i, unit in enumerate(self._units)
        ]
        units.sort(key=lambda u: (u.start, -u.end))
        return units

    def _scan(self, children: list[NodeOrLeaf], parent: int | None, stack: list) -> None:
        i = 0
        while i < len(children):
            child = children[i]
            i += 1
            kind = child.type
            if kind in ("funcdef", "classdef"):
                self._add(child, child, parent, stack)
            elif kind == "decorated":
                target = child.children[-1]
                if target.type == "async_funcdef":
                    target = target.children[-1]
                if target.type in ("funcdef", "classdef"):
                    self._add(target, child, parent, stack)
                else:
                    stack.append((child.children, parent))
            elif kind in ("async_stmt", "async_funcdef") and child.children[-1].type == "funcdef":
                self._add(child.children[-1], child, parent, stack)
            elif kind == "error_node" and _header_keyword(child) is not None:
                i = self._add_broken(children, i - 1, parent, stack)
            elif kind in ("error_node", "error_leaf"):
                if parent is not None:
                    self._broken.add(parent)
                if kind == "error_node":
                    stack.append((child.children, parent))
            elif kind in _CONTAINERS:
                stack.append((child.children, parent))

    def _new(
        self,
        name: str,
        is_class: bool,
        start_pos: tuple[int, int],
        end_pos: tuple[int, int],
        parent: int | None,
    ) -> int:
        parent_unit = self._units[parent] if parent is not None else None
        if is_class:
            kind: UnitKind = "class"
        elif parent_unit is not None and parent_unit.kind == "class":
            kind = "method"
        else:
            kind = "function"
        start = self._pos.offset(start_pos)
        end = max(start + 1, self._pos.offset(end_pos))
        self._units.append(
            CodeUnit(
                name=name,
                qualname=f"{parent_unit.qualname}.{name}" if parent_unit else name,
                kind=kind,
                start=start,
                end=end,
                start_line=self._pos.line_of(start),
                end_line=self._pos.line_of(end - 1),
                parent=parent_unit.qualname if parent_unit else None,
            )
        )
        self._parents.append(parent)
        return len(self._units) - 1

    def _add(self, node: BaseNode, start_node: NodeOrLeaf, parent: int | None, stack: list) -> None:
        name_leaf = node.children[1]
        if name_leaf.type != "name":
            return
        index = self._new(
            name_leaf.value,
            node.type == "classdef",
            start_node.start_pos,
            _content_end(node),
            parent,
        )
        body = node.children[-1]
        if isinstance(body, BaseNode):
            stack.append((body.children if body.type == "suite" else [body], index))

    def _add_broken(
        self, children: list[NodeOrLeaf], index: int, parent: int | None, stack: list
    ) -> int:
        """Recover a unit whose header failed to parse: its body is the following siblings
        indented deeper than the keyword.  Returns the index of the next unclaimed sibling."""
        node = children[index]
        keyword = _header_keyword(node)
        assert keyword is not None
        name_leaf = keyword.get_next_leaf()
        line, column = keyword.start_pos
        j = index + 1
        while j < len(children):
            first = children[j].get_first_leaf()
            if first is None or first.type == "endmarker":
                break
            if first.start_pos[0] > line and first.start_pos[1] <= column:
                break
            j += 1
        if parent is not None:
            self._broken.add(parent)
        if name_leaf is None or name_leaf.type != "name" or name_leaf.start_pos[0] != line:
            stack.append((children[index + 1 : j], parent))
            return j
        unit = self._new(
            name_leaf.value,
            keyword.value == "class",
            node.start_pos,
            _content_end(children[j - 1]),
            parent,
        )
        self._broken.add(unit)
        stack.append((children[index + 1 : j], unit))
        return j


def _split_bom(source: str) -> tuple[str, int]:
    return (source[1:], 1) if source.startswith(_BOM) else (source, 0)


def units_from_module(source: str, module: BaseNode) -> list[CodeUnit]:
    """Collect units from an already parsed parso module of ``source``."""
    return _Collector(source, module, _split_bom(source)[1]).run()


def find_units(source: str) -> list[CodeUnit]:
    """All functions, methods and classes in ``source``, sorted by start offset.

    Never raises on syntax errors; a full parse of a 5,000-line file takes ~0.3 s, so
    editors should prefer :class:`UnitFinder`, which reparses incrementally.
    """
    code, _ = _split_bom(source)
    module = parso.load_grammar().parse(code, error_recovery=True)
    return units_from_module(source, module)


class UnitFinder:
    """Incremental :func:`find_units` keyed by document (e.g. its URI).

    Keeps the last parso tree per key and reparses only changed regions with parso's
    diff parser (what jedi does on every keystroke).  Thread-safe; bounded LRU of trees.
    """

    def __init__(self, max_documents: int = 64) -> None:
        self._grammar = parso.load_grammar()
        self._max = max_documents
        self._trees: OrderedDict[str, tuple[list[str], BaseNode]] = OrderedDict()
        self._lock = threading.Lock()

    def find(self, source: str, key: str | None = None) -> list[CodeUnit]:
        """Units of ``source``; pass a stable ``key`` per document to parse incrementally."""
        if key is None:
            return find_units(source)
        code, _ = _split_bom(source)
        lines = split_lines(code, keepends=True)
        with self._lock:
            module = self._parse(key, code, lines)
            self._trees[key] = (lines, module)
            self._trees.move_to_end(key)
            while len(self._trees) > self._max:
                self._trees.popitem(last=False)
            return units_from_module(source, module)

    def forget(self, key: str) -> None:
        """Drop the cached tree of a closed document."""
        with self._lock:
            self._trees.pop(key, None)

    def _parse(self, key: str, code: str, lines: list[str]) -> BaseNode:
        cached = self._trees.pop(key, None)
        if cached is not None:
            old_lines, module = cached
            if old_lines == lines:
                return module
            try:
                # Private parso API (stable across 0.8.x); any failure -> full parse.
                differ = self._grammar._diff_parser(
                    self._grammar._pgen_grammar, self._grammar._tokenizer, module
                )
                new = differ.update(old_lines=old_lines, new_lines=lines)
                if new.end_pos == _expected_end(lines):
                    return new
            except Exception:  # diff-parser bugs must not break analysis
                pass
        return self._grammar.parse(code, error_recovery=True)


def _expected_end(lines: list[str]) -> tuple[int, int]:
    last = lines[-1]
    if last.endswith(("\n", "\r")):
        return len(lines) + 1, 0
    return len(lines), len(last)


def units_overlapping(units: list[CodeUnit], start: int, end: int) -> list[CodeUnit]:
    """Units intersecting ``[start, end)``; an empty range selects units containing ``start``."""
    if end <= start:
        return [u for u in units if u.start <= start < u.end or u.start == start]
    return [u for u in units if u.start < end and start < u.end]


def innermost_function_at(units: list[CodeUnit], offset: int) -> CodeUnit | None:
    """The most deeply nested function or method containing ``offset`` (end inclusive)."""
    best: CodeUnit | None = None
    for unit in units:
        if (
            unit.kind != "class"
            and unit.start <= offset <= unit.end
            and (best is None or unit.end - unit.start < best.end - best.start)
        ):
            best = unit
    return best
