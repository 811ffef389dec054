"""Migration 5 keeps every row of a version-2 database, and a replay can then be stored in it."""

from __future__ import annotations

import sqlite3

from clihelp import run_cli
from scripted import CLAUDE_TRAILER, ScriptedRepo, function

from aidecay.core import store as store_module
from aidecay.core.regions import Region
from aidecay.core.store import SCHEMA_VERSION, Event, Store


def _v2_database(path) -> None:
    """A database as aidecay with schema 2 wrote it (its migrations, then a region)."""
    old = Store(path, migrate=False)
    with old.db.conn:
        for version in (1, 2):
            store_module.MIGRATIONS[version](old.db)
        old.db["meta"].upsert({"key": "schema_version", "value": "2"}, pk="key")
    old.queue_document("file:///w/a.py", "x = 1\n", 3)
    old.queue_region(Region("r1", "file:///w/a.py", 0, 5, "agent", "claude", None))
    old.queue_event(
        Event("e1", "r1", "file:///w/a.py", "2026-01-01T00:00:00.000Z", 3, "created", "agent")
    )
    old.flush("2026-01-01T00:00:00.000Z")
    old.close()


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
