"""Edits and history snapshots in SQLite (schema 3), and the migration that groups v2 events.

Compact by design: integer ids and millisecond timestamps, authors interned in ``names``,
region texts deduplicated by hash and zlib-compressed in ``texts``.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from aidecay.core.edits import SNAPSHOTS_PER_REGION, Edit, from_ms, to_ms

_DURATION = re.compile(r"^\s*(\d+)\s*([hdw])\s*$")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
MIGRATION_GAP_MS = 5_000
MIGRATION_SITTING_GAP_MS = 30 * 60_000

_SCHEMA = """
create table if not exists names (id integer primary key, name text not null unique);
create table if not exists texts (id integer primary key, hash blob not null unique,
    data blob not null);
create table if not exists edits (
    id integer primary key,
    region_id text not null,
    author integer not null references names(id),
    started integer not null,
    ended integer not null,
    inserted integer not null,
    deleted integer not null,
    changes integer not null,
    before_text integer references texts(id),
    after_text integer references texts(id),
    open integer not null default 0
);
create index if not exists edits_region on edits(region_id, started);
create table if not exists keystrokes (id text, region_id text, uri text, at text,
    version integer, kind text, author text, inserted integer, deleted integer, rule text,
    text_start integer, text_end integer);
"""


@dataclass(frozen=True)
class EditRow:
    """An edit as stored (texts by id)."""

    id: int
    region_id: str
    author: str
    started_ms: int
    ended_ms: int
    inserted: int
    deleted: int
    changes: int
    before_text: int | None
    after_text: int | None
    open: bool

    @property
    def at(self) -> str:
        return from_ms(self.started_ms)

    @property
    def ended_at(self) -> str:
        return from_ms(self.ended_ms)


def create_v3(db: sqlite_utils.Database) -> None:
    """Schema 3: edits, texts, names, keystrokes; region summary columns; what reviews
    accepted (``findings.accepted``); v2 keystroke events grouped into edits."""
    conn = db.conn
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    columns = {c.name for c in db["regions"].columns}
    for name, kind in (
        ("change_count", "integer"),
        ("sittings", "integer"),
        ("reviewed_by", "text"),
    ):
        if name not in columns:
            conn.execute(f"alter table regions add column {name} {kind}")
    if "accepted" not in {c.name for c in db["findings"].columns}:
        conn.execute("alter table findings add column accepted text")
    _group_v2_events(conn)
    conn.execute("insert into keystrokes select * from events where kind = 'edit'")
    conn.execute("delete from events where kind = 'edit'")


def _group_v2_events(conn: sqlite3.Connection) -> None:
    """Every v2 ``edit`` event (one per keystroke) joins an edit; the events themselves move
    to ``keystrokes`` (keystroke-level detail) until ``history.retention`` compacts them."""
    names = NameCache()
    summary: dict[str, list[int]] = {}  # region -> [edits, changes, sittings]
    current: list | None = None
    batch: list[tuple] = []

    def finish() -> None:
        if current is not None:
            batch.append(tuple(current))
        if len(batch) >= 10_000:
            _insert_rows(conn, batch)

    rows = conn.execute(
        "select region_id, author, at, inserted, deleted from events where kind = 'edit'"
        " order by region_id, at, rowid"
    )
    for region_id, author, at, inserted, deleted in rows:
        try:
            ms = to_ms(at)
        except (TypeError, ValueError):
            continue
        author_id = names.id(conn, author or "human")
        same = (
            current is not None
            and current[0] == region_id
            and current[1] == author_id
            and ms - current[3] <= MIGRATION_GAP_MS
        )
        if same:
            current[3] = max(current[3], ms)
            current[4] += inserted or 0
            current[5] += deleted or 0
            current[6] += 1
            continue
        finish()
        counts = summary.setdefault(region_id, [0, 0, 0])
        last_ms = current[3] if current is not None and current[0] == region_id else None
        if last_ms is None or ms - last_ms >= MIGRATION_SITTING_GAP_MS:
            counts[2] += 1
        counts[0] += 1
        current = [region_id, author_id, ms, ms, inserted or 0, deleted or 0, 1]
    finish()
    _insert_rows(conn, batch)
    for region_id, (edits, _, sittings) in summary.items():
        conn.execute(
            "update regions set change_count = edit_count, edit_count = ?, sittings = ?"
            " where id = ?",
            (edits, sittings, region_id),
        )
    conn.execute(
        "update regions set change_count = coalesce(change_count, edit_count),"
        " sittings = coalesce(sittings, 0)"
    )


def _insert_rows(conn: sqlite3.Connection, batch: list[tuple]) -> None:
    conn.executemany(
        "insert into edits (region_id, author, started, ended, inserted, deleted, changes)"
        " values (?, ?, ?, ?, ?, ?, ?)",
        batch,
    )
    batch.clear()


class NameCache:
    """Interned author names."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._names: dict[int, str] = {}

    def id(self, conn: sqlite3.Connection, name: str) -> int:
        found = self._ids.get(name)
        if found is None:
            conn.execute("insert or ignore into names (name) values (?)", (name,))
            found = conn.execute("select id from names where name = ?", (name,)).fetchone()[0]
            self._ids[name] = found
            self._names[found] = name
        return found

    def name(self, conn: sqlite3.Connection, ident: int) -> str:
        found = self._names.get(ident)
        if found is None:
            row = conn.execute("select name from names where id = ?", (ident,)).fetchone()
            found = row[0] if row else "unknown"
            self._names[ident] = found
        return found


class TextCache:
    """Region texts, deduplicated by hash."""

    def __init__(self) -> None:
        self._ids: dict[bytes, int] = {}

    def id(self, conn: sqlite3.Connection, text: str | None) -> int | None:
        if text is None:
            return None
        data = text.encode("utf-8", "surrogatepass")
        digest = hashlib.blake2b(data, digest_size=16).digest()
        found = self._ids.get(digest)
        if found is None:
            conn.execute(
                "insert or ignore into texts (hash, data) values (?, ?)",
                (digest, zlib.compress(data, 6)),
            )
            found = conn.execute("select id from texts where hash = ?", (digest,)).fetchone()[0]
            if len(self._ids) > 4096:
                self._ids.clear()
            self._ids[digest] = found
        return found


def write_edits(
    conn: sqlite3.Connection, edits: Iterable[Edit], names: NameCache, texts: TextCache
) -> None:
    """Insert new edits, update the ones already written (their row ids are filled in)."""
    for edit in edits:
        values = (
            edit.region_id,
            names.id(conn, edit.author),
            edit.started_ms,
            edit.ended_ms,
            edit.inserted,
            edit.deleted,
            edit.changes,
            texts.id(conn, edit.before_text),
            texts.id(conn, edit.after_text),
            int(edit.open),
        )
        if edit.row_id is None:
            cursor = conn.execute(
                "insert into edits (region_id, author, started, ended, inserted, deleted,"
                " changes, before_text, after_text, open) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
            edit.row_id = cursor.lastrowid
        else:  # what an edit's later changes alter (the index on region and start stays)
            conn.execute(
                "update edits set author = ?, ended = ?, inserted = ?, deleted = ?,"
                " changes = ?, after_text = ?, open = ? where id = ?",
                (values[1], *values[3:7], *values[8:], edit.row_id),
            )


def load_edits(conn: sqlite3.Connection, region_id: str, names: NameCache) -> list[EditRow]:
    rows = conn.execute(
        "select id, region_id, author, started, ended, inserted, deleted, changes,"
        " before_text, after_text, open from edits where region_id = ? order by started, id",
        (region_id,),
    ).fetchall()
    return [EditRow(r[0], r[1], names.name(conn, r[2]), *r[3:10], bool(r[10])) for r in rows]


def load_texts(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    found: dict[int, str] = {}
    for k in range(0, len(wanted), 500):
        chunk = wanted[k : k + 500]
        rows = conn.execute(
            f"select id, data from texts where id in ({', '.join('?' * len(chunk))})", chunk
        )
        for ident, data in rows:
            found[ident] = zlib.decompress(data).decode("utf-8", "surrogatepass")
    return found


def compact(conn: sqlite3.Connection, cutoff_iso: str) -> dict[str, int]:
    """Drop keystroke-level events older than ``cutoff_iso`` (their edits stay), snapshot
    texts beyond the latest ``SNAPSHOTS_PER_REGION`` edits of each region, unused texts."""
    dropped = conn.execute("delete from keystrokes where at < ?", (cutoff_iso,)).rowcount
    trimmed = conn.execute(
        "update edits set before_text = null, after_text = null where id in ("
        " select id from (select id, row_number() over"
        " (partition by region_id order by started desc, id desc) as k from edits)"
        f" where k > {SNAPSHOTS_PER_REGION})"
        " and (before_text is not null or after_text is not null)"
    ).rowcount
    texts = conn.execute(
        "delete from texts where id not in (select before_text from edits where before_text"
        " is not null union select after_text from edits where after_text is not null)"
    ).rowcount
    return {"keystroke events": dropped, "edit snapshots": trimmed, "texts": texts}


def retention_cutoff(retention: str, now: datetime) -> datetime:
    """``30d`` / ``12h`` / ``2w`` before ``now``; ValueError for anything else."""
    match = _DURATION.match(retention or "")
    if not match:
        raise ValueError(f"retention must be a duration such as 30d, 12h or 2w, got {retention!r}")
    return now - int(match.group(1)) * _UNITS[match.group(2)]
