"""Collect every defined name of a module with its kind, style and position."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from ..spans import per_object
from .framework import framework_reason, is_neutral_base
from .source import ParsedSource
from .styles import PASCAL, UPPER, UPPER_WORD, classify_style

FUNCTION, METHOD, CLASS, CONSTANT, VARIABLE, ARGUMENT = (
    "function",
    "method",
    "class",
    "constant",
    "variable",
    "argument",
)
KINDS = (FUNCTION, METHOD, CLASS, CONSTANT, VARIABLE, ARGUMENT)

_ACCESSORS = frozenset({"setter", "getter", "deleter"})
_IMPLICIT_FIRST = frozenset({"self", "cls", "mcs", "metacls"})


@dataclass(frozen=True)
class NameDef:
    """A name defined in a module, at 1-based ``line`` of ``path`` (None: this module).

    ``exempt`` says why the name is forced by something else (never flagged, never
    counted); ``foreign_class`` marks methods of classes with a base from elsewhere.
    """

    kind: str
    name: str
    start: int
    end: int
    style: str | None
    exempt: str | None = None
    foreign_class: bool = False
    #: The enclosing class (methods, and the arguments and locals of methods).
    owner: str | None = None
    line: int = 0
    path: str | None = None

    @property
    def private(self) -> bool:
        """A ``_helper`` function or method (judged by the module's private names only)."""
        return self.kind in (FUNCTION, METHOD) and self.name.startswith("_")


@per_object
def collect_names(parsed: ParsedSource) -> tuple[NameDef, ...]:
    """All functions, methods, classes, module names, locals and arguments, in order
    (collected once per parsed module)."""
    collector = _Collector(parsed)
    collector.module_block(parsed.tree.body)
    return tuple(sorted(collector.out, key=lambda d: d.start))


class _Collector:
    def __init__(self, parsed: ParsedSource) -> None:
        self.parsed = parsed
        self.out: list[NameDef] = []
        self.imported = _imported_names(parsed.tree)
        self.classes = {n.name: n for n in ast.walk(parsed.tree) if isinstance(n, ast.ClassDef)}
        self.owner: str | None = None

    def emit(
        self,
        kind: str,
        name: str,
        span: tuple[int, int],
        *,
        exempt: str | None = None,
        foreign_class: bool = False,
    ) -> None:
        if name in self.imported:
            exempt = exempt or "imported name"
        self.out.append(
            NameDef(
                kind, name, span[0], span[1], classify_style(name), exempt, foreign_class,
                self.owner, self.parsed.line_of(span[0]), self.parsed.path,
            )
        )  # fmt: skip

    def module_block(self, stmts: list[ast.stmt]) -> None:
        for stmt in stmts:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.function(stmt, FUNCTION)
            elif isinstance(stmt, ast.ClassDef):
                self.klass(stmt)
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                for target in targets:
                    for name in _stored_names(target):
                        self.module_name(name, stmt.value)
            else:
                for target in _loop_targets(stmt):
                    for name in _stored_names(target):
                        self.emit(VARIABLE, name.id, self.parsed.node_range(name))
                for block in _blocks(stmt):
                    self.module_block(block)

    def module_name(self, name: ast.Name, value: ast.expr | None) -> None:
        # PascalCase module names are type aliases or class factories, not constants.
        exempt = "type alias" if classify_style(name.id) == PASCAL else None
        exempt = exempt or _alias_reason(name, value)
        self.emit(CONSTANT, name.id, self.parsed.node_range(name), exempt=exempt)

    def klass(self, node: ast.ClassDef) -> None:
        self.emit(CLASS, node.name, self.parsed.name_range(node))
        foreign = any(self._is_foreign(base) for base in node.bases)
        inherited = self._local_methods(node, set())
        outer = self.owner
        self.owner = f"{outer}.{node.name}" if outer else node.name
        try:
            self.class_block(node.body, foreign, inherited)
        finally:
            self.owner = outer

    def class_block(self, stmts: list[ast.stmt], foreign: bool, inherited: set[str]) -> None:
        for stmt in stmts:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                reason = "overrides a base-class method" if stmt.name in inherited else None
                self.function(stmt, METHOD, foreign=foreign, reason=reason)
            elif isinstance(stmt, ast.ClassDef):
                self.klass(stmt)
            else:
                for block in _blocks(stmt):
                    self.class_block(block, foreign, inherited)

    def function(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        kind: str,
        *,
        foreign: bool = False,
        reason: str | None = None,
    ) -> None:
        reason = reason or framework_reason(node.name, foreign) or _decorator_reason(node)
        self.emit(
            kind, node.name, self.parsed.name_range(node), exempt=reason, foreign_class=foreign
        )
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        if kind == METHOD and positional and not _is_static(node):
            positional = positional[1:]
        extra = [a for a in (args.vararg, args.kwarg) if a is not None]
        for arg in (*positional, *args.kwonlyargs, *extra):
            if arg.arg not in _IMPLICIT_FIRST:
                self.emit(ARGUMENT, arg.arg, self.parsed.node_range(arg), exempt=reason)
        self.locals(node)

    def locals(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        declared = {
            name
            for stmt in ast.walk(node)
            if isinstance(stmt, (ast.Global, ast.Nonlocal))
            for name in stmt.names
        }
        aliases: dict[int, str] = {}
        for child in _scope_nodes(node.body):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.function(child, FUNCTION)
            elif isinstance(child, ast.ClassDef):
                self.klass(child)
            elif isinstance(child, ast.Assign):
                for target in child.targets:
                    reason = _alias_reason(target, child.value)
                    if reason:
                        aliases[id(target)] = reason
            elif (
                isinstance(child, ast.Name)
                and isinstance(child.ctx, ast.Store)
                and child.id not in declared
            ):
                style = classify_style(child.id)
                reason = aliases.get(id(child)) or (
                    "local constant" if style in (UPPER, UPPER_WORD) else None
                )
                self.emit(VARIABLE, child.id, self.parsed.node_range(child), exempt=reason)

    def _is_foreign(self, base: ast.expr) -> bool:
        root = _terminal_name(base)
        if root is None:
            return True
        if root in self.classes and isinstance(base, ast.Name):
            return False
        return not is_neutral_base(root)

    def _local_methods(self, node: ast.ClassDef, seen: set[str]) -> set[str]:
        """Method names defined by the local (same-file) base classes of ``node``."""
        names: set[str] = set()
        for base in node.bases:
            if not isinstance(base, ast.Name) or base.id in seen or base.id not in self.classes:
                continue
            seen.add(base.id)
            parent = self.classes[base.id]
            names.update(
                s.name
                for s in parent.body
                if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
            )
            names.update(self._local_methods(parent, seen))
        return names


def _scope_nodes(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Nodes of a function body in source order, not descending into nested scopes."""
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _blocks(stmt: ast.stmt) -> Iterator[list[ast.stmt]]:
    """Statement lists nested in a compound statement (if/for/while/try/with/match)."""
    for attr in ("body", "orelse", "finalbody"):
        block = getattr(stmt, attr, None)
        if isinstance(block, list):
            yield block
    for handler in getattr(stmt, "handlers", None) or ():
        yield handler.body
    for case in getattr(stmt, "cases", None) or ():
        yield case.body


def _loop_targets(stmt: ast.stmt) -> list[ast.expr]:
    if isinstance(stmt, (ast.For, ast.AsyncFor)):
        return [stmt.target]
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        return [item.optional_vars for item in stmt.items if item.optional_vars is not None]
    return []


def _stored_names(target: ast.expr) -> list[ast.Name]:
    """Plain names bound by an assignment target (unpacking included)."""
    return [n for n in ast.walk(target) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]


def _alias_reason(target: ast.expr, value: ast.expr | None) -> str | None:
    """Why ``target = value`` merely re-binds an existing name (``_Segment = Segment``)."""
    if not isinstance(target, ast.Name) or not isinstance(value, (ast.Name, ast.Attribute)):
        return None
    source_name = _terminal_name(value)
    style = classify_style(target.id)
    if source_name is None or style is None or classify_style(source_name) != style:
        return None
    return "alias of an existing name"


def _terminal_name(expr: ast.expr) -> str | None:
    if isinstance(expr, ast.Subscript):
        expr = expr.value
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return None


def _decorator_reason(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    for deco in node.decorator_list:
        if isinstance(deco, ast.Attribute) and deco.attr in _ACCESSORS:
            return "property accessor"
        if _terminal_name(deco) == "override":
            return "explicit override"
    return None


def _is_static(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(_terminal_name(d) == "staticmethod" for d in node.decorator_list)


def _imported_names(tree: ast.Module) -> frozenset[str]:
    """Names imported from elsewhere, under both their original and local names."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add(alias.name.split(".")[0] if isinstance(node, ast.Import) else alias.name)
                if alias.asname:
                    names.add(alias.asname)
    return frozenset(names)
