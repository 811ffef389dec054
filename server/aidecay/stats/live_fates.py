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
from aidecay.stats.fate import AI, LIVE, Fate
from aidecay.stats.scope import PathNames, Scope
from aidecay.store.edits import load_texts

WINDOW_DAYS = (7, 14, 30, 90)
END = -1
_SECONDS = "cast(round((julianday({}) - 2440587.5) * 86400) as integer)"


@dataclass(frozen=True)
class EditRow:
    at: int  # seconds
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

    def fates(self, scope: Scope) -> Iterator[Fate]:
        now = int(scope.now.timestamp())
        since = int(scope.since.timestamp()) if scope.since else None
        columns = {r[1] for r in self.conn.execute("pragma table_info(regions)")}
        counts = self._edit_counts(now)
        sql = "select region_id, author from events where kind = 'deleted'"
        self.killers = dict(self.conn.execute(sql))
        doc_uri, doc = None, None
        for row in self.conn.execute(regions_sql(self.tables, columns)).fetchall():
            rid, uri, start, end, origin, tool, model, status, text, sittings, born, died = row
            if born is None or born > now or (since is not None and born < since):
                continue
            path, file = self.names.of_uri(uri)
            if scope.workspace is not None and (file is None or not scope.in_workspace(uri)):
                continue
            if uri != doc_uri:
                doc_uri, doc = uri, self._document(uri)
            deleted = status == "deleted" and died is not None and died <= now
            current = None
            if status == "live" and doc is not None and 0 <= start <= end <= len(doc):
                current = doc[start:end]
            edits, first = counts.get(rid, (0, None))
            fate = Fate(
                rid, LIVE, AI, origin, tool, model, path, file, born, now, 0,
                deleted=deleted, sittings=sittings, edits=edits, first_edit=first,
            )  # fmt: skip
            self._follow(fate, text or "", current, died if deleted else None)
            yield fate

    def _edit_counts(self, now: int) -> dict[str, tuple[int, int]]:
        if self.has_edits:
            sql = (
                "select region_id, count(*), min(started) / 1000 from edits where started <= ?"
                " group by region_id"
            )
            rows = self.conn.execute(sql, [now * 1000])
        else:
            sql = (
                f"select region_id, count(*), min({_SECONDS.format('at')}) from events where"
                f" kind = 'edit' and {_SECONDS.format('at')} <= ? group by region_id"
            )
            rows = self.conn.execute(sql, [now])
        return {rid: (count, first) for rid, count, first in rows}

    def _document(self, uri: str) -> str | None:
        row = self.conn.execute("select text from documents where uri = ?", [uri]).fetchone()
        return row[0] if row else None

    def _follow(self, fate: Fate, original: str, current: str | None, died: int | None) -> None:
        """Deaths and characters kept, from the region's edits (read only when needed)."""
        whole = untouched(original)
        fate.lines, fate.chars = whole.lines, whole.chars
        fate.by_author = {}
        if not fate.edits or (current is not None and current == original):
            fate.chars_kept = {d: whole.chars for d in (*WINDOW_DAYS, END)}
            if died is not None:
                fate.deaths = [(died, whole.lines)]
                fate.by_author[self.killers.get(fate.id) or "human"] = whole.lines
                fate.chars_kept = self._windows(fate, [], {}, died)
            return
        edits = self._edits(fate.id, fate.end)
        wanted = [e.after for e in edits if e.after is not None]
        texts = load_texts(self.conn, wanted) if wanted and "texts" in self.tables else {}
        snaps: dict[int, str] = {k: texts[e.after] for k, e in enumerate(edits) if e.after in texts}
        if current is not None and edits:
            snaps[len(edits) - 1] = current
        kept: dict[int, Kept] = {}

        def at(k: int) -> Kept | None:
            if k < 0:
                return whole
            if k not in kept and k in snaps:
                kept[k] = compare(original, snaps[k])
            return kept.get(k)

        last = len(edits) - 1
        final = at(last)
        if final is None:
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
    ) -> dict[int, int]:
        """AI characters still there 7, 14, 30, 90 days after birth, and at the end."""
        chars = fate.chars or 0
        result = {}
        for days in (*WINDOW_DAYS, END):
            moment = fate.end if days == END else fate.born + days * 86_400
            if died is not None and died <= moment:
                result[days] = 0
                continue
            k = max((i for i, e in enumerate(edits) if e.at <= moment), default=-1)
            if k < 0:
                result[days] = chars
            elif kept.get(k) is not None:
                result[days] = kept[k].kept_chars
            else:
                removed = sum(e.deleted for e in edits[: k + 1])
                result[days] = chars - min(chars, removed)
        return result

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

    def _edits(self, region_id: str, now: int) -> list[EditRow]:
        if self.has_edits:
            sql = (
                "select e.started / 1000, n.name, e.deleted, e.after_text from edits e"
                " join names n on n.id = e.author where e.region_id = ? and e.started <= ?"
                " order by e.started, e.id"
            )
            rows = self.conn.execute(sql, [region_id, now * 1000])
        else:
            sql = (
                f"select {_SECONDS.format('at')}, author, coalesce(deleted, 0), null from events"
                f" where region_id = ? and kind = 'edit' and {_SECONDS.format('at')} <= ?"
                " order by at, rowid"
            )
            rows = self.conn.execute(sql, [region_id, now])
        return [EditRow(*row) for row in rows]


def _merged(deaths: list[tuple[int, int]]) -> list[tuple[int, int]]:
    totals: dict[int, int] = {}
    for moment, count in deaths:
        totals[moment] = totals.get(moment, 0) + count
    return sorted(totals.items())
