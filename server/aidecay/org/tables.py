"""One replayed repository as the dataset's tables (``schema.TABLES``), encoded as Parquet.

The rows come from the replay's own database tables (``replay_runs``, ``replay_regions``,
``replay_cohorts``, written by ``aidecay.replay.storage`` into the task's private database)
and from the walk's commits. Region ids are re-derived from the repository's *name*, commit,
path and line, so they do not depend on where the repository was checked out.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from aidecay.org.schema import OPTIONAL, TABLES
from aidecay.replay import rows
from aidecay.replay.attribution import AI
from aidecay.replay.runner import Replay


def author_id(email: str) -> str:
    """A pseudonymous author: distinct people can be counted, not named."""
    return hashlib.blake2b(email.strip().lower().encode(), digest_size=8).hexdigest()


def table(name: str, records: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(records, schema=TABLES.get(name) or OPTIONAL[name])


def encode(data: pa.Table) -> bytes:
    out = io.BytesIO()
    pq.write_table(data, out, compression="zstd")
    return out.getvalue()


def replay_tables(result: Replay, db: Path, name: str) -> dict[str, pa.Table]:
    """``commits``, ``regions`` and ``cohorts`` of a replay stored in ``db``."""
    root = str(result.repo.root)
    commits = result.walk.commits
    ids: dict[str, str] = {}
    ai_lines: Counter = Counter()
    for outcome in result.outcomes:
        region = outcome.region
        sha = commits[region.commit].sha
        ids[rows.region_key(root, sha, region.path, region.first_line)] = rows.region_key(
            name, sha, region.path, region.first_line
        )
        if region.attribution.group == AI:
            ai_lines[region.commit] += len(region.lines)
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        regions = [
            _region(row, ids)
            for row in conn.execute("select * from replay_regions where repo = ?", [root])
        ]
        cohorts = [
            {"region": ids.get(r[0], r[0]), "born_at": r[1], "died_at": r[2], "lines": r[3]}
            for r in conn.execute(
                "select region, born_at, died_at, lines from replay_cohorts where repo = ?",
                [root],
            )
        ]
    finally:
        conn.close()
    commit_rows = [
        {
            "sha": c.sha,
            "committed_at": c.time,
            "author_id": author_id(c.email),
            "grp": c.attribution.group,
            "tool": c.attribution.tool,
            "model": c.attribution.model,
            "merge": c.merge,
            "lines_added": c.added,
            "ai_lines_added": ai_lines[c.index],
        }
        for c in commits
    ]
    return {
        "commits": table("commits", commit_rows),
        "regions": table("regions", regions),
        "cohorts": table("cohorts", cohorts),
    }


def _region(row: sqlite3.Row, ids: dict[str, str]) -> dict:
    return {
        "region": ids.get(row["id"], row["id"]),
        "grp": row["grp"],
        "origin": row["origin"],
        "tool": row["tool"],
        "model": row["model"],
        "evidence": row["evidence"],
        "sha": row["sha"],
        "path": row["path"],
        "function": row["function"],
        "born_at": row["born_at"],
        "lines_added": row["lines_added"],
        "lines_at_head": row["lines_at_head"],
        "head_path": row["head_path"],
        "head_first": row["head_first"],
        "head_last": row["head_last"],
        "deleted_sha": row["deleted_sha"],
        "deleted_at": row["deleted_at"],
        "edits": row["edits"],
        "ai_edits": row["ai_edits"],
        "max_cc_birth": row["max_cc_birth"],
        "max_cc_head": row["max_cc_head"],
        "complexity_growth": bool(row["complexity_growth"]),
    }


def stored_summary(db: Path, root: str) -> dict:
    """The ``aidecay replay --json`` object the replay stored."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        (summary,) = conn.execute(
            "select summary from replay_runs where repo = ?", [root]
        ).fetchone()
    finally:
        conn.close()
    return json.loads(summary)
