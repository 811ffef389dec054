"""Inventory of the function definitions of a module, with their context."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from ..spans import per_object
from .framework import framework_reason, is_neutral_base
from .source import ParsedSource

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_IMPLICIT_FIRST = frozenset({"self", "cls", "mcs", "metacls"})


@dataclass(frozen=True)
class FunctionInfo:
    """A function or method definition; ``start``/``end`` delimit its name, ``line`` is
    its 1-based ``def`` line, ``path`` the sibling module it comes from (None: this one)."""

    node: FunctionNode
    name: str
    start: int
    end: int
    line: int
    path: str | None
    is_method: bool
    nested: bool
    hook: bool
    overload: bool
    #: The enclosing class, for methods.
    owner: str | None = None
    #: The class has a base defined elsewhere (whose methods it may override).
    foreign_class: bool = False
    #: The method overrides one of a base class defined in the same file.
    override: bool = False

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


@per_object
def collect_functions(parsed: ParsedSource) -> tuple[FunctionInfo, ...]:
    """Every function and method of the module, in source order (collected once per
    parsed module)."""
    classes = {n.name: n for n in ast.walk(parsed.tree) if isinstance(n, ast.ClassDef)}
    return tuple(_walk(parsed, parsed.tree.body, None, nested=False, classes=classes))


def _walk(
    parsed: ParsedSource,
    body: list[ast.stmt],
    cls: ast.ClassDef | None,
    *,
    nested: bool,
    classes: dict[str, ast.ClassDef],
) -> Iterator[FunctionInfo]:
    inherited = _inherited(cls, classes, set()) if cls is not None else set()
    foreign = cls is not None and any(_is_foreign(b, classes) for b in cls.bases)
    for node in _definitions(body):
        if isinstance(node, ast.ClassDef):
            yield from _walk(parsed, node.body, node, nested=nested, classes=classes)
            continue
        start, end = parsed.name_range(node)
        in_class = cls is not None
        yield FunctionInfo(
            node=node,
            name=node.name,
            start=start,
            end=end,
            line=node.lineno,
            path=parsed.path,
            is_method=in_class,
            nested=nested,
            hook=framework_reason(node.name, in_class) is not None,
            overload=_decorated(node, "overload"),
            owner=cls.name if cls is not None else None,
            foreign_class=foreign,
            override=node.name in inherited,
        )
        yield from _walk(parsed, node.body, None, nested=True, classes=classes)


def _inherited(cls: ast.ClassDef, classes: dict[str, ast.ClassDef], seen: set[str]) -> set[str]:
    """Method names of the same-file base classes of ``cls`` (transitively)."""
    names: set[str] = set()
    for base in cls.bases:
        if not isinstance(base, ast.Name) or base.id in seen or base.id not in classes:
            continue
        seen.add(base.id)
        parent = classes[base.id]
        names.update(
            s.name for s in parent.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
        )
        names.update(_inherited(parent, classes, seen))
    return names


def _is_foreign(base: ast.expr, classes: dict[str, ast.ClassDef]) -> bool:
    target = base.value if isinstance(base, ast.Subscript) else base
    name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
    if name is None:
        return True
    if isinstance(target, ast.Name) and name in classes:
        return False
    return not is_neutral_base(name)


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
