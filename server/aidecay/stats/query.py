"""Read-only access to the aidecay database: never creates, migrates or writes it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aidecay.store.database import SCHEMA_VERSION

#: Tables a schema-1 database must have; ``metrics`` and ``findings`` arrived later.
REQUIRED_TABLES = ("documents", "regions", "events")
OPTIONAL_TABLES = ("metrics", "findings", "edits")
#: An ISO time column as whole Unix seconds (rounded down).
SECONDS_SQL = "cast((julianday({}) - 2440587.5) * 86400 as integer)"
#: The same in milliseconds.
MS_SQL = "cast(round((julianday({}) - 2440587.5) * 86400000) as integer)"
REGIONS_SQL = "select * from regions order by created_at, id"
#: Edits as the statistics read them: ISO times computed by SQLite, authors resolved.
EDITS_SQL = (
    "select e.id, e.region_id, n.name, strftime('%Y-%m-%dT%H:%M:%fZ', e.started / 1000.0,"
    " 'unixepoch'), e.inserted, e.deleted, e.changes, e.open from edits e"
    " join names n on n.id = e.author"
)


class QueryError(Exception):
    """The database cannot be read; the message says why and what to do."""


@dataclass
class Dataset:
    """What the statistics need, as plain rows (dicts); edits are streamed (``iter_edits``).

    ``events`` holds the region events other than edits (created, deleted, reviewed…).
    """

    path: str = ""
    regions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    metrics: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    schema_version: int = 0
    tables: set[str] = field(default_factory=set)


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection; QueryError when the file is missing or not a database."""
    path = Path(path)
    if not path.exists():
        raise QueryError(
            f"no aidecay database at {path}; run the language server (or `aidecay mark`) "
            "first, or pass --db / set AIDECAY_DB to the right file"
        )
    if not path.is_file():
        raise QueryError(f"{path} is not a file")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise QueryError(
            f"{path} is not a readable SQLite database ({exc}); move it aside and let "
            "aidecay create a new one"
        ) from exc
    return conn


def table_names(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("select name from sqlite_master where type = 'table'").fetchall()
    return {row[0] for row in rows}


def schema_version(conn: sqlite3.Connection, tables: set[str] | None = None) -> int:
    tables = table_names(conn) if tables is None else tables
    if "meta" not in tables:
        return 0
    row = conn.execute("select value from meta where key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def check_schema(conn: sqlite3.Connection, path: str | Path) -> tuple[int, set[str]]:
    """The schema version and tables; QueryError for a newer or an incomplete schema."""
    try:
        tables = table_names(conn)
        version = schema_version(conn, tables)
    except (sqlite3.DatabaseError, ValueError) as exc:
        raise QueryError(f"{path} is not a readable aidecay database: {exc}") from exc
    if version > max_known_version():
        raise QueryError(
            f"{path} has schema version {version}, newer than this aidecay understands "
            f"({max_known_version()}); upgrade aidecay"
        )
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if version < 1 or missing:
        raise QueryError(
            f"{path} is not an aidecay database (schema version {version}, missing tables: "
            f"{', '.join(missing) or 'none'})"
        )
    return version, tables


def max_known_version() -> int:
    """The newest schema this code can read (the store's, at least 2 for metrics/findings)."""
    return max(SCHEMA_VERSION, 2)


def _rows(conn: sqlite3.Connection, sql: str, args: list[Any] | None = None) -> list[dict]:
    return [dict(row) for row in conn.execute(sql, args or [])]


def load(path: str | Path, *, with_text: bool = True) -> Dataset:
    """Read the whole history; optional tables are empty when the schema lacks them."""
    conn = connect_readonly(path)
    try:
        version, tables = check_schema(conn, path)
        data = Dataset(schema_version=version, tables=tables)
        try:
            data.regions = _rows(conn, REGIONS_SQL)
            data.path = str(path)
            data.events = _rows(
                conn, "select * from events where kind != 'edit' order by at, rowid"
            )
            doc_cols = "uri, text, hash, version, updated_at" if with_text else "uri, updated_at"
            data.documents = {r["uri"]: r for r in _rows(conn, f"select {doc_cols} from documents")}
            if "metrics" in tables:
                data.metrics = _rows(conn, "select * from metrics order by at, rowid")
            if "findings" in tables:
                data.findings = _rows(conn, "select * from findings order by first_seen_at")
        except sqlite3.DatabaseError as exc:
            raise QueryError(f"cannot read {path}: {exc}") from exc
        return data
    finally:
        conn.close()


def iter_edit_rows(data: Dataset, *, ordered: bool = False) -> Iterator[tuple]:
    """(id, region_id, author, at, inserted, deleted, changes, open) per edit, streamed."""
    conn = connect_readonly(data.path)
    conn.row_factory = None
    try:
        if "edits" in data.tables:
            sql = EDITS_SQL + (" order by e.region_id, e.started, e.id" if ordered else "")
        else:
            sql = (
                "select id, region_id, author, at, inserted, deleted, 1, 0 from events"
                " where kind = 'edit'" + (" order by region_id, at, rowid" if ordered else "")
            )
        cursor = conn.execute(sql)
        while rows := cursor.fetchmany(5000):
            yield from rows
    except sqlite3.DatabaseError as exc:
        raise QueryError(f"cannot read {data.path}: {exc}") from exc
    finally:
        conn.close()


def iter_replayed_edits(data: Dataset) -> Iterator[dict]:
    """Edit events stored as ``events`` rows beside an ``edits`` table: the edits that
    ``aidecay replay`` reconstructed from commits (rule ``replay``), streamed."""
    if "edits" not in data.tables:
        return  # without an edits table every edit event is read by ``iter_edit_rows``
    conn = connect_readonly(data.path)
    try:
        cursor = conn.execute("select * from events where kind = 'edit' order by region_id, at")
        while rows := cursor.fetchmany(5000):
            yield from (dict(row) for row in rows)
    except sqlite3.DatabaseError as exc:
        raise QueryError(f"cannot read {data.path}: {exc}") from exc
    finally:
        conn.close()
