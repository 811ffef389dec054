"""Local history in SQLite (sqlite-utils, WAL): documents, regions and their edit events.

Writes are queued in memory and flushed in one transaction (``flush``), so the keystroke path
never touches the disk. Region and document rows are serialised at flush time from the live
objects, events at the moment they happen.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

import sqlite_utils

from aidecay.core.edits import Edit
from aidecay.core.regions import Region, Status
from aidecay.store import analysis as analysis_tables
from aidecay.store import edits as edit_store
from aidecay.store import index as index_tables
from aidecay.store import replay as replay_schema
from aidecay.store.analysis import FindingRow, MetricsRow
from aidecay.store.edits import EditRow, NameCache, TextCache

log = logging.getLogger(__name__)

SCHEMA_VERSION = 5
BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Event:
    """One thing that happened to a region."""

    id: str
    region_id: str
    uri: str
    at: str
    version: int | None
    kind: str  # created | edit | deleted | unmarked | reviewed
    author: str  # human | external | an origin
    inserted: int = 0
    deleted: int = 0
    rule: str | None = None
    text_start: int | None = None  # where the inserted text landed (document offsets)
    text_end: int | None = None


@dataclass(frozen=True)
class Snapshot:
    uri: str
    text: str
    version: int | None
    updated_at: str


def _quoted(names: list[str]) -> list[str]:
    return [f'"{name}"' for name in names]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _create_v1(db: sqlite_utils.Database) -> None:
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
    1: _create_v1,
    2: analysis_tables.create_v2,
    3: edit_store.create_v3,
    4: index_tables.create_v4,
    5: replay_schema.create_v5,  # replay: aidecay.store.replay
}


def _private_file(path: Path) -> None:
    """Create the database file (and its folder) readable by the user alone."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


class Store:
    """The database of one user; safe to share between processes (WAL + busy timeout)."""

    def __init__(self, path: str | Path, *, migrate: bool = True) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                _private_file(Path(self.path))
            conn = sqlite3.connect(
                self.path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if self.path != ":memory:":
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the aidecay database at {self.path}: {exc}") from exc
        self.db = sqlite_utils.Database(conn)
        self._regions: dict[str, Region] = {}
        self._counters: dict[str, Region] = {}
        self._positions: dict[str, Region] = {}
        #: The (start, end) each region has in the database, as far as this store knows.
        self._stored_at: dict[str, tuple[int, int]] = {}
        self._edits: dict[int, Edit] = {}
        self._names = NameCache()
        self._texts = TextCache()
        self._events: list[Event] = []
        self._documents: dict[str, tuple[str, int | None]] = {}
        self._metrics: list[MetricsRow] = []
        self._findings: dict[tuple[str, str], FindingRow] = {}
        self._accepted: dict[tuple[str, str], str] = {}
        if migrate:
            self.migrate()

    # -- schema ---------------------------------------------------------------------------

    def schema_version(self) -> int:
        try:
            if not self.db["meta"].exists():
                return 0
            row = self.db.execute("select value from meta where key = 'schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a readable aidecay database: {exc}") from exc
        return int(row[0]) if row else 0

    def migrate(self) -> None:
        """Bring the schema up to ``SCHEMA_VERSION``; refuse a database from a newer aidecay."""
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {current}, newer than this aidecay understands "
                f"({SCHEMA_VERSION}); upgrade aidecay or point databasePath at another file"
            )
        try:
            with self.db.conn:
                self.db.execute("begin immediate")
                current = self.schema_version()
                for version in range(current + 1, SCHEMA_VERSION + 1):
                    if version in MIGRATIONS:  # numbers of other branches may be unused here
                        MIGRATIONS[version](self.db)
                    self.db["meta"].upsert(
                        {"key": "schema_version", "value": str(version)}, pk="key"
                    )
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot migrate the aidecay database at {self.path}: {exc}") from exc

    # -- queued writes --------------------------------------------------------------------

    def queue_region(self, region: Region) -> None:
        """Write the whole row, position included (with its document's text)."""
        self._regions[region.id] = region

    def queue_counters(self, region: Region) -> None:
        """Write the row's state and counters, not its position (the region moved in text
        that is not stored yet)."""
        self._counters[region.id] = region

    def queue_position(self, region: Region) -> None:
        """Write the region's position (with its document's text) if it moved."""
        self._positions[region.id] = region

    def queue_edit(self, edit: Edit) -> None:
        self._edits[id(edit)] = edit

    def queue_event(self, event: Event) -> None:
        self._events.append(event)

    def queue_metrics(self, row: MetricsRow) -> None:
        self._metrics.append(row)

    def queue_finding(self, row: FindingRow) -> None:
        self._findings[(row.region_id, row.code)] = row

    def queue_accepted(self, region_id: str, code: str, accepted: str) -> None:
        """A review accepted this finding (see ``analysis_tables.ACCEPT_FINDING``)."""
        self._accepted[(region_id, code)] = accepted

    def queue_document(self, uri: str, text: str, version: int | None) -> None:
        self._documents[uri] = (text, version)

    @property
    def dirty(self) -> bool:
        return bool(
            self._regions
            or self._counters
            or self._positions
            or self._edits
            or self._events
            or self._documents
            or self._metrics
            or self._findings
            or self._accepted
        )

    def flush(self, now: str) -> None:
        """Write everything queued in one transaction; on failure keep it queued and raise."""
        if not self.dirty:
            return
        regions, events = list(self._regions.values()), list(self._events)
        counters = [r for rid, r in self._counters.items() if rid not in self._regions]
        moved = [
            r
            for rid, r in self._positions.items()
            if rid not in self._regions and self._stored_at.get(rid) != (r.start, r.end)
        ]
        edits = list(self._edits.values())
        documents = {
            uri: (text, version, text_hash(text))
            for uri, (text, version) in self._documents.items()
        }
        metrics, findings = list(self._metrics), list(self._findings.values())
        accepted = dict(self._accepted)
        try:
            with self.db.conn:
                self.db.execute("begin immediate")
                conn = self.db.conn
                conn.executemany(
                    "insert or replace into documents (uri, text, hash, version, updated_at)"
                    " values (?, ?, ?, ?, ?)",
                    [
                        (u, t, h, v, now)
                        for u, (t, v, h) in documents.items()
                        if self._stored_hash(u) != h
                    ],
                )
                conn.executemany(_REPLACE_REGION, [_region_values(r) for r in regions])
                conn.executemany(_UPDATE_COUNTERS, [_counter_values(r) for r in counters])
                conn.executemany(
                    'update regions set start = ?, "end" = ? where id = ?',
                    [(r.start, r.end, r.id) for r in moved],
                )
                edit_store.write_edits(conn, edits, self._names, self._texts)
                conn.executemany(_INSERT_EVENT, [_event_values(e) for e in events])
                conn.executemany(
                    analysis_tables.INSERT_METRICS,
                    [analysis_tables.metrics_row(m) for m in metrics],
                )
                conn.executemany(
                    analysis_tables.UPSERT_FINDING,
                    [analysis_tables.finding_row(f) for f in findings],
                )
                conn.executemany(
                    analysis_tables.ACCEPT_FINDING,
                    [(value, rid, code) for (rid, code), value in accepted.items()],
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the aidecay database at {self.path}: {exc}") from exc
        for region in (*regions, *moved):
            self._stored_at[region.id] = (region.start, region.end)
        self._regions.clear()
        self._counters.clear()
        self._positions.clear()
        for edit in edits:
            if self._edits.get(id(edit)) is edit:
                del self._edits[id(edit)]
        del self._events[: len(events)]
        self._documents.clear()
        del self._metrics[: len(metrics)]
        for key in accepted:
            self._accepted.pop(key, None)
        for finding in findings:
            if self._findings.get((finding.region_id, finding.code)) is finding:
                del self._findings[(finding.region_id, finding.code)]

    def _stored_hash(self, uri: str) -> str | None:
        row = self.db.conn.execute("select hash from documents where uri = ?", (uri,)).fetchone()
        return row[0] if row else None

    # -- reads (flush first to see your own writes) ----------------------------------------

    def load_regions(self, uri: str | None = None, *, include_dead: bool = False) -> list[Region]:
        where, args = [], []
        if uri is not None:
            where.append("uri = ?")
            args.append(uri)
        if not include_dead:
            where.append("status = 'live'")
        rows = self.db["regions"].rows_where(
            " and ".join(where) or None, args, order_by="uri, start"
        )
        found = [_region_from_row(row) for row in rows]
        for region in found:
            self._stored_at[region.id] = (region.start, region.end)
        return found

    def load_region(self, region_id: str) -> Region | None:
        rows = list(self.db["regions"].rows_where("id = ?", [region_id]))
        return _region_from_row(rows[0]) if rows else None

    def load_events(self, region_id: str) -> list[Event]:
        """The region's events, one ``edit`` event per edit (not per keystroke)."""
        rows = self.db.execute(
            "select * from events where region_id = ? and kind != 'edit' order by at, rowid",
            [region_id],
        )
        names = [d[0] for d in rows.description]
        events = [Event(**dict(zip(names, row))) for row in rows.fetchall()]
        events += [
            Event(f"e{e.id}", region_id, "", e.at, None, "edit", e.author, e.inserted, e.deleted)
            for e in self.load_edits(region_id)
        ]
        return sorted(events, key=lambda e: e.at)

    def load_edits(self, region_id: str) -> list[EditRow]:
        """The region's edits, oldest first (flush first to see open ones)."""
        return edit_store.load_edits(self.db.conn, region_id, self._names)

    def load_texts(self, ids) -> dict[int, str]:
        """History snapshot texts by id."""
        return edit_store.load_texts(self.db.conn, ids)

    def compact(self, cutoff: str) -> dict[str, int]:
        """Apply ``history.retention`` (see ``edit_store.compact``)."""
        try:
            with self.db.conn:
                self.db.execute("begin immediate")
                return edit_store.compact(self.db.conn, cutoff)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot compact the aidecay database at {self.path}: {exc}") from exc

    def load_snapshot(self, uri: str) -> Snapshot | None:
        rows = list(self.db["documents"].rows_where("uri = ?", [uri]))
        if not rows:
            return None
        row = rows[0]
        return Snapshot(row["uri"], row["text"], row["version"], row["updated_at"])

    def load_metrics(self, region_ids: list[str], kind: str) -> dict[str, MetricsRow]:
        """The first baseline (``kind='baseline'``) or the latest sample of each region."""
        return analysis_tables.load_metrics(self.db, region_ids, kind)

    def load_accepted(self, region_ids: list[str]) -> dict[str, dict[str, str]]:
        return analysis_tables.load_accepted(self.db, region_ids)

    def load_findings(self, region_id: str | None = None, *, active_only: bool = True) -> list:
        """Finding rows as dicts (the table's columns)."""
        return analysis_tables.load_findings(self.db, region_id, active_only)

    def tracked_uris(self) -> list[str]:
        """Documents that still have live regions."""
        rows = self.db.execute("select distinct uri from regions where status = 'live'")
        return [row[0] for row in rows.fetchall()]

    def counts(self) -> dict[str, int]:
        tables = ("documents", "regions", "events", "edits")
        return {table: self.db[table].count for table in tables}

    def close(self) -> None:
        self.db.conn.close()


_REGION_COLUMNS = [f.name for f in fields(Region)]
_EVENT_COLUMNS = [f.name for f in fields(Event)]
_REPLACE_REGION = (
    f"insert or replace into regions ({', '.join(_quoted(_REGION_COLUMNS))})"
    f" values ({', '.join('?' * len(_REGION_COLUMNS))})"
)
_INSERT_EVENT = (
    f"insert or ignore into events ({', '.join(_quoted(_EVENT_COLUMNS))})"
    f" values ({', '.join('?' * len(_EVENT_COLUMNS))})"
)


_COUNTER_COLUMNS = [
    name for name in _REGION_COLUMNS if name not in ("id", "uri", "start", "end", "original_text")
]
_UPDATE_COUNTERS = (
    f"update regions set {', '.join(f'{_quoted([n])[0]} = ?' for n in _COUNTER_COLUMNS)}"
    " where id = ?"
)


def _counter_values(region: Region) -> tuple:
    values = [
        region.status.value if name == "status" else getattr(region, name)
        for name in _COUNTER_COLUMNS
    ]
    return (*values, region.id)


def _region_values(region: Region) -> tuple:
    return tuple(
        region.status.value if name == "status" else getattr(region, name)
        for name in _REGION_COLUMNS
    )


def _event_values(event: Event) -> tuple:
    return tuple(getattr(event, name) for name in _EVENT_COLUMNS)


def _region_from_row(row: dict) -> Region:
    values = dict(row)
    values["status"] = Status(values["status"])
    for key in ("edit_count", "chars_inserted", "chars_deleted", "change_count", "sittings"):
        values[key] = values[key] or 0
    values["original_text"] = values["original_text"] or ""
    return Region(**values)
