"""When is a human convention unambiguous? The mutation generator's reference model.

The generator builds a convention mutation only where the human code of the module leaves no
doubt: **every one of at least ``MIN_SAMPLES`` samples** follows the convention (naming:
every explicit name of the function's class and module in one style; docstrings: every
comparable public function documented; hints: every function with parameters fully
annotated; errors: every handler careful, or the module logs at least ``MIN_SAMPLES`` times
and never prints). That is stricter than any threshold of the server (whose defaults ask
for 5 samples at 80 %), so a mutation is a divergence a careful reader would call one, and
recall says whether the rule finds it rather than whether the generator agrees with the
rule's own thresholds. The two still share what a convention *is* (which names carry a
style, what counts as a careful handler): this model is written separately, in plain
``ast``, and does not import the server.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Samples the generator needs before it calls a convention unambiguous (all of them agree).
MIN_SAMPLES = 10

_SNAKE = re.compile(r"_*[a-z][a-z0-9]*(?:_[a-z0-9]+)+_*")
_CAMEL = re.compile(r"_*[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+")
_LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
)
IMPLICIT = frozenset({"self", "cls"})
FuncNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass
class Module:
    """A parsed library file and the functions/methods at its top two levels."""

    project: str
    root: Path
    path: Path
    text: str
    tree: ast.Module
    functions: list[tuple[FuncNode, ast.ClassDef | None]]
    memo: dict = field(default_factory=dict)

    def norm(self, name: str, compute: Callable[[], object]):
        """A module-wide fact, computed once."""
        if name not in self.memo:
            self.memo[name] = compute()
        return self.memo[name]

    @property
    def rel(self) -> str:
        return self.path.relative_to(self.root).as_posix()


def explicit_style(name: str) -> str | None:
    """'snake' or 'camel' when the name proves one (one-word names prove neither)."""
    if name.startswith("__") and name.endswith("__"):
        return None
    if _SNAKE.fullmatch(name):
        return "snake"
    if _CAMEL.fullmatch(name):
        return "camel"
    return None


def _unanimous(values: list, min_count: int = MIN_SAMPLES):
    """The one value all of at least ``min_count`` samples share, else None."""
    return values[0] if len(values) >= min_count and len(set(values)) == 1 else None


def naming_norm(module: Module) -> str | None:
    """The style of every explicit function and method name of the module (its classes
    included, so the class of a method agrees too)."""
    return module.norm("naming", lambda: _naming_norm(module))


def _naming_norm(module: Module) -> str | None:
    styles = [explicit_style(f.name) for f, _ in module.functions]
    return _unanimous([s for s in styles if s])


def body(fn: FuncNode) -> list[ast.stmt]:
    """The statements of ``fn`` after its docstring."""
    stmts = fn.body
    if ast.get_docstring(fn, clean=False) is not None:
        stmts = stmts[1:]
    return stmts


def body_lines(fn: FuncNode) -> int:
    stmts = body(fn)
    return stmts[-1].end_lineno - stmts[0].lineno + 1 if stmts else 0


def params(fn: FuncNode) -> list[ast.arg]:
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    if positional and positional[0].arg in IMPLICIT:
        positional = positional[1:]
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return [*positional, *args.kwonlyargs, *extra]


def fully_annotated(fn: FuncNode) -> bool:
    ps = params(fn)
    returns = fn.name == "__init__" or fn.returns is not None
    return bool(ps) and returns and all(p.annotation is not None for p in ps)


def documented_norm(module: Module) -> bool:
    """Every public function or method with a body of 4+ lines (10 at least) is documented."""
    return module.norm("documented", lambda: _documented(module))


def _documented(module: Module) -> bool:
    eligible = [f for f, _ in module.functions if not f.name.startswith("_") and body_lines(f) >= 4]
    return _unanimous([ast.get_docstring(f) is not None for f in eligible]) is True


def annotated_norm(module: Module) -> bool:
    """Every function with parameters (10 at least) is fully annotated."""
    return module.norm("annotated", lambda: _annotated(module))


def _annotated(module: Module) -> bool:
    with_params = [f for f, _ in module.functions if params(f)]
    return _unanimous([fully_annotated(f) for f in with_params]) is True


def _is_careless(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    broad = any(
        getattr(n, "id", getattr(n, "attr", "")) in ("Exception", "BaseException") for n in names
    )
    reraises = any(isinstance(n, ast.Raise) for s in handler.body for n in ast.walk(s))
    silent = all(isinstance(s, (ast.Pass, ast.Continue)) for s in handler.body)
    return (broad and not reraises) or silent


def _nodes(module: Module) -> list[ast.AST]:
    """Every node of the module outside an ``if __name__ == "__main__":`` block (walked once)."""

    def walk() -> list[ast.AST]:
        stmts = [s for s in module.tree.body if not _is_main_guard(s)]
        return [n for s in stmts for n in ast.walk(s)]

    return module.norm("nodes", walk)


def careful_handlers_norm(module: Module) -> bool:
    """Every exception handler of the module (10 at least) is careful."""
    return module.norm("careful", lambda: _careful(module))


def _careful(module: Module) -> bool:
    handlers = [n for n in _nodes(module) if isinstance(n, ast.ExceptHandler)]
    return _unanimous([not _is_careless(h) for h in handlers]) is True


def _is_main_guard(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.If) and "__main__" in ast.unparse(stmt.test)


def logs_not_prints_norm(module: Module) -> bool:
    """The module logs (10 calls at least, outside the ``__main__`` guard) and never prints."""
    return module.norm("logs", lambda: _logs_not_prints(module))


def _logs_not_prints(module: Module) -> bool:
    calls = [n for n in _nodes(module) if isinstance(n, ast.Call)]
    prints = [c for c in calls if isinstance(c.func, ast.Name) and c.func.id == "print"]
    logs = [
        c
        for c in calls
        if isinstance(c.func, ast.Attribute)
        and c.func.attr in _LOG_METHODS
        and "log" in (getattr(c.func.value, "id", "") or getattr(c.func.value, "attr", "")).lower()
    ]
    return len(logs) >= MIN_SAMPLES and not prints


def decision_points(fn: FuncNode) -> int:
    kinds = (ast.If, ast.For, ast.While, ast.IfExp, ast.ExceptHandler, ast.With, ast.Assert)
    count = sum(isinstance(n, kinds) for n in ast.walk(fn))
    return count + sum(len(n.values) - 1 for n in ast.walk(fn) if isinstance(n, ast.BoolOp))
