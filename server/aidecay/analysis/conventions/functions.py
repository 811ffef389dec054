"""Inventory of the function definitions of a module, with their context."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from ..spans import per_object
from .framework import framework_reason, is_neutral_base
from .source import ParsedSource

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
#: Statements with a ``body`` of statements.
_COMPOUND = (
    ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.AsyncFor,
    ast.While, ast.With, ast.AsyncWith, ast.Try, getattr(ast, "TryStar", ast.Try),
)  # fmt: skip
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
    def logical_lines(self) -> int:
        """Logical lines of the body, docstring excluded: its statements and the ``else:``,
        ``except``, ``finally:`` and ``case`` lines of their clauses, which a formatter
        cannot change (spreading a call over several lines, or comments, add none)."""
        body = self.node.body
        if body and ast.get_docstring(self.node, clean=False) is not None:
            body = body[1:]
        return _logical_lines(body)

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


def _logical_lines(block: list[ast.stmt]) -> int:
    """Logical lines of a block: one per statement and decorator, and the ``else:``,
    ``finally:``, ``except`` and ``case`` lines of their clauses. An ``elif`` is an ``if`` of
    its own (so is an ``if`` alone under ``else:``, which the AST does not tell apart)."""
    lines = 0
    for stmt in block:
        lines += 1 + len(getattr(stmt, "decorator_list", ()))
        if isinstance(stmt, _COMPOUND):
            lines += _logical_lines(stmt.body)
        orelse = getattr(stmt, "orelse", None)
        if orelse:
            elif_ = isinstance(stmt, ast.If) and len(orelse) == 1 and isinstance(orelse[0], ast.If)
            lines += (not elif_) + _logical_lines(orelse)
        finalbody = getattr(stmt, "finalbody", None)
        if finalbody:
            lines += 1 + _logical_lines(finalbody)
        for clause in (*getattr(stmt, "handlers", ()), *getattr(stmt, "cases", ())):
            lines += 1 + _logical_lines(clause.body)
    return lines


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
