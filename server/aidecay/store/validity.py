"""Schema migration 7: what ``aidecay replay --validate`` found, beside the replay's tables.

``replay_validity`` one row per repository and diagnostic code: regions flagged and not, the
reworks on each side, the hazard ratio of rework after the finding with its 95 % interval (or
the reason there is none), the HEAD it was computed at; the editor's hover cites it.
``replay_timelines`` one row per validated AI region: birth, reworks, end of follow-up and when
each code first fired (JSON), so figures can be pooled across repositories later.
"""

from __future__ import annotations

import sqlite_utils

MIGRATION = 7


def create_v7(db: sqlite_utils.Database) -> None:
    db["replay_validity"].create(
        {
            "repo": str,
            "code": str,
            "head": str,
            "flagged": int,
            "unflagged": int,
            "events_flagged": int,
            "events_unflagged": int,
            "hazard_ratio": float,
            "low": float,
            "high": float,
            "reason": str,
            "validated_at": str,
        },
        pk=("repo", "code"),
    )
    db["replay_timelines"].create(
        {
            "repo": str,
            "region": str,
            "born_at": int,
            "end_at": int,
            "events": str,  # JSON list of Unix times (reworks and the deletion)
            "findings": str,  # JSON {code: Unix time it first fired}
        },
        pk=("repo", "region"),
    )
