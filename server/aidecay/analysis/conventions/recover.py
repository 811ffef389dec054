"""Error-tolerant parsing: stdlib ``ast`` first, then parso-guided salvage of what parses."""

from __future__ import annotations

import ast

_PARSE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError)
_DEFINITIONS = ("classdef", "funcdef")
_WRAPPERS = ("decorated", "async_stmt", "async_funcdef")


def parse_tolerant(source: str) -> ast.Module:
    """Parse ``source``; on syntax errors keep every statement that still parses.

    Positions in the returned tree are those of the original text. Never raises.
    """
    try:
        return ast.parse(source)
    except _PARSE_ERRORS:
        pass
    try:
        return ast.Module(body=_Salvager(source).module(), type_ignores=[])
    except Exception:  # parso or ast choking on pathological input: give up quietly
        return ast.Module(body=[], type_ignores=[])


class _Salvager:
    """Walks parso's error-recovered tree and re-parses each statement with ``ast``."""

    def __init__(self, source: str) -> None:
        from parso.utils import split_lines

        self.lines = split_lines(source, keepends=True)
        self.source = source

    def module(self) -> list[ast.stmt]:
        import parso

        root = parso.parse(self.source, error_recovery=True)
        return self._block(root.children)

    def _block(self, children: list) -> list[ast.stmt]:
        body: list[ast.stmt] = []
        for child in children:
            body.extend(self._statement(child))
        return body

    def _statement(self, node) -> list[ast.stmt]:
        if not hasattr(node, "children") or node.type == "error_node":
            return []
        parsed = self._parse_range(node.start_pos, node.end_pos)
        if parsed is not None:
            return parsed
        definition = _definition_of(node)
        if definition is not None:
            return self._definition(node, definition)
        suites = [c for c in node.children if getattr(c, "type", "") == "suite"]
        return [stmt for suite in suites for stmt in self._block(suite.children)]

    def _definition(self, outer, definition) -> list[ast.stmt]:
        """Keep a def/class whose body is broken: parse its header, salvage its body."""
        suite = definition.children[-1]
        header = self._text(outer.start_pos, suite.start_pos)
        parsed = self._parse_text(header + " pass\n", outer.start_pos)
        if not parsed or not isinstance(
            parsed[0], (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            return []
        node = parsed[0]
        node.body = self._block(suite.children) if suite.type == "suite" else []
        return [node]

    def _parse_range(self, start: tuple[int, int], end: tuple[int, int]) -> list[ast.stmt] | None:
        return self._parse_text(self._text(start, end), start)

    def _text(self, start: tuple[int, int], end: tuple[int, int]) -> str:
        """Source between two parso positions, the first line padded to keep byte columns."""
        (line, col), (end_line, end_col) = start, end
        first = self.lines[line - 1]
        lead = first[:col]
        pad = lead if lead.isspace() else " " * len(lead.encode("utf-8"))
        if end_line == line:
            return pad + first[col:end_col]
        middle = "".join(self.lines[line : end_line - 1])
        last = self.lines[end_line - 1][:end_col] if end_line - 1 < len(self.lines) else ""
        return pad + first[col:] + middle + last

    def _parse_text(self, text: str, start: tuple[int, int]) -> list[ast.stmt] | None:
        line, col = start
        indented = bool(text) and text[0] in " \t"
        if not indented:
            code = "\n" * (line - 1) + text
        elif line >= 2:
            code = "\n" * (line - 2) + "if 1:\n" + text
        else:
            return None
        try:
            tree = ast.parse(code)
        except _PARSE_ERRORS:
            return None
        if not indented:
            return tree.body
        wrapper = tree.body[0] if tree.body else None
        return wrapper.body if isinstance(wrapper, ast.If) else None


def _definition_of(node):
    """The classdef/funcdef parso node behind ``node`` (through decorators/async), if any."""
    while node is not None:
        if node.type in _DEFINITIONS:
            return node
        if node.type not in _WRAPPERS:
            return None
        node = node.children[-1]
    return None
