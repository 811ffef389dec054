"""Every region's fate from the chosen source: live tracking, replayed git history, or both.

``--source live`` reads the regions the editor (and ``aidecay mark``, hooks, imports)
recorded; ``replay`` the regions ``aidecay replay`` reconstructed, AI, human and bot; ``all``
both. Read-only: never creates, migrates or writes the database.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from aidecay.stats import measures, replay_fates
from aidecay.stats.fate import LIVE, REPLAY, Fate
from aidecay.stats.live_fates import LiveReader
from aidecay.stats.query import QueryError, check_schema, connect_readonly
from aidecay.stats.scope import PathNames, Scope

SOURCES = ("live", "replay", "all")


@dataclass
class History:
    source: str
    path: str = ""
    fates: list[Fate] = field(default_factory=list)
    runs: list[replay_fates.ReplayRun] = field(default_factory=list)
    tables: set[str] = field(default_factory=set)

    def group(self, name: str) -> list[Fate]:
        return [f for f in self.fates if f.group == name]

    @property
    def sources(self) -> set[str]:
        return {f.source for f in self.fates}


def load(path: str | Path, scope: Scope, source: str = "all", root: Path | None = None) -> History:
    """The fates in ``scope`` from ``source``; paths shown relative to ``root`` (else the
    workspace, else each file's repository)."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, got {source!r}")
    conn = connect_readonly(path)
    try:
        _, tables = check_schema(conn, path)
        history = History(source, str(path), tables=tables)
        names = PathNames(root or scope.workspace)
        if source in (LIVE, "all"):
            history.fates.extend(LiveReader(conn, tables, names).fates(scope))
        if source in (REPLAY, "all"):
            history.runs = replay_fates.runs(conn, tables)
            history.fates.extend(replay_fates.fates(conn, tables, scope, names))
        measures.attach(conn, tables, history.fates)
        return history
    except sqlite3.DatabaseError as exc:
        raise QueryError(f"cannot read {path}: {exc}") from exc
    finally:
        conn.close()


def samples(history: History, ids: list[str]) -> dict[str, list[dict]]:
    """Every complexity sample of the regions ``ids`` (for the charts)."""
    if "metrics" not in history.tables or not ids:
        return {k: [] for k in ids}
    conn = connect_readonly(history.path)
    try:
        return measures.samples(conn, ids)
    except sqlite3.DatabaseError as exc:
        raise QueryError(f"cannot read {history.path}: {exc}") from exc
    finally:
        conn.close()
