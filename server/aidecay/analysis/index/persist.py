"""The index saved in the aidecay database, one row per file, so a restart re-reads only the
files that changed.

A row is keyed by the file's absolute path and remembers its size, mtime and content hash:
a file whose size and mtime are unchanged is taken from the row; one whose content hash is
unchanged is too (its mtime is refreshed). ``algo`` names the feature extraction and Python
version that wrote the row; rows of another ``algo`` are ignored and overwritten.
"""

from __future__ import annotations

import logging
import marshal
import sqlite3
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from aidecay.store.index import TABLE

from .fingerprint import SHINGLE, WINDOW

log = logging.getLogger(__name__)

ALGO = f"shingles-{SHINGLE}-{WINDOW}-v3-py{sys.version_info[0]}.{sys.version_info[1]}"


@dataclass(frozen=True)
class FileRow:
    path: str
    size: int
    mtime_ns: int
    hash: str
    records: list[tuple]


def encode(records: list[tuple]) -> bytes:
    return marshal.dumps(records)


def decode(blob: bytes) -> list[tuple] | None:
    try:
        records = marshal.loads(blob)
    except (EOFError, ValueError, TypeError):
        return None
    return records if isinstance(records, list) else None


class IndexCache:
    """Rows of ``index_files`` for one workspace root; every failure is logged and ignored
    (the index then simply builds from the files)."""

    def __init__(self, db_path: str | None, root: str) -> None:
        self._root = root.rstrip("/\\")
        self._conn: sqlite3.Connection | None = None
        if not db_path or db_path == ":memory:":
            return
        try:
            conn = sqlite3.connect(db_path, timeout=5, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout=5000")
            found = conn.execute(
                "select name from sqlite_master where type = 'table' and name = ?", (TABLE,)
            ).fetchone()
            if found is None:
                log.info("the database has no %s table yet; the index is not saved", TABLE)
                conn.close()
                return
            self._conn = conn
        except sqlite3.Error as exc:
            log.warning("workspace index cache unavailable (%s): %s", db_path, exc)

    @property
    def enabled(self) -> bool:
        return self._conn is not None

    def load(self) -> dict[str, tuple[int, int, str, bytes]]:
        """path -> (size, mtime_ns, hash, blob) of this root's rows written by this ``ALGO``."""
        if self._conn is None:
            return {}
        try:
            rows = self._conn.execute(
                f"select path, size, mtime_ns, hash, defs from {TABLE} "
                "where algo = ? and path > ? and path < ?",
                (ALGO, self._root + "/", self._root + "0"),
            ).fetchall()
        except sqlite3.Error as exc:
            log.warning("cannot read the saved workspace index: %s", exc)
            return {}
        return {path: (size, mtime, digest, blob) for path, size, mtime, digest, blob in rows}

    def save(self, rows: Iterable[FileRow]) -> None:
        if self._conn is None:
            return
        values = [(r.path, r.size, r.mtime_ns, r.hash, ALGO, encode(r.records)) for r in rows]
        self._write(
            f"insert or replace into {TABLE} (path, size, mtime_ns, hash, algo, defs) "
            "values (?, ?, ?, ?, ?, ?)",
            values,
        )

    def touch(self, rows: Iterable[tuple[str, int, int]]) -> None:
        """New size and mtime for files whose content is unchanged."""
        self._write(
            f"update {TABLE} set size = ?, mtime_ns = ? where path = ?",
            [(size, mtime, path) for path, size, mtime in rows],
        )

    def delete(self, paths: Iterable[str]) -> None:
        self._write(f"delete from {TABLE} where path = ?", [(p,) for p in paths])

    def _write(self, sql: str, values: list[tuple]) -> None:
        if self._conn is None or not values:
            return
        try:
            with self._conn:
                self._conn.executemany(sql, values)
        except sqlite3.Error as exc:
            log.warning("cannot save the workspace index: %s", exc)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
