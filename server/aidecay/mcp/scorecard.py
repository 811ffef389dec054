"""``scorecard``: which tools' and models' code lasts here (``aidecay scorecard``).

One scorecard per root, computed in a child process (``stats.scorecard_child``: the
statistics libraries never load into this server) over live and replayed history: a row per
AI tool (or model), one for human code and one for bots, every figure with its sample size
and 95 % interval, and hazard ratios against human code stratified by directory and adjusted
for calendar time (docs/scorecard.md).
"""

from __future__ import annotations

from typing import Any

from aidecay.stats import scorecard_child

from .caps import Capper
from .workspace import Workspace

NOTE = (
    "Per root, aidecay scorecard over live and replayed history: each figure is "
    "{value, low, high, n} (95 % interval, sample size; value null with a reason when there "
    "is not enough data). hazardRatioVsHuman > 1: lines of that row die faster than human "
    "lines of the same directory and time; no row is better unless its interval excludes 1."
)
#: The figures of a scorecard row an agent is given (the JSON contract's names).
ROW_KEYS = (
    "group", "tool", "model", "linesAdded", "regions", "linesAtEnd", "survival", "revisions",
    "rework14d", "complexityGrowth", "findingsPer1k", "hazardRatioVsHuman",
)  # fmt: skip


def scorecard(ws: Workspace, by: str = "tool") -> dict[str, Any]:
    """Every root's scorecard rows (``by`` tool, model or both), or the error of its root."""
    cap = Capper()
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    for root in ws.roots.paths:
        card = scorecard_child.run(ws.db_path, repo=root, by=by)
        if "error" in card:
            errors.append(cap.text(f"{root}: {card['error']}"))
            continue
        for row in card["rows"]:
            rows.append({"scope": str(root)} | {k: cap.data(row.get(k)) for k in ROW_KEYS})
    result = {"source": "scorecard", "by": by, "note": NOTE, "errors": errors, "rows": rows}
    return cap.fit(result, "rows")
