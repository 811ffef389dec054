"""Fates of the regions live tracking recorded (``regions``, ``edits``, ``documents``).

An AI line dies when an edit changes or deletes it for good: the edit after the latest text
of the region (an edit's stored snapshot) in which the line was still there, unchanged.
Typing into a line and removing it again kills nothing. A region whose text now equals the
AI's needs no history at all; the others are read edit by edit. When the snapshots are
missing (a migrated schema-2 history, or snapshots compacted away), the AI characters
removed are estimated from the edits' sizes (at most their deleted characters).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from aidecay.core.ai_text import Kept, compare, untouched
from aidecay.stats.fate import AI, KEPT_AT, LIVE, Fate
from aidecay.stats.query import MS_SQL as _MS
from aidecay.stats.query import SECONDS_SQL as _SECONDS
from aidecay.stats.scope import PathNames, Scope
from aidecay.store.edits import load_texts

END = -1


@dataclass(frozen=True)
class EditRow:
    at: int  # seconds (when it started)
    ended_ms: int
    author: str
    deleted: int
    after: int | None  # texts id


def regions_sql(tables: set[str], columns: set[str]) -> str:
    sittings = "sittings" if "sittings" in columns else "null"
    return (
        'select id, uri, start, "end", origin, tool, model, status, original_text, '
        f"{sittings}, {_SECONDS.format('created_at')}, {_SECONDS.format('deleted_at')}"
        " from regions where status != 'unmarked' and id not like 'replay-%' order by uri, id"
    )


class LiveReader:
    """Reads live regions into fates; one read-only connection, documents one at a time."""

    def __init__(self, conn: sqlite3.Connection, tables: set[str], names: PathNames):
        self.conn, self.tables, self.names = conn, tables, names
        self.has_edits = "edits" in tables
        self.killers: dict[str, str] = {}  # region -> author of its deletion
        self.now_ms = 0

    def fates(self, scope: Scope) -> Iterator[Fate]:
        now = int(scope.now.timestamp())
        self.now_ms = int(scope.now.timestamp() * 1000)
        since = int(scope.since.timestamp()) if scope.since else None
        columns = {r[1] for r in self.conn.execute("pragma table_info(regions)")}
        counts = self._edit_counts(now)
        sql = "select region_id, author from events where kind = 'deleted'"
        self.killers = dict(self.conn.execute(sql))
        doc_uri, doc, stored_ms = None, None, 0
        for row in _streamed(self.conn.execute(regions_sql(self.tables, columns))):
            rid, uri, start, end, origin, tool, model, status, text, sittings, born, died = row
            if born is None or born > now or (since is not None and born < since):
                continue
            path, file = self.names.of_uri(uri)
            if scope.workspace is not None and (file is None or not scope.in_workspace(uri)):
                continue
            if uri != doc_uri:
                doc_uri, (doc, stored_ms) = uri, self._document(uri)
            deleted = status == "deleted" and died is not None and died <= now
            current = None
            if status == "live" and doc is not None and 0 <= start <= end <= len(doc):
                current = (doc[start:end], stored_ms)  # the region when the file was stored
            edits, first, last_ms = counts.get(rid, (0, None, 0))
            fate = Fate(
                rid, LIVE, AI, origin, tool, model, path, file, born, now, 0,
                deleted=deleted, sittings=sittings, edits=edits, first_edit=first,
            )  # fmt: skip
            fresh = current is not None and current[1] >= last_ms
            if not edits or (fresh and current[0] == text):
                self._untouched(fate, text or "", died if deleted else None)
            else:
                self._follow(fate, text or "", current, died if deleted else None)
            yield fate

    def _edit_counts(self, now: int) -> dict[str, tuple[int, int | None, int]]:
        """Per region: edits, when the first started (s), when the last ended (ms)."""
        if self.has_edits:
            sql = (
                "select region_id, count(*), min(started) / 1000, max(ended) from edits"
                " where started <= ? group by region_id"
            )
            rows = self.conn.execute(sql, [self.now_ms])
        else:
            moment = _SECONDS.format("at")
            sql = (
                f"select region_id, count(*), min({moment}), max({moment}) * 1000 from events"
                f" where kind = 'edit' and {moment} <= ? group by region_id"
            )
            rows = self.conn.execute(sql, [now])
        return {rid: (count, first, last) for rid, count, first, last in rows}

    def _document(self, uri: str) -> tuple[str | None, int]:
        """The file's stored text and when it was stored (ms)."""
        sql = f"select text, {_MS.format('updated_at')} from documents where uri = ?"
        row = self.conn.execute(sql, [uri]).fetchone()
        return (row[0], row[1] or 0) if row else (None, 0)

    def _untouched(self, fate: Fate, original: str, died: int | None) -> None:
        """Not edited, or its text is the AI's again: only a deletion kills its lines."""
        whole = untouched(original)
        fate.lines, fate.chars = whole.lines, whole.chars
        fate.chars_kept = (whole.chars,) * len(KEPT_AT)
        if died is not None:
            fate.deaths = [(died, whole.lines)]
            fate.by_author = {self.killers.get(fate.id) or "human": whole.lines}
            fate.chars_kept = self._windows(fate, [], {}, died)

    def _follow(
        self, fate: Fate, original: str, current: tuple[str, int] | None, died: int | None
    ) -> None:
        """Deaths and characters kept, from the region's edits and their snapshots."""
        whole = untouched(original)
        fate.lines, fate.chars, fate.by_author = whole.lines, whole.chars, {}
        edits = self._edits(fate.id)
        wanted = [e.after for e in edits if e.after is not None]
        texts = load_texts(self.conn, wanted) if wanted and "texts" in self.tables else {}
        snaps: dict[int, str] = {k: texts[e.after] for k, e in enumerate(edits) if e.after in texts}
        if current is not None:  # the stored file: after the last edit that ended before it
            k = max((i for i, e in enumerate(edits) if e.ended_ms <= current[1]), default=-1)
            if k >= 0:
                snaps[k] = current[0]
        kept: dict[int, Kept] = {}

        def at(k: int) -> Kept | None:
            if k < 0:
                return whole
            if k not in kept and k in snaps:
                kept[k] = compare(original, snaps[k])
            return kept.get(k)

        last = max(snaps, default=-1)
        final = at(last)
        if not snaps or final is None:
            self._estimate(fate, edits, died)
            return
        for line in sorted(set(range(whole.lines)) - final.kept_lines):
            k = last - 1
            while k >= 0 and (at(k) is None or line not in at(k).kept_lines):
                k -= 1
            killer = edits[k + 1]
            fate.deaths.append((killer.at, 1))
            fate.by_author[killer.author] = fate.by_author.get(killer.author, 0) + 1
        fate.deaths = _merged(fate.deaths)
        if died is not None and final.kept_lines:
            fate.deaths.append((died, len(final.kept_lines)))
            killer = self.killers.get(fate.id) or "human"
            fate.by_author[killer] = fate.by_author.get(killer, 0) + len(final.kept_lines)
        fate.chars_kept = self._windows(fate, edits, {k: at(k) for k in snaps}, died)

    def _windows(
        self, fate: Fate, edits: list[EditRow], kept: dict[int, Kept | None], died: int | None
    ) -> tuple[int, ...]:
        """AI characters still there 7, 14, 30, 90 days after birth, and at the end."""
        chars = fate.chars or 0
        result = {}
        for days in KEPT_AT:
            moment = fate.end if days == END else fate.born + days * 86_400
            if died is not None and died <= moment:
                result[days] = 0
                continue
            k = max((i for i, e in enumerate(edits) if e.at <= moment), default=-1)
            known = max((j for j in kept if j <= k and kept[j] is not None), default=None)
            if k < 0:
                result[days] = chars
            elif known is not None:  # the latest text known by then
                result[days] = kept[known].kept_chars
            else:
                removed = sum(e.deleted for e in edits[: k + 1])
                result[days] = chars - min(chars, removed)
        return tuple(result[d] for d in KEPT_AT)

    def _estimate(self, fate: Fate, edits: list[EditRow], died: int | None) -> None:
        """No text to compare: AI characters removed are at most the characters deleted."""
        chars, lines, removed, dead = fate.chars or 0, fate.lines, 0, 0
        for edit in edits:
            removed = min(chars, removed + edit.deleted)
            now_dead = lines * removed // chars if chars else 0
            if now_dead > dead:
                fate.deaths.append((edit.at, now_dead - dead))
                fate.by_author[edit.author] = fate.by_author.get(edit.author, 0) + now_dead - dead
                dead = now_dead
        if died is not None and dead < lines:
            fate.deaths.append((died, lines - dead))
            killer = self.killers.get(fate.id) or "human"
            fate.by_author[killer] = fate.by_author.get(killer, 0) + lines - dead
        fate.chars_kept = self._windows(fate, edits, {}, died)

    def _edits(self, region_id: str) -> list[EditRow]:
        if self.has_edits:
            sql = (
                "select e.started / 1000, e.ended, n.name, e.deleted, e.after_text from edits e"
                " join names n on n.id = e.author where e.region_id = ? and e.started <= ?"
                " order by e.started, e.id"
            )
            rows = self.conn.execute(sql, [region_id, self.now_ms])
        else:
            sql = (
                f"select {_SECONDS.format('at')}, {_MS.format('at')}, author,"
                " coalesce(deleted, 0), null from events where region_id = ? and kind = 'edit'"
                f" and {_MS.format('at')} <= ? order by at, rowid"
            )
            rows = self.conn.execute(sql, [region_id, self.now_ms])
        return [EditRow(*row) for row in rows]


def _streamed(cursor: sqlite3.Cursor) -> Iterator[tuple]:
    while rows := cursor.fetchmany(2000):
        yield from rows


def _merged(deaths: list[tuple[int, int]]) -> list[tuple[int, int]]:
    totals: dict[int, int] = {}
    for moment, count in deaths:
        totals[moment] = totals.get(moment, 0) + count
    return sorted(totals.items())
