"""Inventory of the function definitions of a module, with their context."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from .framework import framework_reason
from .source import ParsedSource

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_IMPLICIT_FIRST = frozenset({"self", "cls", "mcs", "metacls"})


@dataclass(frozen=True)
class FunctionInfo:
    """A function or method definition; ``start``/``end`` delimit its name."""

    node: FunctionNode
    name: str
    start: int
    end: int
    is_method: bool
    nested: bool
    hook: bool
    overload: bool

    @property
    def public(self) -> bool:
        """Not underscore-prefixed (dunders included in the private side)."""
        return not self.name.startswith("_")

    @property
    def body_lines(self) -> int:
        """Lines spanned by the body, docstring excluded."""
        body = self.node.body
        if body and ast.get_docstring(self.node, clean=False) is not None:
            body = body[1:]
        if not body:
            return 0
        end = getattr(body[-1], "end_lineno", None) or body[-1].lineno
        return end - body[0].lineno + 1

    @property
    def params(self) -> list[ast.arg]:
        """Parameters other than the implicit ``self``/``cls``."""
        args = self.node.args
        positional = [*args.posonlyargs, *args.args]
        if positional and (
            positional[0].arg in _IMPLICIT_FIRST
            or (self.is_method and not _decorated(self.node, "staticmethod"))
        ):
            positional = positional[1:]
        extra = [a for a in (args.vararg, args.kwarg) if a is not None]
        return [*positional, *args.kwonlyargs, *extra]


def collect_functions(parsed: ParsedSource) -> list[FunctionInfo]:
    """Every function and method of the module, in source order."""
    return list(_walk(parsed, parsed.tree.body, in_class=False, nested=False))


def _walk(
    parsed: ParsedSource, body: list[ast.stmt], *, in_class: bool, nested: bool
) -> Iterator[FunctionInfo]:
    for node in _definitions(body):
        if isinstance(node, ast.ClassDef):
            yield from _walk(parsed, node.body, in_class=True, nested=nested)
            continue
        start, end = parsed.name_range(node)
        yield FunctionInfo(
            node=node,
            name=node.name,
            start=start,
            end=end,
            is_method=in_class,
            nested=nested,
            hook=framework_reason(node.name, in_class) is not None,
            overload=_decorated(node, "overload"),
        )
        yield from _walk(parsed, node.body, in_class=False, nested=True)


def _definitions(body: list[ast.stmt]) -> Iterator[FunctionNode | ast.ClassDef]:
    """Defs and classes of a block, looking through if/try/with/for blocks."""
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield stmt
            continue
        for attr in ("body", "orelse", "finalbody"):
            block = getattr(stmt, attr, None)
            if isinstance(block, list):
                yield from _definitions(block)
        for handler in getattr(stmt, "handlers", None) or ():
            yield from _definitions(handler.body)


def _decorated(node: FunctionNode, name: str) -> bool:
    for deco in node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if (isinstance(target, ast.Name) and target.id == name) or (
            isinstance(target, ast.Attribute) and target.attr == name
        ):
            return True
    return False
