"""Realistic AI-written decay inserted next to real code, one family per diagnostic code.

Each family picks real functions from modules where a simple reference model (independent of
the server's rules) sees a clear human convention, and derives the decayed variant from them
with ``ast`` (so comments are dropped, as an assistant's rewrite would). Nothing is executed.
"""

from __future__ import annotations

import ast
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sources import Project, library_files

_SNAKE = re.compile(r"_*[a-z][a-z0-9]*(?:_[a-z0-9]+)+_*")
_CAMEL = re.compile(r"_*[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+")
_LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
)
_KEEP_DECORATORS = frozenset({"staticmethod", "classmethod", "property"})
_IMPLICIT = frozenset({"self", "cls"})
FuncNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class Mutation:
    """Insert ``text`` before ``line`` (0-based); the AI region is ``first``..``last``.

    ``steps``: later edits, each ``(line, text)`` inserted at the start of ``line``.
    """

    family: str
    code: str
    project: str
    path: str
    source_function: str
    line: int
    text: str
    first: int
    last: int
    steps: tuple[tuple[int, str], ...] = field(default=())

    @property
    def key(self) -> str:
        return f"{self.family}:{self.project}:{self.path}:{self.source_function}"


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


def modules_of(root: Path, project: Project) -> list[Module]:
    found = []
    for path in library_files(root, project):
        try:
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        functions: list[tuple[FuncNode, ast.ClassDef | None]] = []
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                functions.append((node, None))
            elif isinstance(node, ast.ClassDef):
                functions.extend(
                    (child, node)
                    for child in node.body
                    if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
                )
        found.append(Module(project.name, root, path, text, tree, functions))
    return found


# -- names ---------------------------------------------------------------------------------


def explicit_style(name: str) -> str | None:
    """'snake' or 'camel' when the name proves one (one-word names prove neither)."""
    if name.startswith("__") and name.endswith("__"):
        return None
    if _SNAKE.fullmatch(name):
        return "snake"
    if _CAMEL.fullmatch(name):
        return "camel"
    return None


def _words(name: str) -> list[str]:
    core = name.strip("_")
    return [w.lower() for w in re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", core) if w]


def restyle(name: str, style: str, extra: str | None = None) -> str:
    words = _words(name) or ["helper"]
    if extra:
        words.append(extra)
    prefix = "_" if name.startswith("_") and not name.startswith("__") else ""
    if style == "camel":
        return prefix + words[0] + "".join(w.capitalize() for w in words[1:])
    return prefix + "_".join(words)


def variant_name(name: str, extra: str) -> str:
    """``name`` plus a word, in the name's own style."""
    style = "camel" if explicit_style(name) == "camel" else "snake"
    return restyle(name, style, extra)


# -- reference models ------------------------------------------------------------------------


def _dominant(styles: list[str], min_count: int) -> str | None:
    if len(styles) < min_count:
        return None
    for style in ("snake", "camel"):
        if styles.count(style) >= 0.9 * len(styles):
            return style
    return None


def naming_norm(module: Module, cls: ast.ClassDef | None) -> str | None:
    """The style human code uses for names like this one, when it is clear."""
    return module.norm(f"naming:{id(cls)}", lambda: _naming_norm(module, cls))


def _naming_norm(module: Module, cls: ast.ClassDef | None) -> str | None:
    if cls is not None:
        own = [explicit_style(f.name) for f, c in module.functions if c is cls]
        style = _dominant([s for s in own if s], 5)
        if style:
            return style
    every = [explicit_style(f.name) for f, _ in module.functions]
    return _dominant([s for s in every if s], 8)


def _body(fn: FuncNode) -> list[ast.stmt]:
    body = fn.body
    if ast.get_docstring(fn, clean=False) is not None:
        body = body[1:]
    return body


def _body_lines(fn: FuncNode) -> int:
    body = _body(fn)
    return body[-1].end_lineno - body[0].lineno + 1 if body else 0


def _params(fn: FuncNode) -> list[ast.arg]:
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    if positional and positional[0].arg in _IMPLICIT:
        positional = positional[1:]
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return [*positional, *args.kwonlyargs, *extra]


def _fully_annotated(fn: FuncNode) -> bool:
    params = _params(fn)
    returns = fn.name == "__init__" or fn.returns is not None
    return bool(params) and returns and all(p.annotation is not None for p in params)


def documented_norm(module: Module) -> bool:
    eligible = [
        f for f, _ in module.functions if not f.name.startswith("_") and _body_lines(f) >= 4
    ]
    documented = [f for f in eligible if ast.get_docstring(f) is not None]
    return len(eligible) >= 5 and len(documented) >= 0.8 * len(eligible)


def annotated_norm(module: Module) -> bool:
    with_params = [f for f, _ in module.functions if _params(f)]
    annotated = [f for f in with_params if _fully_annotated(f)]
    return len(with_params) >= 5 and len(annotated) >= 0.8 * len(with_params)


def _handlers(tree: ast.AST) -> list[ast.ExceptHandler]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)]


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


def careful_handlers_norm(module: Module) -> bool:
    handlers = _handlers(module.tree)
    return len(handlers) >= 3 and not any(_is_careless(h) for h in handlers)


def _is_main_guard(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.If) and "__main__" in ast.unparse(stmt.test)


def logs_not_prints_norm(module: Module) -> bool:
    """The module logs (outside ``if __name__ == "__main__":``) and never prints."""
    body = [s for s in module.tree.body if not _is_main_guard(s)]
    calls = [n for s in body for n in ast.walk(s) if isinstance(n, ast.Call)]
    prints = [c for c in calls if isinstance(c.func, ast.Name) and c.func.id == "print"]
    logs = [
        c
        for c in calls
        if isinstance(c.func, ast.Attribute)
        and c.func.attr in _LOG_METHODS
        and "log" in (getattr(c.func.value, "id", "") or getattr(c.func.value, "attr", "")).lower()
    ]
    return len(logs) >= 2 and not prints


def decision_points(fn: FuncNode) -> int:
    kinds = (ast.If, ast.For, ast.While, ast.IfExp, ast.ExceptHandler, ast.With, ast.Assert)
    count = sum(isinstance(n, kinds) for n in ast.walk(fn))
    return count + sum(len(n.values) - 1 for n in ast.walk(fn) if isinstance(n, ast.BoolOp))


# -- code generation -------------------------------------------------------------------------


class _Renamer(ast.NodeTransformer):
    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self.mapping.get(node.id, node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg = self.mapping.get(node.arg, node.arg)
        return node


def _copy(fn: FuncNode) -> FuncNode:
    clone = ast.parse(ast.unparse(fn)).body[0]
    assert isinstance(clone, (ast.FunctionDef, ast.AsyncFunctionDef))
    clone.decorator_list = [
        d for d in clone.decorator_list if getattr(d, "id", None) in _KEEP_DECORATORS
    ]
    return clone


def _reparse(fn: FuncNode) -> FuncNode:
    """``fn`` as it reads once rendered (line numbers of the rendered text)."""
    node = ast.parse(ast.unparse(ast.fix_missing_locations(fn))).body[0]
    assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    return node


def _render(fn: FuncNode, indent: int) -> str:
    pad = " " * indent
    lines = ast.unparse(ast.fix_missing_locations(fn)).splitlines()
    return "".join(f"{pad}{line}\n" if line.strip() else "\n" for line in lines)


def _after(module: Module, fn: FuncNode, family: str, code: str, clone: FuncNode, cls) -> Mutation:
    """The clone inserted after ``fn`` (one blank line between)."""
    body = _render(clone, fn.col_offset)
    line = fn.end_lineno  # 0-based index of the line after the function
    count = body.count("\n")
    qual = f"{cls.name}.{fn.name}" if cls is not None else fn.name
    return Mutation(
        family, code, module.project, module.rel, qual, line, "\n" + body,
        line + 1, line + count,
    )  # fmt: skip


def _locals(fn: FuncNode) -> list[str]:
    names = [p.arg for p in _params(fn)]
    names += [
        n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    ]
    return list(dict.fromkeys(n for n in names if n not in _IMPLICIT and len(n) > 1))


# -- families --------------------------------------------------------------------------------

Candidate = Callable[[Module, FuncNode, ast.ClassDef | None], Mutation | None]


def naming(module: Module, fn: FuncNode, cls) -> Mutation | None:
    norm = naming_norm(module, cls)
    if norm is None or fn.name.startswith("__") or fn.col_offset > 4:
        return None
    other = "camel" if norm == "snake" else "snake"
    clone = _copy(fn)
    clone.name = restyle(fn.name, other, "checked")
    if explicit_style(clone.name) != other:
        return None
    return _after(module, fn, "naming", "naming-divergence", clone, cls)


def docstring(module: Module, fn: FuncNode, cls) -> Mutation | None:
    if fn.name.startswith("_") or _body_lines(fn) < 4 or ast.get_docstring(fn) is None:
        return None
    if not module.norm("documented_norm", lambda: documented_norm(module)):
        return None
    clone = _copy(fn)
    clone.body = clone.body[1:]
    clone.name = variant_name(fn.name, "unchecked")
    if _body_lines(_reparse(clone)) < 4:  # unparsing joined lines: no longer comparable
        return None
    return _after(module, fn, "docstring", "docstring-divergence", clone, cls)


def typehints(module: Module, fn: FuncNode, cls) -> Mutation | None:
    if (
        fn.name.startswith("__")
        or not _fully_annotated(fn)
        or not module.norm("annotated_norm", lambda: annotated_norm(module))
    ):
        return None
    clone = _copy(fn)
    for arg in ast.walk(clone.args):
        if isinstance(arg, ast.arg):
            arg.annotation = None
    clone.returns = None
    clone.name = variant_name(fn.name, "compat")
    return _after(module, fn, "type-hints", "type-hint-divergence", clone, cls)


def swallowed(module: Module, fn: FuncNode, cls) -> Mutation | None:
    body = _body(fn)
    if (
        fn.name.startswith("__")
        or len(body) < 2
        or not module.norm("careful_handlers_norm", lambda: careful_handlers_norm(module))
    ):
        return None
    clone = _copy(fn)
    doc = clone.body[: len(clone.body) - len(body)]
    handler = ast.ExceptHandler(type=ast.Name("Exception"), name=None, body=[ast.Pass()])
    clone.body = [
        *doc,
        ast.Try(body=clone.body[len(doc) :], handlers=[handler], orelse=[], finalbody=[]),
    ]
    clone.name = variant_name(fn.name, "safe")
    return _after(module, fn, "error-handling", "error-handling-divergence", clone, cls)


def printing(module: Module, fn: FuncNode, cls) -> Mutation | None:
    body = _body(fn)
    if (
        fn.name.startswith("__")
        or not body
        or not module.norm("logs_not_prints_norm", lambda: logs_not_prints_norm(module))
    ):
        return None
    clone = _copy(fn)
    doc = len(clone.body) - len(body)
    message = f"{fn.name}: called"
    clone.body.insert(doc, ast.parse(f"print({message!r})").body[0])
    clone.name = variant_name(fn.name, "verbose")
    return _after(module, fn, "error-handling", "error-handling-divergence", clone, cls)


def complexity(module: Module, fn: FuncNode, cls) -> Mutation | None:
    """The human function itself is marked, then edited in four small steps."""
    body = _body(fn)
    params = [p.arg for p in _params(fn) if p not in (fn.args.vararg, fn.args.kwarg)]
    if not body or not params or decision_points(fn) > 4 or body[0].lineno <= fn.lineno:
        return None
    if isinstance(body[0], (ast.Global, ast.Nonlocal)) or fn.name.startswith("__"):
        return None
    if any("overload" in ast.unparse(d) for d in fn.decorator_list):
        return None  # a typing stub: nobody grows one
    p = params[0]
    pad = " " * body[0].col_offset
    steps = (
        f"if {p} is None:\n    raise ValueError('{p} is required')\n",
        f"if isinstance({p}, (list, tuple)) and not {p}:\n    return None\n",
        f"{p} = {p}.strip() if isinstance({p}, str) else {p}\n",
        f"while isinstance({p}, list) and len({p}) == 1:\n    {p} = {p}[0]\n",
    )
    line = body[0].lineno - 1
    edits = tuple((line, "".join(pad + row + "\n" for row in step.splitlines())) for step in steps)
    first = min([fn.lineno, *(d.lineno for d in fn.decorator_list)]) - 1
    qual = f"{cls.name}.{fn.name}" if cls is not None else fn.name
    return Mutation(
        "complexity", "complexity-growth", module.project, module.rel, qual, first, "",
        first, fn.end_lineno - 1, edits,
    )  # fmt: skip


FAMILIES: dict[str, tuple[Candidate, ...]] = {
    "naming": (naming,),
    "docstring": (docstring,),
    "type-hints": (typehints,),
    "error-handling": (swallowed, printing),
    "complexity": (complexity,),
}


def duplicates(modules: list[Module], rng: random.Random) -> Iterator[Mutation]:
    """A top-level helper near-copied into another module: renamed function and locals, one
    statement added or removed, comments dropped; appended at the end of that module."""
    helpers = [
        (m, f)
        for m in modules
        for f, cls in m.functions
        if cls is None and len(_body(f)) >= 5 and not f.name.startswith("__")
    ]
    rng.shuffle(helpers)
    for index, (module, fn) in enumerate(helpers):
        others = [m for m in modules if m.path != module.path]
        if not others:
            return
        target = rng.choice(others)
        if not target.text.endswith("\n"):
            continue
        clone = _copy(fn)
        name = variant_name(fn.name.lstrip("_"), "impl")
        mapping = {n: restyle(n, "snake", "value") for n in _locals(fn)}
        mapping[fn.name] = name  # a copied recursive helper recurses into the copy
        clone = _Renamer(mapping).visit(clone)
        doc = len(clone.body) - len(_body(fn))
        stmts = clone.body[doc:]
        if index % 2:
            stmts.pop(len(stmts) // 2)
        elif _params(fn):
            p = mapping.get(_params(fn)[0].arg, _params(fn)[0].arg)
            stmts.insert(0, ast.parse(f"if {p} is None:\n    raise TypeError('{p}')").body[0])
        else:
            continue
        clone.body = stmts
        clone.name = name
        body = _render(clone, 0)
        line = target.text.count("\n")
        yield Mutation(
            "duplicate", "duplicate-helper", target.project, target.rel,
            f"{module.rel}:{fn.name}", line, "\n\n" + body, line + 2, line + 1 + body.count("\n"),
        )  # fmt: skip


def generate(
    per_project: dict[str, list[Module]], count: int, seed: int
) -> dict[str, list[Mutation]]:
    """Up to ``count`` mutations per family, spread round-robin over the projects."""
    out: dict[str, list[Mutation]] = {}
    for family, makers in FAMILIES.items():
        pools = []
        for name in sorted(per_project):
            rng = random.Random(f"{seed}:{family}:{name}")
            candidates = [
                (module, fn, cls, maker)
                for module in per_project[name]
                for fn, cls in module.functions
                for maker in makers
            ]
            rng.shuffle(candidates)
            found: list[Mutation] = []
            for module, fn, cls, maker in candidates:
                if len(found) >= count:
                    break
                mutation = maker(module, fn, cls)
                if mutation is not None:
                    found.append(mutation)
            pools.append(found)
        out[family] = _round_robin(pools, count)
    pools = [
        list(duplicates(per_project[name], random.Random(f"{seed}:duplicate:{name}")))[:count]
        for name in sorted(per_project)
    ]
    out["duplicate"] = _round_robin(pools, count)
    return out


def _round_robin(pools: list[list[Mutation]], count: int) -> list[Mutation]:
    chosen: list[Mutation] = []
    index = 0
    while len(chosen) < count and any(index < len(p) for p in pools):
        chosen.extend(p[index] for p in pools if index < len(p))
        index += 1
    return chosen[:count]
