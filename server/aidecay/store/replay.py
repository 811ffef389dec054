"""Schema migration 5: the replay's own tables, beside the live ``regions``/``events``.

``replay_runs`` one row per repository (HEAD replayed, options, the summary JSON);
``replay_regions`` every replayed region, AI and human (humans are counted here only, never
shown in the panel; AI regions that reach HEAD also have an ordinary ``regions`` row, linked
by ``region_id``); ``replay_cohorts`` how many lines of each region died when (for
Kaplan–Meier); ``replay_events`` the commit behind each replayed edit event;
``replay_state`` the walk's state at its last commit (``aidecay.replay.state``), so the next
run walks new commits only.
"""

from __future__ import annotations

import sqlite_utils

MIGRATION = 5


def create_v5(db: sqlite_utils.Database) -> None:
    db["replay_runs"].create(
        {
            "repo": str,
            "head": str,
            "head_time": int,
            "since": str,
            "patterns": str,  # JSON list
            "commits": int,
            "summary": str,  # JSON, the --json object
            "models": str,  # JSON rows per tool and model
            "replayed_at": str,
        },
        pk="repo",
    )
    db["replay_regions"].create(
        {
            "id": str,
            "repo": str,
            "region_id": str,  # the regions row (AI regions), else NULL
            "grp": str,  # ai | human | bot
            "origin": str,
            "tool": str,
            "model": str,
            "evidence": str,
            "sha": str,
            "path": str,
            "function": str,
            "born_at": int,
            "lines_added": int,
            "lines_at_head": int,
            "head_path": str,
            "head_first": int,
            "head_last": int,
            "deleted_sha": str,
            "deleted_at": int,
            "edits": int,
            "ai_edits": int,
            "max_cc_birth": int,
            "max_cc_head": int,
            "complexity_growth": int,
        },
        pk="id",
    )
    db["replay_regions"].create_index(["repo", "grp"])
    db["replay_regions"].create_index(["region_id"])
    db["replay_cohorts"].create(
        {"region": str, "repo": str, "born_at": int, "died_at": int, "lines": int}
    )
    db["replay_cohorts"].create_index(["repo"])
    db["replay_state"].create({"repo": str, "tip": str, "data": bytes}, pk="repo")
    db["replay_events"].create(
        {
            "event_id": str,
            "repo": str,
            "region_id": str,
            "sha": str,
            "author": str,
            "ai": int,
            "lines_added": int,
            "lines_removed": int,
        },
        pk="event_id",
    )
