"""Edits sent through the server: decay of a marked real function, and harmless edits.

An ``Edit`` is ``(line, character, end_line, end_character, text)`` on the document as it is
when the edit is sent (0-based; only ASCII lines are edited, so characters are UTF-16 units).
Three families mark a human function as AI-written and then edit it as decay happens:

* ``complexity``: four small edits add six branches at the top of the body;
* ``maintainability``: the body grows to about four times its lines, by three pasted special
  cases (``if <param> is None:`` and two more, each followed by a copy of the original body);
* ``churn``: the body is rewritten, then rewritten again: its statements are replaced, in
  four edits, by the body of another function of the module, and those, in two more edits,
  by the body of a third one (almost none of the AI's text is left).

``harmless`` gives the edits a control gets after it was checked unchanged: a comment line
added, a local variable renamed (every use, the new name in the same style), and a call
spread over one argument per line, as a formatter does. Nothing here runs project code.
"""

from __future__ import annotations

import ast
import random
from dataclasses import dataclass, field

from norms import FuncNode, Module, body, body_lines, decision_points, params

Edit = tuple[int, int, int, int, str]


@dataclass(frozen=True)
class Mutation:
    """Insert ``text`` before ``line`` (0-based); the AI region is ``first``..``last``;
    then send ``steps`` one ``didChange`` each."""

    family: str
    code: str
    project: str
    path: str
    source_function: str
    line: int
    text: str
    first: int
    last: int
    steps: tuple[Edit, ...] = field(default=())

    @property
    def key(self) -> str:
        return f"{self.family}:{self.project}:{self.path}:{self.source_function}"


def apply(text: str, edit: Edit) -> str:
    """``text`` after ``edit``."""
    lines = text.splitlines(keepends=True)
    line, char, end_line, end_char, insert = edit
    start = sum(len(x) for x in lines[:line]) + char
    end = sum(len(x) for x in lines[:end_line]) + end_char
    return text[:start] + insert + text[end:]


def insert_at(line: int, text: str) -> Edit:
    return (line, 0, line, 0, text)


def _qual(fn: FuncNode, cls) -> str:
    return f"{cls.name}.{fn.name}" if cls is not None else fn.name


def _first_line(fn: FuncNode) -> int:
    return min([fn.lineno, *(d.lineno for d in fn.decorator_list)]) - 1


def _editable(module: Module, fn: FuncNode) -> bool:
    """A real function worth marking and editing: no stub, no dunder, ASCII, body after the
    ``def`` line."""
    stmts = body(fn)
    if not stmts or stmts[0].lineno <= fn.lineno or fn.name.startswith("__"):
        return False
    if any("overload" in ast.unparse(d) for d in fn.decorator_list):
        return False
    if isinstance(stmts[0], (ast.Global, ast.Nonlocal)):
        return False
    lines = module.text.splitlines()[_first_line(fn) : fn.end_lineno]
    return all(line.isascii() for line in lines)


def _marked(module: Module, fn: FuncNode, cls, family: str, code: str, steps) -> Mutation:
    first = _first_line(fn)
    return Mutation(
        family, code, module.project, module.rel, _qual(fn, cls), first, "",
        first, fn.end_lineno - 1, tuple(steps),
    )  # fmt: skip


def _named_params(fn: FuncNode) -> list[str]:
    return [p.arg for p in params(fn) if p not in (fn.args.vararg, fn.args.kwarg)]


def complexity(module: Module, fn: FuncNode, cls) -> Mutation | None:
    """Six branches added in four small edits at the top of a simple function's body."""
    names = _named_params(fn)
    if not _editable(module, fn) or not names or decision_points(fn) > 4:
        return None
    p = names[0]
    pad = " " * body(fn)[0].col_offset
    snippets = (
        f"if {p} is None:\n    raise ValueError('{p} is required')\n",
        f"if isinstance({p}, (list, tuple)) and not {p}:\n    return None\n",
        f"{p} = {p}.strip() if isinstance({p}, str) else {p}\n",
        f"while isinstance({p}, list) and len({p}) == 1:\n    {p} = {p}[0]\n",
    )
    line = body(fn)[0].lineno - 1
    steps = [insert_at(line, _indented(s.splitlines(), pad)) for s in snippets]
    return _marked(module, fn, cls, "complexity", "complexity-growth", steps)


def _indented(rows: list[str], pad: str) -> str:
    return "".join(pad + row + "\n" if row.strip() else "\n" for row in rows)


def _body_rows(module: Module, fn: FuncNode) -> list[str]:
    """The source lines of ``fn``'s body after its docstring, as written (comments kept)."""
    stmts = body(fn)
    return module.text.splitlines()[stmts[0].lineno - 1 : stmts[-1].end_lineno]


def maintainability(module: Module, fn: FuncNode, cls) -> Mutation | None:
    """A function of 3 to 25 body lines grown to about four times that: three special cases
    pasted at the top of its body, each a copy of the original body under an ``if``."""
    names = _named_params(fn)
    if not _editable(module, fn) or not names or not 3 <= body_lines(fn) <= 25:
        return None
    if any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(fn)):
        return None  # a copied ``yield`` changes nothing but reads oddly; keep it plain
    p = names[0]
    stmts = body(fn)
    pad = " " * stmts[0].col_offset
    rows = _body_rows(module, fn)
    line = stmts[0].lineno - 1
    steps = [
        insert_at(line, pad + f"if {cond}:\n" + _indented(rows, "    "))
        for cond in (f"{p} is None", f"isinstance({p}, str)", f"not {p}")
    ]
    return _marked(module, fn, cls, "maintainability", "maintainability-drop", steps)


def _statement_rows(lines: list[str], stmts: list[ast.stmt]) -> list[list[str]]:
    """The source rows of each statement (comment lines after it included), as written."""
    out = []
    for k, stmt in enumerate(stmts):
        end = stmts[k + 1].lineno - 1 if k + 1 < len(stmts) else stmt.end_lineno
        out.append(lines[stmt.lineno - 1 : end])
    return out


def _donor(module: Module, fn: FuncNode, exclude: set[int], rng: random.Random):
    """Another function of the module whose body can replace ``fn``'s (at least as many lines,
    3+ statements, ASCII, no ``global``/``nonlocal``, no ``yield``, ``await`` only into an
    async function); its statements' rows without their indentation."""
    is_async = isinstance(fn, ast.AsyncFunctionDef)
    banned = (ast.Global, ast.Nonlocal, ast.Yield, ast.YieldFrom)
    if not is_async:
        banned += (ast.Await, ast.AsyncFor, ast.AsyncWith)
    lines = module.text.splitlines()
    pool = [f for f, _ in module.functions if id(f) not in exclude and f is not fn]
    rng.shuffle(pool)
    for donor in pool:
        stmts = body(donor)
        if len(stmts) < 3 or not body_lines(fn) <= body_lines(donor) <= 3 * body_lines(fn) + 10:
            continue
        if any(isinstance(n, banned) for s in stmts for n in ast.walk(s)):
            continue
        rows = _statement_rows(lines, stmts)
        if not all(r.isascii() for rs in rows for r in rs):
            continue
        indent = stmts[0].col_offset
        return donor, [[_dedent(r, indent) for r in rs] for rs in rows]
    return None, None


def _dedent(row: str, indent: int) -> str:
    return row[indent:] if row[:indent].strip() == "" else row.lstrip()


def _groups(items: list, parts: int) -> list[list]:
    """``items`` in ``parts`` consecutive groups of nearly equal size."""
    cuts = [round(k * len(items) / parts) for k in range(parts + 1)]
    return [items[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def churn(module: Module, fn: FuncNode, cls) -> Mutation | None:
    """A function whose body (3+ statements, 2/3 of its characters or more) is rewritten
    twice: four edits replace it with another function's body, two more with a third's."""
    stmts = body(fn)
    if not _editable(module, fn) or len(stmts) < 3:
        return None
    lines = module.text.splitlines()
    whole = sum(len(x) + 1 for x in lines[_first_line(fn) : fn.end_lineno])
    code = sum(len(x) + 1 for x in lines[stmts[0].lineno - 1 : stmts[-1].end_lineno])
    if 3 * code < 2 * whole:
        return None
    rng = random.Random(f"churn:{module.rel}:{fn.lineno}")
    one, first = _donor(module, fn, set(), rng)
    if one is None:
        return None
    _, second = _donor(module, fn, {id(one)}, rng)
    if second is None:
        return None
    pad = " " * stmts[0].col_offset
    current = _statement_rows(lines, stmts)  # rows as they are in the document
    steps: list[Edit] = []
    for donor, parts in ((first, 4), (second, 2)):
        parts = min(parts, len(current), len(donor))
        row = stmts[0].lineno - 1
        written: list[list[str]] = []
        for was, new in zip(_groups(current, parts), _groups(donor, parts), strict=True):
            old_rows = [r for rs in was for r in rs]
            new_rows = [[pad + r if r.strip() else "" for r in rs] for rs in new]
            text = "\n".join(r for rs in new_rows for r in rs)
            steps.append((row, 0, row + len(old_rows) - 1, len(old_rows[-1]), text))
            written.extend(new_rows)
            row += text.count("\n") + 1
        current = written
    return _marked(module, fn, cls, "churn", "churn", steps)


# -- harmless edits of a control --------------------------------------------------------------

COMMENT = "# note: callers rely on this behaviour; keep it in sync with the docs"


def harmless(text: str, fn: FuncNode) -> tuple[Edit, ...]:
    """A comment line added, a local renamed, a call spread one argument per line: what
    applies to ``fn`` (the comment always does), last position first so each edit's
    position holds when it is sent."""
    lines = text.splitlines()
    found: list[Edit] = []
    stmts = body(fn)
    at = stmts[0].lineno - 1 if stmts else fn.body[-1].end_lineno
    if at > fn.lineno - 1 and all(lines[i].isascii() for i in range(fn.lineno - 1, fn.end_lineno)):
        pad = " " * fn.body[0].col_offset
        found.append(insert_at(at, pad + COMMENT + "\n"))
        found += _rename_local(text, lines, fn)
        found += _spread_call(lines, fn)
    return tuple(sorted(found, key=lambda e: e[:4], reverse=True))


def _rename_local(text: str, lines: list[str], fn: FuncNode) -> list[Edit]:
    """Every use of the first local variable renamed to the same name with a ``2`` (the same
    naming style); nothing when the function declares ``global``/``nonlocal`` names, holds a
    class or an f-string using the name, or the new name is taken."""
    nodes = list(ast.walk(fn))
    if any(isinstance(n, (ast.Global, ast.Nonlocal, ast.ClassDef)) for n in nodes):
        return []
    args = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
    fstrings = [j for j in nodes if isinstance(j, ast.JoinedStr)]
    in_fstrings = {n.id for j in fstrings for n in ast.walk(j) if isinstance(n, ast.Name)}
    stored = [
        n.id
        for n in nodes
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id not in args
    ]
    for name in dict.fromkeys(stored):
        new = name + "2"
        if name in in_fstrings or new in text:
            continue
        uses = [n for n in nodes if isinstance(n, ast.Name) and n.id == name]
        if all(lines[n.lineno - 1][n.col_offset : n.end_col_offset] == name for n in uses):
            return [(n.lineno - 1, n.col_offset, n.lineno - 1, n.end_col_offset, new) for n in uses]
    return []


def _spread_call(lines: list[str], fn: FuncNode) -> list[Edit]:
    """The first one-line call with 2+ arguments spread one argument per line, with a trailing
    comma (what black does to a call that no longer fits)."""
    for call in (n for s in body(fn) for n in ast.walk(s) if isinstance(n, ast.Call)):
        items = sorted([*call.args, *call.keywords], key=lambda a: a.col_offset)
        if len(items) < 2 or call.lineno != call.end_lineno:
            continue
        row = lines[call.lineno - 1]
        if any(a.lineno != call.lineno or a.end_lineno != call.lineno for a in items):
            continue
        pairs = list(zip(items, items[1:], strict=False))
        gaps = [row[a.end_col_offset : b.col_offset] for a, b in pairs]
        closing = row[items[-1].end_col_offset : call.end_col_offset]
        opening = row[call.func.end_col_offset : items[0].col_offset]
        if any(g.strip() != "," for g in gaps) or closing != ")" or opening.strip() != "(":
            continue
        line, pad = call.lineno - 1, " " * (len(row) - len(row.lstrip()))
        inner = "\n" + pad + "    "
        edits = [(line, call.end_col_offset - 1, line, call.end_col_offset - 1, ",\n" + pad)]
        edits += [(line, a.end_col_offset, line, b.col_offset, "," + inner) for a, b in pairs]
        edits.append((line, items[0].col_offset, line, items[0].col_offset, inner))
        return edits
    return []
