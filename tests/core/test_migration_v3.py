"""A schema-2 database (one event per keystroke) is migrated to edits with nothing lost."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import sqlite_utils

from aidecay.core.clock import format_time
from aidecay.store.database import SCHEMA_VERSION, Store
from aidecay.store.schema import MIGRATIONS
from aidecay.tracking.tracker import Tracker

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
TEXT = "def f(x):\n    return x\n"


def _at(seconds: float) -> str:
    return format_time(T0 + timedelta(seconds=seconds))


def v2_database(path) -> None:
    """What aidecay with schema 2 wrote: regions, documents, per-keystroke edit events."""
    db = sqlite_utils.Database(path)
    for version in (1, 2):
        MIGRATIONS[version](db)
    db["meta"].insert({"key": "schema_version", "value": "2"}, pk="key")
    uri = "file:///w/f.py"
    db["documents"].insert(
        {"uri": uri, "text": TEXT, "hash": "x", "version": 9, "updated_at": _at(0)}
    )
    # typed at 0..4 s (one edit), again at 60 s (a second edit), then an hour later
    # (a second sitting); an agent change in between is its own edit
    times = [0, 0.5, 1, 2, 4, 60, 60.3, 61, 3700, 3700.4]
    authors = ["human"] * 5 + ["human", "agent", "human"] + ["human"] * 2
    db["regions"].insert(
        {
            "id": "r1",
            "uri": uri,
            "start": 0,
            "end": len(TEXT) - 1,
            "origin": "agent",
            "status": "live",
            "created_at": _at(-10),
            "edit_count": len(times),
            "chars_inserted": len(times),
            "chars_deleted": 0,
            "last_edited_at": _at(times[-1]),
            "original_text": TEXT[:-1],
        }
    )
    db["events"].insert_all(
        [
            {"id": "c", "region_id": "r1", "uri": uri, "at": _at(-10), "kind": "created"}
            | {"author": "agent", "inserted": len(TEXT) - 1, "deleted": 0, "rule": "mark"},
            *(
                {"id": f"e{k}", "region_id": "r1", "uri": uri, "at": _at(t), "kind": "edit"}
                | {"author": a, "inserted": 1, "deleted": 0, "rule": "inside", "version": k}
                for k, (t, a) in enumerate(zip(times, authors, strict=True))
            ),
        ]
    )
    db.close()


def test_v2_keystrokes_become_edits_and_nothing_is_lost(tmp_path):
    path = tmp_path / "v2.db"
    v2_database(path)
    before = sqlite3.connect(path).execute("select count(*) from events").fetchone()[0]

    store = Store(path)
    assert store.schema_version() == SCHEMA_VERSION
    region = store.load_region("r1")
    assert (region.edit_count, region.change_count, region.sittings) == (5, 10, 2)
    edits = store.load_edits("r1")
    assert [(e.author, e.changes, e.inserted) for e in edits] == [
        ("human", 5, 5),
        ("human", 1, 1),
        ("agent", 1, 1),
        ("human", 1, 1),
        ("human", 2, 2),
    ]
    kept = store.db.execute(
        "select (select count(*) from events) + (select count(*) from keystrokes)"
    ).fetchone()[0]
    assert kept == before  # keystroke events moved to their own table, none dropped
    kinds = [e.kind for e in store.load_events("r1")]
    assert kinds == ["created"] + ["edit"] * 5  # one event per edit, not per keystroke

    tracker = Tracker(store)  # the migrated region is followed as before
    assert tracker.open("file:///w/f.py", TEXT, 10)
    assert [r.id for r in tracker.list_regions("file:///w/f.py")] == ["r1"]

    dropped = store.compact(_at(10_000))  # past the retention: keystroke detail goes
    assert dropped["keystroke events"] == 10
    assert [e.kind for e in store.load_events("r1")] == kinds
    assert len(store.load_edits("r1")) == 5
    store.close()


def test_migrating_twice_changes_nothing(tmp_path):
    path = tmp_path / "v2.db"
    v2_database(path)
    Store(path).close()
    store = Store(path)
    assert len(store.load_edits("r1")) == 5
    store.close()
