"""The schema: every migration in one list, and opening a database file privately.

``MIGRATIONS[n]`` brings a database from version n - 1 to n; each table family keeps its own
``create_vN`` beside the code that reads and writes it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from aidecay.store import analysis as analysis_tables
from aidecay.store import edits as edit_store
from aidecay.store import index as index_tables
from aidecay.store import replay as replay_schema
from aidecay.store import validity as validity_schema

SCHEMA_VERSION = 7
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


def create_v1(db: sqlite_utils.Database) -> None:
    db["documents"].create(
        {"uri": str, "text": str, "hash": str, "version": int, "updated_at": str}, pk="uri"
    )
    db["regions"].create(
        {
            "id": str,
            "uri": str,
            "start": int,
            "end": int,
            "origin": str,
            "tool": str,
            "model": str,
            "status": str,
            "created_at": str,
            "edit_count": int,
            "chars_inserted": int,
            "chars_deleted": int,
            "last_edited_at": str,
            "deleted_at": str,
            "reviewed_at": str,
            "original_text": str,
        },
        pk="id",
    )
    db["regions"].create_index(["uri", "status"])
    db["events"].create(
        {
            "id": str,
            "region_id": str,
            "uri": str,
            "at": str,
            "version": int,
            "kind": str,
            "author": str,
            "inserted": int,
            "deleted": int,
            "rule": str,
            "text_start": int,
            "text_end": int,
        },
        pk="id",
    )
    db["events"].create_index(["region_id", "at"])


#: Forward migrations: MIGRATIONS[n] brings a database from version n - 1 to n.
MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {
    1: create_v1,
    2: analysis_tables.create_v2,
    3: edit_store.create_v3,
    4: index_tables.create_v4,
    5: replay_schema.create_v5,  # replay: aidecay.store.replay
    6: analysis_tables.redefine_mi_v6,  # the maintainability index without radon's clamp
    7: validity_schema.create_v7,  # replay --validate: aidecay.store.validity
}


def _private_file(path: Path) -> None:
    """Create the database file (and its folder) readable by the user alone."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def open_database(path: str) -> sqlite_utils.Database:
    """The database at ``path`` (created readable by the user alone), in WAL mode with a busy
    timeout, so several processes share it; ``":memory:"`` for a private one."""
    try:
        if path != ":memory:":
            _private_file(Path(path))
        conn = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if path != ":memory:":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open the aidecay database at {path}: {exc}") from exc
    return sqlite_utils.Database(conn)


def schema_version(db: sqlite_utils.Database, path: str) -> int:
    try:
        if not db["meta"].exists():
            return 0
        row = db.execute("select value from meta where key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a readable aidecay database: {exc}") from exc
    return int(row[0]) if row else 0


def migrate(db: sqlite_utils.Database, path: str) -> None:
    """Bring the schema up to ``SCHEMA_VERSION``; refuse a database from a newer aidecay."""
    current = schema_version(db, path)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"{path} has schema version {current}, newer than this aidecay understands "
            f"({SCHEMA_VERSION}); upgrade aidecay or point databasePath at another file"
        )
    try:
        with db.conn:
            db.execute("begin immediate")
            current = schema_version(db, path)
            for version in range(current + 1, SCHEMA_VERSION + 1):
                if version in MIGRATIONS:  # numbers of other branches may be unused here
                    MIGRATIONS[version](db)
                db["meta"].upsert({"key": "schema_version", "value": str(version)}, pk="key")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot migrate the aidecay database at {path}: {exc}") from exc
