"""The ``scorecard``, ``validity`` and ``timelines`` tables of one replayed repository.

Computed in the task, from the task's private database, by the code behind the single-
repository commands: the scorecard rows are ``aidecay scorecard --source replay`` for that
repository (``stats.scorecard``, by tool; hazard ratios need the ``stats`` extra, and say so
in their reason without it), the validity rows are what ``aidecay replay --validate`` stored
(``replay_validity``), and the timelines are its per-region timelines (``replay_timelines``),
kept so that ``aidecay org report`` can pool the hazard ratios across repositories.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

from aidecay.stats import scorecard, sources
from aidecay.stats.scope import Scope
from aidecay.stats.survival import WINDOWS

#: The grouping of the stored scorecard rows (``aidecay scorecard``'s default).
BY = "tool"


def _figure(estimate: dict | None, prefix: str) -> dict:
    """``{prefix}``, ``{prefix}_low``, ``{prefix}_high`` of an ``{value, low, high, n}``."""
    estimate = estimate or {}
    return {f"{prefix}{end}": estimate.get(key) for end, key in (("", "value"),
            ("_low", "low"), ("_high", "high"))}  # fmt: skip


def scorecard_row(row: dict) -> dict:
    """One ``aidecay scorecard --json`` row as a ``scorecard`` table row: the headline figures
    as columns, the whole row as JSON (``row``)."""
    flat = {
        "by": BY,
        "grp": row["group"],
        "tool": row["tool"],
        "model": row["model"],
        "lines_added": row["linesAdded"],
        "regions": row["regions"],
        "lines_at_end": row["linesAtEnd"],
    }
    for days in WINDOWS:
        flat |= _figure(row["survival"].get(f"{days}d"), f"survival_{days}d")
    flat |= _figure(row["rework14d"], "rework_14d")
    flat |= _figure(row["complexityGrowth"], "complexity_growth")
    flat |= _figure(row["hazardRatioVsHuman"], "hazard_ratio")
    flat["verdict"] = row.get("verdictVsHuman")
    flat["row"] = json.dumps(row, sort_keys=True)
    return flat


def scorecard_rows(db: Path, root: Path, now: datetime) -> list[dict]:
    """The repository's scorecard at ``now``, from the replay stored in ``db``."""
    history = sources.load(db, Scope(now, None, root), "replay", root=root)
    card = scorecard.build(history, repo=str(root), by=BY)
    return [scorecard_row(row) for row in card["rows"]]


def validity_tables(db: Path, root: str) -> tuple[list[dict], list[dict]]:
    """The ``validity`` rows (one per diagnostic code) and ``timelines`` rows that
    ``aidecay replay --validate`` stored for ``root``."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        figures = [
            {k: row[k] for k in ("code", "head", "flagged", "unflagged", "events_flagged",
                                 "events_unflagged", "hazard_ratio", "low", "high", "reason")}
            for row in conn.execute(
                "select * from replay_validity where repo = ? order by code", [root]
            )
        ]  # fmt: skip
        lines = [
            {
                "region": row["region"],
                "born_at": row["born_at"],
                "end_at": row["end_at"],
                "events": json.loads(row["events"]),
                "findings": row["findings"],
            }
            for row in conn.execute(
                "select * from replay_timelines where repo = ? order by region", [root]
            )
        ]
    finally:
        conn.close()
    return figures, lines
