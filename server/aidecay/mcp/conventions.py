"""``conventions``: what the module's and its package's human-written code does."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from aidecay.analysis.conventions import describe, learn_all

from .caps import Capper
from .roots import Place
from .workspace import Workspace

NO_CONVENTION = "no clear convention"
#: Stands for "no module of its own" when a folder (a package) is asked about.
_NO_MODULE = "__aidecay_package__.py"


def conventions(ws: Workspace, path: str) -> dict[str, Any]:
    """Each aspect learned from the human code of ``path`` (a module, a module not written
    yet, or a package folder): its rule, support, scope and an example or two."""
    place = ws.roots.place(path)
    cap = Capper()
    if place.path.is_dir():
        kind, text, spans = "package", "", []
        siblings = ws.engine.siblings.siblings(place.path / _NO_MODULE)  # the module itself
    else:
        text = ws.read(place)
        kind = "new module" if text is None else "module"
        text = text or ""
        spans = [(s, e) for s, e, _ in ws.regions(place.path, text)] if text else []
        siblings = partial(ws.engine.siblings.siblings, place.path)  # read when needed
    with ws.lock:
        learned = learn_all(text, spans, siblings)
        rows = describe(learned)
    return cap.fit(
        {
            "path": place.relative,
            "kind": kind,
            "conventions": [_row(ws, place, row, cap) for row in rows],
            "ai_regions_left_out": len(spans),
        },
        "conventions",
    )


def _row(ws: Workspace, place: Place, row, cap: Capper) -> dict[str, Any]:
    return {
        "aspect": row.aspect,
        "code": row.code,
        "rule": cap.text(row.rule) if row.rule else NO_CONVENTION,
        "clear": row.rule is not None,
        "support": cap.text(row.support),
        "matching": row.tally.hits,
        "total": row.tally.total,
        "scope": row.tally.scope,
        "examples": [
            {
                "symbol": cap.text(e.symbol, 120),
                "line": e.line,
                "path": ws.roots.show(Path(e.path)) if e.path else place.relative,
            }
            for e in row.examples
        ],
    }
