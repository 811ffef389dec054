"""The stats object: every metric of docs/stats.md for one scope."""

from __future__ import annotations

import sqlite3
from typing import Any

from aidecay.stats.aggregate import fold
from aidecay.stats.metrics import (
    STATS_VERSION,
    ai_chars,
    churn,
    complexity,
    complexity_deltas,
    diagnostics,
    inserted_by_tool,
    rework,
    survival,
    top_files,
)
from aidecay.stats.query import (
    Dataset,
    QueryError,
    connect_readonly,
    deletions,
    edit_source,
)
from aidecay.stats.scope import Scope, line_count
from aidecay.stats.series import point_ends, series


def scoped(data: Dataset, scope: Scope) -> list[dict]:
    return [r for r in data.regions if scope.includes(r)]


def compute(data: Dataset, scope: Scope) -> dict[str, Any]:
    """The stats object returned by ``aidecay stats --json`` and ``aidecay/stats``."""
    regions = scoped(data, scope)
    conn = connect_readonly(data.path)
    try:
        sums = fold(
            conn, edit_source(data), regions, deletions(data), scope.now_text,
            point_ends(regions, scope),
        )  # fmt: skip
    except sqlite3.DatabaseError as exc:
        raise QueryError(f"cannot read {data.path}: {exc}") from exc
    finally:
        conn.close()
    deltas = complexity_deltas(regions, data.metrics)
    return {
        "statsVersion": STATS_VERSION,
        "generatedAt": scope.now_text,
        "since": scope.since_text,
        "workspace": str(scope.workspace) if scope.workspace else None,
        "totals": {
            "regions": len(regions),
            "live": sum(r["status"] == "live" for r in regions),
            "deleted": sum(r["status"] == "deleted" for r in regions),
            "files": len({r["uri"] for r in regions}),
            "aiChars": sum(ai_chars(r) for r in regions),
            "aiLines": sum(line_count(r["original_text"] or "") for r in regions),
        },
        "inserted": inserted_by_tool(regions),
        "survival": survival(regions, sums, scope),
        "churn14d": churn(regions, sums, scope),
        "rework": rework(regions, sums),
        "diagnostics": diagnostics(regions, data.findings, "findings" in data.tables),
        "complexity": complexity(deltas, "metrics" in data.tables),
        "topFiles": top_files(regions, sums, data.findings, scope),
        "series": series(regions, sums, deltas, scope),
    }
