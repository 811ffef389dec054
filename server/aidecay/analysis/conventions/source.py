"""Parsed Python source with conversions from ast positions to str offsets."""

from __future__ import annotations

import ast
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .recover import parse_tolerant

Span = tuple[int, int]

_NEWLINE = re.compile(r"\r\n|\r|\n")
_DEF_NAME = re.compile(r"(?:async\s+)?def\s+(\w+)")
_CLASS_NAME = re.compile(r"class\s+(\w+)")


@dataclass(frozen=True)
class ParsedSource:
    """A source text, its (possibly partial) ast and a line index."""

    source: str
    tree: ast.Module
    line_starts: tuple[int, ...] = field(repr=False)
    #: Where the text was read from, for sibling modules (None: the module being checked).
    path: str | None = None

    def offset(self, lineno: int, col: int) -> int:
        """Convert an ast (1-based line, UTF-8 byte column) to a str offset."""
        if lineno < 1:
            return 0
        if lineno > len(self.line_starts):
            return len(self.source)
        start = self.line_starts[lineno - 1]
        end = self.line_starts[lineno] if lineno < len(self.line_starts) else len(self.source)
        line = self.source[start:end]
        if line.isascii():
            return start + min(col, len(line))
        prefix = line.encode("utf-8")[:col].decode("utf-8", errors="ignore")
        return start + len(prefix)

    def node_range(self, node: ast.AST) -> Span:
        """Character range of an ast node with position information."""
        start = self.offset(node.lineno, node.col_offset)
        end_line = getattr(node, "end_lineno", None)
        end_col = getattr(node, "end_col_offset", None)
        if end_line is None or end_col is None:
            return start, start
        return start, max(start, self.offset(end_line, end_col))

    def name_range(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> Span:
        """Character range of the name of a function or class definition."""
        start = self.offset(node.lineno, node.col_offset)
        pattern = _CLASS_NAME if isinstance(node, ast.ClassDef) else _DEF_NAME
        match = pattern.match(self.source, start)
        if match and match.group(1) == node.name:
            return match.start(1), match.end(1)
        return start, start + len(node.name)

    def line_of(self, offset: int) -> int:
        """1-based line number containing a str offset."""
        return bisect_right(self.line_starts, offset)


def parse_source(source: str, path: str | None = None) -> ParsedSource:
    """Parse ``source`` without ever raising; broken parts are left out of the tree."""
    starts = [0]
    starts.extend(match.end() for match in _NEWLINE.finditer(source))
    return ParsedSource(source, parse_tolerant(source), tuple(starts), path)


def ensure_parsed(source: str | ParsedSource) -> ParsedSource:
    """Accept either raw text or an already parsed source."""
    return source if isinstance(source, ParsedSource) else parse_source(source)


def normalize_spans(spans: Iterable[Sequence[int]]) -> tuple[Span, ...]:
    """Sorted, disjoint, well-formed ``[start, end)`` spans (overlapping ones merged)."""
    merged: list[Span] = []
    for start, end in sorted((int(s[0]), int(s[1])) for s in spans if int(s[1]) > int(s[0])):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def in_span(offset: int, span: Span) -> bool:
    """Whether ``offset`` lies inside the half-open span."""
    return span[0] <= offset < span[1]
