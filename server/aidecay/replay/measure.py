"""Radon cyclomatic complexity per function of one file version, for the replay.

One ``ast`` parse and one radon visit per file version (cached by blob id), so the walk can
afford a measurement at every commit that touches a region. The numbers are radon's, as in
``aidecay.analysis.metrics``: a function's CC excludes its nested closures; a method is named
``Class.method``.
"""

from __future__ import annotations

import ast
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass

from radon.visitors import ComplexityVisitor

MAX_CHARS = 400_000


@dataclass(frozen=True)
class Block:
    name: str
    first: int  # 1-based, inclusive
    last: int
    complexity: int
    is_class: bool


@dataclass(frozen=True)
class FileMeasure:
    """The functions and classes of a file version (empty when it does not parse)."""

    blocks: tuple[Block, ...] = ()
    parsed: bool = False

    def functions_in(self, first: int, last: int) -> dict[str, int]:
        """qualname -> CC of the functions overlapping lines ``first..last``."""
        found: dict[str, int] = {}
        for block in self.blocks:
            if block.is_class or block.last < first or block.first > last:
                continue
            name = block.name if block.name not in found else f"{block.name}@{block.first}"
            found[name] = block.complexity
        return found

    def enclosing(self) -> EnclosingIndex:
        return EnclosingIndex(self.blocks)


class EnclosingIndex:
    """The innermost function or class around each line (``<module>`` outside any)."""

    def __init__(self, blocks: tuple[Block, ...]) -> None:
        self._blocks = sorted(blocks, key=lambda b: (b.first, -b.last))
        self._starts = [b.first for b in self._blocks]

    def at(self, line: int) -> str:
        k = bisect_right(self._starts, line)
        for block in reversed(self._blocks[:k]):  # latest start first: the innermost
            if block.last >= line:
                return block.name
        return "<module>"


def measure(text: str) -> FileMeasure:
    if len(text) > MAX_CHARS:
        return FileMeasure()
    try:
        tree = ast.parse(text)
        visitor = ComplexityVisitor.from_ast(tree)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return FileMeasure()
    except Exception:  # radon internals: never let one file stop the replay
        return FileMeasure()
    blocks = []
    for function in visitor.functions:
        blocks.append(_block(function, False))
    for klass in visitor.classes:
        blocks.append(_block(klass, True))
        blocks.extend(_block(method, False) for method in klass.methods)
    return FileMeasure(tuple(blocks), True)


def _block(node, is_class: bool) -> Block:
    name = node.name if is_class else node.fullname
    return Block(name, node.lineno, node.endline or node.lineno, int(node.complexity), is_class)


class MeasureCache:
    """``measure`` results by blob id (bounded)."""

    def __init__(self, maxsize: int = 2048) -> None:
        self._data: OrderedDict[str, FileMeasure] = OrderedDict()
        self.maxsize = maxsize

    def get(self, key: str, text: str) -> FileMeasure:
        found = self._data.get(key)
        if found is not None:
            self._data.move_to_end(key)
            return found
        found = measure(text)
        self._data[key] = found
        if len(self._data) > self.maxsize:
            self._data.popitem(last=False)
        return found
