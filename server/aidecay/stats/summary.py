"""The stats object: every metric of docs/stats.md for one scope and source."""

from __future__ import annotations

from typing import Any

from aidecay.stats import metrics, series, sources
from aidecay.stats.fate import AI
from aidecay.stats.scope import Scope
from aidecay.stats.survival import CHURN_DAYS, WINDOWS


def compute(history: sources.History, scope: Scope) -> dict[str, Any]:
    """The stats object returned by ``aidecay stats --json`` and ``aidecay/stats``: the
    AI-written regions of the history (human and bot regions are in the scorecard)."""
    fates = history.group(AI)
    worst = series.worst(fates)
    return {
        "statsVersion": metrics.STATS_VERSION,
        "generatedAt": scope.now_text,
        "since": scope.since_text,
        "workspace": str(scope.workspace) if scope.workspace else None,
        "source": history.source,
        "units": {"primary": "lines", "detail": "characters (live regions only)"},
        "windows": {"survivalDays": list(WINDOWS), "churnDays": CHURN_DAYS},
        "totals": metrics.totals(fates),
        "inserted": metrics.inserted_by_tool(fates),
        "survival": metrics.survival(fates),
        "churn14d": metrics.churn(fates),
        "rework": metrics.rework(fates),
        "diagnostics": metrics.diagnostics(fates),
        "complexity": metrics.complexity(fates),
        "topFiles": metrics.top_files(fates),
        "missing": metrics.missing(fates),
        "series": {
            "survival": series.survival_series(fates, series.point_ends(fates, scope)),
            "reworkWeekly": series.rework_weekly(fates),
            "complexityTrends": series.complexity_trends(
                worst, sources.samples(history, [f.id for f in worst])
            ),
        },
    }
