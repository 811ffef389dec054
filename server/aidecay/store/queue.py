"""The write queue: everything the server records waits here and is written in one
transaction at the next flush, so the keystroke path never touches the disk.

Region and document rows are serialised at flush time from the live objects, events at the
moment they happen. A region's position is written only when it moved from where the
database has it, and a document's text only when its hash changed.
"""

from __future__ import annotations

import sqlite3

from aidecay.core.edits import Edit
from aidecay.core.regions import Region
from aidecay.store import analysis as analysis_tables
from aidecay.store import edits as edit_store
from aidecay.store.analysis import FindingRow, MetricsRow
from aidecay.store.edits import NameCache, TextCache
from aidecay.store.rows import (
    INSERT_EVENT,
    REPLACE_REGION,
    UPDATE_COUNTERS,
    UPDATE_STATUS,
    Event,
    counter_values,
    event_values,
    region_values,
    status_values,
    text_hash,
)


class WriteQueue:
    """What waits to be written, by kind; ``flush`` writes it all or nothing."""

    def __init__(self, names: NameCache, texts: TextCache) -> None:
        self.names = names
        self.texts = texts
        self.regions: dict[str, Region] = {}  # whole rows
        self.counters: dict[str, Region] = {}  # state and counters, not positions
        self.positions: dict[str, Region] = {}  # positions, if they moved
        #: The (start, end) each region has in the database, as far as this store knows.
        self.stored_at: dict[str, tuple[int, int]] = {}
        self.edits: dict[int, Edit] = {}
        self.events: list[Event] = []
        self.documents: dict[str, tuple[str, int | None]] = {}
        self.metrics: list[MetricsRow] = []
        self.findings: dict[tuple[str, str], FindingRow] = {}
        self.accepted: dict[tuple[str, str], str | None] = {}  # None: no longer accepted

    @property
    def dirty(self) -> bool:
        return bool(
            self.regions
            or self.counters
            or self.positions
            or self.edits
            or self.events
            or self.documents
            or self.metrics
            or self.findings
            or self.accepted
        )

    def flush(self, conn: sqlite3.Connection, now: str) -> None:
        """Write everything queued in one transaction; on failure keep it queued and raise
        (``sqlite3.Error``). Whatever was queued while writing stays for the next flush."""
        regions, events = list(self.regions.values()), list(self.events)
        counters = [r for rid, r in self.counters.items() if rid not in self.regions]
        moved = [
            r
            for rid, r in self.positions.items()
            if rid not in self.regions and self.stored_at.get(rid) != (r.start, r.end)
        ]
        edits = list(self.edits.values())
        documents = {
            uri: (text, version, text_hash(text)) for uri, (text, version) in self.documents.items()
        }
        metrics, findings = list(self.metrics), list(self.findings.values())
        accepted = dict(self.accepted)
        with conn:
            conn.execute("begin immediate")
            conn.executemany(
                "insert or replace into documents (uri, text, hash, version, updated_at)"
                " values (?, ?, ?, ?, ?)",
                [
                    (u, t, h, v, now)
                    for u, (t, v, h) in documents.items()
                    if _stored_hash(conn, u) != h
                ],
            )
            conn.executemany(REPLACE_REGION, [region_values(r) for r in regions])
            conn.executemany(UPDATE_COUNTERS, [counter_values(r) for r in counters])
            conn.executemany(UPDATE_STATUS, [status_values(r) for r in counters])
            conn.executemany(
                'update regions set start = ?, "end" = ? where id = ?',
                [(r.start, r.end, r.id) for r in moved],
            )
            edit_store.write_edits(conn, edits, self.names, self.texts)
            conn.executemany(INSERT_EVENT, [event_values(e) for e in events])
            conn.executemany(
                analysis_tables.INSERT_METRICS, [analysis_tables.metrics_row(m) for m in metrics]
            )
            conn.executemany(
                analysis_tables.UPSERT_FINDING, [analysis_tables.finding_row(f) for f in findings]
            )
            conn.executemany(
                analysis_tables.ACCEPT_FINDING,
                [(value, rid, code) for (rid, code), value in accepted.items()],
            )
        for region in (*regions, *moved):
            self.stored_at[region.id] = (region.start, region.end)
        self.regions.clear()
        self.counters.clear()
        self.positions.clear()
        for edit in edits:
            if self.edits.get(id(edit)) is edit:
                del self.edits[id(edit)]
        del self.events[: len(events)]
        self.documents.clear()
        del self.metrics[: len(metrics)]
        for key in accepted:
            self.accepted.pop(key, None)
        for finding in findings:
            if self.findings.get((finding.region_id, finding.code)) is finding:
                del self.findings[(finding.region_id, finding.code)]


def _stored_hash(conn: sqlite3.Connection, uri: str) -> str | None:
    row = conn.execute("select hash from documents where uri = ?", (uri,)).fetchone()
    return row[0] if row else None
