"""Local history in SQLite (sqlite-utils, WAL): documents, regions and their edit events.

``Store`` is the one door to the database: it opens and migrates it (``schema``), queues
writes in memory and flushes them in one transaction (``queue``), and reads rows back
(``rows``, and each table family's own module).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace
from pathlib import Path

from aidecay.core.edits import Edit
from aidecay.core.regions import Region
from aidecay.store import analysis as analysis_tables
from aidecay.store import edits as edit_store
from aidecay.store import schema
from aidecay.store.analysis import FindingRow, MetricsRow
from aidecay.store.edits import EditRow, NameCache, TextCache
from aidecay.store.queue import WriteQueue
from aidecay.store.rows import Event, Snapshot, region_from_row, text_hash
from aidecay.store.schema import SCHEMA_VERSION, StoreError

__all__ = ["SCHEMA_VERSION", "Event", "Snapshot", "Store", "StoreError", "text_hash"]

log = logging.getLogger(__name__)


class Store:
    """The database of one user; safe to share between processes (WAL + busy timeout)."""

    def __init__(self, path: str | Path, *, migrate: bool = True) -> None:
        self.path = str(path)
        self.db = schema.open_database(self.path)
        self._names = NameCache()
        self._queue = WriteQueue(self._names, TextCache())
        if migrate:
            self.migrate()

    # -- schema ---------------------------------------------------------------------------

    def schema_version(self) -> int:
        return schema.schema_version(self.db, self.path)

    def migrate(self) -> None:
        """Bring the schema up to ``SCHEMA_VERSION``; refuse a database from a newer aidecay."""
        schema.migrate(self.db, self.path)

    # -- queued writes --------------------------------------------------------------------

    def queue_region(self, region: Region) -> None:
        """Write the whole row, position included (with its document's text)."""
        self._queue.regions[region.id] = region

    def queue_counters(self, region: Region) -> None:
        """Write the row's state and counters, not its position (the region moved in text
        that is not stored yet)."""
        self._queue.counters[region.id] = region

    def queue_position(self, region: Region) -> None:
        """Write the region's position (with its document's text) if it moved."""
        self._queue.positions[region.id] = region

    def queue_edit(self, edit: Edit) -> None:
        self._queue.edits[id(edit)] = edit

    def queue_event(self, event: Event) -> None:
        self._queue.events.append(event)

    def queue_metrics(self, row: MetricsRow) -> None:
        self._queue.metrics.append(row)

    def queue_finding(self, row: FindingRow) -> None:
        self._queue.findings[(row.region_id, row.code)] = row

    def queue_accepted(self, region_id: str, code: str, accepted: str) -> None:
        """A review accepted this finding (see ``analysis_tables.ACCEPT_FINDING``)."""
        self._queue.accepted[(region_id, code)] = accepted

    def queue_document(self, uri: str, text: str, version: int | None) -> None:
        self._queue.documents[uri] = (text, version)

    @property
    def dirty(self) -> bool:
        return self._queue.dirty

    def flush(self, now: str) -> None:
        """Write everything queued in one transaction; on failure keep it queued and raise."""
        if not self._queue.dirty:
            return
        try:
            self._queue.flush(self.db.conn, now)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to the aidecay database at {self.path}: {exc}") from exc

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
        found = [region_from_row(row) for row in rows]
        for region in found:
            self._queue.stored_at[region.id] = (region.start, region.end)
        return found

    def live_region_ids(self) -> dict[str, set[str]]:
        """The ids of every live region, by document (one indexed scan, no row mapping)."""
        found: dict[str, set[str]] = {}
        for uri, rid in self.db.execute("select uri, id from regions where status = 'live'"):
            found.setdefault(uri, set()).add(rid)
        return found

    def load_region(self, region_id: str) -> Region | None:
        rows = list(self.db["regions"].rows_where("id = ?", [region_id]))
        return region_from_row(rows[0]) if rows else None

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

    def restore_baseline(self, region_id: str, before: str, at: str) -> None:
        """Put back the baseline that was in force before ``before`` (a review being undone):
        a copy of it, dated ``at``, becomes the latest; what the review accepted is cleared.
        Nothing is deleted: the metrics history keeps the review's baseline too."""
        rows = self.db.execute(
            "select * from metrics where kind = 'baseline' and region_id = ? and at < ?"
            " order by at desc, id desc limit 1",
            [region_id, before],
        )
        names = [d[0] for d in rows.description]
        found = rows.fetchone()
        if found is not None:
            previous = analysis_tables.metrics_from_row(dict(zip(names, found)))
            self.queue_metrics(replace(previous, at=at))
        for code in self.load_accepted([region_id]).get(region_id, {}):
            self._queue.accepted[(region_id, code)] = None

    def load_accepted(self, region_ids: list[str]) -> dict[str, dict[str, str]]:
        return analysis_tables.load_accepted(self.db, region_ids)

    def load_findings(self, region_id: str | None = None, *, active_only: bool = True) -> list:
        """Finding rows as dicts (the table's columns)."""
        return analysis_tables.load_findings(self.db, region_id, active_only)

    def data_version(self) -> int:
        """SQLite's ``data_version``: changes when another connection commits to the file."""
        return self.db.execute("pragma data_version").fetchone()[0]

    def tracked_uris(self) -> list[str]:
        """Documents that still have live regions."""
        rows = self.db.execute("select distinct uri from regions where status = 'live'")
        return [row[0] for row in rows.fetchall()]

    def counts(self) -> dict[str, int]:
        tables = ("documents", "regions", "events", "edits")
        return {table: self.db[table].count for table in tables}

    def close(self) -> None:
        self.db.conn.close()
