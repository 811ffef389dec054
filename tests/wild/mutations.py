"""Realistic AI-written decay next to real code, one family per diagnostic code.

Convention families pick real functions from modules whose human code is unanimous
(``norms.py``: every one of at least 10 samples) and insert a decayed variant derived with
``ast`` (so comments are dropped, as an assistant's rewrite would). Metric families
(``edits.py``) mark a real function and edit it through the server the way decay happens.
Nothing is executed.
"""

from __future__ import annotations

import ast
import random
import re
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

import edits
from edits import Mutation
from norms import (
    IMPLICIT,
    FuncNode,
    Module,
    annotated_norm,
    body,
    body_lines,
    careful_handlers_norm,
    documented_norm,
    explicit_style,
    fully_annotated,
    logs_not_prints_norm,
    naming_norm,
    params,
)
from sources import Project, library_files

_KEEP_DECORATORS = frozenset({"staticmethod", "classmethod", "property"})


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
    rendered = _render(clone, fn.col_offset)
    line = fn.end_lineno  # 0-based index of the line after the function
    count = rendered.count("\n")
    qual = f"{cls.name}.{fn.name}" if cls is not None else fn.name
    return Mutation(
        family, code, module.project, module.rel, qual, line, "\n" + rendered,
        line + 1, line + count,
    )  # fmt: skip


def _locals(fn: FuncNode) -> list[str]:
    names = [p.arg for p in params(fn)]
    names += [
        n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    ]
    return list(dict.fromkeys(n for n in names if n not in IMPLICIT and len(n) > 1))


# -- families --------------------------------------------------------------------------------

Candidate = Callable[[Module, FuncNode, ast.ClassDef | None], Mutation | None]


def naming(module: Module, fn: FuncNode, cls) -> Mutation | None:
    norm = naming_norm(module)
    if norm is None or fn.name.startswith("__") or fn.col_offset > 4:
        return None
    other = "camel" if norm == "snake" else "snake"
    clone = _copy(fn)
    clone.name = restyle(fn.name, other, "checked")
    if explicit_style(clone.name) != other:
        return None
    return _after(module, fn, "naming", "naming-divergence", clone, cls)


def docstring(module: Module, fn: FuncNode, cls) -> Mutation | None:
    if fn.name.startswith("_") or body_lines(fn) < 4 or ast.get_docstring(fn) is None:
        return None
    if not documented_norm(module):
        return None
    clone = _copy(fn)
    clone.body = clone.body[1:]
    clone.name = variant_name(fn.name, "unchecked")
    if body_lines(_reparse(clone)) < 4:  # unparsing joined lines: no longer comparable
        return None
    return _after(module, fn, "docstring", "docstring-divergence", clone, cls)


def typehints(module: Module, fn: FuncNode, cls) -> Mutation | None:
    if fn.name.startswith("__") or not fully_annotated(fn) or not annotated_norm(module):
        return None
    clone = _copy(fn)
    for arg in ast.walk(clone.args):
        if isinstance(arg, ast.arg):
            arg.annotation = None
    clone.returns = None
    clone.name = variant_name(fn.name, "compat")
    return _after(module, fn, "type-hints", "type-hint-divergence", clone, cls)


def swallowed(module: Module, fn: FuncNode, cls) -> Mutation | None:
    stmts = body(fn)
    if fn.name.startswith("__") or len(stmts) < 2 or not careful_handlers_norm(module):
        return None
    clone = _copy(fn)
    doc = clone.body[: len(clone.body) - len(stmts)]
    handler = ast.ExceptHandler(type=ast.Name("Exception"), name=None, body=[ast.Pass()])
    clone.body = [
        *doc,
        ast.Try(body=clone.body[len(doc) :], handlers=[handler], orelse=[], finalbody=[]),
    ]
    clone.name = variant_name(fn.name, "safe")
    return _after(module, fn, "error-handling", "error-handling-divergence", clone, cls)


def printing(module: Module, fn: FuncNode, cls) -> Mutation | None:
    stmts = body(fn)
    if fn.name.startswith("__") or not stmts or not logs_not_prints_norm(module):
        return None
    clone = _copy(fn)
    doc = len(clone.body) - len(stmts)
    message = f"{fn.name}: called"
    clone.body.insert(doc, ast.parse(f"print({message!r})").body[0])
    clone.name = variant_name(fn.name, "verbose")
    return _after(module, fn, "error-handling", "error-handling-divergence", clone, cls)


FAMILIES: dict[str, tuple[Candidate, ...]] = {
    "naming": (naming,),
    "docstring": (docstring,),
    "type-hints": (typehints,),
    "error-handling": (swallowed, printing),
    "complexity": (edits.complexity,),
    "maintainability": (edits.maintainability,),
    "churn": (edits.churn,),
}


def near_copy(fn: FuncNode, change: str) -> FuncNode | None:
    """A near-miss copy of ``fn``: function and locals renamed, comments dropped, and for
    ``change`` "added" a guard statement added first, "removed" the middle statement removed,
    "removed-simple" the simple statement (no block) nearest the middle removed ("renamed":
    nothing else). None when the change does not apply."""
    clone = _copy(fn)
    name = variant_name(fn.name.lstrip("_"), "impl")
    mapping = {n: restyle(n, "snake", "value") for n in _locals(fn)}
    mapping[fn.name] = name  # a copied recursive helper recurses into the copy
    clone = _Renamer(mapping).visit(clone)
    kept = clone.body[len(clone.body) - len(body(fn)) :]
    if change == "removed":
        if len(kept) < 2:
            return None
        kept.pop(len(kept) // 2)
    elif change == "removed-simple":
        simple = [k for k, s in enumerate(kept) if not hasattr(s, "body")]
        if len(kept) < 2 or not simple:
            return None
        kept.pop(min(simple, key=lambda k: abs(k - len(kept) // 2)))
    elif change == "added":
        if not params(fn):
            return None
        p = mapping.get(params(fn)[0].arg, params(fn)[0].arg)
        kept.insert(0, ast.parse(f"if {p} is None:\n    raise TypeError('{p}')").body[0])
    clone.body = kept
    clone.name = name
    return clone


def render(fn: FuncNode, indent: int = 0) -> str:
    """``fn`` as source text, indented by ``indent`` spaces."""
    return _render(fn, indent)


def duplicates(modules: list[Module], rng: random.Random) -> Iterator[Mutation]:
    """A top-level helper near-copied into another module: renamed function and locals, one
    statement added or removed, comments dropped; appended at the end of that module."""
    helpers = [
        (m, f)
        for m in modules
        for f, cls in m.functions
        if cls is None and len(body(f)) >= 5 and not f.name.startswith("__")
    ]
    rng.shuffle(helpers)
    for index, (module, fn) in enumerate(helpers):
        others = [m for m in modules if m.path != module.path]
        if not others:
            return
        target = rng.choice(others)
        if not target.text.endswith("\n"):
            continue
        clone = near_copy(fn, "removed" if index % 2 else "added")
        if clone is None:
            continue
        text = _render(clone, 0)
        line = target.text.count("\n")
        yield Mutation(
            "duplicate", "duplicate-helper", target.project, target.rel,
            f"{module.rel}:{fn.name}", line, "\n\n" + text, line + 2, line + 1 + text.count("\n"),
        )  # fmt: skip


def generate(
    per_project: dict[str, list[Module]], count: int, seed: int
) -> dict[str, list[Mutation]]:
    """Up to ``count`` mutations per family, spread round-robin over the projects."""
    out: dict[str, list[Mutation]] = {}
    for family, makers in FAMILIES.items():
        pools = []
        for name in sorted(per_project):
            rng = _rng(seed, family, name)
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
        list(islice(duplicates(per_project[name], _rng(seed, "duplicate", name)), count))
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


def _rng(seed: int, family: str, project: str) -> random.Random:
    return random.Random(f"{seed}:{family}:{project}")
