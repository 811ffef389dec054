"""``aidecay doctor``: where the database is, whether it is healthy, what to do if not."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from aidecay.core.clock import format_time
from aidecay.stats import query
from aidecay.store.database import SCHEMA_VERSION, Store, StoreError
from aidecay.store.edits import retention_cutoff


@dataclass
class Checkup:
    path: Path
    exists: bool = False
    size: int = 0
    schema_version: int | None = None
    supported_version: int = SCHEMA_VERSION
    integrity: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def problem(self, what: str, fix: str) -> None:
        self.problems.append(what)
        self.advice.append(fix)


COUNTS = {
    "documents": "select count(*) from documents",
    "regions": "select count(*) from regions",
    "live regions": "select count(*) from regions where status = 'live'",
    "deleted regions": "select count(*) from regions where status = 'deleted'",
    "unmarked regions": "select count(*) from regions where status = 'unmarked'",
    "events": "select count(*) from events",
    "orphan events": "select count(*) from events where region_id not in (select id from regions)",
}
#: Counted when the database has them (schema 3).
EDIT_COUNTS = {
    "edits": "select count(*) from edits",
    "keystroke events": "select count(*) from keystrokes",
    "snapshots": "select count(*) from texts",
}


def examine(path: Path) -> Checkup:
    """Look at the database without changing it."""
    check = Checkup(path)
    if not path.exists():
        check.problem(
            f"no database at {path}",
            "open a file in an editor with aidecay, or run `aidecay mark`; or point --db / "
            "AIDECAY_DB at the right file",
        )
        return check
    check.exists, check.size = True, path.stat().st_size
    try:
        conn = query.connect_readonly(path)
    except query.QueryError as exc:
        check.problem(str(exc), f"move {path} aside (e.g. to {path}.broken); aidecay starts anew")
        return check
    try:
        _examine(conn, check)
    except sqlite3.DatabaseError as exc:
        check.problem(
            f"cannot read {path}: {exc}",
            f"move {path} aside (e.g. to {path}.broken); aidecay starts anew",
        )
    finally:
        conn.close()
    return check


def _examine(conn: sqlite3.Connection, check: Checkup) -> None:
    check.integrity = "; ".join(r[0] for r in conn.execute("pragma integrity_check").fetchall())
    if check.integrity != "ok":
        check.problem(
            f"integrity check failed: {check.integrity[:300]}",
            f'try `sqlite3 {check.path} ".recover" | sqlite3 recovered.db`, then use '
            "recovered.db via --db",
        )
    tables = query.table_names(conn)
    check.schema_version = query.schema_version(conn, tables)
    check.supported_version = query.max_known_version()
    if check.schema_version > check.supported_version:
        check.problem(
            f"schema version {check.schema_version} is newer than this aidecay "
            f"({check.supported_version})",
            "upgrade aidecay (pip install -U aidecay)",
        )
        return
    missing = [t for t in query.REQUIRED_TABLES if t not in tables]
    if missing:
        check.problem(
            f"not an aidecay database (missing tables: {', '.join(missing)})",
            "point --db / AIDECAY_DB at the aidecay database, or move this file aside",
        )
        return
    for name, sql in COUNTS.items():
        check.counts[name] = conn.execute(sql).fetchone()[0]
    for table in query.OPTIONAL_TABLES:
        if table in tables:
            check.counts[table] = conn.execute(f"select count(*) from {table}").fetchone()[0]
    if "edits" in tables and "texts" in tables:
        for name, sql in EDIT_COUNTS.items():
            check.counts[name] = conn.execute(sql).fetchone()[0]
    if check.counts["orphan events"]:
        check.problem(
            f"{check.counts['orphan events']} events belong to no region",
            "harmless for statistics; they are ignored",
        )


@dataclass
class Compaction:
    removed: dict[str, int]
    size_before: int
    size_after: int


def compact(path: Path, retention: str, now: datetime | None = None) -> Compaction:
    """Migrate if needed, drop history detail older than ``retention``, then VACUUM."""
    if not path.exists():
        raise StoreError(f"no database at {path}")
    now = now or datetime.now(timezone.utc)
    cutoff = retention_cutoff(retention, now)
    before = _size(path)
    store = Store(path)
    try:
        removed = store.compact(format_time(cutoff))
        store.db.execute("pragma wal_checkpoint(truncate)")
        store.db.execute("vacuum")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot compact {path}: {exc}") from exc
    finally:
        store.close()
    return Compaction(removed, before, _size(path))


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
