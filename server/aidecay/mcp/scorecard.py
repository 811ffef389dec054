"""``scorecard``: which tools' and models' code lasts here.

The tool/model scorecard (``aidecay.stats.scorecard``) is not in this version of aidecay, so
this answers what the statistics offer today, and says so in ``note``: AI against human
survival per replayed repository (``aidecay replay``), and the live history's AI survival and
churn with the code each tool inserted.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from aidecay.stats import query, replay_report, summary
from aidecay.stats.scope import Scope

from .caps import Capper
from .workspace import Workspace

NOTE = (
    "The per-tool scorecard is not available in this aidecay; these are the survival figures "
    "the statistics offer today: AI against human survival from replayed git history "
    "(`aidecay replay`), and the live history's AI survival and churn (docs/stats.md)."
)
BY = ("tool", "model", "tool,model")


def scorecard(ws: Workspace, by: str = "tool") -> dict[str, Any]:
    """Survival rows: per replayed repository AI and human, per root the live AI code."""
    cap = Capper()
    rows: list[dict[str, Any]] = []
    now = datetime.now(timezone.utc)
    with ws.lock:
        repos = replay_report.load(ws.db_path)
        data = replay_report.without_replayed(query.load(ws.db_path, with_text=False))
    for repo in repos:
        for group, curve in repo.curves.items():
            rows.append(
                {
                    "source": "replay",
                    "scope": cap.text(repo.repo, 200),
                    "group": group,
                    "survival": {f"{d}d": v for d, v in curve.items()},
                    "models": [cap.data(m) for m in repo.models][:20] if group == "ai" else [],
                }
            )
    for root in ws.roots.paths:
        stats = summary.compute(data, Scope(now, None, root))
        if not stats["totals"]["regions"]:
            continue
        rows.append(
            {
                "source": "live",
                "scope": str(root),
                "group": "ai",
                "survival": {k: v["rate"] for k, v in stats["survival"].items()},
                "churn14d": stats["churn14d"].get("rate"),
                "inserted": [_inserted(row) for row in stats["inserted"]][:20],
            }
        )
    return cap.fit({"source": "stats", "by": by, "note": NOTE, "rows": rows}, "rows")


def _inserted(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "origin": row["origin"],
        "tool": row["tool"],
        "regions": row["regions"],
        "lines": row["lines"],
    }
