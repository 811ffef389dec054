"""Migration 5 keeps every row of a version-2 database, and a replay can then be stored in it."""

from __future__ import annotations

import sqlite3

import sqlite_utils
from clihelp import run_cli
from scripted import CLAUDE_TRAILER, ScriptedRepo, function

from aidecay.store import schema as store_module
from aidecay.store.database import SCHEMA_VERSION


def _v2_database(path) -> None:
    """A database as aidecay with schema 2 wrote it: its tables, a document, a region, an event."""
    db = sqlite_utils.Database(path)
    for version in (1, 2):
        store_module.MIGRATIONS[version](db)
    db["meta"].insert({"key": "schema_version", "value": "2"}, pk="key")
    at = "2026-01-01T00:00:00.000Z"
    db["documents"].insert(
        {"uri": "file:///w/a.py", "text": "x = 1\n", "hash": "h", "version": 3, "updated_at": at}
    )
    db["regions"].insert(
        {"id": "r1", "uri": "file:///w/a.py", "start": 0, "end": 5, "origin": "agent"}
        | {"tool": "claude", "status": "live", "created_at": at, "edit_count": 0}
        | {"chars_inserted": 0, "chars_deleted": 0, "original_text": "x = 1"}
    )
    db["events"].insert(
        {"id": "e1", "region_id": "r1", "uri": "file:///w/a.py", "at": at, "version": 3}
        | {"kind": "created", "author": "agent", "inserted": 5, "deleted": 0}
    )
    db.close()


def test_v2_rows_survive_migration_and_replay(tmp_path):
    db = tmp_path / "v2.db"
    _v2_database(db)
    repo = ScriptedRepo(tmp_path / "repo")
    repo.commit("start", {"m.py": function("f", ["return 1"])}, day=0)
    repo.commit("agent" + CLAUDE_TRAILER, {"m.py": function("f", ["return 2"])}, day=1)
    done = run_cli("replay", str(repo.root), "--db", str(db))
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        version = conn.execute("select value from meta where key = 'schema_version'").fetchone()
        assert int(version[0]) == SCHEMA_VERSION
        assert conn.execute(
            "select id, uri, start, end from regions where id = 'r1'"
        ).fetchall() == [("r1", "file:///w/a.py", 0, 5)]
        assert conn.execute("select count(*) from events where id = 'e1'").fetchone()[0] == 1
        assert (
            conn.execute("select text from documents where uri = 'file:///w/a.py'").fetchone()[0]
            == "x = 1\n"
        )
        replayed = conn.execute("select count(*) from regions where id like 'replay-%'").fetchone()
        assert replayed[0] == 1
