"""Fates of the regions ``aidecay replay`` reconstructed from git (``replay_*`` tables).

Every replayed region, AI, human or bot, with the deaths of its lines (``replay_cohorts``:
a line dies at the commit that changes or deletes it), followed up to the replayed HEAD.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from aidecay.stats.fate import REPLAY, Fate
from aidecay.stats.scope import PathNames, Scope, is_under


@dataclass(frozen=True)
class ReplayRun:
    repo: str
    head: str
    head_time: int
    commits: int
    replayed_at: str
    ai_commits: int | None


def runs(conn: sqlite3.Connection, tables: set[str]) -> list[ReplayRun]:
    if "replay_runs" not in tables:
        return []
    sql = "select repo, head, head_time, commits, replayed_at, summary from replay_runs"
    found = []
    for *row, summary in conn.execute(sql + " order by repo"):
        try:
            ai_commits = json.loads(summary or "{}").get("aiCommits")
        except (ValueError, AttributeError):
            ai_commits = None
        found.append(ReplayRun(*row, ai_commits))
    return found


def fates(
    conn: sqlite3.Connection, tables: set[str], scope: Scope, names: PathNames
) -> Iterator[Fate]:
    """The replayed regions in scope (born in the window, under the workspace)."""
    since = int(scope.since.timestamp()) if scope.since else None
    now = int(scope.now.timestamp())
    for run in runs(conn, tables):
        deaths = _deaths(conn, run.repo)
        sql = (
            "select id, grp, origin, tool, model, path, born_at, lines_added, edits,"
            " max_cc_birth, max_cc_head, complexity_growth, deleted_at from replay_regions"
            " where repo = ? order by id"
        )
        for row in conn.execute(sql, [run.repo]).fetchall():
            rid, group, origin, tool, model, rel, born, lines, edits, cc0, cc1, grew, died = row
            if born > now or (since is not None and born < since):
                continue
            file = Path(run.repo) / rel
            if scope.workspace is not None and not is_under(file, scope.workspace):
                continue
            measured = cc0 is not None and cc1 is not None
            yield Fate(
                rid, REPLAY, group, origin or "", tool, model, names.of_repo_file(file, rel),
                file, born, run.head_time, lines or 0, deaths.get(rid, []),
                deleted=died is not None, repo=run.repo, edits=edits or 0,
                cc_birth=cc0, cc_now=cc1, grew=bool(grew) if measured else None,
            )  # fmt: skip


def _deaths(conn: sqlite3.Connection, repo: str) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, dict[int, int]] = defaultdict(dict)
    sql = (
        "select region, died_at, sum(lines) from replay_cohorts where repo = ? and"
        " died_at is not null group by region, died_at"
    )
    for region, died, lines in conn.execute(sql, [repo]):
        found[region][died] = lines
    return {region: sorted(times.items()) for region, times in found.items()}
