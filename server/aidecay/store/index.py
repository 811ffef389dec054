"""Schema of the persisted workspace index (migration 4): one row per indexed file.

The rows are written and read by ``aidecay.analysis.index.persist``.
"""

from __future__ import annotations

import sqlite_utils

TABLE = "index_files"


def create_v4(db: sqlite_utils.Database) -> None:
    """Migration 4: the ``index_files`` table (no existing table or row is touched)."""
    db[TABLE].create(
        {"path": str, "size": int, "mtime_ns": int, "hash": str, "algo": str, "defs": bytes},
        pk="path",
        if_not_exists=True,
    )
