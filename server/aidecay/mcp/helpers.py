"""``find_helper``: existing functions that already do what the agent is about to write.

With code: the same similarity the ``duplicate-helper`` diagnostic uses (winnowed shingles of
the normalised body, Dice coefficient), from ``CANDIDATE_SIMILARITY`` up, each match saying
whether the diagnostic would fire (``duplicate``). With a description only: the words of
names and docstring summaries (``analysis.index.words``).
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path
from typing import Any

from aidecay.analysis.check import Lines
from aidecay.analysis.index.definitions import (
    IndexedDef,
    extract_defs,
    is_dunder,
    is_test_file,
    is_test_name,
)
from aidecay.analysis.index.similarity import shingle_set, similarity
from aidecay.analysis.rules.duplicate_helper import is_excused

from .caps import SIGNATURE_CHARS, Capper
from .roots import Place, Refused
from .workspace import Workspace

#: Matches from this similarity on are listed (the diagnostic's own threshold is higher).
CANDIDATE_SIMILARITY = 0.5
MAX_LIMIT = 20
MAX_CODE_CHARS = 100_000
#: Share of a function's characters inside AI regions for it to count as AI-written.
AI_SHARE = 0.5


def find_helper(
    ws: Workspace,
    code: str | None = None,
    description: str | None = None,
    path: str | None = None,
    limit: int = 5,
) -> dict[str, Any]:
    """Existing functions like ``code`` (or matching ``description``), best first."""
    if not (code and code.strip()) and not (description and description.strip()):
        raise Refused("give the code you are about to write, a description of it, or both")
    if code and len(code) > MAX_CODE_CHARS:
        raise Refused(f"code is longer than {MAX_CODE_CHARS} characters")
    limit = max(1, min(int(limit), MAX_LIMIT))
    place = ws.roots.place(path) if path else None
    within = place.path if place is not None and place.path.is_dir() else None
    own = place.path if place is not None and not place.path.is_dir() else None
    lives = [ws.index_of(place)] if place is not None else list(ws.indexes.values())
    found: dict[tuple[Path, int], dict[str, Any]] = {}

    def accept(item: IndexedDef) -> bool:
        if within is not None and within not in item.path.parents:
            return False
        return not _not_a_helper(item, ws.roots.owner(item.path))

    if code and code.strip():
        threshold = ws.settings.thresholds.duplicate_similarity
        for query in _queries(code, own):
            for live in lives:
                for match in live.index.similar(
                    query.features, CANDIDATE_SIMILARITY, exclude_path=own, accept=accept,
                    limit=limit * 2,
                ):  # fmt: skip
                    fires = _fires(ws, query, match.item, match.similarity, threshold)
                    _keep(found, match.item, match.similarity, "code", fires)
            if own is not None:
                for item in live_defs(ws, own):
                    score = _similar(query, item)
                    if score >= CANDIDATE_SIMILARITY and accept(item):
                        _keep(found, item, score, "code", _fires(ws, query, item, score, threshold))
    if description and description.strip():
        for live in lives:
            for match in live.words().search(description, limit * 2, accept):
                _keep(found, match.item, match.score, "description", False)
    ranked = sorted(
        found.values(),
        key=lambda m: (m["by"] != "code", -m["similarity"], m["_item"].qualname),
    )[:limit]
    cap = Capper()
    status = ws.index_status()
    return cap.fit(
        {
            "matches": [_describe(ws, m, cap) for m in ranked],
            "index": status,
            "partial": not status["ready"],
        },
        "matches",
    )


def live_defs(ws: Workspace, path: Path) -> list[IndexedDef]:
    """The definitions of ``path`` as it is on disk now."""
    text = ws.read(ws.roots.place(str(path)))
    return extract_defs(text, path) if text else []


def _queries(code: str, own: Path | None) -> list[IndexedDef]:
    """The functions of ``code`` (a bare body is read as one function)."""
    where = own or Path("<query>")
    defs = [d for d in extract_defs(code, where) if d.features is not None]
    if not defs:
        wrapped = "def _query():\n" + textwrap.indent(textwrap.dedent(code), "    ")
        defs = [d for d in extract_defs(wrapped, where) if d.features is not None]
    return [d for d in defs if d.features.candidate]


def _similar(query: IndexedDef, item: IndexedDef) -> float:
    if item.features is None or not item.features.candidate or item.name == query.name:
        return 0.0
    if item.features.fingerprint == query.features.fingerprint:
        return 1.0
    return similarity(shingle_set(query.features), item.features)


def _not_a_helper(item: IndexedDef, root: Path | None) -> bool:
    """Dunders and tests are never offered as helpers to reuse."""
    if is_dunder(item.name) or is_test_name(item.name.lstrip("_")):
        return True
    relative = item.path.relative_to(root) if root is not None else item.path
    return is_test_file(relative)


def _fires(
    ws: Workspace, query: IndexedDef, item: IndexedDef, score: float, threshold: float
) -> bool:
    """Whether the duplicate-helper diagnostic would report ``item`` for ``query`` (its
    exclusions: variants of one family in a file, one interface in sibling modules...)."""
    return score >= threshold and not is_excused(query, item, ws.roots.owner(item.path))


def _keep(found: dict, item: IndexedDef, score: float, by: str, duplicate: bool) -> None:
    key = (item.path, item.start_line)
    if key in found and found[key]["by"] == "code" and by != "code":
        return
    if key in found and found[key]["by"] == by and found[key]["similarity"] >= score:
        return
    found[key] = {
        "_item": item,
        "by": by,
        "similarity": round(score, 3),
        "duplicate": duplicate,
    }


def _describe(ws: Workspace, match: dict[str, Any], cap: Capper) -> dict[str, Any]:
    item: IndexedDef = match.pop("_item")
    place = Place(ws.roots.owner(item.path) or item.path.parent, item.path)
    text = ws.read(place) or ""
    lines = Lines.of(text)
    return {
        "name": cap.text(item.qualname, 200),
        "path": ws.roots.show(item.path),
        "line": item.start_line + 1,
        "end_line": item.end_line + 1,
        "kind": item.kind,
        "signature": cap.text(_signature(text, item), SIGNATURE_CHARS),
        "summary": cap.text(item.doc),
        "similarity": match["similarity"],
        "by": match["by"],
        "duplicate": match["duplicate"],
        "ai": _ai_written(ws, item, text, lines),
    }


def _signature(text: str, item: IndexedDef) -> str:
    source = "".join(text.splitlines(keepends=True)[item.start_line : item.end_line + 1])
    try:
        tree = ast.parse(textwrap.dedent(source))
        node = next(n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))
    except (SyntaxError, ValueError, RecursionError, StopIteration):
        return next((ln.strip() for ln in source.splitlines() if "def " in ln), item.name)
    keyword = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
    returns = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
    return f"{keyword} {node.name}({ast.unparse(node.args)}){returns}"


def _ai_written(ws: Workspace, item: IndexedDef, text: str, lines: Lines) -> bool:
    if not text:
        return False
    start, end = lines.span(item.start_line + 1, item.end_line + 1)
    size = max(1, end - start)
    covered = sum(max(0, min(end, e) - max(start, s)) for s, e, _ in ws.regions(item.path, text))
    return covered / size >= AI_SHARE
